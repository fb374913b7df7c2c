import type { FacetBucket } from '../../schemas';
import type { WeeklyData } from './gather';
import type { AlertSummary, InboxSummary, ModelMetrics } from './sources';

/** Everything one report shows: the store's figures plus what the other modules and the model file say. */
export interface ReportContent {
  data: WeeklyData;
  generatedAt: string;
  alerts: AlertSummary | null;
  inbox: InboxSummary | null;
  method: {
    /** Distinct sources with posts in the week (from the store). */
    sources: FacetBucket[];
    /** `modelVersion` of the week's posts, counted while streaming them. */
    modelVersions: FacetBucket[];
    /** Dev-set metrics of the model file, when it is the model the posts were scored with. */
    metrics: ModelMetrics | null;
  };
  /** Shown instead of author handles when pseudonymisation is on. */
  authorLabel: (source: string, author: string | null) => string | null;
}

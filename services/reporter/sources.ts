import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultModelPath } from '../../services/enricher/sentiment/model';
import type { WeekRange } from './week';

/**
 * What the report reads from modules built beside it. Each has a default that answers `null`
 * ("not available"), and the report then says so in plain words instead of inventing figures.
 */

/** One alert event of the week and how it was handled. */
export const ReportAlert = z.object({
  at: z.string(),
  rule: z.string(),
  summary: z.string(),
  severity: z.string().optional(),
  /** e.g. "ditangani", "diabaikan", "terbuka". */
  status: z.string(),
  handledBy: z.string().optional(),
  note: z.string().optional(),
});
export type ReportAlert = z.infer<typeof ReportAlert>;

export const AlertSummary = z.object({ total: z.number().int().nonnegative(), alerts: z.array(ReportAlert) });
export type AlertSummary = z.infer<typeof AlertSummary>;

export interface AlertSummarySource {
  /** Alerts raised in [range.from, range.to); `null` when the alert module is not running. */
  weekly(range: WeekRange): Promise<AlertSummary | null>;
}

export const InboxSummary = z.object({
  received: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  /** Median minutes from a message's arrival to the office's first answer; null when nothing was answered. */
  medianFirstResponseMinutes: z.number().nonnegative().nullable(),
});
export type InboxSummary = z.infer<typeof InboxSummary>;

export interface InboxSummarySource {
  weekly(range: WeekRange): Promise<InboxSummary | null>;
}

/** The alerter is not wired yet: no alerts rather than fake ones. */
export const noAlerts: AlertSummarySource = { weekly: async () => null };
/** The inbox is not wired yet. */
export const noInbox: InboxSummarySource = { weekly: async () => null };

/** The measured quality of the sentiment model, from the model file's dev-set evaluation. */
export interface ModelMetrics {
  modelVersion: string;
  accuracy: number;
  macroF1: number;
  n: number;
}

const ModelMeta = z.object({
  modelVersion: z.string(),
  devMetrics: z.object({ n: z.number(), accuracy: z.number(), macroF1: z.number() }),
});

/** Read only the metadata of `models/sentiment-id.json`; null if the file is absent or unreadable. */
export function readModelMetrics(file?: string): ModelMetrics | null {
  try {
    const path = file ?? defaultModelPath();
    if (!existsSync(path)) return null;
    const parsed = ModelMeta.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return null;
    return { modelVersion: parsed.data.modelVersion, ...parsed.data.devMetrics };
  } catch {
    return null;
  }
}

/** Response types, taken from the server's zod schemas (type-only imports: nothing server-side is bundled). */
export type { ApiPost, ApiSearchResult } from '../../services/api/labels/api-post';
export type { Stats, FacetBucket, HistogramBucket } from '../../schemas';
export type { PublicUser, AuditEntry, ApiTokenInfo } from '../../services/api/accounts/schemas';
export type { InboxItem, InboxSettings } from '../../services/api/inbox/inbox-schemas';
export type { SavedSearch } from '../../services/api/saved/saved-search-store';
export type { PostLabel } from '../../services/api/labels/label-store';
export type Role = 'viewer' | 'analyst' | 'admin';

export interface Me {
  user: { id: string; username: string; role: Role };
  via: 'session' | 'token';
  csrfToken: string | null;
}

export interface Dictionaries {
  topics: { id: string; label: string; keywords: string[] }[];
  regions: { id: string; name: string; kind: string; aliases: string[]; capital: string | null }[];
  officials: { id: string; name: string; role: string }[];
  sources: string[];
}
export type { ReportView } from '../../services/reporter/routes';
export type { AlertEvent, AlertRule, AlertMetric, AlertSensitivity } from '../../schemas/alert';

import { z } from 'zod';

/** The report history: each generated report, its files and each delivery with its attempts. */

export const ReportFile = z.object({
  kind: z.enum(['pdf', 'xlsx']),
  /** File name inside the report's folder. */
  name: z.string(),
  /** Absolute path on the machine that wrote it. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type ReportFile = z.infer<typeof ReportFile>;

export const DeliveryStatus = z.enum(['pending', 'retrying', 'sent', 'failed', 'skipped']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Delivery = z.object({
  channel: z.literal('email'),
  recipients: z.array(z.string()),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  sentAt: z.string().optional(),
  /** Why a delivery was skipped (no recipients, no SMTP configured). */
  note: z.string().optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export const ReportStatus = z.enum(['generating', 'ready', 'failed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const ReportRecord = z.object({
  id: z.string(),
  week: z.string(),
  from: z.string(),
  to: z.string(),
  trigger: z.enum(['schedule', 'cli', 'api']),
  requestedBy: z.string().optional(),
  status: ReportStatus,
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  files: z.array(ReportFile),
  totals: z.object({ posts: z.number().int().nonnegative(), negative: z.number().int().nonnegative() }).optional(),
  deliveries: z.array(Delivery),
});
export type ReportRecord = z.infer<typeof ReportRecord>;

/**
 * Where report records live. Embedded: the SQLite file beside the posts (sqlite-history.ts).
 * Distributed mode needs an implementation over the search engine (not written yet).
 */
export interface ReportHistoryStore {
  save(record: ReportRecord): Promise<void>;
  get(id: string): Promise<ReportRecord | null>;
  /** Newest first. */
  list(limit: number): Promise<ReportRecord[]>;
  /** Reports with an email delivery still `pending` or `retrying` (to resume after a restart). */
  undelivered(): Promise<ReportRecord[]>;
  close(): Promise<void>;
}

/** For tests and one-off CLI runs without a data file. */
export function createMemoryHistoryStore(): ReportHistoryStore {
  const records = new Map<string, ReportRecord>();
  return {
    save: async (r) => void records.set(r.id, ReportRecord.parse(structuredClone(r))),
    get: async (id) => (records.has(id) ? structuredClone(records.get(id)!) : null),
    list: async (limit) => [...records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit).map((r) => structuredClone(r)),
    undelivered: async () => [...records.values()].filter(hasOpenDelivery).map((r) => structuredClone(r)),
    close: async () => undefined,
  };
}

export function hasOpenDelivery(r: ReportRecord): boolean {
  return r.deliveries.some((d) => d.status === 'pending' || d.status === 'retrying');
}

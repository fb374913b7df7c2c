import { EnrichedPost } from '../../../schemas';
import { backoffMs, delay } from '../../backoff';
import { formatZodError } from '../../zod-errors';
import type { UpsertResult } from '../post-store';
import { toDoc } from './document';
import { EngineError, isRetriableStatus, type BulkItem, type EngineClient } from './engine-client';
import { monthlyIndex } from './template';

export interface BulkOptions {
  /** Attempts per document for 429/5xx items and failed requests (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Documents per `_bulk` request. */
  chunkSize: number;
  refresh?: boolean | 'wait_for';
  /** Called before each retry round (metrics, logs; tests use it to clear a fault). */
  onRetry?: (info: { attempt: number; retrying: number; reason: string }) => void | Promise<void>;
}

export const DEFAULT_BULK_OPTIONS: BulkOptions = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000, chunkSize: 1_000 };

interface Pending {
  id: string;
  index: string;
  doc: unknown;
}

/**
 * Upsert by id with partial failure: each item is stored, retried (429 or 5xx — the engine was busy)
 * with capped exponential backoff, or failed with `retriable: false` and the engine's reason (mapping
 * and other 4xx errors; the indexer dead-letters those). A post that is still 429/5xx after the last
 * attempt fails with `retriable: true` so the indexer retries the batch later instead of losing it.
 */
export async function bulkUpsert(client: EngineClient, prefix: string, posts: EnrichedPost[], options: BulkOptions): Promise<UpsertResult> {
  const failed: UpsertResult['failed'] = [];
  const pending: Pending[] = [];
  for (const candidate of posts as unknown[]) {
    const parsed = EnrichedPost.safeParse(candidate);
    if (!parsed.success) failed.push({ id: idOf(candidate), reason: formatZodError(parsed.error), retriable: false });
    else pending.push({ id: parsed.data.id, index: monthlyIndex(prefix, parsed.data.createdAt), doc: toDoc(parsed.data) });
  }
  let stored = 0;
  for (let i = 0; i < pending.length; i += options.chunkSize) {
    // TRICKY: a retried item could overwrite a later version of the same id that succeeded first, so
    // only the last version of each id is sent; the earlier ones count as stored when it is (SQLite
    // reports each write of a batch the same way).
    const slice = pending.slice(i, i + options.chunkSize);
    const result = await writeChunk(client, dedupeLastWins(slice), options);
    const ok = new Set(result.storedIds);
    stored += slice.filter((p) => ok.has(p.id)).length;
    failed.push(...result.failed);
  }
  return { stored, failed };
}

async function writeChunk(client: EngineClient, chunk: Pending[], options: BulkOptions): Promise<{ storedIds: string[]; failed: UpsertResult['failed'] }> {
  let todo = chunk;
  const storedIds: string[] = [];
  const failed: UpsertResult['failed'] = [];
  for (let attempt = 1; todo.length > 0; attempt++) {
    const retry: { item: Pending; reason: string }[] = [];
    try {
      const lines = todo.flatMap((p) => [{ index: { _index: p.index, _id: p.id } }, p.doc]);
      const { items } = await client.bulk(lines, options.refresh !== undefined ? { refresh: options.refresh } : {});
      if (items.length !== todo.length) throw new EngineError(`_bulk menjawab ${items.length} item untuk ${todo.length} dokumen`, null, true);
      todo.forEach((p, k) => {
        const item = items[k]!;
        if (item.status >= 200 && item.status < 300) storedIds.push(p.id);
        else if (isRetriableStatus(item.status)) retry.push({ item: p, reason: itemReason(item) });
        else failed.push({ id: p.id, reason: itemReason(item), retriable: false });
      });
    } catch (err) {
      const e = err instanceof EngineError ? err : new EngineError(String(err), null, true);
      // The whole request failed: none of it is known to be stored.
      if (!e.retriable) {
        failed.push(...todo.map((p) => ({ id: p.id, reason: e.message, retriable: false })));
        break;
      }
      retry.push(...todo.map((p) => ({ item: p, reason: e.message })));
    }
    if (retry.length === 0) break;
    if (attempt >= options.maxAttempts) {
      failed.push(...retry.map((r) => ({ id: r.item.id, reason: `${r.reason} (setelah ${attempt} percobaan)`, retriable: true })));
      break;
    }
    await options.onRetry?.({ attempt, retrying: retry.length, reason: retry[0]!.reason });
    await delay(backoffMs(attempt, options.baseDelayMs, options.maxDelayMs));
    todo = retry.map((r) => r.item);
  }
  return { storedIds, failed };
}

function itemReason(item: BulkItem): string {
  const e = item.error;
  return e ? `HTTP ${item.status} ${e.type}: ${e.reason ?? ''}`.slice(0, 500) : `HTTP ${item.status}`;
}

function dedupeLastWins(items: Pending[]): Pending[] {
  const byId = new Map<string, Pending>();
  for (const item of items) {
    byId.delete(item.id);
    byId.set(item.id, item);
  }
  return [...byId.values()];
}

function idOf(candidate: unknown): string {
  const id = candidate && typeof candidate === 'object' ? (candidate as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id ? id : '(tanpa id)';
}

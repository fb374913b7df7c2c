import type { EngineClient } from '../../../lib/store/search-engine/engine-client';
import { DependencyUnavailableError, ValidationError } from '../../../lib/errors';
import { CONFLICT, controlIndex, field, MAX_PAGE, retryOnConflict, searchAll } from '../control/engine-control';
import { DEFAULT_INBOX_SETTINGS, INBOX_STATUSES, InboxItem, InboxSettings, type InboxStatus } from './inbox-schemas';
import { applyInboxPatch, medianFirstResponse, type InboxStore } from './inbox-store';

const SETTINGS_ID = 'settings';

/**
 * The listening inbox in the search engine (distributed mode): one document per post (id = post id,
 * so `create` inserts each post once however many replicas sync), patches under optimistic
 * concurrency so two analysts editing one item at once both land.
 */
export function createEngineInboxStore(client: EngineClient, prefix: string, now: () => Date = () => new Date()): InboxStore {
  const settings = controlIndex(client, prefix, 'inbox-settings', { doc: field.blob, updatedAt: field.date });
  const items = controlIndex(client, prefix, 'inbox-items', {
    postId: field.keyword,
    postCreatedAt: field.date,
    matched: field.keyword,
    status: field.keyword,
    assignee: field.keyword,
    dinas: field.keyword,
    notes: field.text,
    detectedAt: field.date,
    firstResponseAt: field.date,
    closedAt: field.date,
    updatedAt: field.date,
    updatedBy: field.keyword,
  });
  const open = { bool: { must_not: { term: { status: 'selesai' } } } };

  return {
    async getSettings() {
      await settings.ready();
      const stored = await client.getDocument(settings.name, SETTINGS_ID);
      return stored ? InboxSettings.parse(stored.source.doc) : DEFAULT_INBOX_SETTINGS;
    },
    async saveSettings(value) {
      await settings.ready();
      await client.putDocument(settings.name, SETTINGS_ID, { doc: InboxSettings.parse(value), updatedAt: now().toISOString() }, { refresh: 'wait_for' });
    },
    async addItems(input) {
      if (input.length === 0) return 0;
      await items.ready();
      const at = now().toISOString();
      const lines = input.flatMap((i) => [
        { create: { _index: items.name, _id: i.postId } },
        InboxItem.parse({ ...i, status: 'baru', assignee: null, dinas: null, notes: '', detectedAt: at, firstResponseAt: null, closedAt: null, updatedAt: at, updatedBy: null }),
      ]);
      const { items: results } = await client.bulk(lines, { refresh: 'wait_for' });
      // 409 = another replica (or an earlier sync) has the post already: left as it is.
      const failed = results.find((r) => r.status >= 300 && r.status !== 409);
      if (failed) throw new DependencyUnavailableError(`item kotak masuk tidak tersimpan: ${failed.error?.reason ?? failed.status}`);
      return results.filter((r) => r.status === 201).length;
    },
    async list({ status, assignee, page, size }) {
      // The engine pages only within its result window; deeper pages are a clear 400, not an engine error.
      if (page * size > MAX_PAGE) throw new ValidationError(`page: halaman ${page} × ${size} melewati ${MAX_PAGE} item pertama; saring menurut status atau petugas`);
      await items.ready();
      const filter: unknown[] = [];
      if (status === 'terbuka') filter.push(open);
      else if (status) filter.push({ term: { status } });
      if (assignee) filter.push({ term: { assignee } });
      const result = await client.search(items.name, {
        query: { bool: { filter } },
        sort: [{ postCreatedAt: 'desc' }, { postId: 'asc' }],
        from: (page - 1) * size,
        size,
        track_total_hits: true,
      });
      return { items: result.hits.map((h) => InboxItem.parse(h._source)), total: result.total };
    },
    async get(postId) {
      await items.ready();
      const stored = await client.getDocument(items.name, postId);
      return stored ? InboxItem.parse(stored.source) : null;
    },
    async update(postId, patch, by) {
      await items.ready();
      return retryOnConflict('kotak masuk', async () => {
        const stored = await client.getDocument(items.name, postId);
        if (!stored) return null;
        const next = applyInboxPatch(InboxItem.parse(stored.source), patch, by, now().toISOString());
        const outcome = await client.putDocument(items.name, postId, next, { ifMatch: stored, refresh: 'wait_for' });
        return outcome.written ? next : CONFLICT;
      });
    },
    async summary() {
      await items.ready();
      const counts = Object.fromEntries(INBOX_STATUSES.map((s) => [s, 0])) as Record<InboxStatus, number>;
      const byStatus = await client.search(items.name, { size: 0, aggs: { status: { terms: { field: 'status', size: INBOX_STATUSES.length } } } });
      for (const b of (byStatus.aggregations.status as { buckets: { key: string; doc_count: number }[] }).buckets) {
        if (b.key in counts) counts[b.key as InboxStatus] = b.doc_count;
      }
      // Exact median, as on SQLite: every answered item's two times, paged.
      const answered = await searchAll(client, items.name, {
        query: { exists: { field: 'firstResponseAt' } },
        sort: [{ postId: 'asc' }],
        _source: ['postCreatedAt', 'firstResponseAt'],
      });
      const oldest = await client.search(items.name, { size: 1, query: open, sort: [{ postCreatedAt: 'asc' }], _source: ['postCreatedAt'] });
      return {
        counts,
        medianFirstResponseMs: medianFirstResponse(answered.map((h) => h._source as { postCreatedAt: string; firstResponseAt: string })),
        oldestOpenCreatedAt: (oldest.hits[0]?._source?.postCreatedAt as string | undefined) ?? null,
      };
    },
  };
}

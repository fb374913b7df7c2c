import { engineClient, sqliteFile } from '../../lib/runtime';
import type { Config } from '../../lib/config';
import type { EngineClient } from '../../lib/store/search-engine/engine-client';
import { controlIndex, controlPrefix, field, MAX_PAGE } from '../api/control/engine-control';
import { hasOpenDelivery, ReportRecord, type ReportHistoryStore } from './history';
import { createSqliteHistoryStore } from './sqlite-history';

/** The report history a process with this config uses: SQLite beside the posts, or the engine. */
export function openHistoryStore(config: Config): ReportHistoryStore {
  if (config.mode.store === 'sqlite') return createSqliteHistoryStore(sqliteFile(config));
  const client = engineClient(config);
  // This store's client is its own: closing the store closes it.
  return { ...createEngineHistoryStore(client, controlPrefix(config)), close: () => client.close() };
}

/**
 * Report history in the search engine (distributed mode): the record whole in `doc`, beside it what
 * we filter and sort on. Saved by id (a report's later states replace its earlier ones).
 * NOTE: `files[].path` is still a path on the machine that wrote the report.
 */
export function createEngineHistoryStore(client: EngineClient, prefix: string): ReportHistoryStore {
  const runs = controlIndex(client, prefix, 'report-runs', { id: field.keyword, week: field.keyword, createdAt: field.date, status: field.keyword, openDelivery: field.boolean, doc: field.blob });
  const records = async (body: Record<string, unknown>): Promise<ReportRecord[]> => {
    await runs.ready();
    return (await client.search(runs.name, body)).hits.map((h) => ReportRecord.parse(h._source?.doc));
  };
  return {
    async save(record) {
      await runs.ready();
      const r = ReportRecord.parse(record);
      await client.putDocument(runs.name, r.id, { id: r.id, week: r.week, createdAt: r.createdAt, status: r.status, openDelivery: hasOpenDelivery(r), doc: r }, { refresh: 'wait_for' });
    },
    async get(id) {
      await runs.ready();
      const stored = await client.getDocument(runs.name, id);
      return stored ? ReportRecord.parse(stored.source.doc) : null;
    },
    list: (limit) => records({ size: Math.min(limit, MAX_PAGE), sort: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    undelivered: () => records({ size: MAX_PAGE, query: { term: { openDelivery: true } }, sort: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    async close() {
      // The client belongs to whoever created it.
    },
  };
}

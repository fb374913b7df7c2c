import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hasOpenDelivery, ReportRecord, type ReportHistoryStore } from './history';

/**
 * Report history in the embedded SQLite file (own table, same file as the posts). The record is
 * kept as JSON; the columns beside it are what we filter and sort on.
 */
export function createSqliteHistoryStore(file: string): ReportHistoryStore {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS report_runs (
      id TEXT PRIMARY KEY,
      week TEXT NOT NULL,
      created_at TEXT NOT NULL,
      status TEXT NOT NULL,
      open_delivery INTEGER NOT NULL DEFAULT 0,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS report_runs_created ON report_runs (created_at DESC);
    CREATE INDEX IF NOT EXISTS report_runs_open ON report_runs (open_delivery) WHERE open_delivery = 1;
  `);
  const upsert = db.prepare<[string, string, string, string, number, string]>(
    `INSERT INTO report_runs (id, week, created_at, status, open_delivery, doc) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, open_delivery = excluded.open_delivery, doc = excluded.doc`,
  );
  const byId = db.prepare<[string], { doc: string }>('SELECT doc FROM report_runs WHERE id = ?');
  const newest = db.prepare<[number], { doc: string }>('SELECT doc FROM report_runs ORDER BY created_at DESC, id DESC LIMIT ?');
  const open = db.prepare<[], { doc: string }>('SELECT doc FROM report_runs WHERE open_delivery = 1 ORDER BY created_at');
  const parse = (row: { doc: string }): ReportRecord => ReportRecord.parse(JSON.parse(row.doc));

  return {
    async save(record) {
      const r = ReportRecord.parse(record);
      upsert.run(r.id, r.week, r.createdAt, r.status, hasOpenDelivery(r) ? 1 : 0, JSON.stringify(r));
    },
    async get(id) {
      const row = byId.get(id);
      return row ? parse(row) : null;
    },
    async list(limit) {
      return newest.all(limit).map(parse);
    },
    async undelivered() {
      return open.all().map(parse);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

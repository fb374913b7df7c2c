import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DeadLetter, SourceCheckpoint, StoredDictionary, type DictionaryKind } from '../../schemas';
import type { StateStore } from './state-store';

/** Checkpoints, dead letters and edited dictionaries in the embedded SQLite file (same file as the posts, own tables). */
export function createSqliteStateStore(file: string): StateStore {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS source_checkpoints (
      source_id TEXT PRIMARY KEY,
      cursor TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS dead_letters (
      seq INTEGER PRIMARY KEY,
      original_topic TEXT NOT NULL,
      message_key TEXT,
      error_code TEXT NOT NULL,
      reason TEXT NOT NULL,
      at TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS dictionaries (
      kind TEXT PRIMARY KEY,
      doc TEXT NOT NULL
    );
  `);
  const getCheckpoint = db.prepare<[string], { source_id: string; cursor: string; updated_at: string }>(
    'SELECT source_id, cursor, updated_at FROM source_checkpoints WHERE source_id = ?',
  );
  const putCheckpoint = db.prepare(
    `INSERT INTO source_checkpoints (source_id, cursor, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(source_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const insertDeadLetter = db.prepare(
    'INSERT INTO dead_letters (original_topic, message_key, error_code, reason, at, doc) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const recordMany = db.transaction((letters: DeadLetter[]) => {
    for (const l of letters) insertDeadLetter.run(l.originalTopic, l.key, l.errorCode, l.reason, l.at, JSON.stringify(l));
  });
  const listDeadLetters = db.prepare<[number], { doc: string }>('SELECT doc FROM dead_letters ORDER BY seq DESC LIMIT ?');
  const countDeadLetters = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dead_letters');
  const getDictionary = db.prepare<[string], { doc: string }>('SELECT doc FROM dictionaries WHERE kind = ?');
  const putDictionary = db.prepare('INSERT INTO dictionaries (kind, doc) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET doc = excluded.doc');
  const deleteDictionary = db.prepare('DELETE FROM dictionaries WHERE kind = ?');

  return {
    async getCheckpoint(sourceId) {
      const row = getCheckpoint.get(sourceId);
      if (!row) return null;
      return SourceCheckpoint.parse({ sourceId: row.source_id, cursor: JSON.parse(row.cursor), updatedAt: row.updated_at });
    },
    async saveCheckpoint(checkpoint) {
      const cp = SourceCheckpoint.parse(checkpoint);
      putCheckpoint.run(cp.sourceId, JSON.stringify(cp.cursor), cp.updatedAt);
    },
    async recordDeadLetters(letters) {
      recordMany(letters.map((l) => DeadLetter.parse(l)));
    },
    async listDeadLetters(limit) {
      return listDeadLetters.all(limit).map((r) => DeadLetter.parse(JSON.parse(r.doc)));
    },
    async countDeadLetters() {
      return countDeadLetters.get()!.n;
    },
    async getDictionary(kind: DictionaryKind) {
      const row = getDictionary.get(kind);
      return row ? StoredDictionary.parse(JSON.parse(row.doc)) : null;
    },
    async putDictionary(dictionary) {
      const stored = StoredDictionary.parse(dictionary);
      putDictionary.run(stored.kind, JSON.stringify(stored));
    },
    async deleteDictionary(kind) {
      deleteDictionary.run(kind);
    },
    async close() {
      db.close();
    },
  };
}

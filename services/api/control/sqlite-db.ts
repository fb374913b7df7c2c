import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The api's control-plane tables (users, sessions, tokens, audit, labels, saved searches, inbox) in
 * the embedded SQLite file beside the posts. Own tables, own connection (WAL + busy_timeout like
 * lib/state/sqlite-state-store.ts); `CREATE … IF NOT EXISTS` keeps opening idempotent, so the CLI
 * (`dengar user add`) and the running server can open the same file in any order.
 */
export type ControlDb = Database.Database;

const TABLES = `
CREATE TABLE IF NOT EXISTS api_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS api_sessions_user ON api_sessions(user_id);
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE TABLE IF NOT EXISTS api_login_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS api_login_failures_key ON api_login_failures(key, at);
CREATE TABLE IF NOT EXISTS api_audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS post_labels (
  seq INTEGER PRIMARY KEY,
  post_id TEXT NOT NULL,
  sentiment TEXT,
  topics TEXT,
  machine_sentiment TEXT NOT NULL,
  machine_topics TEXT NOT NULL,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS post_labels_post ON post_labels(post_id, seq);
CREATE TABLE IF NOT EXISTS saved_searches (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  params TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS saved_searches_user ON saved_searches(user_id, created_at);
CREATE TABLE IF NOT EXISTS inbox_rules (
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox_items (
  post_id TEXT PRIMARY KEY,
  post_created_at TEXT NOT NULL,
  matched TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee TEXT,
  dinas TEXT,
  notes TEXT NOT NULL DEFAULT '',
  detected_at TEXT NOT NULL,
  first_response_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);
CREATE INDEX IF NOT EXISTS inbox_items_status ON inbox_items(status, post_created_at);
CREATE INDEX IF NOT EXISTS inbox_items_created ON inbox_items(post_created_at);
`;

export function openControlDb(file: string): ControlDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(TABLES);
  return db;
}

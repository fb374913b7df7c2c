import type Database from 'better-sqlite3';
import { DengarError, ERROR_CODES } from '../../errors';

/** Bump with a new entry in MIGRATIONS; `PRAGMA user_version` records what a file has. */
export const SCHEMA_VERSION = 1;

/**
 * Version 1. `posts` is deliberately narrow: the columns every filter, sort and aggregation reads, so a
 * million rows stay small enough to join against FTS results quickly. The wide parts of a post (title,
 * text, and the rest as JSON in `doc`) live in `post_docs`, which is also the FTS content table.
 */
const V1 = `
CREATE TABLE posts (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sentiment TEXT NOT NULL,
  sentiment_score REAL NOT NULL,
  lang TEXT NOT NULL,
  author_key TEXT,
  author_label TEXT,
  author_id_lc TEXT,
  author_handle_lc TEXT,
  author_name_lc TEXT,
  followers INTEGER,
  engagement INTEGER NOT NULL
);
CREATE INDEX posts_created ON posts(created_at);
CREATE INDEX posts_sentiment_created ON posts(sentiment, created_at);
CREATE INDEX posts_source_created ON posts(source, created_at);
CREATE INDEX posts_lang_created ON posts(lang, created_at);
CREATE INDEX posts_engagement ON posts(engagement, created_at);
CREATE INDEX posts_author_key ON posts(author_key, source) WHERE author_key IS NOT NULL;
CREATE INDEX posts_author_id ON posts(author_id_lc) WHERE author_id_lc IS NOT NULL;
CREATE INDEX posts_author_handle ON posts(author_handle_lc) WHERE author_handle_lc IS NOT NULL;
CREATE INDEX posts_author_name ON posts(author_name_lc) WHERE author_name_lc IS NOT NULL;

CREATE TABLE post_docs (
  rid INTEGER PRIMARY KEY REFERENCES posts(rid) ON DELETE CASCADE,
  title TEXT,
  text TEXT NOT NULL,
  doc TEXT NOT NULL
);

CREATE TABLE post_topics (
  rid INTEGER NOT NULL REFERENCES posts(rid) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (rid, topic)
) WITHOUT ROWID;
CREATE INDEX post_topics_topic ON post_topics(topic, rid);

CREATE TABLE post_regions (
  rid INTEGER NOT NULL REFERENCES posts(rid) ON DELETE CASCADE,
  region TEXT NOT NULL,
  PRIMARY KEY (rid, region)
) WITHOUT ROWID;
CREATE INDEX post_regions_region ON post_regions(region, rid);

CREATE VIRTUAL TABLE posts_fts USING fts5(
  title, text,
  content='post_docs', content_rowid='rid',
  tokenize='unicode61 remove_diacritics 2'
);
-- The FTS index follows post_docs inside the same statement (hence the same transaction); the
-- delete trigger also runs when a post is deleted and the foreign key cascades.
CREATE TRIGGER post_docs_fts_insert AFTER INSERT ON post_docs BEGIN
  INSERT INTO posts_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;
CREATE TRIGGER post_docs_fts_delete AFTER DELETE ON post_docs BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
END;
-- NOTE: re-upserting a post whose text did not change (engagement refresh) skips the reindex.
CREATE TRIGGER post_docs_fts_update AFTER UPDATE OF title, text ON post_docs
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
  INSERT INTO posts_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;
`;

const MIGRATIONS: readonly string[] = [V1];

/** Connection settings every process sets on open (they are per connection, not stored in the file). */
export function configureConnection(db: Database.Database, readonly: boolean): void {
  // Several processes (server, CLI import) may share the file: wait for locks instead of failing.
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}

/**
 * Bring the file to SCHEMA_VERSION. Runs in an IMMEDIATE transaction so two processes opening a new
 * file at once do not both create tables; the second sees the version the first wrote.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = readVersion(db);
    checkNotNewer(current);
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export function readVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function checkNotNewer(version: number): void {
  if (version > SCHEMA_VERSION) {
    throw new DengarError(
      ERROR_CODES.INTERNAL,
      `Berkas data memakai skema versi ${version}, lebih baru dari yang dikenal versi ini (${SCHEMA_VERSION}); perbarui Dengar`,
    );
  }
}

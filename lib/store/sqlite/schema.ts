import type Database from 'better-sqlite3';
import { DengarError, ERROR_CODES } from '../../errors';

/** Bump with a new entry in MIGRATIONS; `PRAGMA user_version` records what a file has. */
export const SCHEMA_VERSION = 3;

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

/** The WIB calendar day of `created_at` (days since the epoch on the WIB clock), as in buckets.ts. */
const DAY = (row: string): string => `((${row}.created_at + 25200000) / 86400000)`;

/** Each rollup follows `posts` through triggers; a row that drops to zero goes, so rollups hold only real groups. */
function rollupTriggers(): string {
  const add = (r: string, sign: '+' | '-'): string => `
  INSERT INTO rollup_day (day, sentiment, source, lang, n) VALUES (${DAY(r)}, ${r}.sentiment, ${r}.source, ${r}.lang, ${sign}1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_topic (topic, day, sentiment, source, lang, n)
    SELECT j.value, ${DAY(r)}, c.sentiment, c.source, c.lang, ${sign}1 FROM facet_combos c, json_each(c.topics) j WHERE c.id = ${r}.combo
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO rollup_region (region, day, sentiment, source, lang, n)
    SELECT j.value, ${DAY(r)}, c.sentiment, c.source, c.lang, ${sign}1 FROM facet_combos c, json_each(c.regions) j WHERE c.id = ${r}.combo
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
  const addAuthor = (r: string, sign: '+' | '-'): string => `
  INSERT INTO rollup_author (author_key, source, day, posts, engagement, negative, positive)
    SELECT ${r}.author_key, ${r}.source, ${DAY(r)}, ${sign}1, ${sign}${r}.engagement,
      ${sign}(${r}.sentiment = 'negative'), ${sign}(${r}.sentiment = 'positive')
    WHERE ${r}.author_key IS NOT NULL
    ON CONFLICT DO UPDATE SET posts = posts + excluded.posts, engagement = engagement + excluded.engagement,
      negative = negative + excluded.negative, positive = positive + excluded.positive;`;
  const prune = (r: string): string => `
  DELETE FROM rollup_day WHERE day = ${DAY(r)} AND sentiment = ${r}.sentiment AND source = ${r}.source AND lang = ${r}.lang AND n = 0;
  DELETE FROM rollup_topic WHERE topic IN (SELECT j.value FROM facet_combos c, json_each(c.topics) j WHERE c.id = ${r}.combo)
    AND day = ${DAY(r)} AND sentiment = ${r}.sentiment AND source = ${r}.source AND lang = ${r}.lang AND n = 0;
  DELETE FROM rollup_region WHERE region IN (SELECT j.value FROM facet_combos c, json_each(c.regions) j WHERE c.id = ${r}.combo)
    AND day = ${DAY(r)} AND sentiment = ${r}.sentiment AND source = ${r}.source AND lang = ${r}.lang AND n = 0;`;
  const pruneAuthor = (r: string): string => `
  DELETE FROM rollup_author WHERE author_key = ${r}.author_key AND source = ${r}.source AND day = ${DAY(r)} AND posts = 0;`;
  // The combo carries sentiment, source, lang, topics and regions: a new combo or day moves the post.
  const facets = ['created_at', 'combo'];
  const authors = ['created_at', 'sentiment', 'source', 'author_key', 'engagement'];
  const changed = (cols: string[]): string => cols.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return `
CREATE TRIGGER posts_rollup_insert AFTER INSERT ON posts BEGIN${add('new', '+')}${addAuthor('new', '+')}
END;
CREATE TRIGGER posts_rollup_delete AFTER DELETE ON posts BEGIN${add('old', '-')}${prune('old')}${addAuthor('old', '-')}${pruneAuthor('old')}
END;
CREATE TRIGGER posts_rollup_update AFTER UPDATE ON posts WHEN ${changed(facets)} BEGIN${add('old', '-')}${prune('old')}${add('new', '+')}
END;
CREATE TRIGGER posts_rollup_author_update AFTER UPDATE ON posts WHEN ${changed(authors)} BEGIN${addAuthor('old', '-')}${pruneAuthor('old')}${addAuthor('new', '+')}
END;`;
}

/**
 * Version 2: fast aggregations at a million posts.
 * - `facet_combos` numbers each distinct (sentiment, source, lang, topic set, region set) — a few
 *   thousand for a million posts — and `posts.combo` points at it. Every facet of a result set then
 *   comes from one `GROUP BY combo` over the matching posts instead of a join per facet. Combos are
 *   never changed or deleted, so processes may cache them by id.
 * - Rollups per WIB day (counts by sentiment × source × lang, per topic and per region, and per
 *   author) answer counts, histograms, terms and top authors for scopes made only of dates and
 *   sentiment/source/lang filters — the Beranda panels — without touching posts.
 */
const V2 = `
CREATE TABLE facet_combos (
  id INTEGER PRIMARY KEY,
  sentiment TEXT NOT NULL, source TEXT NOT NULL, lang TEXT NOT NULL,
  -- JSON arrays, sorted and distinct, as the side tables hold them
  topics TEXT NOT NULL, regions TEXT NOT NULL,
  UNIQUE (sentiment, source, lang, topics, regions)
);
ALTER TABLE posts ADD COLUMN combo INTEGER NOT NULL DEFAULT 0;

CREATE TEMP TABLE v2_sets (rid INTEGER PRIMARY KEY, topics TEXT NOT NULL DEFAULT '[]', regions TEXT NOT NULL DEFAULT '[]');
INSERT INTO v2_sets (rid, topics) SELECT rid, json_group_array(topic) FROM (SELECT rid, topic FROM post_topics ORDER BY rid, topic) GROUP BY rid;
INSERT INTO v2_sets (rid, regions) SELECT rid, json_group_array(region) FROM (SELECT rid, region FROM post_regions ORDER BY rid, region) GROUP BY rid
  ON CONFLICT (rid) DO UPDATE SET regions = excluded.regions;
INSERT OR IGNORE INTO facet_combos (sentiment, source, lang, topics, regions)
  SELECT DISTINCT p.sentiment, p.source, p.lang, coalesce(s.topics, '[]'), coalesce(s.regions, '[]')
  FROM posts p LEFT JOIN v2_sets s ON s.rid = p.rid;
UPDATE posts SET combo = (
  SELECT c.id FROM facet_combos c LEFT JOIN v2_sets s ON s.rid = posts.rid
  WHERE c.sentiment = posts.sentiment AND c.source = posts.source AND c.lang = posts.lang
    AND c.topics = coalesce(s.topics, '[]') AND c.regions = coalesce(s.regions, '[]'));
DROP TABLE v2_sets;

CREATE INDEX posts_combo_created ON posts(combo, created_at);
DROP INDEX posts_author_key;
CREATE INDEX posts_author_latest ON posts(author_key, source, created_at) WHERE author_key IS NOT NULL;

CREATE TABLE rollup_day (
  day INTEGER NOT NULL, sentiment TEXT NOT NULL, source TEXT NOT NULL, lang TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (day, sentiment, source, lang)
) WITHOUT ROWID;
CREATE TABLE rollup_topic (
  topic TEXT NOT NULL, day INTEGER NOT NULL, sentiment TEXT NOT NULL, source TEXT NOT NULL, lang TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (topic, day, sentiment, source, lang)
) WITHOUT ROWID;
CREATE TABLE rollup_region (
  region TEXT NOT NULL, day INTEGER NOT NULL, sentiment TEXT NOT NULL, source TEXT NOT NULL, lang TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (region, day, sentiment, source, lang)
) WITHOUT ROWID;
CREATE TABLE rollup_author (
  author_key TEXT NOT NULL, source TEXT NOT NULL, day INTEGER NOT NULL,
  posts INTEGER NOT NULL, engagement INTEGER NOT NULL, negative INTEGER NOT NULL, positive INTEGER NOT NULL,
  PRIMARY KEY (author_key, source, day)
) WITHOUT ROWID;

INSERT INTO rollup_day SELECT ${DAY('p')}, sentiment, source, lang, count(*) FROM posts p GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_topic SELECT j.value, ${DAY('p')}, c.sentiment, c.source, c.lang, count(*)
  FROM posts p JOIN facet_combos c ON c.id = p.combo, json_each(c.topics) j GROUP BY 1, 2, 3, 4, 5;
INSERT INTO rollup_region SELECT j.value, ${DAY('p')}, c.sentiment, c.source, c.lang, count(*)
  FROM posts p JOIN facet_combos c ON c.id = p.combo, json_each(c.regions) j GROUP BY 1, 2, 3, 4, 5;
INSERT INTO rollup_author SELECT author_key, source, ${DAY('p')}, count(*), sum(engagement),
  sum(sentiment = 'negative'), sum(sentiment = 'positive')
  FROM posts p WHERE author_key IS NOT NULL GROUP BY 1, 2, 3;
${rollupTriggers()}
`;

/**
 * Version 3: near-duplicate clusters. `simhash` and its four 16-bit LSH bands (as integers, see
 * lib/store/simhash.ts) sit on `posts`, each band with a partial index: the indexer's candidate lookup
 * is four index probes per band value, and posts without a fingerprint cost the indexes nothing.
 * `cluster_id` answers `klaster:<id>` and the cluster sizes of a result page.
 */
const V3 = `
ALTER TABLE posts ADD COLUMN simhash TEXT;
ALTER TABLE posts ADD COLUMN band0 INTEGER;
ALTER TABLE posts ADD COLUMN band1 INTEGER;
ALTER TABLE posts ADD COLUMN band2 INTEGER;
ALTER TABLE posts ADD COLUMN band3 INTEGER;
ALTER TABLE posts ADD COLUMN cluster_id TEXT;
CREATE INDEX posts_band0 ON posts(band0, created_at) WHERE band0 IS NOT NULL;
CREATE INDEX posts_band1 ON posts(band1, created_at) WHERE band1 IS NOT NULL;
CREATE INDEX posts_band2 ON posts(band2, created_at) WHERE band2 IS NOT NULL;
CREATE INDEX posts_band3 ON posts(band3, created_at) WHERE band3 IS NOT NULL;
CREATE INDEX posts_cluster ON posts(cluster_id) WHERE cluster_id IS NOT NULL;
`;

/** Exported for the migration test, which builds a version-1 file to upgrade. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3];

/** Connection settings every process sets on open (they are per connection, not stored in the file). */
export function configureConnection(db: Database.Database, readonly: boolean, lean = false): void {
  // Several processes (server, CLI import) may share the file: wait for locks instead of failing.
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  if (lean) {
    // A batch job streaming through many posts (the weekly report) once: a small cache and no map keep
    // its memory bounded; it gains nothing from either.
    db.pragma('cache_size = -8192');
    return;
  }
  db.pragma('cache_size = -65536');
  // Reads through a memory map skip a copy per page: rowid lookups over tens of thousands of matches
  // run about twice as fast at 1M posts. The map is file-backed page cache the OS may reclaim, not heap;
  // 2 GB (SQLite's default ceiling) covers a million-post file.
  db.pragma('mmap_size = 2147418112');
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

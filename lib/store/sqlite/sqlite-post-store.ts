import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  AuthorStat,
  EnrichedPost,
  Query,
  QueryNode,
  SearchFilters,
  type FacetBucket,
  type HistogramBucket,
  type SearchResult,
} from '../../../schemas';
import { DengarError, ERROR_CODES, ValidationError, describeError } from '../../errors';
import { formatZodError } from '../../zod-errors';
import { MAX_NEAR_DUPLICATE_CANDIDATES, type Interval, type NearDuplicateCandidate, type NearDuplicateLookup, type PostStore, type Scope, type TermsField, type UpsertResult } from '../post-store';
import { BAND_COUNT } from '../simhash';
import { bucketKey, bucketOf, bucketSql, scopeBounds } from './buckets';
import { compileScope, scopeWhere, type CompiledScope, type SqlParam } from './compile';
import { createAggregations, type BucketRow } from './aggregations';
import { createComboCatalog } from './combos';
import { bump, topBuckets, type FacetTally, type TallyField } from './facets';
import { comboScope, rollupScope, type ComboScope, type RollupScope } from './rollup';
import { band, fromRow, toDocRow, toRow, type DocRow, type PostRow } from './row';
import { checkNotNewer, configureConnection, migrate, readVersion, SCHEMA_VERSION } from './schema';
import { StatementCache } from './statement-cache';

export interface SqlitePostStoreOptions {
  /** Path of the database file (parent folders are created), or `:memory:`. */
  file: string;
  /** Open an existing file for reading only (reports, a second reader process). */
  readonly?: boolean;
  /** Small page cache, no memory map: for one-pass batch jobs that must keep their RSS bounded. */
  lean?: boolean;
}

/** Buckets per facet in a search result; enough for every region (17) and every topic list we ship. */
export const FACET_SIZE = 50;
/** A histogram longer than this is a mistake (hourly over decades), not a chart. */
export const MAX_HISTOGRAM_BUCKETS = 100_000;

const TERMS_COLUMN: Record<Exclude<TermsField, 'topic' | 'region'>, string> = {
  sentiment: 'p.sentiment',
  source: 'p.source',
  lang: 'p.lang',
  author: 'p.author_key',
};

const ORDER_BY: Record<Exclude<Query['sort'], 'relevance'>, string> = {
  newest: 'p.created_at DESC, p.rid DESC',
  oldest: 'p.created_at ASC, p.rid ASC',
  engagement: 'p.engagement DESC, p.created_at DESC, p.rid DESC',
};

/**
 * A top-level text match (or a combo scope) counts as dense when it hits at least this many posts and
 * this share of them; then ordering and grouping scan an index and probe the match set (see scopeWhere).
 */
const DENSE_MIN_HITS = 5_000;
const DENSE_MIN_SHARE = 0.01;

/** SQLite codes where trying the same write again later may work. */
const RETRIABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN']);

/**
 * The embedded PostStore: one SQLite file (WAL, FTS5) that the server and CLI commands may open at the
 * same time. better-sqlite3 is synchronous; the async interface is kept so callers treat every store alike.
 */
export function createSqlitePostStore(options: SqlitePostStoreOptions): PostStore {
  const readonly = options.readonly ?? false;
  const db = openDatabase(options.file, readonly, options.lean ?? false);
  const statements = new StatementCache(db);
  const combos = createComboCatalog(db, readonly);
  const agg = createAggregations(statements, combos);

  const upsertPost = readonly ? null : db.prepare<[PostRow], { rid: number }>(UPSERT_SQL);
  const clearTopics = readonly ? null : db.prepare<[number]>('DELETE FROM post_topics WHERE rid = ?');
  const addTopic = readonly ? null : db.prepare<[number, string]>('INSERT OR IGNORE INTO post_topics (rid, topic) VALUES (?, ?)');
  const clearRegions = readonly ? null : db.prepare<[number]>('DELETE FROM post_regions WHERE rid = ?');
  const addRegion = readonly ? null : db.prepare<[number, string]>('INSERT OR IGNORE INTO post_regions (rid, region) VALUES (?, ?)');
  const upsertDoc = readonly
    ? null
    : db.prepare<[number, string | null, string, string]>(
        `INSERT INTO post_docs (rid, title, text, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT(rid) DO UPDATE SET title = excluded.title, text = excluded.text, doc = excluded.doc`,
      );
  const getById = db.prepare<[string], DocRow>(
    'SELECT d.doc, d.title, d.text FROM posts p JOIN post_docs d ON d.rid = p.rid WHERE p.id = ?',
  );
  const getByRid = db.prepare<[number], DocRow>('SELECT doc, title, text FROM post_docs WHERE rid = ?');
  const ftsCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM posts_fts WHERE posts_fts MATCH ?');
  /** max(rid) is a B-tree edge lookup: a cheap upper bound of the row count for the density test. */
  const approxPosts = db.prepare<[], { n: number | null }>('SELECT max(rid) AS n FROM posts');

  function writable(): void {
    if (readonly) throw new DengarError(ERROR_CODES.STORE_REJECTED, 'Penyimpanan SQLite dibuka hanya-baca');
  }

  /** One post and its side rows; nested in the batch transaction it runs as a SAVEPOINT. */
  const writePost = db.transaction((post: EnrichedPost, combo: number) => {
    const { rid } = upsertPost!.get(toRow(post, combo))!;
    const doc = toDocRow(post);
    upsertDoc!.run(rid, doc.title, doc.text, doc.doc);
    clearTopics!.run(rid);
    for (const topic of post.topics) addTopic!.run(rid, topic);
    clearRegions!.run(rid);
    for (const region of post.regions) addRegion!.run(rid, region);
  });

  const writeBatch = db.transaction((posts: EnrichedPost[], failed: UpsertResult['failed']) => {
    let stored = 0;
    for (const post of posts) {
      // TRICKY: outside the post's savepoint, so a failed post cannot roll back a combo row whose id
      // is already cached; if the whole batch rolls back, upsert() forgets the cached ids.
      const combo = combos.idOf(post);
      try {
        writePost(post, combo);
        stored++;
      } catch (err) {
        // Only this post's savepoint is rolled back; the rest of the batch still commits.
        failed.push({ id: post.id, reason: describeError(err), retriable: isRetriableSqlite(err) });
      }
    }
    return stored;
  });

  function upsert(posts: EnrichedPost[]): UpsertResult {
    writable();
    const invalid: UpsertResult['failed'] = [];
    const valid: EnrichedPost[] = [];
    for (const candidate of posts as unknown[]) {
      const parsed = EnrichedPost.safeParse(candidate);
      if (parsed.success) valid.push(parsed.data);
      else invalid.push({ id: idOf(candidate), reason: formatZodError(parsed.error), retriable: false });
    }
    if (valid.length === 0) return { stored: 0, failed: invalid };
    const rowFailures: UpsertResult['failed'] = [];
    try {
      const stored = writeBatch.immediate(valid, rowFailures);
      return { stored, failed: [...invalid, ...rowFailures] };
    } catch (err) {
      // The whole transaction was rolled back (busy past the timeout, disk full): nothing was stored.
      combos.forget();
      const reason = describeError(err);
      const retriable = isRetriableSqlite(err);
      return { stored: 0, failed: [...invalid, ...valid.map((post) => ({ id: post.id, reason, retriable }))] };
    }
  }

  function all<R>(sql: string, params: SqlParam[]): R[] {
    return statements.get(sql).all(...params) as R[];
  }

  function first<R>(sql: string, params: SqlParam[]): R | undefined {
    return statements.get(sql).get(...params) as R | undefined;
  }

  /** How many posts the lifted text match hits (from the FTS index alone), and whether that is dense. */
  function measure(scope: CompiledScope): { matchHits?: number; dense: boolean } {
    if (!scope.match) return { dense: false };
    const matchHits = ftsCount.get(scope.match)!.n;
    return { matchHits, dense: isDense(matchHits) };
  }

  function isDense(hits: number): boolean {
    return hits >= DENSE_MIN_HITS && hits >= (approxPosts.get()!.n ?? 0) * DENSE_MIN_SHARE;
  }

  function countScope(scope: CompiledScope, dense: boolean, matchHits: number | undefined, r: RollupScope | null, cs: ComboScope | null): number {
    // Text alone: the FTS index knows how many rows match without visiting posts.
    if (matchHits !== undefined && scope.sql === '1') return matchHits;
    if (r) return agg.rollupTally(r, new Set()).total;
    if (cs) return agg.comboTally(cs).total;
    const where = scopeWhere(scope, dense);
    return first<{ n: number }>(`SELECT count(*) AS n FROM posts p WHERE ${where.sql}`, where.params)!.n;
  }

  /** Rollups for the widest scopes, then combos, then one pass over the matching posts. */
  function tally(scope: CompiledScope, r: RollupScope | null, need: ReadonlySet<TallyField>, cs: ComboScope | null): FacetTally {
    if (r) return agg.rollupTally(r, need);
    return cs ? agg.comboTally(cs) : agg.rawTally(scope);
  }

  function termsScope(
    scope: CompiledScope,
    field: TermsField,
    size: number,
    dense: boolean,
    r: RollupScope | null,
    cs: ComboScope | null,
  ): FacetBucket[] {
    if (field === 'author' && r?.authorRollup) {
      const counts = new Map<string, number>();
      for (const a of agg.authorTotals(r).values()) bump(counts, a.key, a.posts);
      return topBuckets(counts, size);
    }
    // Topics and regions: one pass over the posts' combos beats joining the side tables.
    if (field === 'topic' || field === 'region' || ((r || cs) && field !== 'author')) {
      return topBuckets(tally(scope, r, new Set([field]), cs)[field], size);
    }
    const where = scopeWhere(scope, dense);
    const column = TERMS_COLUMN[field];
    const notNull = field === 'author' ? ' AND p.author_key IS NOT NULL' : '';
    return all(
      `SELECT ${column} AS key, count(*) AS count FROM posts p WHERE (${where.sql})${notNull}
       GROUP BY key ORDER BY count DESC, key ASC LIMIT ?`,
      [...where.params, size],
    );
  }

  function search(input: Query): SearchResult {
    const parsed = Query.safeParse(input);
    if (!parsed.success) throw new ValidationError(`Pencarian tidak valid — ${formatZodError(parsed.error)}`);
    const q = parsed.data;
    const scope = compileScope(q.query, q.filters);
    const { matchHits, dense } = measure(scope);
    const r = rollupScope(q.query, q.filters);
    // Every rollup scope is a combo scope too (the rollups just count it faster).
    const cs = comboScope(q.query, q.filters);
    // The total and every facet come from one tally of the result set, taken first: for a combo
    // scope its size picks the plan of the page below.
    const counted = q.facets.length > 0 || cs ? tally(scope, r, new Set(q.facets), cs) : null;
    const total = counted ? counted.total : countScope(scope, dense, matchHits, r, null);
    const offset = (q.page - 1) * q.size;
    let rids: { rid: number }[];
    if (q.sort === 'relevance' && scope.match) {
      // bm25 needs the FTS table in the FROM clause; title counts double. TRICKY: CROSS JOIN pins
      // posts_fts as the outer loop; left to itself SQLite may drive from a posts index and run one
      // FTS query per row, which takes minutes on a large file.
      const rest = scope.sql === '1' ? '' : `CROSS JOIN posts p ON p.rid = posts_fts.rowid WHERE (${scope.sql}) AND`;
      rids = all(
        `SELECT posts_fts.rowid AS rid FROM posts_fts ${rest || 'WHERE'} posts_fts MATCH ?
         ORDER BY bm25(posts_fts, 2.0, 1.0), posts_fts.rowid DESC LIMIT ? OFFSET ?`,
        [...scope.params, scope.match, q.size, offset],
      );
    } else {
      // A combo scope selects the same posts through their combos: walked in order and probed when
      // it is dense, looked up through posts_combo_created and sorted when it is rare.
      const where = cs ? combos.where(cs, isDense(total)) : scopeWhere(scope, dense);
      // Relevance with no text to rank falls back to newest first.
      const order = ORDER_BY[q.sort === 'relevance' ? 'newest' : q.sort];
      rids = all(`SELECT p.rid FROM posts p WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [
        ...where.params,
        q.size,
        offset,
      ]);
    }
    // The page's documents are read last, by rowid, so sorting never carries the wide columns.
    const hits = rids.map(({ rid }) => fromRow(getByRid.get(rid)!));
    const facets: SearchResult['facets'] = {};
    for (const facet of q.facets) facets[facet] = topBuckets(counted![facet], FACET_SIZE);
    return { total, page: q.page, size: q.size, hits, facets };
  }

  function histogram(input: Scope, interval: Interval): HistogramBucket[] {
    const { query, filters } = parseScope(input);
    const scope = compileScope(query, filters);
    const r = interval === 'hour' ? null : rollupScope(query, filters);
    const cs = r ? null : comboScope(query, filters);
    let rows: BucketRow[];
    if (r && interval !== 'hour') rows = agg.rollupBuckets(r, interval);
    else if (cs) rows = agg.comboBuckets(cs, interval);
    else rows = agg.bucketRows(scopeWhere(scope, measure(scope).dense), interval);
    const bounds = scopeBounds(query, filters);
    const lower = bounds.from !== undefined ? bucketOf(bounds.from, interval) : rows[0]?.b;
    const upper = bounds.to !== undefined ? bucketOf(bounds.to - 1, interval) : rows[rows.length - 1]?.b;
    if (lower === undefined || upper === undefined) return rows.map((r) => toBucket(r, interval));
    if (upper - lower + 1 > MAX_HISTOGRAM_BUCKETS) {
      throw new ValidationError(`Rentang waktu terlalu panjang untuk interval ${interval} (lebih dari ${MAX_HISTOGRAM_BUCKETS} titik)`);
    }
    const byBucket = new Map(rows.map((r) => [r.b, r]));
    const out: HistogramBucket[] = [];
    for (let b = lower; b <= upper; b++) {
      out.push(toBucket(byBucket.get(b) ?? { b, total: 0, positive: 0, negative: 0, neutral: 0 }, interval));
    }
    return out;
  }

  function topAuthors(input: Scope, size: number): AuthorStat[] {
    const { query, filters } = parseScope(input);
    const scope = compileScope(query, filters);
    const r = rollupScope(query, filters);
    if (r?.authorRollup) return agg.rollupTopAuthors(r, scope, checkSize(size));
    const where = scopeWhere(scope, measure(scope).dense);
    type Row = AuthorStat & { latest?: number };
    // NOTE: with a single max() SQLite takes bare columns (label, followers) from the row holding the
    // max, i.e. the author's latest post: the handle's current spelling and follower count.
    const rows = all<Row>(
      `SELECT p.author_label AS author, p.source AS source, count(*) AS posts,
         sum(p.engagement) AS engagement, p.followers AS followers, max(p.created_at) AS latest,
         sum(p.sentiment = 'negative') AS negative, sum(p.sentiment = 'positive') AS positive
       FROM posts p WHERE (${where.sql}) AND p.author_key IS NOT NULL
       GROUP BY p.author_key, p.source
       ORDER BY engagement DESC, posts DESC, p.author_key ASC LIMIT ?`,
      [...where.params, checkSize(size)],
    );
    return rows.map(({ latest: _latest, ...stat }) => stat);
  }

  // One probe per band column (each with its partial index), merged; the band values travel as JSON arrays.
  type BandParams = { b0: string; b1: string; b2: string; b3: string; from: number; to: number; limit: number };
  const bandCandidates = db.prepare<[BandParams], { id: string; simhash: string; cluster_id: string | null; created_at: number }>(
    `SELECT p.id, p.simhash, p.cluster_id, p.created_at FROM posts p WHERE p.rid IN (
       ${Array.from({ length: BAND_COUNT }, (_v, b) => `SELECT rid FROM posts WHERE band${b} IN (SELECT value FROM json_each(@b${b})) AND created_at BETWEEN @from AND @to`).join(' UNION ')}
     ) ORDER BY p.created_at DESC, p.id LIMIT @limit`,
  );
  const ownRows = db.prepare<[string], { id: string; simhash: string; cluster_id: string | null; created_at: number }>(
    'SELECT id, simhash, cluster_id, created_at FROM posts WHERE id IN (SELECT value FROM json_each(?)) AND simhash IS NOT NULL',
  );
  const clusterCounts = db.prepare<[string], { cluster_id: string; n: number }>(
    'SELECT cluster_id, count(*) AS n FROM posts WHERE cluster_id IN (SELECT value FROM json_each(?)) GROUP BY cluster_id',
  );

  function findNearDuplicateCandidates({ simhashes, from, to, ids }: NearDuplicateLookup): NearDuplicateCandidate[] {
    if (simhashes.length === 0) return [];
    const values = (b: number): string => JSON.stringify([...new Set(simhashes.map((h) => band(h, b)))]);
    const params = { b0: values(0), b1: values(1), b2: values(2), b3: values(3), from: from.getTime(), to: to.getTime(), limit: MAX_NEAR_DUPLICATE_CANDIDATES };
    const rows = new Map(bandCandidates.all(params).map((r) => [r.id, r]));
    for (const r of ownRows.all(JSON.stringify(ids))) rows.set(r.id, r);
    return [...rows.values()].map((r) => ({
      id: r.id,
      simhash: r.simhash,
      ...(r.cluster_id !== null ? { clusterId: r.cluster_id } : {}),
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  const deleteBefore = readonly ? null : db.prepare<[number]>('DELETE FROM posts WHERE created_at < ?');

  let closed = false;
  return {
    kind: 'sqlite',
    upsert: async (posts) => upsert(posts),
    get: async (id) => {
      const row = getById.get(id);
      return row ? fromRow(row) : null;
    },
    search: async (query) => search(query),
    count: async (input) => {
      const { query, filters } = parseScope(input);
      const scope = compileScope(query, filters);
      const { matchHits, dense } = measure(scope);
      return countScope(scope, dense, matchHits, rollupScope(query, filters), comboScope(query, filters));
    },
    histogram: async (scope, interval) => histogram(scope, interval),
    terms: async (scope, field, size) => {
      const { query, filters } = parseScope(scope);
      const compiled = compileScope(query, filters);
      return termsScope(compiled, field, checkSize(size), measure(compiled).dense, rollupScope(query, filters), comboScope(query, filters));
    },
    topAuthors: async (scope, size) => topAuthors(scope, size),
    findNearDuplicateCandidates: async (lookup) => findNearDuplicateCandidates(lookup),
    clusterSizes: async (clusterIds) => {
      if (clusterIds.length === 0) return {};
      const rows = clusterCounts.all(JSON.stringify([...new Set(clusterIds)]));
      return Object.fromEntries(rows.map((r) => [r.cluster_id, r.n]));
    },
    deleteOlderThan: async (before) => {
      writable();
      // Foreign keys cascade to post_docs (whose trigger drops the FTS entry) and the side tables.
      return db.transaction(() => deleteBefore!.run(before.getTime()).changes).immediate();
    },
    health: async () => {
      try {
        const version = readVersion(db);
        return {
          ok: version === SCHEMA_VERSION,
          details: {
            file: options.file,
            readonly,
            schemaVersion: version,
            journalMode: db.pragma('journal_mode', { simple: true }),
          },
        };
      } catch (err) {
        return { ok: false, details: { file: options.file, error: describeError(err) } };
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      statements.clear();
      db.close();
    },
  };
}

function openDatabase(file: string, readonly: boolean, lean: boolean): Database.Database {
  const memory = file === ':memory:';
  if (!memory && !readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (err) {
    throw new DengarError(ERROR_CODES.DEPENDENCY_UNAVAILABLE, `Berkas data ${file} tidak dapat dibuka: ${describeError(err)}`, isRetriableSqlite(err));
  }
  try {
    configureConnection(db, readonly, lean);
    if (readonly) {
      const version = readVersion(db);
      checkNotNewer(version);
      if (version < SCHEMA_VERSION) {
        throw new DengarError(ERROR_CODES.INTERNAL, `Berkas data ${file} belum berskema versi ${SCHEMA_VERSION}; buka sekali tanpa readonly`);
      }
    } else {
      migrate(db);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const COLUMNS: (keyof PostRow)[] = [
  'id', 'source', 'created_at', 'sentiment', 'sentiment_score', 'lang', 'author_key', 'author_label',
  'author_id_lc', 'author_handle_lc', 'author_name_lc', 'followers', 'engagement', 'combo',
  'simhash', 'band0', 'band1', 'band2', 'band3', 'cluster_id',
];
/** `rid` survives the update (no REPLACE), so side tables and the FTS rowid stay attached. */
const UPSERT_SQL = `INSERT INTO posts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
ON CONFLICT(id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}
RETURNING rid`;

function parseScope(scope: Scope): { query: QueryNode; filters: SearchFilters } {
  const query = QueryNode.safeParse(scope.query);
  if (!query.success) throw new ValidationError(`Kueri tidak valid — ${formatZodError(query.error)}`);
  const filters = SearchFilters.safeParse(scope.filters ?? {});
  if (!filters.success) throw new ValidationError(`Filter tidak valid — ${formatZodError(filters.error)}`);
  return { query: query.data, filters: filters.data };
}

function checkSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new ValidationError(`size: harus bilangan bulat 1–10000 (diterima ${size})`);
  }
  return size;
}

function toBucket(row: BucketRow, interval: Interval): HistogramBucket {
  return { key: bucketKey(row.b, interval), total: row.total, positive: row.positive, negative: row.negative, neutral: row.neutral };
}

function idOf(candidate: unknown): string {
  const id = candidate && typeof candidate === 'object' ? (candidate as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id ? id : '(tanpa id)';
}

function isRetriableSqlite(err: unknown): boolean {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && [...RETRIABLE_CODES].some((c) => code === c || code.startsWith(`${c}_`));
}

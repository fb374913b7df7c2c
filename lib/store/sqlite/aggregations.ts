import type { AuthorStat } from '../../../schemas';
import type { Interval } from '../post-store';
import { bucketSql } from './buckets';
import type { ComboCatalog } from './combos';
import { scopeWhere, type CompiledScope, type SqlParam } from './compile';
import {
  COMBO_COUNT_SQL,
  addAuthor,
  addCombo,
  bump,
  emptyTally,
  topAuthorTotals,
  type AuthorTotals,
  type Combo,
  type FacetTally,
  type TallyField,
} from './facets';
import type { ComboScope, RollupScope } from './rollup';
import type { StatementCache } from './statement-cache';

/** Partial-day edges of rollup scopes read `posts` by date (their scope has nothing narrower to offer). */
const EDGE_FROM = 'posts p INDEXED BY posts_created';

export type BucketRow = { b: number; total: number; positive: number; negative: number; neutral: number };

/**
 * The three ways to count a scope, fastest first: rollups (dates and sentiment/source/lang only),
 * combos (plus a topic or region: index-only over posts_combo_created), and one pass over the
 * matching posts (anything with text, authors, OR or NOT).
 */
export function createAggregations(statements: StatementCache, combos: ComboCatalog) {
  function all<R>(sql: string, params: SqlParam[]): R[] {
    return statements.get(sql).all(...params) as R[];
  }
  const comboOf = (id: number): Combo => combos.get(id);
  const comboWhere = (cs: ComboScope): { sql: string; params: SqlParam[] } => combos.where(cs);

  /**
   * Count and facets of a rollup scope: whole days from the rollup tables, partial days from `posts`.
   * Topic and region rollups are read only when asked for.
   */
  function rollupTally(r: RollupScope, need: ReadonlySet<TallyField>): FacetTally {
    const tally = emptyTally();
    const base = all<{ s: string; src: string; l: string; n: number }>(
      `SELECT sentiment AS s, source AS src, lang AS l, sum(n) AS n FROM rollup_day WHERE ${r.sql} GROUP BY 1, 2, 3`,
      r.params,
    );
    for (const g of base) addCombo(tally, { sentiment: g.s, source: g.src, lang: g.l, topics: [], regions: [] }, g.n);
    for (const field of ['topic', 'region'] as const) {
      if (!need.has(field)) continue;
      const rows = all<{ k: string; n: number }>(`SELECT ${field} AS k, sum(n) AS n FROM rollup_${field} WHERE ${r.sql} GROUP BY 1`, r.params);
      for (const row of rows) bump(tally[field], row.k, row.n);
    }
    for (const where of r.edges) {
      // An edge is a few hours of posts: find them by date, never by scanning posts_combo_created.
      for (const g of all<{ c: number; n: number }>(COMBO_COUNT_SQL(where.sql, EDGE_FROM), where.params)) addCombo(tally, comboOf(g.c), g.n);
    }
    return tally;
  }

  /**
   * Count and facets of any scope in one pass over the matching posts.
   * NOTE: never the dense form here: looking up each match's combo by rowid beats scanning
   * posts_combo_created and probing the match set, measured up to a quarter of a million matches at 1M posts.
   */
  function rawTally(scope: CompiledScope): FacetTally {
    const tally = emptyTally();
    const where = scopeWhere(scope);
    for (const g of all<{ c: number; n: number }>(COMBO_COUNT_SQL(where.sql), where.params)) addCombo(tally, comboOf(g.c), g.n);
    return tally;
  }

  /** Count and facets of a combo scope from posts_combo_created alone: no row of posts is read. */
  function comboTally(cs: ComboScope): FacetTally {
    const where = comboWhere(cs);
    const tally = emptyTally();
    const rows = all<{ c: number; n: number }>(COMBO_COUNT_SQL(where.sql, 'posts p INDEXED BY posts_combo_created'), where.params);
    for (const g of rows) addCombo(tally, comboOf(g.c), g.n);
    return tally;
  }

  function bucketRows(where: { sql: string; params: SqlParam[] }, interval: Interval, from = 'posts p'): BucketRow[] {
    return all<BucketRow>(
      `SELECT ${bucketSql(interval)} AS b, count(*) AS total,
         sum(p.sentiment = 'positive') AS positive, sum(p.sentiment = 'negative') AS negative,
         sum(p.sentiment = 'neutral') AS neutral
       FROM ${from} WHERE ${where.sql} GROUP BY b ORDER BY b`,
      where.params,
    );
  }

  /** Buckets of a combo scope from posts_combo_created alone; each combo knows its sentiment. */
  function comboBuckets(cs: ComboScope, interval: Interval): BucketRow[] {
    const where = comboWhere(cs);
    const groups = all<{ c: number; b: number; n: number }>(
      `SELECT p.combo AS c, ${bucketSql(interval)} AS b, count(*) AS n FROM posts p INDEXED BY posts_combo_created
       WHERE ${where.sql} GROUP BY 1, 2`,
      where.params,
    );
    const byBucket = new Map<number, BucketRow>();
    for (const g of groups) {
      let row = byBucket.get(g.b);
      if (!row) byBucket.set(g.b, (row = { b: g.b, total: 0, positive: 0, negative: 0, neutral: 0 }));
      row.total += g.n;
      const sentiment = comboOf(g.c).sentiment;
      if (sentiment === 'positive' || sentiment === 'negative' || sentiment === 'neutral') row[sentiment] += g.n;
    }
    return [...byBucket.values()].sort((a, b) => a.b - b.b);
  }

  /** Day or week buckets: whole days from rollup_day, the partial days at the ends from `posts`. */
  function rollupBuckets(r: RollupScope, interval: 'day' | 'week'): BucketRow[] {
    const bucket = interval === 'day' ? 'day' : '(day + 3) / 7';
    const rows = all<BucketRow>(
      `SELECT ${bucket} AS b, sum(n) AS total, sum(CASE sentiment WHEN 'positive' THEN n ELSE 0 END) AS positive,
         sum(CASE sentiment WHEN 'negative' THEN n ELSE 0 END) AS negative,
         sum(CASE sentiment WHEN 'neutral' THEN n ELSE 0 END) AS neutral
       FROM rollup_day WHERE ${r.sql} GROUP BY b`,
      r.params,
    );
    const byBucket = new Map(rows.map((row) => [row.b, row]));
    for (const where of r.edges) {
      for (const row of bucketRows(where, interval, EDGE_FROM)) {
        const seen = byBucket.get(row.b);
        if (!seen) byBucket.set(row.b, row);
        else {
          seen.total += row.total;
          seen.positive += row.positive;
          seen.negative += row.negative;
          seen.neutral += row.neutral;
        }
      }
    }
    return [...byBucket.values()].filter((row) => row.total > 0).sort((a, b) => a.b - b.b);
  }

  /** Per author and source totals of a rollup scope whose only conditions are dates and source. */
  function authorTotals(r: RollupScope): Map<string, AuthorTotals> {
    const totals = new Map<string, AuthorTotals>();
    const rows = all<AuthorTotals>(
      `SELECT author_key AS key, source, sum(posts) AS posts, sum(engagement) AS engagement,
         sum(negative) AS negative, sum(positive) AS positive
       FROM rollup_author WHERE ${r.sql} GROUP BY 1, 2`,
      r.params,
    );
    for (const row of rows) addAuthor(totals, row);
    for (const where of r.edges) {
      const edgeRows = all<AuthorTotals>(
        `SELECT p.author_key AS key, p.source AS source, count(*) AS posts, sum(p.engagement) AS engagement,
           sum(p.sentiment = 'negative') AS negative, sum(p.sentiment = 'positive') AS positive
         FROM ${EDGE_FROM} WHERE (${where.sql}) AND p.author_key IS NOT NULL GROUP BY 1, 2`,
        where.params,
      );
      for (const row of edgeRows) addAuthor(totals, row);
    }
    return totals;
  }

  /** Top authors from the rollup; label and followers come from each one's latest post in scope. */
  function rollupTopAuthors(r: RollupScope, scope: CompiledScope, size: number): AuthorStat[] {
    const where = scopeWhere(scope);
    const latest = statements.get(
      `SELECT p.author_label AS author, p.followers AS followers FROM posts p
       WHERE p.author_key = ? AND p.source = ? AND (${where.sql}) ORDER BY p.created_at DESC, p.rid ASC LIMIT 1`,
    );
    return topAuthorTotals(authorTotals(r).values(), size).map(({ key, ...totals }) => {
      const row = latest.get(key, totals.source, ...where.params) as { author: string; followers: number | null };
      return { author: row.author, source: totals.source, posts: totals.posts, engagement: totals.engagement, followers: row.followers, negative: totals.negative, positive: totals.positive };
    });
  }

  return { rollupTally, rawTally, comboTally, bucketRows, comboBuckets, rollupBuckets, authorTotals, rollupTopAuthors };
}

export type Aggregations = ReturnType<typeof createAggregations>;

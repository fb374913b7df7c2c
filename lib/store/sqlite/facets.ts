import type { AuthorStat, FacetBucket } from '../../../schemas';
import { compareBinary } from './row';

/** Post counts per key of every facet one pass can give, plus the total. */
export interface FacetTally {
  total: number;
  sentiment: Map<string, number>;
  source: Map<string, number>;
  lang: Map<string, number>;
  topic: Map<string, number>;
  region: Map<string, number>;
}

export type TallyField = Exclude<keyof FacetTally, 'total'>;

/** A `facet_combos` row with its sets parsed. */
export interface Combo {
  sentiment: string;
  source: string;
  lang: string;
  topics: string[];
  regions: string[];
}

/**
 * Every facet of a result set in one pass over `posts`: count posts per combo (a few thousand combos
 * for a million posts), then expand each combo's sentiment, source, lang, topics and regions here.
 * Counts equal the side-table joins because a combo's sets hold each topic and region once.
 */
export const COMBO_COUNT_SQL = (where: string, from = 'posts p'): string =>
  `SELECT p.combo AS c, count(*) AS n FROM ${from} WHERE ${where} GROUP BY 1`;

export function emptyTally(): FacetTally {
  return { total: 0, sentiment: new Map(), source: new Map(), lang: new Map(), topic: new Map(), region: new Map() };
}

export function bump(counts: Map<string, number>, key: string, n: number): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

export function addCombo(tally: FacetTally, c: Combo, n: number): void {
  tally.total += n;
  bump(tally.sentiment, c.sentiment, n);
  bump(tally.source, c.source, n);
  bump(tally.lang, c.lang, n);
  for (const topic of c.topics) bump(tally.topic, topic, n);
  for (const region of c.regions) bump(tally.region, region, n);
}

/** The `size` largest buckets, ties by key in SQLite's BINARY order (as `ORDER BY count DESC, key ASC`). */
export function topBuckets(counts: Map<string, number>, size: number): FacetBucket[] {
  return [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || compareBinary(a[0], b[0]))
    .slice(0, size)
    .map(([key, count]) => ({ key, count }));
}

/** An author's totals before the label and follower count of their latest post are looked up. */
export type AuthorTotals = Omit<AuthorStat, 'author' | 'followers'> & { key: string };

export function addAuthor(into: Map<string, AuthorTotals>, row: AuthorTotals): void {
  const id = `${row.key}\u0000${row.source}`;
  const seen = into.get(id);
  if (!seen) into.set(id, { ...row });
  else {
    seen.posts += row.posts;
    seen.engagement += row.engagement;
    seen.negative += row.negative;
    seen.positive += row.positive;
  }
}

/** `ORDER BY engagement DESC, posts DESC, author_key ASC` (then source), over merged totals. */
export function topAuthorTotals(totals: Iterable<AuthorTotals>, size: number): AuthorTotals[] {
  return [...totals]
    .filter((a) => a.posts > 0)
    .sort((a, b) => b.engagement - a.engagement || b.posts - a.posts || compareBinary(a.key, b.key) || compareBinary(a.source, b.source))
    .slice(0, size);
}

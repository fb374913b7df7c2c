import type { EnrichedPost } from '../../../schemas';
import { normaliseAuthor } from '../../query';

/**
 * The engagement a post counts for in sorting and top authors: likes + shares + replies. Views are
 * reach, not engagement, and would drown the rest. Every store must use this same sum.
 */
export function engagementTotal(post: Pick<EnrichedPost, 'engagement'>): number {
  const e = post.engagement ?? {};
  return (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0);
}

/** Who a post counts for in top authors: the handle, else the platform id, else the name. */
export function authorKey(post: Pick<EnrichedPost, 'author'>): string | null {
  const a = post.author;
  const key = a?.handle ?? a?.id ?? a?.name;
  return key ? normaliseAuthor(key) || null : null;
}

/** Named parameters of the `posts` upsert. */
export interface PostRow {
  id: string;
  source: string;
  created_at: number;
  sentiment: string;
  sentiment_score: number;
  lang: string;
  author_key: string | null;
  author_label: string | null;
  author_id_lc: string | null;
  author_handle_lc: string | null;
  author_name_lc: string | null;
  followers: number | null;
  engagement: number;
  /** Id of the post's row in `facet_combos`. */
  combo: number;
  simhash: string | null;
  /** The SimHash's four 16-bit LSH bands (null without a SimHash). */
  band0: number | null;
  band1: number | null;
  band2: number | null;
  band3: number | null;
  cluster_id: string | null;
}

/** What `facet_combos` numbers: every facet of a post but its author and date. */
export interface ComboRow {
  sentiment: string;
  source: string;
  lang: string;
  /** JSON arrays, sorted and distinct, so equal sets are equal text. */
  topics: string;
  regions: string;
}

export function toComboRow(post: EnrichedPost): ComboRow {
  return { sentiment: post.sentiment.label, source: post.source, lang: post.lang, topics: jsonSet(post.topics), regions: jsonSet(post.regions) };
}

export function comboKey(c: ComboRow): string {
  return `${c.sentiment}\u0000${c.source}\u0000${c.lang}\u0000${c.topics}\u0000${c.regions}`;
}

/** The wide part of a post, in `post_docs`. */
export interface DocRow {
  title: string | null;
  text: string;
  doc: string;
}

export function toRow(post: EnrichedPost, combo: number): PostRow {
  const a = post.author;
  const lower = (v: string | undefined): string | null => (v ? normaliseAuthor(v) || null : null);
  return {
    id: post.id,
    source: post.source,
    created_at: Date.parse(post.createdAt),
    sentiment: post.sentiment.label,
    sentiment_score: post.sentiment.score,
    lang: post.lang,
    author_key: authorKey(post),
    author_label: a?.handle ?? a?.name ?? a?.id ?? null,
    author_id_lc: lower(a?.id),
    author_handle_lc: lower(a?.handle),
    author_name_lc: lower(a?.name),
    followers: a?.followers ?? null,
    engagement: engagementTotal(post),
    combo,
    simhash: post.simhash ?? null,
    band0: band(post.simhash, 0),
    band1: band(post.simhash, 1),
    band2: band(post.simhash, 2),
    band3: band(post.simhash, 3),
    cluster_id: post.clusterId ?? null,
  };
}

/** Band `index` of a SimHash as the integer the `bandN` column holds. */
export function band(simhash: string | undefined, index: number): number | null {
  return simhash ? parseInt(simhash.slice(index * 4, index * 4 + 4), 16) : null;
}

/** Sorted by code point (as SQLite's BINARY collation), duplicates dropped as the side tables' keys do. */
function jsonSet(values: string[]): string {
  return JSON.stringify([...new Set(values)].sort(compareBinary));
}

/** SQLite BINARY order for UTF-8 text is code point order; JS `<` compares UTF-16 units, which differs past U+FFFF. */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export function toDocRow(post: EnrichedPost): DocRow {
  const { title, text, ...rest } = post;
  // NOTE: title and text are kept out of `doc` so the largest fields are stored once.
  return { title: title ?? null, text, doc: JSON.stringify(rest) };
}

/** Rebuild the post from its row. The store validated it on the way in, so it is not parsed again. */
export function fromRow(row: DocRow): EnrichedPost {
  const post = JSON.parse(row.doc) as Omit<EnrichedPost, 'title' | 'text'>;
  return row.title === null ? { ...post, text: row.text } : { ...post, title: row.title, text: row.text };
}

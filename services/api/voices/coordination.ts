/**
 * "Looks coordinated": an account that posts many near-identical texts in a short window, as buzzer
 * campaigns do. Method (kept simple so an analyst can reason about a flag):
 *   1. normalise each text: lowercase, strip URLs, @mentions, #tags' "#", digits and punctuation;
 *   2. shingle it into word 3-grams (texts under 3 words use the word set);
 *   3. two posts are near-duplicates when the Jaccard similarity of their shingles ≥ `threshold` (0.6);
 *   4. the account is flagged when some post has ≥ `minPosts - 1` near-duplicates within `windowMs`
 *      (default: 3 posts within 2 hours).
 * Compared over the author's latest posts only (the API reads 50), so the cost stays bounded: n²/2 pairs.
 */
export interface CoordinationOptions {
  threshold: number;
  windowMs: number;
  minPosts: number;
}

export const DEFAULT_COORDINATION: CoordinationOptions = { threshold: 0.6, windowMs: 2 * 3600_000, minPosts: 3 };

export interface CoordinationVerdict {
  coordinated: boolean;
  /** The largest group of near-duplicates found inside one window. */
  largestCluster: number;
  /** Ids of that group's posts, for "show me" links. */
  clusterPostIds: string[];
}

export function normaliseForShingles(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function shingles(words: readonly string[], n = 3): Set<string> {
  if (words.length < n) return new Set(words);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function detectCoordination(posts: readonly { id: string; text: string; createdAt: string }[], opts: CoordinationOptions = DEFAULT_COORDINATION): CoordinationVerdict {
  const items = posts.map((p) => ({ id: p.id, t: Date.parse(p.createdAt), s: shingles(normaliseForShingles(p.text)) }));
  let best: string[] = [];
  for (const anchor of items) {
    const group = items.filter((other) => other === anchor || (Math.abs(other.t - anchor.t) <= opts.windowMs && jaccard(anchor.s, other.s) >= opts.threshold));
    if (group.length > best.length) best = group.map((g) => g.id);
  }
  return { coordinated: best.length >= opts.minPosts, largestCluster: best.length, clusterPostIds: best.length >= 2 ? best : [] };
}

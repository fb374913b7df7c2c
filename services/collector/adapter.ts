import type { RawPostInput } from '../../schemas';

/**
 * One interface for every source kind. `poll` reads what is new since `cursor` and says where the
 * next poll should start; the collector stores `next` only after the posts are safely handed on,
 * so a crash between the two re-reads (and re-upserts by id) instead of losing posts.
 */
export type Cursor = Record<string, unknown>;

export interface PollResult {
  posts: RawPostInput[];
  next: Cursor;
  /** Items seen in the payload but not turned into posts (malformed, too old, duplicates) and why. */
  skipped: { reason: string; count: number }[];
}

export interface SourceAdapter {
  /** The configured source id, e.g. `antara-sumsel` or `gnews-banjir`. */
  readonly id: string;
  readonly kind: RawPostInput['source'];
  /**
   * Posts carry only a headline (Google News, news sitemaps). The collector lets a direct feed's
   * richer post of the same article win: see `direct-articles.ts`.
   */
  readonly headlineOnly?: boolean;
  poll(cursor: Cursor | null, signal?: AbortSignal): Promise<PollResult>;
}

import type { StateStore } from '../../lib/state/state-store';
import type { PollResult } from './adapter';
import { keyHash, readFeedCursor } from './adapters/feed-poll';

/**
 * The same article arrives from the publisher's own feed (headline and teaser) and from Google
 * News or a news sitemap (headline only). All three give it the same post id (source `rss`,
 * normalised article URL), and the store keeps whichever upsert came last, so a later headline
 * would replace the teaser. Headline-only posts therefore give way: a post whose article a direct
 * feed of this deployment has already collected is not published again.
 *
 * "Collected" is read from the direct feeds' checkpoints: their `seen` list holds the hashed key
 * (the sourceId) of every item they returned recently, saved only after the bus acknowledged it.
 * NOTE: `seen` is bounded (500 keys per feed by default, days of a busy feed); an article older
 * than that can still be replaced by its headline. Google News arriving first is harmless: the
 * direct feed's later upsert brings the teaser back.
 */

export const DIRECT_FEED_HAS_IT = 'sudah diambil feed langsung (teks lebih lengkap)';

/** Hashed sourceIds the given direct feeds have returned, from their stored checkpoints. */
export async function directlyCollected(state: StateStore, feedIds: string[]): Promise<Set<string>> {
  const checkpoints = await Promise.all(feedIds.map((id) => state.getCheckpoint(id)));
  return new Set(checkpoints.flatMap((c) => readFeedCursor(c?.cursor ?? null).seen));
}

/**
 * The poll without the posts a direct feed already has. Their keys stay in the headline source's
 * own cursor (the adapter counted them as taken), so they are not offered again after the direct
 * feed's `seen` has moved on.
 */
export function withoutDirectlyCollected(result: PollResult, collected: ReadonlySet<string>): PollResult {
  const posts = result.posts.filter((p) => !(p.source === 'rss' && collected.has(keyHash(p.sourceId))));
  const dropped = result.posts.length - posts.length;
  if (dropped === 0) return result;
  return { ...result, posts, skipped: [...result.skipped, { reason: DIRECT_FEED_HAS_IT, count: dropped }] };
}

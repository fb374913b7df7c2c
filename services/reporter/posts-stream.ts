import type { PostStore } from '../../lib/store/post-store';
import type { EnrichedPost } from '../../schemas';
import type { WeekRange } from './week';

export const PAGE_SIZE = 200;

/**
 * Every post of the week, oldest first, one page of 200 at a time: a keyset cursor on `createdAt`
 * (the next page starts at the last timestamp seen, inclusive, skipping the ids already given at
 * that instant). Only one page is ever in memory, and unlike page/offset paging it is not capped
 * by `search`'s page ≤ 1000 (200k posts) and does not slow down with depth.
 */
export async function* streamWeekPosts(store: PostStore, range: WeekRange, signal?: AbortSignal): AsyncGenerator<EnrichedPost[]> {
  let from = range.from;
  let seenAtFrom = new Set<string>();
  // TRICKY: more than a page of posts can share one instant (bulk imports); then we page within it.
  let page = 1;
  for (;;) {
    if (signal?.aborted) throw new Error('dibatalkan');
    const result = await store.search({ query: { type: 'all' }, filters: { from, to: range.to }, page, size: PAGE_SIZE, sort: 'oldest', facets: [] });
    const fresh = result.hits.filter((p) => !(p.createdAt === from && seenAtFrom.has(p.id)));
    if (fresh.length > 0) yield fresh;
    if (result.hits.length < PAGE_SIZE) return;
    const last = result.hits[result.hits.length - 1]!.createdAt;
    if (last === from) {
      for (const p of fresh) seenAtFrom.add(p.id);
      page++;
      continue;
    }
    const atLast = new Set(result.hits.filter((p) => p.createdAt === last).map((p) => p.id));
    from = last;
    seenAtFrom = atLast;
    page = 1;
  }
}

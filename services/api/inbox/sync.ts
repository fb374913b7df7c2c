import type { PostStore } from '../../../lib/store/post-store';
import type { InboxStore } from './inbox-store';
import { inboxQuery, matchingRules } from './rules';

const PAGE = 200;
/** Newest matching posts read per sync; older ones were picked up by earlier syncs. */
const MAX_PAGES = 10;

/**
 * Brings new matching posts into the inbox. Runs when the inbox is opened (at most every
 * `minIntervalMs`, one at a time), reading matches newest first and stopping at the first page that
 * holds nothing new. NOTE: a changed rule applies to posts found from then on; items already in the
 * inbox stay, so nobody's work disappears when a rule is narrowed.
 */
export function createInboxSync(deps: { store: PostStore; inbox: InboxStore; now?: () => Date; minIntervalMs?: number }) {
  const now = deps.now ?? (() => new Date());
  const minInterval = deps.minIntervalMs ?? 30_000;
  let lastRun = 0;
  let running: Promise<number> | null = null;

  async function run(): Promise<number> {
    const settings = await deps.inbox.getSettings();
    const query = inboxQuery(settings);
    if (!query) return 0;
    const from = new Date(now().getTime() - settings.lookbackDays * 86_400_000).toISOString();
    let added = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const result = await deps.store.search({ query, filters: { from }, page, size: PAGE, sort: 'newest', facets: [] });
      const items = result.hits.map((p) => ({
        postId: p.id,
        postCreatedAt: p.createdAt,
        matched: matchingRules(settings.rules, `${p.title ?? ''} ${p.text}`),
      }));
      const fresh = await deps.inbox.addItems(items);
      added += fresh;
      if (fresh === 0 || result.hits.length < PAGE) break;
    }
    return added;
  }

  return {
    /** New items added; `force` skips the interval (after a rule change, or the refresh button). */
    async sync(force = false): Promise<number> {
      if (running) return running;
      if (!force && now().getTime() - lastRun < minInterval) return 0;
      lastRun = now().getTime();
      running = run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
export type InboxSync = ReturnType<typeof createInboxSync>;

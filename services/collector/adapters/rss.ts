import { DengarError, ERROR_CODES, ValidationError } from '../../../lib/errors';
import type { SourceKind } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import type { HttpOptions } from '../http';
import { discoverFeedUrl } from './feed-discovery';
import { parseFeedPayload, mapRssItem, type FeedItem } from './feed-items';
import { DEFAULT_GRACE_MS, DEFAULT_SEEN_LIMIT, pollFeed, readFeedCursor, type Candidate } from './feed-poll';
import { mapGoogleNewsItem } from './google-news-item';

/**
 * The RSS/Atom/RDF adapter: one feed URL (or a site whose feed is found by autodiscovery), polled
 * with conditional GET; new items become `RawPostInput`s. See feed-poll.ts for what the cursor
 * holds and feed-items.ts / google-news-item.ts for how items map to posts.
 */

export interface RssAdapterOptions {
  id: string;
  /** The feed URL. Give this or `site`, not both. */
  url?: string;
  /** A site page announcing its feed with `<link rel="alternate">`; the found URL is kept in the cursor. */
  site?: string;
  /** `google_news` maps items the Google News way (title split, canonical article id). */
  kind?: 'rss' | 'google_news';
  http: HttpOptions;
  now?: () => Date;
  /** How far behind the watermark an unseen item may still be taken (default 3 days). */
  graceMs?: number;
  /** How many recent item keys the cursor remembers (default 500). */
  seenLimit?: number;
  /** google_news only: the `source` on emitted posts (default `rss`, see google-news-item.ts). */
  postSource?: SourceKind;
}

export function createRssAdapter(options: RssAdapterOptions): SourceAdapter {
  const { id, url, site, http } = options;
  if (!url === !site) throw new ValidationError(`Sumber ${id}: isi tepat satu dari "url" atau "site"`);
  const kind = options.kind ?? 'rss';
  const mapItem: (item: FeedItem) => Candidate =
    kind === 'google_news' ? (item) => mapGoogleNewsItem(item, options.postSource) : mapRssItem;
  const common = {
    http,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    seenLimit: options.seenLimit ?? DEFAULT_SEEN_LIMIT,
    now: options.now ?? (() => new Date()),
    parse: (body: string, finalUrl: string) => parseFeedPayload(body, finalUrl).items.map(mapItem),
  };

  async function pollSite(siteUrl: string, cursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
    const stored = readFeedCursor(cursor);
    // A feed found for another site (the sources file's `site` was edited) is not this site's feed.
    const known = stored.feedSite === undefined || stored.feedSite === siteUrl ? stored.feedUrl : undefined;
    // The old validators belong to the old URL; seen keys and the watermark still apply.
    const { etag: _etag, lastModified: _lastModified, ...unvalidated } = stored;
    const feedUrl = known ?? (await discoverFeedUrl(siteUrl, http, signal));
    const withSignal = signal ? { signal } : {};
    const carry = (url: string) => ({ feedUrl: url, feedSite: siteUrl });
    try {
      return await pollFeed({ ...common, ...withSignal, url: feedUrl, cursor: known ? stored : unvalidated, carry: carry(feedUrl) });
    } catch (err) {
      // A remembered feed URL that is now refused (site moved its feed): discover again, once.
      const gone = err instanceof DengarError && err.code === ERROR_CODES.SOURCE_FETCH && !err.isRetriable;
      if (!known || !gone) throw err;
      const fresh = await discoverFeedUrl(siteUrl, http, signal);
      if (fresh === known) throw err;
      return pollFeed({ ...common, ...withSignal, url: fresh, cursor: unvalidated, carry: carry(fresh) });
    }
  }

  return {
    id,
    kind,
    // Google News items are "Judul - Sumber" headlines; the publisher's own feed has the teaser.
    headlineOnly: kind === 'google_news',
    poll(cursor, signal) {
      if (site) return pollSite(site, cursor, signal);
      return pollFeed({ ...common, ...(signal ? { signal } : {}), url: url!, cursor });
    },
  };
}

import type { SourceKind } from '../../../schemas';
import type { SourceAdapter } from '../adapter';
import type { HttpOptions } from '../http';
import { createRssAdapter } from './rss';

/**
 * A Google News search as a source: the search's RSS feed, read by the RSS adapter with Google
 * News item mapping (google-news-item.ts explains the post identity). Google documents no API
 * for this feed; keep the number of queries and the polling rate modest.
 */

export interface GoogleNewsAdapterOptions {
  id: string;
  /** Google News query syntax: `"frasa"`, `OR`, parentheses, `site:`. */
  query: string;
  baseUrl?: string;
  http: HttpOptions;
  now?: () => Date;
  graceMs?: number;
  seenLimit?: number;
  postSource?: SourceKind;
}

/** Indonesian edition: Indonesian-language results as shown to readers in Indonesia. */
export function googleNewsSearchUrl(query: string, baseUrl = 'https://news.google.com'): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/rss/search?q=${encodeURIComponent(query)}&hl=id&gl=ID&ceid=ID:id`;
}

export function createGoogleNewsAdapter(options: GoogleNewsAdapterOptions): SourceAdapter {
  const { query, baseUrl, ...rest } = options;
  return createRssAdapter({ ...rest, kind: 'google_news', url: googleNewsSearchUrl(query, baseUrl) });
}

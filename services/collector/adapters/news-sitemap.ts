import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { SourceAdapter } from '../adapter';
import type { HttpOptions } from '../http';
import { DEFAULT_GRACE_MS, DEFAULT_SEEN_LIMIT, pollFeed, type Candidate } from './feed-poll';
import { parseFeedDate } from './feed-date';
import { decodeEntities, truncateText } from './html-text';
import { cleanUrl, normaliseUrl } from './normalise-url';

/**
 * A Google News sitemap (`<urlset>` with `<news:news>` entries) as a source, for sites without RSS
 * (detik Sumbagsel). Entries carry a URL, a title and a publication date, no teaser, so the post
 * text is the headline. Posts use source `rss` with the normalised article URL as sourceId, the
 * same identity the RSS and Google News adapters give the same article.
 */

export interface NewsSitemapAdapterOptions {
  id: string;
  url: string;
  http: HttpOptions;
  now?: () => Date;
  graceMs?: number;
  seenLimit?: number;
}

const SITEMAP_ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.5';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => name === 'url',
});

export function createNewsSitemapAdapter(options: NewsSitemapAdapterOptions): SourceAdapter {
  const now = options.now ?? (() => new Date());
  return {
    id: options.id,
    kind: 'rss',
    poll(cursor, signal) {
      return pollFeed({
        url: options.url,
        http: options.http,
        cursor,
        ...(signal ? { signal } : {}),
        accept: SITEMAP_ACCEPT,
        graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
        seenLimit: options.seenLimit ?? DEFAULT_SEEN_LIMIT,
        now,
        parse: parseNewsSitemap,
      });
    },
  };
}

/** Sitemap XML → candidates; SOURCE_PARSE when the payload is not a readable `<urlset>`. */
export function parseNewsSitemap(body: string, url: string): Candidate[] {
  if (XMLValidator.validate(body) !== true) throw parseError(`XML sitemap dari ${url} rusak`, url);
  const doc: unknown = parser.parse(body);
  const root = field(doc, 'urlset');
  if (root === undefined) {
    const why = field(doc, 'sitemapindex') !== undefined ? 'indeks sitemap belum didukung' : 'tidak ada <urlset>';
    throw parseError(`Sitemap dari ${url}: ${why}`, url);
  }
  const entries = field(root, 'url');
  return Array.isArray(entries) ? entries.map(mapEntry) : [];
}

function mapEntry(entry: unknown): Candidate {
  const loc = text(field(entry, 'loc'));
  const link = loc ? normaliseUrl(decodeEntities(loc)) : null;
  const url = loc ? cleanUrl(decodeEntities(loc)) : null;
  if (!link) return { skip: 'tanpa tautan' };
  const news = field(entry, 'news');
  if (news === undefined) return { skip: 'bukan entri berita' };
  const title = truncateText(decodeEntities(text(field(news, 'title'))).replace(/\s+/g, ' ').trim(), 1000);
  const rawDate = text(field(news, 'publication_date'));
  if (!rawDate) return { skip: 'tanpa tanggal' };
  const date = parseFeedDate(rawDate);
  if (!date) return { skip: 'tanggal tidak valid' };
  const input: Record<string, unknown> = {
    source: 'rss',
    sourceId: link,
    text: title,
    createdAt: date.toISOString(),
    url: url ?? link,
    lang: 'id',
  };
  if (title) input.title = title;
  const publisher = decodeEntities(text(field(field(news, 'publication'), 'name'))).trim();
  if (publisher) input.author = { name: publisher.slice(0, 256) };
  return { key: link, input };
}

function field(value: unknown, name: string): unknown {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  // CDATA or mixed content arrives as { '#text': … } with some parser options.
  const inner = field(value, '#text');
  return typeof inner === 'string' ? inner : '';
}

function parseError(message: string, url: string): DengarError {
  return new DengarError(ERROR_CODES.SOURCE_PARSE, message, false, { url });
}

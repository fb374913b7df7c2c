import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import type { HttpOptions } from '../http';
import {
  DEFAULT_GRACE_MS,
  DEFAULT_SEEN_LIMIT,
  FeedCursor,
  conditionalGet,
  selectNew,
  toCursor,
  validatorsOf,
  type Candidate,
} from './feed-poll';
import { parseFeedDate } from './feed-date';
import { decodeEntities, truncateText } from './html-text';
import { cleanUrl, hostOf, normaliseUrl } from './normalise-url';

/**
 * A Google News sitemap (`<urlset>` with `<news:news>` entries) as a source, for sites without RSS
 * (detik Sumbagsel). Entries carry a URL, a title and a publication date, no teaser, so the post
 * text is the headline. Posts use source `rss` with the normalised article URL as sourceId, the
 * same identity the RSS and Google News adapters give the same article.
 *
 * The URL may also be a `<sitemapindex>` (detik, kompas, tribun publish one): each poll reads the
 * newest `maxChildren` children by `<lastmod>`, each with its own conditional GET, and one seen
 * list and watermark cover them all (an article listed in two children is taken once). A child
 * that fails or is not a news sitemap is skipped with its reason; the others still flow. Children
 * gzipped (`.xml.gz`) are inflated by the fetcher under the same byte cap.
 */

export interface NewsSitemapAdapterOptions {
  id: string;
  url: string;
  http: HttpOptions;
  /** Children of a sitemap index read per poll, newest first (default 5). */
  maxChildren?: number;
  now?: () => Date;
  graceMs?: number;
  seenLimit?: number;
}

export const DEFAULT_MAX_CHILDREN = 5;
export const MAX_CHILDREN_LIMIT = 20;
const SITEMAP_ACCEPT = 'application/xml, text/xml;q=0.9, application/x-gzip;q=0.8, */*;q=0.5';

const SitemapChild = z.object({
  url: z.string().max(2048),
  lastmod: z.string().max(64).optional(),
  etag: z.string().max(1024).optional(),
  lastModified: z.string().max(256).optional(),
});
type SitemapChild = z.infer<typeof SitemapChild>;

/** The feed cursor plus, when the URL is an index, the children read last time with their validators. */
const SitemapCursor = FeedCursor.extend({ children: z.array(SitemapChild).max(MAX_CHILDREN_LIMIT).optional() });
type SitemapCursor = z.infer<typeof SitemapCursor>;

type SitemapDocument = { kind: 'urlset'; candidates: Candidate[] } | { kind: 'index'; children: SitemapChild[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

export function createNewsSitemapAdapter(options: NewsSitemapAdapterOptions): SourceAdapter {
  const settings = {
    http: options.http,
    accept: SITEMAP_ACCEPT,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    seenLimit: options.seenLimit ?? DEFAULT_SEEN_LIMIT,
    now: options.now ?? (() => new Date()),
    maxChildren: options.maxChildren ?? DEFAULT_MAX_CHILDREN,
  };
  return {
    id: options.id,
    kind: 'rss',
    headlineOnly: true,
    poll: (cursor, signal) => pollSitemap(options.url, readSitemapCursor(cursor), { ...settings, ...(signal ? { signal } : {}) }),
  };
}

type PollSettings = Required<Pick<NewsSitemapAdapterOptions, 'http' | 'graceMs' | 'seenLimit' | 'now' | 'maxChildren'>> & {
  accept: string;
  signal?: AbortSignal;
};

async function pollSitemap(url: string, previous: SitemapCursor, settings: PollSettings): Promise<PollResult> {
  const response = await conditionalGet(url, previous, settings);
  let top: SitemapDocument;
  if (response.status === 304) {
    // An unchanged index still has children whose content changes (detik's "today" sitemap).
    if (!previous.children) return { posts: [], next: toCursor(previous), skipped: [] };
    top = { kind: 'index', children: previous.children };
  } else {
    top = parseSitemapDocument(response.body, response.finalUrl);
  }
  const topValidators = response.status === 304 ? validatorsOf(previous) : validatorsOf(response);

  if (top.kind === 'urlset') {
    const selection = selectNew(top.candidates, previous, settings);
    return { posts: selection.posts, next: toCursor({ ...selection.cursor, ...topValidators }), skipped: selection.skipped };
  }

  const remembered = new Map((previous.children ?? []).map((c) => [c.url, c]));
  const chosen = newestChildren(top.children, url, settings.maxChildren).map((c) => ({ ...remembered.get(c.url), ...c }));
  const read = await readChildren(chosen, settings, hostOf(url) ?? '');
  const selection = selectNew(read.candidates, previous, settings);
  return {
    posts: selection.posts,
    next: toCursor({ ...selection.cursor, ...topValidators, children: read.children }),
    skipped: [...selection.skipped, ...read.skipped],
  };
}

/**
 * Each child with its own validators, one after another (gentle on the site). A failed child keeps
 * its old validators so the next poll asks again; if every child failed the poll fails, so the
 * source shows the error and backs off instead of reporting an empty success.
 */
async function readChildren(children: SitemapChild[], settings: PollSettings, host: string) {
  const candidates: Candidate[] = [];
  const kept: SitemapChild[] = [];
  const skipped: PollResult['skipped'] = [];
  const failures: unknown[] = [];
  for (const child of children) {
    try {
      // Redirects stay on the index's host too, not only the listed URLs.
      const response = await conditionalGet(child.url, child, { ...settings, sameHost: host });
      if (response.status === 304) {
        kept.push(child);
        continue;
      }
      const doc = parseSitemapDocument(response.body, response.finalUrl);
      if (doc.kind === 'index') throw parseError(`Sitemap ${child.url} adalah indeks di dalam indeks (tidak didukung)`, child.url);
      candidates.push(...doc.candidates);
      kept.push({ url: child.url, ...(child.lastmod ? { lastmod: child.lastmod } : {}), ...validatorsOf(response) });
    } catch (err) {
      // A stopping collector aborts the poll as a whole; that is not one bad child.
      if (settings.signal?.aborted) throw err;
      failures.push(err);
      kept.push(child);
      skipped.push({ reason: `anak sitemap dilewati (${describeChildError(child.url, err)})`, count: 1 });
    }
  }
  if (children.length > 0 && failures.length === children.length) throw failures[0];
  return { candidates, children: kept, skipped };
}

/**
 * Children on the index's own host (ignoring `www.`), newest `<lastmod>` first; children without
 * one keep their document order after the dated ones. A sitemap index may only list its own
 * site's sitemaps, and following it anywhere else would let one edited file point us at any host.
 */
function newestChildren(children: SitemapChild[], indexUrl: string, max: number): SitemapChild[] {
  const host = hostOf(indexUrl);
  const time = (c: SitemapChild): number => parseFeedDate(c.lastmod)?.getTime() ?? Number.NEGATIVE_INFINITY;
  return children
    .filter((c) => hostOf(c.url) === host)
    .map((child, order) => ({ child, order, at: time(child) }))
    .sort((a, b) => b.at - a.at || a.order - b.order)
    .slice(0, max)
    .map(({ child }) => child);
}

/** Sitemap XML → news candidates or an index's children; SOURCE_PARSE when it is neither. */
export function parseSitemapDocument(body: string, url: string): SitemapDocument {
  if (XMLValidator.validate(body) !== true) throw parseError(`XML sitemap dari ${url} rusak`, url);
  const doc: unknown = parser.parse(body);
  const urlset = field(doc, 'urlset');
  if (urlset !== undefined) {
    const entries = field(urlset, 'url');
    return { kind: 'urlset', candidates: Array.isArray(entries) ? entries.map(mapEntry) : [] };
  }
  const index = field(doc, 'sitemapindex');
  if (index === undefined) throw parseError(`Sitemap dari ${url}: tidak ada <urlset> atau <sitemapindex>`, url);
  const entries = field(index, 'sitemap');
  const children = (Array.isArray(entries) ? entries : []).flatMap((entry): SitemapChild[] => {
    const loc = cleanLoc(text(field(entry, 'loc')), url);
    const lastmod = text(field(entry, 'lastmod')).trim();
    return loc ? [{ url: loc, ...(lastmod ? { lastmod: lastmod.slice(0, 64) } : {}) }] : [];
  });
  return { kind: 'index', children };
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

/** A child's absolute http(s) URL, exactly as the index gives it (its query may select a page). */
function cleanLoc(loc: string, base: string): string | null {
  try {
    const url = new URL(decodeEntities(loc).trim(), base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= 2048 ? url.href : null;
  } catch {
    return null;
  }
}

function readSitemapCursor(cursor: Cursor | null): SitemapCursor {
  const parsed = SitemapCursor.safeParse(cursor ?? {});
  return parsed.success ? parsed.data : { seen: [] };
}

/** The child's path (its host is the index's) and why it failed. */
function describeChildError(url: string, err: unknown): string {
  const why = err instanceof Error ? err.message : String(err);
  return `${new URL(url).pathname}: ${why.slice(0, 200)}`;
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

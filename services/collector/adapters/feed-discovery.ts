import { DengarError, ERROR_CODES } from '../../../lib/errors';
import { HTML_ACCEPT, fetchText, type HttpOptions } from '../http';
import { decodeEntities } from './html-text';

/**
 * Feed autodiscovery: a site announces its feeds with `<link rel="alternate" type="application/rss+xml"
 * href="…">` in the HTML head (Sumatera Ekspres, Palembang Pos have no documented feed URL). A regex
 * over `<link>` tags is enough here: we read attributes of one tag kind, not a DOM.
 */

const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml$/i;

export interface DiscoveredFeed {
  url: string;
  type: string;
  title?: string;
}

/** Every feed link in the page, in page order, comment feeds last (WordPress lists both). */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  // Only the head matters; cutting there keeps links in article bodies out.
  const headEnd = html.search(/<\/head\s*>/i);
  const head = headEnd >= 0 ? html.slice(0, headEnd) : html;
  const base = resolve(attributesOf(/<base\b[^>]*>/i.exec(head)?.[0] ?? '').href ?? '', pageUrl) ?? pageUrl;
  const feeds: DiscoveredFeed[] = [];
  for (const [tag] of head.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributesOf(tag);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.type ?? '').trim();
    if (!rel.includes('alternate') || !FEED_TYPES.test(type) || !attrs.href) continue;
    const url = resolve(attrs.href, base);
    if (!url || feeds.some((f) => f.url === url)) continue;
    feeds.push(attrs.title ? { url, type: type.toLowerCase(), title: attrs.title } : { url, type: type.toLowerCase() });
  }
  const isComments = (f: DiscoveredFeed): boolean =>
    /\/comments\/feed|komentar|comments/i.test(`${f.url} ${f.title ?? ''}`);
  return [...feeds.filter((f) => !isComments(f)), ...feeds.filter(isComments)];
}

/** Fetch the site's page and return its main feed URL; SOURCE_PARSE when the page announces none. */
export async function discoverFeedUrl(siteUrl: string, http: HttpOptions, signal?: AbortSignal): Promise<string> {
  const page = await fetchText(siteUrl, { ...http, accept: HTML_ACCEPT, ...(signal ? { signal } : {}) });
  if (page.status === 304) throw new DengarError(ERROR_CODES.INTERNAL, 'HTTP 304 tanpa permintaan bersyarat');
  const first = discoverFeeds(page.body, page.finalUrl)[0];
  if (!first) {
    throw new DengarError(ERROR_CODES.SOURCE_PARSE, `Halaman ${siteUrl} tidak mengumumkan feed RSS/Atom`, false, {
      url: siteUrl,
    });
  }
  return first.url;
}

/** Attributes of one tag: quoted, single-quoted or bare values; names lowercased; entities decoded. */
function attributesOf(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function resolve(href: string, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

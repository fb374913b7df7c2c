import type { SourceKind } from '../../../schemas';
import { wibDay } from '../../../lib/time';
import type { Candidate } from './feed-poll';
import { itemDate, itemTitle, type FeedItem } from './feed-items';
import { normaliseTitle } from './html-text';
import { cleanUrl, hostOf, normaliseUrl } from './normalise-url';

/**
 * Google News RSS items and their identity.
 *
 * TRICKY: the post id is hash(source, sourceId), and Google News links are
 * `news.google.com/rss/articles/CBM…` redirects, not the article. To make the same article from
 * the publisher's own feed and from one or more Google News searches one post:
 * - posts are emitted with source `rss` (a news article is a news article; which search found it
 *   is recorded by the collector as the post's `origin`), and
 * - sourceId is the normalised article URL, exactly what the direct feed adapter uses, whenever
 *   the link can be decoded offline. Older links carry the URL inside a base64 protobuf; newer
 *   ones (`AU_yqL…`) are opaque and would need a request to Google per item, which we do not make.
 * - otherwise sourceId is `gnews:<publisher host>:<WIB day>:<normalised title>`. That still merges
 *   the article across Google News searches (every query sees the same title, publisher and day);
 *   the day keeps daily recurring titles ("Jadwal Sholat Palembang Hari Ini") apart.
 */

const MAX_SOURCE_ID = 512;
/** A "- Sumber" suffix longer than this is part of the headline, not a publisher name. */
const MAX_PUBLISHER_CHARS = 60;

export interface GoogleNewsTitle {
  title: string;
  publisher?: string;
}

/** "Judul - Sumber" → { title: "Judul", publisher: "Sumber" }, preferring the `<source>` element's name. */
export function splitGoogleNewsTitle(raw: string, sourceName?: string): GoogleNewsTitle {
  const text = raw.trim();
  if (sourceName && text.endsWith(` - ${sourceName}`)) {
    return { title: text.slice(0, -(sourceName.length + 3)).trim(), publisher: sourceName };
  }
  const at = text.lastIndexOf(' - ');
  if (at > 0 && text.length - at - 3 <= MAX_PUBLISHER_CHARS) {
    return { title: text.slice(0, at).trim(), publisher: sourceName ?? text.slice(at + 3).trim() };
  }
  return sourceName ? { title: text, publisher: sourceName } : { title: text };
}

/** The article URL inside an old-style Google News link (cleaned of tracking), or null when the link is opaque. */
export function decodeGoogleNewsLink(link: string): string | null {
  let id: string | undefined;
  try {
    const url = new URL(link);
    if (!/(^|\.)news\.google\.com$/i.test(url.hostname)) return null;
    id = /\/articles\/([A-Za-z0-9_-]+)/.exec(url.pathname)?.[1];
  } catch {
    return null;
  }
  if (!id) return null;
  const bytes = Buffer.from(id, 'base64url');
  // Walk protobuf fields; the first length-delimited field that reads as an http(s) URL is the article.
  let at = 0;
  while (at < bytes.length) {
    const tag = readVarint(bytes, at);
    if (!tag) return null;
    at = tag.next;
    const wireType = tag.value % 8;
    if (wireType === 0) {
      const skipped = readVarint(bytes, at);
      if (!skipped) return null;
      at = skipped.next;
    } else if (wireType === 2) {
      const length = readVarint(bytes, at);
      if (!length || length.next + length.value > bytes.length) return null;
      const value = bytes.subarray(length.next, length.next + length.value).toString('utf8');
      if (/^https?:\/\/[^\s]+$/.test(value)) return cleanUrl(value);
      at = length.next + length.value;
    } else {
      return null;
    }
  }
  return null;
}

export function mapGoogleNewsItem(item: FeedItem, postSource: SourceKind = 'rss'): Candidate {
  const sourceElement = item.element.findElementWithName('source');
  const sourceName = sourceElement?.textContent.trim() || undefined;
  const publisherUrl = sourceElement?.getAttribute('url') ?? undefined;
  const { title, publisher } = splitGoogleNewsTitle(itemTitle(item), sourceName);
  if (!title) return { skip: 'teks kosong' };
  const when = itemDate(item);
  if ('skip' in when) return when;

  const link = item.url ?? '';
  const articleUrl = decodeGoogleNewsLink(link);
  const canonical = articleUrl ? normaliseUrl(articleUrl) : null;
  const publisherKey = (publisherUrl && hostOf(publisherUrl)) || (publisher ? normaliseTitle(publisher).replace(/ /g, '-') : '');
  const sourceId =
    canonical ?? `gnews:${publisherKey || 'tanpa-sumber'}:${wibDay(when.date)}:${normaliseTitle(title)}`.slice(0, MAX_SOURCE_ID);

  const input: Record<string, unknown> = {
    source: postSource,
    sourceId,
    // Google News descriptions repeat the headline and publisher (or list related headlines).
    text: title,
    title,
    createdAt: when.date.toISOString(),
    lang: 'id',
  };
  const url = articleUrl ?? (cleanUrl(link) ? link : null);
  if (url) input.url = url;
  if (publisher) input.author = { name: publisher.slice(0, 256) };
  return { key: sourceId, input };
}

function readVarint(bytes: Buffer, start: number): { value: number; next: number } | null {
  let value = 0;
  let shift = 0;
  for (let at = start; at < bytes.length && shift < 35; at += 1) {
    const byte = bytes[at]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: at + 1 };
    shift += 7;
  }
  return null;
}

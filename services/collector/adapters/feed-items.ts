import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { Candidate } from './feed-poll';
import { parseFeedDate } from './feed-date';
import { htmlToText, normaliseTitle, truncateText } from './html-text';
import { cleanUrl, normaliseUrl } from './normalise-url';

/**
 * RSS 2.0 / Atom / RDF items → post candidates. `@rowanmanning/feed-parser` is lenient on purpose
 * (real feeds are often slightly broken); we only refuse a payload it cannot read at all.
 */

export type ParsedFeed = ReturnType<typeof parseFeed>;
export type FeedItem = ParsedFeed['items'][number];

/** Teaser length: enough for sentiment and topics on a listing, not the article. */
export const SUMMARY_MAX_CHARS = 600;
const TITLE_MAX_CHARS = 1000;
/** Elements that carry an item's date, most specific first (RSS, Dublin Core, Atom). */
const DATE_ELEMENTS = ['pubdate', 'published', 'date', 'issued', 'updated', 'modified'];

export function parseFeedPayload(body: string, url: string): ParsedFeed {
  let feed: ParsedFeed;
  try {
    feed = parseFeed(body);
  } catch (err) {
    throw parseError(`Isi dari ${url} bukan feed RSS/Atom yang terbaca`, url, err);
  }
  // A feed with no items is normal; broken XML that yielded no items is a parse failure.
  if (feed.items.length === 0 && XMLValidator.validate(body) !== true) {
    throw parseError(`XML dari ${url} rusak dan tidak memuat item`, url);
  }
  return feed;
}

/** The item's date from the raw element (see feed-date.ts for why not feed-parser's own). */
export function itemDate(item: FeedItem): { date: Date } | { skip: string } {
  for (const name of DATE_ELEMENTS) {
    const raw = item.element.findElementWithName(name)?.textContent.trim();
    if (!raw) continue;
    const date = parseFeedDate(raw);
    return date ? { date } : { skip: 'tanggal tidak valid' };
  }
  return { skip: 'tanpa tanggal' };
}

export function itemTitle(item: FeedItem): string {
  return truncateText(htmlToText(item.title ?? ''), TITLE_MAX_CHARS);
}

/**
 * A direct news feed item. The sourceId is the normalised article URL, falling back to the GUID:
 * the URL is what Google News and news sitemaps also know, so the same article collides on one
 * post id whichever way it arrived (an opaque GUID such as WordPress `?p=123` never would).
 */
export function mapRssItem(item: FeedItem): Candidate {
  const link = item.url ? normaliseUrl(item.url) : null;
  const guid = item.id?.trim() || null;
  const sourceId = link ?? guid;
  if (!sourceId) return { skip: 'tanpa guid/tautan' };
  const when = itemDate(item);
  if ('skip' in when) return when;

  const title = itemTitle(item);
  const summary = truncateText(htmlToText(item.description ?? item.content ?? ''), SUMMARY_MAX_CHARS);
  const input: Record<string, unknown> = {
    source: 'rss',
    sourceId,
    text: composeText(title, summary),
    createdAt: when.date.toISOString(),
    // NOTE: feeds' own language tags are unreliable (WordPress defaults to en-US on Indonesian
    // sites); 'id' is a hint, the enricher detects the language.
    lang: 'id',
  };
  if (title) input.title = title;
  const url = item.url ? cleanUrl(item.url) : null;
  if (url) input.url = url;
  const author = item.authors.find((a) => a.name?.trim())?.name?.trim();
  if (author) input.author = { name: author.slice(0, 256) };
  return input.text ? { key: sourceId, input } : { skip: 'teks kosong' };
}

/** Title and teaser, without repeating the title when the teaser already opens with it. */
export function composeText(title: string, summary: string): string {
  if (!summary) return title;
  if (!title || normaliseTitle(summary).startsWith(normaliseTitle(title))) return summary;
  return `${title}\n\n${summary}`;
}

function parseError(message: string, url: string, cause?: unknown): DengarError {
  const details: Record<string, unknown> = { url };
  if (cause instanceof Error) details.cause = cause.message.slice(0, 200);
  return new DengarError(ERROR_CODES.SOURCE_PARSE, message, false, details);
}

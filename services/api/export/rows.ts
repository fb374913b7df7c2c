import { formatWib } from '../../../lib/time';
import type { PostStore } from '../../../lib/store/post-store';
import type { Query } from '../../../schemas';
import { applyCorrections, type ApiPost } from '../labels/api-post';
import type { LabelStore } from '../labels/label-store';

/** The columns of an export, in order (header text in Indonesian, as analysts read it in Excel). */
export const EXPORT_COLUMNS: { header: string; width: number; value: (p: ApiPost) => string | number }[] = [
  { header: 'id', width: 26, value: (p) => p.id },
  { header: 'waktu (WIB)', width: 22, value: (p) => formatWib(p.createdAt) },
  { header: 'waktu (UTC)', width: 24, value: (p) => p.createdAt },
  { header: 'sumber', width: 12, value: (p) => p.source },
  { header: 'penulis', width: 22, value: (p) => p.author?.handle ?? p.author?.name ?? p.author?.id ?? '' },
  { header: 'judul', width: 40, value: (p) => p.title ?? '' },
  { header: 'teks', width: 80, value: (p) => p.text },
  { header: 'url', width: 40, value: (p) => p.url ?? '' },
  { header: 'sentimen', width: 10, value: (p) => p.sentiment.label },
  { header: 'skor sentimen', width: 12, value: (p) => p.sentiment.score },
  { header: 'topik', width: 30, value: (p) => p.topics.join('; ') },
  { header: 'wilayah', width: 30, value: (p) => p.regions.join('; ') },
  { header: 'suka', width: 8, value: (p) => p.engagement?.likes ?? '' },
  { header: 'bagikan', width: 8, value: (p) => p.engagement?.shares ?? '' },
  { header: 'balasan', width: 8, value: (p) => p.engagement?.replies ?? '' },
  { header: 'dilihat', width: 10, value: (p) => p.engagement?.views ?? '' },
  { header: 'dikoreksi oleh', width: 16, value: (p) => p.correction?.by ?? '' },
];

/** The most a single export holds: the store pages at most 1000 × 200 (Query limits). */
export const PAGE_SIZE = 200;
export const MAX_EXPORT_ROWS = 1000 * PAGE_SIZE;

/**
 * Page through the whole result set, 200 at a time, with corrections applied. A post that moves
 * between pages while new ones arrive is written once (ids already written are skipped).
 */
export async function* exportPages(store: PostStore, labels: LabelStore, query: Query, first: { hits: ApiPost[]; total: number }): AsyncGenerator<ApiPost[]> {
  const seen = new Set<string>();
  const fresh = (hits: ApiPost[]): ApiPost[] => hits.filter((h) => !seen.has(h.id) && (seen.add(h.id), true));
  yield fresh(first.hits);
  const pages = Math.min(1000, Math.ceil(Math.min(first.total, MAX_EXPORT_ROWS) / PAGE_SIZE));
  for (let page = 2; page <= pages; page++) {
    const result = await store.search({ ...query, page, size: PAGE_SIZE, facets: [] });
    if (result.hits.length === 0) break;
    yield fresh(await applyCorrections(result.hits, labels));
  }
}

/** Neutralise spreadsheet formulas in text cells (CSV injection): a leading = + - @ becomes literal. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function* csvChunks(pages: AsyncIterable<ApiPost[]>): AsyncGenerator<string> {
  // The BOM makes Excel read the file as UTF-8 (Indonesian names, emoji).
  yield `\uFEFF${EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(',')}\r\n`;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield page.map((p) => EXPORT_COLUMNS.map((c) => csvCell(c.value(p))).join(',')).join('\r\n') + '\r\n';
  }
}

import ExcelJS from 'exceljs';
import { regionLabel } from '../../lib/domain/regions';
import { topicLabel } from '../../lib/domain/topics';
import { formatWib } from '../../lib/time';
import type { EnrichedPost, FacetBucket } from '../../schemas';
import type { ReportContent } from './content';
import type { Breakdown } from './gather';
import { pct } from './gather';
import { SENTIMENT_ID, sourceLabel, xmlSafe } from './text';

const WIB_OFFSET_MS = 7 * 3_600_000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0F3D5E' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

export const SHEETS = {
  summary: 'Ringkasan',
  topics: 'Topik x Sentimen',
  regions: 'Wilayah x Sentimen',
  alerts: 'Peringatan',
  posts: 'Pos',
  method: 'Metode',
} as const;

export interface PostsSheetResult {
  posts: number;
  modelVersions: FacetBucket[];
  sources: FacetBucket[];
}

/**
 * The staff workbook, written with exceljs's streaming WorkbookWriter: rows go to the zip as they
 * are committed, so a 100k-post week never sits in memory. The small sheets are committed first —
 * a sheet's XML is a zip entry, and an uncommitted earlier sheet would make later ones buffer.
 * The method sheet comes last because it reports what streaming the posts counted.
 */
export async function writeReportXlsx(
  file: string,
  content: Omit<ReportContent, 'method'> & { method: Omit<ReportContent['method'], 'modelVersions'> },
  posts: AsyncIterable<EnrichedPost[]>,
  onPosts?: (written: number) => void,
): Promise<PostsSheetResult> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Dengar';
  wb.created = new Date(content.generatedAt);

  summarySheet(wb, content);
  pivotSheet(wb, SHEETS.topics, 'Topik', content.data.topics);
  pivotSheet(wb, SHEETS.regions, 'Kabupaten/kota', content.data.regions);
  alertsSheet(wb, content);
  const result = await postsSheet(wb, content, posts, onPosts);
  methodSheet(wb, content, result);
  await wb.commit();
  return result;
}

function headerRow(ws: ExcelJS.Worksheet, columns: { header: string; key: string; width: number }[]): void {
  ws.columns = columns;
  const row = ws.getRow(1);
  row.font = HEADER_FONT;
  row.fill = HEADER_FILL;
  row.commit();
}

function summarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Parameters<typeof writeReportXlsx>[1]): void {
  const ws = wb.addWorksheet(SHEETS.summary);
  headerRow(ws, [
    { header: 'Ukuran', key: 'metric', width: 38 },
    { header: `Minggu ini (${c.data.range.week})`, key: 'current', width: 26 },
    { header: `Minggu lalu (${c.data.previous.week})`, key: 'previous', width: 26 },
  ]);
  const cur = c.data.current;
  const prior = c.data.prior;
  const rows: [string, string | number | null, string | number | null][] = [
    ['Periode (WIB)', `${c.data.range.monday} s.d. ${c.data.range.sunday}`, `${c.data.previous.monday} s.d. ${c.data.previous.sunday}`],
    ['Jumlah pos', cur.total, prior.total],
    ['Pos positif', cur.positive, prior.positive],
    ['Pos netral', cur.neutral, prior.neutral],
    ['Pos negatif', cur.negative, prior.negative],
    ['% negatif', round1(cur.negativePct), round1(prior.negativePct)],
    ['Topik teratas', cur.topTopic?.label ?? null, prior.topTopic?.label ?? null],
    ['Pos topik teratas', cur.topTopic?.total ?? null, prior.topTopic?.total ?? null],
    ['Wilayah paling negatif', cur.mostNegativeRegion?.label ?? null, prior.mostNegativeRegion?.label ?? null],
    ['% negatif wilayah tersebut', round1(cur.mostNegativeRegion?.negativePct ?? null), round1(prior.mostNegativeRegion?.negativePct ?? null)],
    ['Dibuat', formatWib(c.generatedAt), null],
  ];
  for (const [metric, current, previous] of rows) ws.addRow({ metric, current, previous }).commit();
  ws.addRow({}).commit();
  ws.addRow({ metric: 'Per hari (WIB)', current: 'Jumlah', previous: 'Negatif' }).commit();
  for (const d of c.data.days) ws.addRow({ metric: d.key, current: d.total, previous: d.negative }).commit();
  ws.commit();
}

function pivotSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, first: string, rows: Breakdown[]): void {
  const ws = wb.addWorksheet(name);
  headerRow(ws, [
    { header: 'Kode', key: 'id', width: 22 },
    { header: first, key: 'label', width: 32 },
    { header: 'Positif', key: 'positive', width: 10 },
    { header: 'Netral', key: 'neutral', width: 10 },
    { header: 'Negatif', key: 'negative', width: 10 },
    { header: 'Jumlah', key: 'total', width: 10 },
    { header: '% negatif', key: 'negativePct', width: 11 },
  ]);
  for (const r of rows) {
    ws.addRow({ id: r.id, label: r.label, positive: r.positive, neutral: r.neutral, negative: r.negative, total: r.total, negativePct: round1(pct(r.negative, r.total)) }).commit();
  }
  ws.commit();
}

function alertsSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Parameters<typeof writeReportXlsx>[1]): void {
  const ws = wb.addWorksheet(SHEETS.alerts);
  headerRow(ws, [
    { header: 'Waktu (WIB)', key: 'at', width: 22 },
    { header: 'Aturan', key: 'rule', width: 28 },
    { header: 'Ringkasan', key: 'summary', width: 60 },
    { header: 'Tingkat', key: 'severity', width: 12 },
    { header: 'Status', key: 'status', width: 14 },
    { header: 'Ditangani oleh', key: 'handledBy', width: 20 },
    { header: 'Catatan', key: 'note', width: 40 },
  ]);
  if (!c.alerts) {
    ws.addRow({ at: 'Modul peringatan belum aktif' }).commit();
  } else {
    for (const a of c.alerts.alerts) {
      ws.addRow({ at: formatWib(a.at), rule: xmlSafe(a.rule), summary: xmlSafe(a.summary), severity: a.severity, status: a.status, handledBy: a.handledBy, note: a.note && xmlSafe(a.note) }).commit();
    }
  }
  ws.commit();
}

async function postsSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  c: Parameters<typeof writeReportXlsx>[1],
  pages: AsyncIterable<EnrichedPost[]>,
  onPosts?: (written: number) => void,
): Promise<PostsSheetResult> {
  const ws = wb.addWorksheet(SHEETS.posts, { views: [{ state: 'frozen', ySplit: 1 }] });
  headerRow(ws, [
    { header: 'ID', key: 'id', width: 26 },
    { header: 'Waktu (WIB)', key: 'time', width: 19 },
    { header: 'Sumber', key: 'source', width: 14 },
    { header: 'Penulis', key: 'author', width: 22 },
    { header: 'Teks', key: 'text', width: 80 },
    { header: 'Sentimen', key: 'sentiment', width: 10 },
    { header: 'Skor', key: 'score', width: 8 },
    { header: 'Topik', key: 'topics', width: 26 },
    { header: 'Wilayah', key: 'regions', width: 26 },
    { header: 'URL', key: 'url', width: 40 },
    { header: 'Suka', key: 'likes', width: 8 },
    { header: 'Dibagikan', key: 'shares', width: 10 },
    { header: 'Balasan', key: 'replies', width: 9 },
    { header: 'Dilihat', key: 'views', width: 10 },
    { header: 'Keterlibatan', key: 'engagement', width: 12 },
  ]);
  ws.getColumn('time').numFmt = 'yyyy-mm-dd hh:mm:ss';
  const versions = new Map<string, number>();
  const sources = new Map<string, number>();
  let n = 0;
  for await (const page of pages) {
    for (const p of page) {
      const e = p.engagement ?? {};
      const rawAuthor = p.author?.handle ?? p.author?.name ?? p.author?.id ?? null;
      ws.addRow({
        id: p.id,
        // Excel dates carry no zone: write the WIB wall-clock time so it reads and sorts as WIB.
        time: new Date(Date.parse(p.createdAt) + WIB_OFFSET_MS),
        source: p.source,
        author: c.authorLabel(p.source, rawAuthor),
        text: xmlSafe(p.title && !p.text.startsWith(p.title) ? `${p.title}\n${p.text}` : p.text),
        sentiment: SENTIMENT_ID[p.sentiment.label],
        score: Math.round(p.sentiment.score * 1000) / 1000,
        topics: p.topics.map(topicLabel).join('; '),
        regions: p.regions.map(regionLabel).join('; '),
        url: p.url ?? null,
        likes: e.likes ?? null,
        shares: e.shares ?? null,
        replies: e.replies ?? null,
        views: e.views ?? null,
        engagement: (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0),
      }).commit();
      versions.set(p.modelVersion, (versions.get(p.modelVersion) ?? 0) + 1);
      sources.set(p.source, (sources.get(p.source) ?? 0) + 1);
      n++;
    }
    onPosts?.(n);
    // TRICKY: the SQLite store answers synchronously, so without this the loop never leaves the
    // microtask queue and the zip (deflate, file writes) cannot drain: the whole sheet would buffer.
    await drain(ws);
  }
  ws.commit();
  return { posts: n, modelVersions: toBuckets(versions), sources: toBuckets(sources) };
}

function methodSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, c: Parameters<typeof writeReportXlsx>[1], result: PostsSheetResult): void {
  const ws = wb.addWorksheet(SHEETS.method);
  headerRow(ws, [
    { header: 'Keterangan', key: 'key', width: 34 },
    { header: 'Nilai', key: 'value', width: 40 },
    { header: 'Jumlah pos', key: 'count', width: 12 },
  ]);
  ws.addRow({ key: 'Awal periode (UTC, inklusif)', value: c.data.range.from }).commit();
  ws.addRow({ key: 'Akhir periode (UTC, eksklusif)', value: c.data.range.to }).commit();
  for (const s of result.sources) ws.addRow({ key: 'Sumber', value: sourceLabel(s.key), count: s.count }).commit();
  for (const v of result.modelVersions) ws.addRow({ key: 'Versi model sentimen', value: v.key, count: v.count }).commit();
  const m = c.method.metrics;
  if (m) {
    ws.addRow({ key: `Akurasi model ${m.modelVersion} (data dev)`, value: round3(m.accuracy), count: m.n }).commit();
    ws.addRow({ key: `Macro-F1 model ${m.modelVersion} (data dev)`, value: round3(m.macroF1), count: m.n }).commit();
  } else {
    ws.addRow({ key: 'Akurasi model', value: 'belum tersedia' }).commit();
  }
  ws.commit();
}

/** A worksheet's output as exceljs builds it: a buffer piped into the zip entry (not in its typings). */
interface PipedSheet {
  stream?: { pipes?: { writableLength?: number }[] };
}

const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
const MAX_DRAIN_WAIT_MS = 30_000;

/**
 * Backpressure that exceljs does not give: wait while the zip entry has more than a few MB queued for
 * deflate. Always yields at least once; gives up waiting after 30 s rather than hang.
 */
async function drain(ws: ExcelJS.Worksheet): Promise<void> {
  const backlog = (): number => ((ws as unknown as PipedSheet).stream?.pipes ?? []).reduce((n, p) => n + (p.writableLength ?? 0), 0);
  const deadline = Date.now() + MAX_DRAIN_WAIT_MS;
  await new Promise((resolve) => setImmediate(resolve));
  while (backlog() > MAX_BACKLOG_BYTES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

function toBuckets(map: Map<string, number>): FacetBucket[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function round1(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

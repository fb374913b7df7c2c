import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { regionLabel } from '../../lib/domain/regions';
import { topicLabel } from '../../lib/domain/topics';
import type { PostStore } from '../../lib/store/post-store';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import { wibDay } from '../../lib/time';
import type { EnrichedPost, SentimentLabel } from '../../schemas';
import { gatherWeeklyData } from '../../services/reporter/gather';
import { createReportGenerator } from '../../services/reporter/generate';
import { createMemoryHistoryStore } from '../../services/reporter/history';
import { parseReporterOptions } from '../../services/reporter/options';
import { streamWeekPosts } from '../../services/reporter/posts-stream';
import { formatCount, formatPct, pdfSafe, pseudonymise } from '../../services/reporter/text';
import { lastCompletedWeek, parseWeek, weekOf } from '../../services/reporter/week';
import { SHEETS } from '../../services/reporter/xlsx';
import { buildEnrichedPost, type EnrichedPostOverrides } from '../fixtures/build-enriched-post';
import { silentLogger } from '../fixtures/logger';

const OUTPUT = path.resolve(__dirname, '..', 'output');
const SALT = 'uji-garam-laporan-0123456789';

/**
 * A fixed corpus around ISO week 2026-W47 (Mon 16 – Sun 22 Nov 2026 WIB): posts in the week, in the
 * week before (for the comparison) and after, with four posts on the WIB midnights that bound it.
 */
function corpus(): EnrichedPost[] {
  const posts: EnrichedPost[] = [];
  const topics = ['banjir', 'jalan_jembatan', 'karhutla_asap', 'kesehatan'];
  const regions = ['kota_palembang', 'ogan_ilir', 'lahat', 'banyuasin'];
  const labels: SentimentLabel[] = ['negative', 'negative', 'neutral', 'positive', 'negative'];
  let n = 0;
  const add = (createdAt: string, o: EnrichedPostOverrides = {}): void => {
    n++;
    posts.push(
      buildEnrichedPost({
        sourceId: `lap-${n}`,
        source: n % 3 === 0 ? 'x' : n % 3 === 1 ? 'rss' : 'youtube',
        createdAt,
        author: { handle: `warga${n % 7}`, name: `Warga ${n % 7}` },
        engagement: { likes: n % 11, shares: n % 3, replies: n % 5 },
        text: `Pos uji nomor ${n} tentang kondisi di Sumatera Selatan.`,
        url: `https://contoh.id/pos/${n}`,
        sentiment: labels[n % labels.length]!,
        topics: [topics[n % topics.length]!],
        regions: [regions[n % regions.length]!],
        ...o,
      }),
    );
  };
  // 42 posts inside W47, six a day at WIB 08:00–13:00 (01:00–06:00 UTC).
  for (let d = 0; d < 7; d++) {
    for (let h = 0; h < 6; h++) add(new Date(Date.parse('2026-11-16T01:00:00Z') + d * 86_400_000 + h * 3_600_000).toISOString());
  }
  // 20 posts in W46, mostly positive: last week was calmer.
  for (let i = 0; i < 20; i++) {
    add(new Date(Date.parse('2026-11-09T03:00:00Z') + i * 6 * 3_600_000).toISOString(), { sentiment: i % 5 === 0 ? 'negative' : 'positive' });
  }
  // Boundaries: Monday 00:00:00 WIB starts W47, Sunday 23:59:59 WIB ends it.
  add('2026-11-15T16:59:59.000Z', { sourceId: 'edge-before-start', sentiment: 'positive' }); // Sun 15 Nov 23:59:59 WIB → W46
  add('2026-11-15T17:00:00.000Z', { sourceId: 'edge-start', sentiment: 'negative' }); // Mon 16 Nov 00:00 WIB → W47
  add('2026-11-22T16:59:59.000Z', { sourceId: 'edge-end', sentiment: 'negative' }); // Sun 22 Nov 23:59:59 WIB → W47
  add('2026-11-22T17:00:00.000Z', { sourceId: 'edge-after-end', sentiment: 'negative' }); // Mon 23 Nov 00:00 WIB → W48
  // Text the standard PDF font cannot draw must not break the PDF.
  add('2026-11-18T05:30:00Z', {
    sourceId: 'emoji',
    text: 'Banjir lagi di Plaju 😡😡 warga kesal, tolong pak gub 🙏 — “segera” ditangani ✅',
    sentiment: 'negative',
    topics: ['banjir'],
    regions: ['kota_palembang'],
    engagement: { likes: 500, shares: 200, replies: 90 },
  });
  return posts;
}

const W47_DAYS = new Set(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);

describe('weekly report over a fixed corpus', () => {
  let dir: string;
  let store: PostStore;
  const posts = corpus();
  const expected = posts.filter((p) => W47_DAYS.has(wibDay(p.createdAt)));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-report-'));
    store = createSqlitePostStore({ file: path.join(dir, 'dengar.db') });
    const result = await store.upsert(posts);
    expect(result.failed).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('ISO weeks run Monday 00:00 WIB to the next Monday 00:00 WIB', () => {
    const w = parseWeek('2026-W47');
    expect(w).toMatchObject({ monday: '2026-11-16', sunday: '2026-11-22', from: '2026-11-15T17:00:00.000Z', to: '2026-11-22T17:00:00.000Z' });
    expect(weekOf('2026-11-22T16:59:59Z').week).toBe('2026-W47');
    expect(weekOf('2026-11-22T17:00:00Z').week).toBe('2026-W48');
    expect(parseWeek('2026-W53').monday).toBe('2026-12-28'); // 2026 has 53 ISO weeks
    expect(parseWeek('2021-W01').monday).toBe('2021-01-04');
    expect(() => parseWeek('2025-W53')).toThrow(/tidak ada/);
    expect(() => parseWeek('2026-47')).toThrow(/YYYY-Www/);
    // The Monday-morning job reports the week that just ended.
    expect(lastCompletedWeek(new Date('2026-11-23T00:00:00Z')).week).toBe('2026-W47');
  });

  test("the report's numbers are the store's counts for the WIB week, midnight posts included or not", async () => {
    const range = parseWeek('2026-W47');
    const data = await gatherWeeklyData(store, range);
    const scope = { query: { type: 'all' as const }, filters: { from: range.from, to: range.to } };
    expect(data.current.total).toBe(await store.count(scope));
    expect(data.current.total).toBe(expected.length);
    expect(data.current.negative).toBe(expected.filter((p) => p.sentiment.label === 'negative').length);
    expect(data.days.map((d) => d.key)).toEqual([...W47_DAYS]);
    expect(data.days.reduce((n, d) => n + d.total, 0)).toBe(expected.length);
    expect(data.prior.total).toBe(posts.filter((p) => wibDay(p.createdAt) >= '2026-11-09' && wibDay(p.createdAt) <= '2026-11-15').length);

    const ids = new Set<string>();
    for await (const page of streamWeekPosts(store, range)) for (const p of page) ids.add(p.id);
    expect([...ids].sort()).toEqual(expected.map((p) => p.id).sort());
    const bySourceId = (s: string): string => posts.find((p) => p.sourceId === s)!.id;
    expect(ids.has(bySourceId('edge-start'))).toBe(true);
    expect(ids.has(bySourceId('edge-end'))).toBe(true);
    expect(ids.has(bySourceId('edge-before-start'))).toBe(false);
    expect(ids.has(bySourceId('edge-after-end'))).toBe(false);

    // Topic and region pivots agree with the posts.
    const banjir = data.topics.find((t) => t.id === 'banjir')!;
    expect(banjir.total).toBe(expected.filter((p) => p.topics.includes('banjir')).length);
    expect(banjir.negative).toBe(expected.filter((p) => p.topics.includes('banjir') && p.sentiment.label === 'negative').length);
    expect(data.regions).toHaveLength(17);
    expect(data.topIssues[0]!.examples).toHaveLength(2);
  });

  test('paging survives more than a page of posts at one instant', async () => {
    const crowd = Array.from({ length: 450 }, (_, i) => buildEnrichedPost({ sourceId: `same-instant-${i}`, createdAt: '2027-03-03T03:03:03.000Z' }));
    const later = Array.from({ length: 5 }, (_, i) => buildEnrichedPost({ sourceId: `later-${i}`, createdAt: `2027-03-04T0${i}:00:00.000Z` }));
    await store.upsert([...crowd, ...later]);
    const seen: string[] = [];
    for await (const page of streamWeekPosts(store, weekOf('2027-03-03T03:03:03Z'))) seen.push(...page.map((p) => p.id));
    expect(seen).toHaveLength(455);
    expect(new Set(seen).size).toBe(455);
  });

  test('PDF and XLSX: headline numbers in the PDF text, the workbook read back, page 1 rendered', async () => {
    const history = createMemoryHistoryStore();
    const options = parseReporterOptions({ reportDir: path.join(dir, 'reports'), pseudonymiseAuthors: true, pseudonymSalt: SALT });
    const progress: string[] = [];
    const generator = createReportGenerator({ store, history, logger: silentLogger, options, now: () => new Date('2026-11-23T00:00:00Z') });
    const record = await generator.generate({ week: '2026-W47', trigger: 'cli', outDir: path.join(dir, 'out'), onProgress: (p) => progress.push(p.stage) });
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('ready');
    expect(record.totals).toEqual({ posts: expected.length, negative: expected.filter((p) => p.sentiment.label === 'negative').length });
    expect(progress).toEqual(expect.arrayContaining(['gather', 'posts', 'pdf', 'done']));
    expect((await history.get(record.id))?.status).toBe('ready');

    const pdf = record.files.find((f) => f.kind === 'pdf')!.path;
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(4);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    const range = parseWeek('2026-W47');
    const data = await gatherWeeklyData(store, range);
    expect(text).toContain('Laporan Mingguan Percakapan Publik');
    expect(text).toContain('16–22 November 2026');
    expect(text).toContain(formatCount(expected.length));
    expect(text).toContain(formatPct(data.current.negativePct));
    expect(text).toContain(data.current.topTopic!.label);
    expect(text).toContain(data.current.mostNegativeRegion!.label);
    expect(text).toContain('Modul peringatan belum aktif');
    expect(text).toContain('Data kotak masuk belum tersedia');
    expect(text).toContain('lexicon-id-0.1'); // the posts' model version, named in the method note
    expect(text).toContain('Banjir lagi di Plaju'); // the emoji post, shown without its emoji
    expect(text).not.toContain('warga3'); // authors are pseudonymised
    for (const r of data.regions) expect(text).toContain(r.label);

    // Page 1 as an image for people to look at.
    const png = path.join(OUTPUT, 'reporter-page1');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
    expect(existsSync(`${png}.png`)).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(record.files.find((f) => f.kind === 'xlsx')!.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEETS.summary, SHEETS.topics, SHEETS.regions, SHEETS.alerts, SHEETS.posts, SHEETS.method]);
    const summary = wb.getWorksheet(SHEETS.summary)!;
    const cell = (label: string, col = 2): unknown => {
      let value: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) value = row.getCell(col).value;
      });
      return value;
    };
    expect(cell('Jumlah pos')).toBe(expected.length);
    expect(cell('Pos negatif')).toBe(data.current.negative);
    expect(cell('Jumlah pos', 3)).toBe(data.prior.total);
    expect(cell('Topik teratas')).toBe(data.current.topTopic!.label);

    const sheet = wb.getWorksheet(SHEETS.posts)!;
    expect(sheet.rowCount - 1).toBe(expected.length);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['ID', 'Waktu (WIB)', 'Sumber', 'Penulis', 'Teks', 'Sentimen', 'Skor', 'Topik', 'Wilayah', 'URL', 'Suka', 'Dibagikan', 'Balasan', 'Dilihat', 'Keterlibatan']);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, i) => void (i > 1 && rows.set(String(row.getCell(1).value), row)));
    expect([...rows.keys()].sort()).toEqual(expected.map((p) => p.id).sort());
    const edge = posts.find((p) => p.sourceId === 'edge-end')!;
    const row = rows.get(edge.id)!;
    // Sunday 23:59:59 WIB written as WIB wall-clock time.
    expect((row.getCell(2).value as Date).toISOString()).toBe('2026-11-22T23:59:59.000Z');
    expect(row.getCell(4).value).toBe(pseudonymise(edge.source, edge.author!.handle!, SALT));
    expect(row.getCell(6).value).toBe('Negatif');
    expect(row.getCell(8).value).toBe(topicLabel(edge.topics[0]!));
    expect(row.getCell(9).value).toBe(regionLabel(edge.regions[0]!));
    expect(row.getCell(10).value).toBe(edge.url);

    const topics = wb.getWorksheet(SHEETS.topics)!;
    const banjirRow = (topics.getRows(2, topics.rowCount - 1) ?? []).find((r) => r.getCell(1).value === 'banjir')!;
    const banjir = data.topics.find((t) => t.id === 'banjir')!;
    expect([banjirRow.getCell(3).value, banjirRow.getCell(4).value, banjirRow.getCell(5).value, banjirRow.getCell(6).value]).toEqual([banjir.positive, banjir.neutral, banjir.negative, banjir.total]);
    expect(wb.getWorksheet(SHEETS.regions)!.rowCount - 1).toBe(17);
    expect(wb.getWorksheet(SHEETS.alerts)!.getRow(2).getCell(1).value).toBe('Modul peringatan belum aktif');
  });

  test('an empty week still gives a complete, honest report', async () => {
    const generator = createReportGenerator({ store, history: createMemoryHistoryStore(), logger: silentLogger, options: parseReporterOptions({ reportDir: path.join(dir, 'r') }) });
    const record = await generator.generate({ week: '2025-W10', trigger: 'cli', outDir: path.join(dir, 'empty') });
    expect(record.status).toBe('ready');
    expect(record.totals?.posts).toBe(0);
    const text = execFileSync('pdftotext', [record.files.find((f) => f.kind === 'pdf')!.path, '-']).toString();
    expect(text).toContain('Tidak ada pos yang terkumpul');
  });

  test('pdfSafe keeps Indonesian text and drops what Helvetica cannot draw', () => {
    expect(pdfSafe('Jalan rusak di Muara Enim 😡🙏 “parah” — café')).toBe('Jalan rusak di Muara Enim “parah” — café');
    expect(pdfSafe('Łódź ✅ ok')).toBe('Lódz ok');
  });
});

/**
 * Writes the committed sample files under `samples/` from the seeded corpus generator.
 *
 *   npm run build && node dist/bench/make-sample.js [outDir]      (outDir defaults to ./samples)
 *
 * The builders are exported so a unit test can prove the committed files are exactly what this
 * script makes, i.e. that anyone can regenerate them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RawPostInput } from '../schemas/raw-post';
import { type CorpusItem, type CorpusOptions, REGIONS, TOPIC_KEYS, iterateCorpus } from './corpus';

export const SAMPLE_SEED = 20261127;
/** 2,000 posts over the 60 WIB days 2026-09-29 … 2026-11-27. */
export const SAMPLE_OPTIONS: CorpusOptions = {
  seed: SAMPLE_SEED,
  count: 2000,
  start: new Date('2026-09-29T00:00:00+07:00'),
  days: 60,
};
const CSV_OPTIONS: CorpusOptions = { ...SAMPLE_OPTIONS, seed: SAMPLE_SEED + 1, count: 49 };
const ERRORS_OPTIONS: CorpusOptions = { ...SAMPLE_OPTIONS, seed: SAMPLE_SEED + 2, count: 8 };

export const CSV_COLUMNS = [
  'source', 'sourceId', 'text', 'createdAt', 'url', 'title', 'author_handle', 'author_name',
  'author_followers', 'likes', 'shares', 'replies', 'views', 'replyTo', 'lang',
] as const;

function jsonl(posts: readonly unknown[]): string {
  return posts.map((p) => JSON.stringify(p)).join('\n') + '\n';
}

export function sampleItems(): CorpusItem[] {
  return [...iterateCorpus(SAMPLE_OPTIONS)];
}

export function buildSampleJsonl(): string {
  return jsonl(sampleItems().map((it) => it.post));
}

/** What the import must say about each line of `posts.with-errors.jsonl` (1-based). */
export interface ErrorLine {
  line: number;
  valid: boolean;
  why: string;
}

/**
 * Valid posts interleaved with the mistakes people make when hand-building an import file.
 * Returns the file text and, per line, whether it should import and why not.
 */
export function buildErrorsJsonl(): { text: string; expected: ErrorLine[] } {
  const good = [...iterateCorpus(ERRORS_OPTIONS)].map((it) => JSON.stringify(it.post));
  const at = '2026-11-20T01:15:00Z';
  const base = (n: number) => ({ source: 'x', sourceId: `contoh-salah-${n}`, createdAt: at });
  const bad: [string, string][] = [
    ['{"source":"x","sourceId":"contoh-salah-3","text":"jalan rusak di Plaju","createdAt":"2026-11-20T01:15:00Z"', 'JSON rusak (kurung kurawal tidak ditutup)'],
    [JSON.stringify(base(5)), 'text tidak ada'],
    [JSON.stringify({ ...base(6), text: '   ' }), 'text kosong'],
    [JSON.stringify({ ...base(8), text: 'PLN padam lagi di Sako', createdAt: 'kemarin sore' }), 'createdAt bukan tanggal'],
    [JSON.stringify({ ...base(9), text: 'banjir di Kertapati', createdAt: '2026-11-20 08:00:00' }), 'createdAt tanpa zona waktu'],
    [JSON.stringify({ ...base(10), source: 'tiktok', text: 'asap tebal di Indralaya' }), 'source tidak dikenal (tiktok)'],
    [JSON.stringify({ ...base(12), text: 'mantap pak gub', engagement: { likes: 'banyak' } }), 'engagement.likes bukan angka'],
    [JSON.stringify({ ...base(13), sourceId: 12345, text: 'LRT telat lagi' }), 'sourceId bukan string'],
    [JSON.stringify({ ...base(14), text: 'harga cabai naik', author: { handle: 'contoh', followers: -5 } }), 'author.followers negatif'],
    [JSON.stringify({ ...base(15), text: 'Samsat keliling di Jakabaring', url: 'bukan url' }), 'url tidak valid'],
    [JSON.stringify(['x', 'contoh-salah-16', 'teks dalam array']), 'baris bukan objek JSON'],
    ['null', 'baris bukan objek JSON'],
    [JSON.stringify({ sourceId: 'contoh-salah-20', text: 'sampah menumpuk di Gandus', createdAt: at }), 'source tidak ada'],
  ];
  // Line layout: which lines hold a valid post (1-based), the rest take the mistakes in order.
  const validAt = new Set([1, 2, 4, 7, 11, 17, 19, 21]);
  const lines: string[] = [];
  const expected: ErrorLine[] = [];
  let g = 0;
  let b = 0;
  for (let line = 1; line <= good.length + bad.length; line++) {
    if (validAt.has(line)) {
      lines.push(good[g++] ?? '');
      expected.push({ line, valid: true, why: 'valid' });
    } else {
      const [text, why] = bad[b++] ?? ['', ''];
      lines.push(text);
      expected.push({ line, valid: false, why });
    }
  }
  return { text: lines.join('\n') + '\n', expected };
}

function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV times are written as WIB wall time with offset, the way a spreadsheet export would show them. */
function wibIso(iso: string): string {
  return `${new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

function csvRow(p: RawPostInput): string {
  const row: (string | number | undefined)[] = [
    p.source, p.sourceId, p.text, wibIso(p.createdAt), p.url, p.title, p.author?.handle, p.author?.name,
    p.author?.followers, p.engagement?.likes, p.engagement?.shares, p.engagement?.replies, p.engagement?.views,
    p.replyTo, p.lang,
  ];
  return row.map(csvField).join(',');
}

/** 49 generated posts plus one hand-written row whose text needs CSV quoting (quotes, comma, newline). */
export function buildSampleCsv(): string {
  const posts = [...iterateCorpus(CSV_OPTIONS)].map((it) => it.post);
  posts.splice(10, 0, {
    source: 'facebook',
    sourceId: '1000010001_csv-kutipan',
    text: 'Kata petugas "besok air PDAM normal", tapi di Plaju sudah tiga hari mati.\nMohon dicek, terima kasih.',
    createdAt: '2026-11-20T01:15:00.000Z',
    url: 'https://www.facebook.com/pemprovsumsel/posts/1000010001?comment_id=csv-kutipan',
    author: { name: 'Warga Plaju' },
    engagement: { likes: 12, replies: 3 },
    lang: 'id',
  });
  return [CSV_COLUMNS.join(','), ...posts.map(csvRow)].join('\n') + '\n';
}

// ─── Stats ───────────────────────────────────────────────────────────────────────────────────

/** Rough keyword cues per topic (domain.md B3), to check the texts really carry their topic. */
const TOPIC_CUES: Readonly<Record<string, readonly string[]>> = {
  karhutla_asap: ['asap', 'titik api', 'karhutla', 'gambut', 'ispu', 'hotspot', 'titik panas', 'haze', 'water bombing', 'masker'],
  banjir: ['banjir', 'genangan', 'drainase', 'kolam retensi', 'kebanjiran', 'sungai musi'],
  jalan_jembatan: ['jalan', 'jembatan', 'macet', 'flyover', 'tol '],
  angkutan_batubara: ['batu bara'],
  lrt: ['lrt'],
  kesehatan: ['bpjs', 'rsud', 'puskesmas', 'dbd', 'ispa', 'vaksin', 'jkn'],
  stunting_gizi: ['stunting', 'mbg', 'posyandu', 'sppg', 'bergizi'],
  pendidikan: ['ppdb', 'spmb', 'sekolah', 'guru', 'beasiswa', 'pppk'],
  harga_bbm: ['harga', 'cabai', 'beras', 'lpg', 'elpiji', 'solar', 'pasar murah', 'inflasi'],
  korupsi: ['korupsi', 'tersangka', 'kejati', 'pungli', 'tipikor', 'bphtb', 'pasar cinde'],
  pemilu: ['pilkada', 'kpu', 'bawaslu', 'psu', 'politik uang', 'tps', 'pemilih', 'kampanye', 'rekapitulasi', 'netral'],
  layanan_publik: ['pdam', 'pln', 'ktp', 'dukcapil', 'samsat', 'sampah', 'stnk', 'viral', 'pajak', 'listrik', 'opd'],
  pariwisata: ['wisata', 'pempek', 'festival', 'pulau kemaro', 'bkb', 'danau ranau', 'gunung dempo', 'bukit', 'ampera', 'liburan', 'goa', 'kebun teh', 'kampung kapitan', 'sport city', 'pengunjung'],
  investasi_energi: ['investasi', 'kek ', 'pertamina', 'pltu', 'sumur minyak', 'lowongan'],
  pertanian: ['karet', 'sawit', 'tbs', 'kopi', 'padi', 'pupuk', 'petani', 'bibit'],
  kemiskinan: ['bansos', 'pkh', 'blt', 'phk', 'kemiskinan', 'bedah rumah', 'miskin', 'bantuan'],
  narkoba: ['narkoba', 'sabu', 'bnnp'],
  keamanan: ['begal', 'tawuran', 'cctv', 'patroli', 'konflik lahan', 'motor hilang'],
};

function tally<T extends string>(values: Iterable<T>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

export function corpusStats(items: readonly CorpusItem[]) {
  const wibHour = (iso: string) => (new Date(iso).getUTCHours() + 7) % 24;
  const wibDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
  const perDay = tally(items.map((it) => wibDay(it.post.createdAt)));
  const cueHits: Record<string, number> = {};
  for (const key of TOPIC_KEYS) {
    const cues = TOPIC_CUES[key] ?? [];
    cueHits[key] = items.filter((it) => it.topic === key && cues.some((c) => `${it.post.title ?? ''} ${it.post.text}`.toLowerCase().includes(c))).length;
  }
  const cueMentions = Object.fromEntries(
    REGIONS.map((r) => [r.key, items.filter((it) => r.cues.some((c) => it.post.text.includes(c) || (it.post.title ?? '').includes(c))).length]),
  );
  return {
    posts: items.length,
    source: tally(items.map((it) => it.post.source)),
    sentiment: tally(items.map((it) => it.sentiment)),
    register: tally(items.map((it) => it.register)),
    kind: tally(items.map((it) => it.kind)),
    lang: tally(items.map((it) => it.post.lang ?? '(none)')),
    topic: tally(items.map((it) => it.topic)),
    topicWithKeyword: cueHits,
    region: tally(items.map((it) => it.region ?? '(not named)')),
    regionCueMentions: cueMentions,
    wibHour: Object.fromEntries(Array.from({ length: 24 }, (_v, h) => [h, items.filter((it) => wibHour(it.post.createdAt) === h).length])),
    busiestDays: Object.fromEntries(Object.entries(perDay).slice(0, 5)),
    quietestDays: Object.fromEntries(Object.entries(perDay).slice(-3)),
    days: Object.keys(perDay).length,
    withReplyTo: items.filter((it) => it.post.replyTo).length,
    mentioningOffice: items.filter((it) => /@(diskominfo|humas)_sumsel/.test(it.post.text)).length,
  };
}

function main(): void {
  const out = resolve(process.argv[2] ?? join(process.cwd(), 'samples'));
  mkdirSync(out, { recursive: true });
  const items = sampleItems();
  writeFileSync(join(out, 'posts.sample.jsonl'), jsonl(items.map((it) => it.post)));
  writeFileSync(join(out, 'posts.with-errors.jsonl'), buildErrorsJsonl().text);
  writeFileSync(join(out, 'posts.sample.csv'), buildSampleCsv());
  process.stdout.write(`${JSON.stringify({ out, ...corpusStats(items) }, null, 2)}\n`);
}

if (require.main === module) main();

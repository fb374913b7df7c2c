import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CORPUS_SOURCES,
  type CorpusItem,
  type CorpusOptions,
  REGIONS,
  TOPIC_KEYS,
  generatePosts,
  iterateCorpus,
  iteratePosts,
  mulberry32,
} from '../../bench/corpus';
import { SAMPLE_OPTIONS, buildErrorsJsonl, buildSampleCsv, buildSampleJsonl } from '../../bench/make-sample';
import { RawPostInput } from '../../schemas';
import { type ImportRecord, readImportRecords } from '../../services/collector/import-file';

const SAMPLES = join(__dirname, '../../samples');
const small: CorpusOptions = { seed: 7, count: 500, start: new Date('2026-11-01T00:00:00+07:00'), days: 14 };
// One 2,000-post run shared by the distribution checks (the same shape as the committed sample).
const items: CorpusItem[] = [...iterateCorpus(SAMPLE_OPTIONS)];
const posts = items.map((it) => it.post);

async function importRecords(file: string, format: 'jsonl' | 'csv'): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for await (const r of readImportRecords(Readable.from([readFileSync(join(SAMPLES, file), 'utf8')]), format)) out.push(r);
  return out;
}

describe('mulberry32', () => {
  test('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(99);
    const b = mulberry32(99);
    const c = mulberry32(100);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generatePosts', () => {
  test('the same options give the same posts; another seed gives other posts', () => {
    expect(generatePosts(small)).toEqual(generatePosts(small));
    const other = generatePosts({ ...small, seed: 8 });
    expect(other).toHaveLength(500);
    expect(other.map((p) => p.text)).not.toEqual(generatePosts(small).map((p) => p.text));
  });

  test('post i does not depend on count, and the iterator yields the same sequence', () => {
    const prefix = generatePosts({ ...small, count: 120 });
    expect(prefix).toEqual(generatePosts(small).slice(0, 120));
    expect([...iteratePosts(small)]).toEqual(generatePosts(small));
    expect(generatePosts({ ...small, count: 0 })).toEqual([]);
  });

  test('rejects bad options with the field named', () => {
    expect(() => generatePosts({ ...small, count: -1 })).toThrow(/count/);
    expect(() => generatePosts({ ...small, days: 0 })).toThrow(/days/);
  });

  test('every post is a valid import line, already in normalised form', () => {
    expect(posts).toHaveLength(2000);
    for (const p of posts) {
      const parsed = RawPostInput.safeParse(p);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(p);
      expect(`${p.title ?? ''}${p.text}`).not.toMatch(/[{}]/); // no unfilled template slot
    }
  });

  test('createdAt falls inside [start, start + days)', () => {
    const from = SAMPLE_OPTIONS.start.getTime();
    const to = from + SAMPLE_OPTIONS.days * 86_400_000;
    for (const p of posts) {
      const t = Date.parse(p.createdAt);
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThan(to);
    }
    const short = generatePosts({ ...small, days: 1, count: 300 });
    expect(short.every((p) => Date.parse(p.createdAt) < small.start.getTime() + 86_400_000)).toBe(true);
  });

  test('source + sourceId is unique, and replies point back to an earlier post of the same source', () => {
    expect(new Set(posts.map((p) => `${p.source}\u0000${p.sourceId}`)).size).toBe(posts.length);
    const seen = new Map<string, string>();
    const replies = posts.filter((p) => p.replyTo);
    expect(replies.length).toBeGreaterThan(100);
    for (const p of posts) {
      if (p.replyTo) {
        const parentAt = seen.get(`${p.source}\u0000${p.replyTo}`);
        expect(parentAt).toBeDefined();
        expect(p.createdAt >= (parentAt ?? '')).toBe(true);
      }
      seen.set(`${p.source}\u0000${p.sourceId}`, p.createdAt);
    }
  });
});

describe('the 2,000-post sample covers the domain', () => {
  const text = (p: RawPostInput) => `${p.title ?? ''} ${p.text}`;

  test('all sources, all 17 regions (by place cue) and all topics appear', () => {
    expect(new Set(posts.map((p) => p.source))).toEqual(new Set(CORPUS_SOURCES));
    for (const region of REGIONS) {
      expect([region.key, posts.some((p) => region.cues.some((cue) => text(p).includes(cue)))]).toEqual([region.key, true]);
    }
    expect(new Set(items.map((it) => it.topic))).toEqual(new Set(TOPIC_KEYS));
  });

  test('sentiment mix is about 45/30/25 and ~10-15% of posts are in Palembang dialect', () => {
    const share = (pred: (it: CorpusItem) => boolean) => items.filter(pred).length / items.length;
    expect(share((it) => it.sentiment === 'negative')).toBeCloseTo(0.45, 1);
    expect(share((it) => it.sentiment === 'neutral')).toBeCloseTo(0.3, 1);
    expect(share((it) => it.sentiment === 'positive')).toBeCloseTo(0.25, 1);
    const dialect = share((it) => it.register === 'dialect');
    expect(dialect).toBeGreaterThan(0.08);
    expect(dialect).toBeLessThan(0.17);
    const dialectWords = /\b(dak|idak|nian|galo|lemak|bongok|cak mano|kagek|wong kito|mokaseh|jingok|pacak|katek|aok|bae|ngapo)\b/;
    expect(items.filter((it) => it.register === 'dialect').every((it) => dialectWords.test(it.post.text))).toBe(true);
  });

  test('news carries title, news url and no engagement; social posts carry engagement', () => {
    for (const p of posts) {
      if (p.source === 'rss' || p.source === 'google_news') {
        expect(p.title).toBeTruthy();
        expect(p.engagement).toBeUndefined();
        expect(p.url).toMatch(/^https:\/\/(sumsel\.antaranews\.com|palembang\.tribunnews\.com|sumsel\.tribunnews\.com|sumateraekspres\.bacakoran\.co|palpres\.disway\.id|www\.detik\.com|regional\.kompas\.com)\//);
      } else {
        expect(p.engagement).toBeDefined();
      }
    }
    expect(posts.filter((p) => p.source === 'x').every((p) => p.url === `https://x.com/${p.author?.handle}/status/${p.sourceId}`)).toBe(true);
  });

  test('daily rhythm is quiet at night and one injected burst day stands out', () => {
    const wibHour = (iso: string) => (new Date(iso).getUTCHours() + 7) % 24;
    const night = posts.filter((p) => wibHour(p.createdAt) < 5).length;
    const evening = posts.filter((p) => wibHour(p.createdAt) >= 19 && wibHour(p.createdAt) < 22).length;
    expect(night / posts.length).toBeLessThan(0.08);
    expect(evening).toBeGreaterThan(night * 2);
    const perDay = new Map<string, number>();
    for (const p of posts) {
      const day = new Date(Date.parse(p.createdAt) + 7 * 3_600_000).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const counts = [...perDay.values()].sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    expect(counts[counts.length - 1]).toBeGreaterThan(median * 2);
    expect(items.filter((it) => it.kind === 'burst').length).toBeGreaterThan(80);
  });

  test('buzzer accounts post near-identical texts within a short window', () => {
    const buzz = items.filter((it) => it.kind === 'buzzer');
    expect(buzz.length).toBeGreaterThan(20);
    // Strip the varying prefix/suffix: the campaign core is shared.
    const core = (t: string) => t.replace(/^(Setuju! |Fakta: |Mantap! |Betul, )/, '').replace(/( 👍| 🔥🔥| 👏👏👏| #Sumsel| #Palembang|!!)$/, '');
    const groups = new Map<string, number[]>();
    for (const it of buzz) groups.set(core(it.post.text), [...(groups.get(core(it.post.text)) ?? []), Date.parse(it.post.createdAt)]);
    // The same campaign text may recur on another day; what matters is a dense 3-hour burst of it.
    let densest = 0;
    for (const times of groups.values()) {
      times.sort((a, b) => a - b);
      for (let i = 0, j = 0; j < times.length; j++) {
        while ((times[j] ?? 0) - (times[i] ?? 0) > 3 * 3_600_000) i++;
        densest = Math.max(densest, j - i + 1);
      }
    }
    expect(densest).toBeGreaterThanOrEqual(5);
  });

  test('office accounts are mentioned and English posts are tagged lang en', () => {
    expect(posts.some((p) => p.text.includes('@diskominfo_sumsel'))).toBe(true);
    expect(posts.some((p) => p.text.includes('@humas_sumsel'))).toBe(true);
    expect(items.filter((it) => it.register === 'english').every((it) => it.post.lang === 'en')).toBe(true);
    expect(posts.filter((p) => p.lang === 'id').length / posts.length).toBeGreaterThan(0.9);
  });
});

describe('committed samples', () => {
  test('samples/ are exactly what bench/make-sample makes (regenerable)', () => {
    expect(readFileSync(join(SAMPLES, 'posts.sample.jsonl'), 'utf8')).toBe(buildSampleJsonl());
    expect(readFileSync(join(SAMPLES, 'posts.with-errors.jsonl'), 'utf8')).toBe(buildErrorsJsonl().text);
    expect(readFileSync(join(SAMPLES, 'posts.sample.csv'), 'utf8')).toBe(buildSampleCsv());
  });

  test('posts.sample.jsonl imports 2,000 posts with no rejects', async () => {
    const records = await importRecords('posts.sample.jsonl', 'jsonl');
    expect(records).toHaveLength(2000);
    expect(records.filter((r) => 'error' in r)).toEqual([]);
  });

  test('posts.with-errors.jsonl is rejected exactly on the documented lines', async () => {
    const { expected } = buildErrorsJsonl();
    const records = await importRecords('posts.with-errors.jsonl', 'jsonl');
    expect(records.map((r) => ({ line: r.line, valid: 'post' in r }))).toEqual(expected.map((e) => ({ line: e.line, valid: e.valid })));
    expect(expected.filter((e) => e.valid)).toHaveLength(8);
  });

  test('posts.sample.csv imports 50 posts, quoted text intact', async () => {
    const records = await importRecords('posts.sample.csv', 'csv');
    expect(records).toHaveLength(50);
    expect(records.filter((r) => 'error' in r)).toEqual([]);
    const quoted = records.find((r) => 'post' in r && r.post.sourceId === '1000010001_csv-kutipan');
    expect(quoted && 'post' in quoted ? quoted.post.text : '').toContain('"besok air PDAM normal", tapi di Plaju sudah tiga hari mati.\nMohon dicek');
  });
});

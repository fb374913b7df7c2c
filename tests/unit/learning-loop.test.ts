import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import type { PostStore } from '../../lib/store/post-store';
import { openSqliteControlPlane, type ControlPlane } from '../../services/api/control/control-plane';
import { createEnrichment } from '../../services/enricher/enrich';
import { createSentimentAnalyzer } from '../../services/enricher/sentiment/analyzer';
import { trainSentimentModel } from '../../services/enricher/sentiment/train';
import type { SentimentModelFile } from '../../services/enricher/sentiment/model';
import { collectCorrections, retrainWithCorrections } from '../../cli/train';
import { parseSince, reenrichPosts, toRawPost } from '../../cli/reenrich';
import { DEFAULT_TAGS_EVAL_FILE, enricherTagger, evaluateTags, parseTagEvalJsonl, scoreTagSets, type Tagger } from '../../cli/eval-tags';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { TINY_TRAINING_ROWS } from '../fixtures/sentiment-rows';

const TINY = TINY_TRAINING_ROWS;
const FAST = { maxIterations: 80, minCount: 1 };
// Sarcasm the tiny model reads as praise; the analyst knows better.
const SARCASM = 'mantul nian pembangunan kolam retensi kito, tiap hujan tetap tenggelam';

let dir: string;
let store: PostStore;
let control: ControlPlane;
let baseModel: SentimentModelFile;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-loop-'));
  const file = path.join(dir, 'dengar.db');
  store = createSqlitePostStore({ file });
  control = openSqliteControlPlane(file);
  baseModel = trainSentimentModel({ rows: TINY, hyperparameters: FAST });
});

afterEach(async () => {
  await control.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const analyst = { userId: 'u-1', username: 'rina.humas' };

async function relabel(postId: string, sentiment: 'positive' | 'negative' | 'neutral' | null, topics: string[] | null = null) {
  const post = (await store.get(postId))!;
  return control.labels.addLabel({ postId, sentiment, topics, machineSentiment: post.sentiment.label, machineTopics: post.topics, ...analyst });
}

describe('dengar train: corrections feed the next model', () => {
  it('a relabel changes the model version and the corrected text now scores as the corrected label', async () => {
    const before = createSentimentAnalyzer({ model: baseModel }).analyze(SARCASM).label;
    expect(before).not.toBe('negative');
    const post = buildEnrichedPost({ sourceId: 'sarkas-1', text: SARCASM, sentiment: before, modelVersion: baseModel.modelVersion });
    await store.upsert([post]);

    // Without corrections a refit is the same model: versions follow the data, not the clock.
    const first = await retrainWithCorrections({ rows: TINY, store, labels: control.labels, hyperparameters: FAST });
    const again = await retrainWithCorrections({ rows: TINY, store, labels: control.labels, hyperparameters: FAST });
    expect(again.model.modelVersion).toBe(first.model.modelVersion);
    expect(again.corrections).toBe(0);

    await relabel(post.id, 'negative');
    const { model, corrections, missing } = await retrainWithCorrections({ rows: TINY, store, labels: control.labels, hyperparameters: FAST });
    expect(corrections).toBe(1);
    expect(missing).toEqual([]);
    expect(model.training.corrections).toBe(1);
    expect(model.modelVersion).not.toBe(first.model.modelVersion);
    expect(createSentimentAnalyzer({ model }).analyze(SARCASM).label).toBe('negative');
  });

  it('reads the newest correction per post, skips topic-only ones and posts gone from the store', async () => {
    const a = buildEnrichedPost({ sourceId: 'a', text: 'jalan ke sekayu mulus sekarang' });
    const b = buildEnrichedPost({ sourceId: 'b', text: 'antrean samsat panjang' });
    const gone = buildEnrichedPost({ sourceId: 'gone', text: 'pos yang sudah dihapus retensi' });
    await store.upsert([a, b, gone]);
    await relabel(a.id, 'negative');
    await relabel(a.id, 'positive'); // the analyst changed their mind: the newest wins
    await relabel(b.id, null, ['layanan_publik']);
    await relabel(gone.id, 'neutral');
    await store.deleteOlderThan(new Date('2030-01-01T00:00:00Z'));
    await store.upsert([a, b]);

    const { corrections, missing } = await collectCorrections({ store, labels: control.labels }, 2);
    expect(corrections).toEqual([{ text: a.text, label: 'positive', postId: a.id, labelledBy: 'rina.humas', labelledAt: expect.any(String) }]);
    expect(missing).toEqual([gone.id]);
  });
});

describe('dengar reenrich', () => {
  it('rescores posts since the date with the current model, keeps corrections, leaves older posts alone', async () => {
    // The "current" model has learnt the analyst's correction; stored posts were scored by an old one.
    await store.upsert([buildEnrichedPost({ sourceId: 'seed', text: SARCASM, createdAt: '2026-11-01T00:00:00.000Z' })]);
    await relabel(buildEnrichedPost({ sourceId: 'seed' }).id, 'negative');
    const { model } = await retrainWithCorrections({ rows: TINY, store, labels: control.labels, hyperparameters: FAST });
    const analyzer = createSentimentAnalyzer({ model });
    const enrich = createEnrichment({ analyzer, now: () => new Date('2026-11-20T00:00:00Z') });

    const old = { modelVersion: 'linear-lama', enricherVersion: 'enricher-0.0.9' };
    const praised = buildEnrichedPost({ sourceId: 'p1', text: 'petugas sigap membantu warga Plaju, terima kasih pak', createdAt: '2026-11-10T03:00:00.000Z', sentiment: 'neutral', ...old });
    const corrected = buildEnrichedPost({ sourceId: 'p2', text: 'pelayanan cepat dan ramah', createdAt: '2026-11-10T04:00:00.000Z', sentiment: 'positive', ...old });
    const before = buildEnrichedPost({ sourceId: 'p0', text: 'jalan rusak parah tidak diperbaiki', createdAt: '2026-10-01T00:00:00.000Z', sentiment: 'positive', ...old });
    await store.upsert([praised, corrected, before]);
    await relabel(corrected.id, 'negative', ['layanan_publik']);
    await store.upsert([{ ...corrected, sentiment: { ...corrected.sentiment, label: 'negative' }, topics: ['layanan_publik'] }]);

    const progress: number[] = [];
    const totals = await reenrichPosts({ store, labels: control.labels, enrich, since: '2026-11-05T00:00:00.000Z', onProgress: (p) => progress.push(p.rescored) });
    expect(totals).toEqual({ rescored: 2, changed: 2, failed: 0 });
    expect(progress.at(-1)).toBe(2);

    const p1 = (await store.get(praised.id))!;
    expect(p1.modelVersion).toBe(analyzer.modelVersion);
    expect(p1.sentiment).toEqual(analyzer.analyze(praised.text));
    expect(p1.regions).toContain('kota_palembang'); // the tag steps ran too
    const p2 = (await store.get(corrected.id))!;
    expect(p2.modelVersion).toBe(analyzer.modelVersion);
    expect(p2.sentiment.label).toBe('negative');
    expect(p2.topics).toEqual(['layanan_publik']);
    expect(p2.text).toBe(corrected.text);
    expect(p2.author).toEqual(corrected.author);
    expect(await store.get(before.id)).toEqual(before);

    // A second run finds nothing to change.
    expect(await reenrichPosts({ store, labels: control.labels, enrich, since: '2026-11-05T00:00:00.000Z' })).toEqual({ rescored: 2, changed: 0, failed: 0 });
  });

  it('pages through posts sharing one timestamp without skipping or repeating any', async () => {
    const enrich = createEnrichment({ analyzer: createSentimentAnalyzer({ model: baseModel }) });
    const posts = Array.from({ length: 7 }, (_, i) =>
      buildEnrichedPost({ sourceId: `same-${i}`, text: `pengumuman jadwal nomor ${i}`, createdAt: i < 5 ? '2026-11-10T00:00:00.000Z' : `2026-11-1${i}T00:00:00.000Z`, modelVersion: 'lama' }),
    );
    await store.upsert(posts);
    const totals = await reenrichPosts({ store, labels: control.labels, enrich, since: '2026-11-01', pageSize: 2 });
    expect(totals).toEqual({ rescored: 7, changed: 7, failed: 0 });
    for (const p of posts) expect((await store.get(p.id))!.modelVersion).toBe(baseModel.modelVersion);
  });

  it('accepts a WIB day or an ISO instant for --since and names the flag on bad input', () => {
    expect(parseSince('2026-11-05')).toBe('2026-11-04T17:00:00.000Z');
    expect(parseSince('2026-11-05T00:00:00Z')).toBe('2026-11-05T00:00:00.000Z');
    expect(() => parseSince('kemarin')).toThrow(/^--since: /);
  });

  it('rebuilds the RawPost from a stored post without the enrichment fields', () => {
    const raw = toRawPost(buildEnrichedPost({ sourceId: 'r', url: 'https://example.org/a', origin: 'rss:antara' }));
    expect(raw.type).toBe('raw_post');
    expect(raw.url).toBe('https://example.org/a');
    expect(raw.origin).toBe('rss:antara');
    expect(raw).not.toHaveProperty('sentiment');
    expect(raw).not.toHaveProperty('modelVersion');
  });
});

describe('dengar eval tags', () => {
  it('computes per-tag, micro and macro figures on a tiny set', () => {
    // gold: {a}, {a,b}, {}, {b}; predicted: {a}, {a}, {b}, {b,c}
    const s = scoreTagSets([['a'], ['a', 'b'], [], ['b']], [['a'], ['a'], ['b'], ['b', 'c']]);
    const byTag = Object.fromEntries(s.perTag.map((t) => [t.tag, t]));
    expect(byTag.a).toMatchObject({ support: 2, predicted: 2, tp: 2, precision: 1, recall: 1, f1: 1 });
    expect(byTag.b).toMatchObject({ support: 2, predicted: 2, tp: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(byTag.c).toMatchObject({ support: 0, predicted: 1, tp: 0, precision: 0, recall: 0, f1: 0 });
    // micro: tp 3, predicted 5, gold 4 → P 0.6, R 0.75, F1 2·0.45/1.35
    expect(s.micro).toEqual({ precision: 0.6, recall: 0.75, f1: 0.6667 });
    expect(s.macro.f1).toBe(0.5);
    expect(s.exactMatch).toBe(0.25);
  });

  it('evaluates topics and regions with a given tagger, and the enricher tagger resolves traps', () => {
    const rows = [
      { text: 'Banjir di Palembang', topics: ['banjir' as const], regions: ['kota_palembang' as const] },
      { text: 'Jalan di Martapura Kalsel banjir', topics: ['banjir' as const], regions: [] },
    ];
    const fixed: Tagger = (text) => (text.startsWith('Banjir') ? { topics: ['banjir'], regions: ['kota_palembang'] } : { topics: [], regions: ['oku_timur'] });
    const r = evaluateTags(rows, fixed);
    expect(r.n).toBe(2);
    expect(r.topics.micro).toEqual({ precision: 1, recall: 0.5, f1: 0.6667 });
    expect(r.regions.micro).toEqual({ precision: 0.5, recall: 1, f1: 0.6667 });
    expect(enricherTagger('Banjir di Palembang')).toEqual({ topics: ['banjir'], regions: ['kota_palembang'] });
    expect(enricherTagger('Gunung Merapi erupsi lagi, warga Magelang diminta menjauh').regions).toEqual([]);
  });

  it('reports bad lines with their number and reason', () => {
    const { rows, errors } = parseTagEvalJsonl('{"text":"banjir","topics":["banjir"],"regions":[]}\nbukan json\n{"text":"x","topics":["cuaca"],"regions":[]}\n');
    expect(rows).toHaveLength(1);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[1]!.reason).toMatch(/^topics\.0:/);
  });

  it('the fixture set parses cleanly and is large enough', () => {
    const { rows, errors } = parseTagEvalJsonl(readFileSync(path.join(__dirname, '..', '..', DEFAULT_TAGS_EVAL_FILE), 'utf8'));
    expect(errors).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(300);
    const r = evaluateTags(rows);
    expect(r.topics.micro.f1).toBeGreaterThan(0);
    expect(r.regions.micro.f1).toBeGreaterThan(0);
  });
});

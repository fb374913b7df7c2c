import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EnrichedPost, QueryInput, QueryNode } from '../../schemas';
import { Query } from '../../schemas';
import { parseQuery } from '../../lib/query';
import type { PostStore } from '../../lib/store/post-store';
import { createSqlitePostStore, SCHEMA_VERSION } from '../../lib/store/sqlite';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';

let dir: string;
let file: string;
let store: PostStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-sqlite-'));
  file = path.join(dir, 'nested', 'dengar.db');
  store = createSqlitePostStore({ file });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A small corpus around the WIB day boundary of 2026-11-01 (17:00Z). */
const corpus = {
  plaju: buildEnrichedPost({
    sourceId: 'plaju',
    text: 'Banjir melanda Kecamatan Plaju, Palembang sejak pagi',
    createdAt: '2026-11-01T03:00:00Z',
    sentiment: 'negative',
    topics: ['banjir'],
    regions: ['kota_palembang'],
    author: { handle: 'SripokuCom', name: 'Sripoku' },
    engagement: { likes: 10, shares: 2 },
  }),
  ogan: buildEnrichedPost({
    source: 'x',
    sourceId: 'ogan',
    text: 'Banjir bandang di Ogan Ilir, warga mengungsi',
    createdAt: '2026-11-01T16:59:59Z',
    sentiment: 'negative',
    topics: ['banjir', 'bencana'],
    regions: ['ogan_ilir'],
    author: { handle: '@WargaOI', id: '123', followers: 900 },
    engagement: { likes: 100, views: 100000 },
  }),
  tol: buildEnrichedPost({
    sourceId: 'tol',
    text: 'Pemprov Sumsel resmikan jalan tol baru menuju Palembang',
    createdAt: '2026-11-01T17:00:00Z',
    sentiment: 'positive',
    topics: ['infrastruktur'],
    regions: ['kota_palembang'],
    author: { name: 'Antara Sumsel' },
  }),
  sako: buildEnrichedPost({
    source: 'youtube',
    sourceId: 'sako',
    text: 'Kebanjiran lagi! Drainase buruk di Sako',
    createdAt: '2026-11-03T05:00:00Z',
    sentiment: 'negative',
    topics: ['banjir', 'infrastruktur'],
    regions: ['kota_palembang'],
    author: { handle: 'warga_sako' },
    engagement: { likes: 5 },
  }),
  festival: buildEnrichedPost({
    source: 'instagram',
    sourceId: 'festival',
    title: 'Festival budaya',
    text: 'Pengunjung senang, acara meriah di Benteng Kuto Besak',
    createdAt: '2026-11-05T10:00:00Z',
    sentiment: 'positive',
    topics: ['pariwisata'],
  }),
  cabai: buildEnrichedPost({
    sourceId: 'cabai',
    text: 'Harga cabai naik di Pasar 16 Ilir, pedagang mengeluh',
    createdAt: '2026-11-06T02:00:00Z',
    sentiment: 'neutral',
    topics: ['ekonomi'],
    regions: ['kota_palembang'],
    author: { handle: 'sripokucom' },
    engagement: { likes: 1 },
  }),
  flood: buildEnrichedPost({
    source: 'mastodon',
    sourceId: 'flood',
    text: 'Flood hits Palembang again, café owners worried',
    createdAt: '2026-11-04T12:00:00Z',
    lang: 'en',
    sentiment: 'negative',
    topics: ['banjir'],
    regions: ['kota_palembang'],
  }),
};
type Name = keyof typeof corpus;
const nameOf = new Map(Object.entries(corpus).map(([name, post]) => [post.id, name]));

async function seed(): Promise<void> {
  const result = await store.upsert(Object.values(corpus));
  expect(result).toEqual({ stored: 7, failed: [] });
}

async function ids(query: QueryNode | string, extra: Partial<QueryInput> = {}): Promise<Name[]> {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  const result = await store.search(Query.parse({ query: node, size: 200, ...extra }));
  return result.hits.map((hit) => nameOf.get(hit.id) as Name);
}

async function sortedIds(query: QueryNode | string, extra: Partial<QueryInput> = {}): Promise<Name[]> {
  return (await ids(query, extra)).sort();
}

describe('upsert', () => {
  it('stores a post once however often it is upserted, and returns it intact', async () => {
    const post = corpus.plaju;
    await store.upsert([post]);
    const edited: EnrichedPost = { ...post, text: 'Air mulai surut di Plaju', engagement: { likes: 50 } };
    expect(await store.upsert([edited])).toEqual({ stored: 1, failed: [] });
    expect(await store.count({ query: { type: 'all' } })).toBe(1);
    expect(await store.get(post.id)).toEqual(edited);
    // The FTS index follows the update: the old words are gone, the new ones are found.
    expect(await store.count({ query: parseQuery('banjir') })).toBe(0);
    expect(await store.count({ query: parseQuery('surut') })).toBe(1);
  });

  it('keeps side tables in step with an update', async () => {
    await store.upsert([corpus.ogan]);
    await store.upsert([{ ...corpus.ogan, topics: ['kesehatan'], regions: [] }]);
    expect(await store.count({ query: parseQuery('topic:banjir') })).toBe(0);
    expect(await store.count({ query: parseQuery('topic:kesehatan') })).toBe(1);
    expect(await store.count({ query: parseQuery('region:ogan_ilir') })).toBe(0);
  });

  it('stores the valid posts of a batch and reports the invalid one by field', async () => {
    const bad = { ...corpus.tol, text: '   ' };
    const result = await store.upsert([corpus.plaju, bad, corpus.ogan]);
    expect(result.stored).toBe(2);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ id: corpus.tol.id, retriable: false });
    expect(result.failed[0]!.reason).toContain('text');
    expect(await store.count({ query: { type: 'all' } })).toBe(2);
    expect(await store.get(corpus.tol.id)).toBeNull();
  });

  it('rejects something that is not a post at all without crashing', async () => {
    const junk = { hello: 'world' } as unknown as EnrichedPost;
    const result = await store.upsert([junk]);
    expect(result.stored).toBe(0);
    expect(result.failed[0]).toMatchObject({ id: '(tanpa id)', retriable: false });
  });

  it('returns the stored post by id, null for an unknown id', async () => {
    await seed();
    expect(await store.get(corpus.festival.id)).toEqual(corpus.festival);
    expect(await store.get('nope')).toBeNull();
  });
});

describe('search', () => {
  beforeEach(seed);

  it('finds terms, case- and accent-insensitively', async () => {
    expect(await sortedIds('banjir')).toEqual(['ogan', 'plaju']);
    expect(await sortedIds('PALEMBANG')).toEqual(['flood', 'plaju', 'tol']);
    expect(await sortedIds('cafe')).toEqual(['flood']);
  });

  it('finds phrases and prefixes', async () => {
    expect(await sortedIds('"banjir bandang"')).toEqual(['ogan']);
    expect(await sortedIds('"bandang banjir"')).toEqual([]);
    expect(await sortedIds('mengung*')).toEqual(['ogan']);
    expect(await sortedIds('pa*')).toEqual(['cabai', 'flood', 'plaju', 'tol']);
  });

  it('searches the title too', async () => {
    expect(await sortedIds('budaya')).toEqual(['festival']);
  });

  it('combines AND, OR, NOT and groups', async () => {
    expect(await sortedIds('banjir OR festival')).toEqual(['festival', 'ogan', 'plaju']);
    expect(await sortedIds('banjir palembang')).toEqual(['plaju']);
    expect(await sortedIds('banjir -palembang')).toEqual(['ogan']);
    expect(await sortedIds('banjir BUKAN palembang')).toEqual(['ogan']);
    expect(await sortedIds('(banjir OR cabai) -"ogan ilir"')).toEqual(['cabai', 'plaju']);
    expect(await sortedIds('-palembang')).toEqual(['cabai', 'festival', 'ogan', 'sako']);
    expect(await sortedIds('-palembang -banjir')).toEqual(['cabai', 'festival', 'sako']);
  });

  it('treats lowercase dan as a word to find', async () => {
    expect(await sortedIds('banjir dan')).toEqual([]);
  });

  it('filters by fields', async () => {
    expect(await sortedIds('sentiment:negatif')).toEqual(['flood', 'ogan', 'plaju', 'sako']);
    expect(await sortedIds('topic:banjir')).toEqual(['flood', 'ogan', 'plaju', 'sako']);
    expect(await sortedIds('region:"Ogan Ilir"')).toEqual(['ogan']);
    expect(await sortedIds('source:twitter')).toEqual(['ogan']);
    expect(await sortedIds('lang:en')).toEqual(['flood']);
  });

  it('matches authors by handle, id or name, case-insensitively', async () => {
    expect(await sortedIds('author:@sripokucom')).toEqual(['cabai', 'plaju']);
    expect(await sortedIds('author:wargaoi')).toEqual(['ogan']);
    expect(await sortedIds('author:123')).toEqual(['ogan']);
    expect(await sortedIds('author:"antara sumsel"')).toEqual(['tol']);
    // Posts with no author at all are not "by someone else" → they are kept by a NOT.
    expect(await sortedIds('-author:sripokucom')).toEqual(['festival', 'flood', 'ogan', 'sako', 'tol']);
  });

  it('mixes text and fields inside OR and NOT', async () => {
    expect(await sortedIds('(banjir OR sentiment:positif) region:kota_palembang')).toEqual(['plaju', 'tol']);
    expect(await sortedIds('topic:banjir -(palembang OR source:youtube)')).toEqual(['ogan']);
    expect(await sortedIds('palembang OR -topic:banjir')).toEqual(['cabai', 'festival', 'flood', 'plaju', 'tol']);
  });

  it('filters by WIB date ranges in the query', async () => {
    expect(await sortedIds('date:2026-11-01')).toEqual(['ogan', 'plaju']);
    expect(await sortedIds('date:2026-11-02')).toEqual(['tol']);
    expect(await sortedIds('date:>=2026-11-05')).toEqual(['cabai', 'festival']);
    expect(await sortedIds('banjir* date:<2026-11-02')).toEqual(['ogan', 'plaju']);
  });

  it('applies the structured filters beside the query', async () => {
    expect(
      await sortedIds('palembang', { filters: { from: '2026-11-01T17:00:00Z', to: '2026-11-05T00:00:00Z' } }),
    ).toEqual(['flood', 'tol']);
    expect(await sortedIds({ type: 'all' }, { filters: { sentiment: 'negative', region: 'kota_palembang' } })).toEqual([
      'flood',
      'plaju',
      'sako',
    ]);
    expect(await sortedIds({ type: 'all' }, { filters: { topic: 'infrastruktur', source: 'youtube', lang: 'id' } })).toEqual([
      'sako',
    ]);
  });

  it('keeps FTS syntax in user input inert', async () => {
    const nasty: QueryNode[] = [
      { type: 'term', value: 'near(banjir' },
      { type: 'term', value: 'banjir"' },
      { type: 'phrase', value: 'banjir" OR "festival' },
      { type: 'term', value: '*' },
      { type: 'term', value: 'text:banjir' },
      { type: 'term', value: '^banjir' },
      { type: 'term', value: 'AND' },
      { type: 'term', value: '"', prefix: true },
      { type: 'and', children: [{ type: 'term', value: ')' }, { type: 'not', child: { type: 'term', value: '(' } }] },
    ];
    for (const query of nasty) {
      await expect(store.search(Query.parse({ query }))).resolves.toBeDefined();
    }
    // The quote is not an operator: this is one phrase that no post contains.
    expect(await ids({ type: 'phrase', value: 'banjir" OR "festival' })).toEqual([]);
    // `text:` is not a column filter, just two words in sequence.
    expect(await ids({ type: 'term', value: 'text:banjir' })).toEqual([]);
    expect(await sortedIds({ type: 'term', value: 'near(banjir' })).toEqual([]);
    expect(await sortedIds('banjir*   NEAR')).toEqual([]);
  });

  it('sorts newest, oldest, by engagement and by relevance, and pages', async () => {
    expect(await ids('topic:banjir')).toEqual(['flood', 'sako', 'ogan', 'plaju']);
    expect(await ids('topic:banjir', { sort: 'oldest' })).toEqual(['plaju', 'ogan', 'sako', 'flood']);
    expect(await ids('topic:banjir', { sort: 'engagement' })).toEqual(['ogan', 'plaju', 'sako', 'flood']);
    const page2 = await store.search(Query.parse({ query: parseQuery('topic:banjir'), page: 2, size: 3 }));
    expect(page2.hits.map((h) => nameOf.get(h.id))).toEqual(['plaju']);
    expect(page2).toMatchObject({ total: 4, page: 2, size: 3 });
    // Relevance: the post that says "palembang" in a short text ranks above longer ones.
    const ranked = await ids('palembang topic:banjir', { sort: 'relevance' });
    expect(ranked.sort()).toEqual(['flood', 'plaju']);
    // Relevance with nothing to rank falls back to newest.
    expect(await ids('topic:banjir', { sort: 'relevance' })).toEqual(['flood', 'sako', 'ogan', 'plaju']);
  });

  it('counts facets over the whole result, not the page', async () => {
    const result = await store.search(
      Query.parse({ query: parseQuery('palembang OR banjir'), size: 1, facets: ['sentiment', 'topic', 'region', 'source'] }),
    );
    expect(result.total).toBe(4);
    expect(result.hits).toHaveLength(1);
    expect(result.facets).toEqual({
      sentiment: [
        { key: 'negative', count: 3 },
        { key: 'positive', count: 1 },
      ],
      topic: [
        { key: 'banjir', count: 3 },
        { key: 'bencana', count: 1 },
        { key: 'infrastruktur', count: 1 },
      ],
      region: [
        { key: 'kota_palembang', count: 3 },
        { key: 'ogan_ilir', count: 1 },
      ],
      source: [
        { key: 'rss', count: 2 },
        { key: 'mastodon', count: 1 },
        { key: 'x', count: 1 },
      ],
    });
  });

  it('refuses a malformed search with a validation error', async () => {
    const bad = { query: { type: 'term', value: '' }, page: 0 } as unknown as Query;
    await expect(store.search(bad)).rejects.toMatchObject({ code: 'DENGAR_ERR_VALIDATION' });
  });
});

describe('aggregations', () => {
  beforeEach(seed);

  it('counts a scope', async () => {
    expect(await store.count({ query: { type: 'all' } })).toBe(7);
    expect(await store.count({ query: parseQuery('banjir') })).toBe(2);
    expect(await store.count({ query: parseQuery('banjir'), filters: { source: 'x' } })).toBe(1);
  });

  it('buckets days in WIB, with empty days between the scope bounds', async () => {
    const buckets = await store.histogram(
      { query: { type: 'all' }, filters: { from: '2026-10-31T17:00:00Z', to: '2026-11-06T17:00:00Z' } },
      'day',
    );
    expect(buckets).toEqual([
      { key: '2026-11-01', total: 2, positive: 0, negative: 2, neutral: 0 },
      { key: '2026-11-02', total: 1, positive: 1, negative: 0, neutral: 0 },
      { key: '2026-11-03', total: 1, positive: 0, negative: 1, neutral: 0 },
      { key: '2026-11-04', total: 1, positive: 0, negative: 1, neutral: 0 },
      { key: '2026-11-05', total: 1, positive: 1, negative: 0, neutral: 0 },
      { key: '2026-11-06', total: 1, positive: 0, negative: 0, neutral: 1 },
    ]);
  });

  it('spans the data when the scope has no bounds, filling gaps', async () => {
    const buckets = await store.histogram({ query: parseQuery('sentiment:positive') }, 'day');
    expect(buckets.map((b) => [b.key, b.total])).toEqual([
      ['2026-11-02', 1],
      ['2026-11-03', 0],
      ['2026-11-04', 0],
      ['2026-11-05', 1],
    ]);
  });

  it('uses a date range in the query as bounds', async () => {
    const buckets = await store.histogram({ query: parseQuery('banjir date:2026-10-30..2026-11-02') }, 'day');
    expect(buckets.map((b) => [b.key, b.total])).toEqual([
      ['2026-10-30', 0],
      ['2026-10-31', 0],
      ['2026-11-01', 2],
      ['2026-11-02', 0],
    ]);
  });

  it('buckets hours in WIB: 16:59:59Z is 23h, 17:00Z is the next day 00h', async () => {
    const buckets = await store.histogram(
      { query: { type: 'all' }, filters: { from: '2026-11-01T15:00:00Z', to: '2026-11-01T18:00:00Z' } },
      'hour',
    );
    expect(buckets.map((b) => [b.key, b.total])).toEqual([
      ['2026-11-01T22', 0],
      ['2026-11-01T23', 1],
      ['2026-11-02T00', 1],
    ]);
  });

  it('buckets ISO weeks starting on Monday (WIB)', async () => {
    // 2026-11-01 is a Sunday: the last day of the week that started on 2026-10-26.
    const buckets = await store.histogram({ query: { type: 'all' } }, 'week');
    expect(buckets).toEqual([
      { key: '2026-10-26', total: 2, positive: 0, negative: 2, neutral: 0 },
      { key: '2026-11-02', total: 5, positive: 2, negative: 2, neutral: 1 },
    ]);
  });

  it('returns no buckets for an empty unbounded scope', async () => {
    expect(await store.histogram({ query: parseQuery('tidakadaapapun') }, 'day')).toEqual([]);
  });

  it('counts top terms per field', async () => {
    const scope = { query: { type: 'all' } as QueryNode };
    expect(await store.terms(scope, 'topic', 2)).toEqual([
      { key: 'banjir', count: 4 },
      { key: 'infrastruktur', count: 2 },
    ]);
    expect(await store.terms(scope, 'region', 10)).toEqual([
      { key: 'kota_palembang', count: 5 },
      { key: 'ogan_ilir', count: 1 },
    ]);
    expect(await store.terms(scope, 'lang', 10)).toEqual([
      { key: 'id', count: 6 },
      { key: 'en', count: 1 },
    ]);
    expect(await store.terms({ query: parseQuery('sentiment:negatif') }, 'author', 10)).toEqual([
      { key: 'sripokucom', count: 1 },
      { key: 'warga_sako', count: 1 },
      { key: 'wargaoi', count: 1 },
    ]);
    expect(await store.terms({ query: parseQuery('banjir'), filters: { region: 'kota_palembang' } }, 'topic', 10)).toEqual([
      { key: 'banjir', count: 1 },
    ]);
  });

  it('ranks top authors by engagement, then posts, labelled as in their latest post', async () => {
    const top = await store.topAuthors({ query: { type: 'all' } }, 3);
    expect(top).toEqual([
      { author: '@WargaOI', source: 'x', posts: 1, engagement: 100, followers: 900, negative: 1, positive: 0 },
      { author: 'sripokucom', source: 'rss', posts: 2, engagement: 13, followers: null, negative: 1, positive: 0 },
      { author: 'warga_sako', source: 'youtube', posts: 1, engagement: 5, followers: null, negative: 1, positive: 0 },
    ]);
  });
});

describe('lifecycle', () => {
  it('deletes posts older than a date, with their FTS entries and side rows', async () => {
    await seed();
    expect(await store.deleteOlderThan(new Date('2026-11-03T00:00:00Z'))).toBe(3);
    expect(await store.count({ query: { type: 'all' } })).toBe(4);
    expect(await store.count({ query: parseQuery('banjir') })).toBe(0);
    expect(await store.terms({ query: { type: 'all' } }, 'region', 10)).toEqual([{ key: 'kota_palembang', count: 3 }]);
    expect(await store.get(corpus.plaju.id)).toBeNull();
  });

  it('keeps the data when the file is closed and opened again', async () => {
    await seed();
    await store.close();
    store = createSqlitePostStore({ file });
    expect(await store.count({ query: parseQuery('banjir') })).toBe(2);
    expect(await store.get(corpus.ogan.id)).toEqual(corpus.ogan);
    expect(await store.upsert([corpus.ogan])).toEqual({ stored: 1, failed: [] });
    expect(await store.count({ query: { type: 'all' } })).toBe(7);
  });

  it('lets a second process-style connection read while the first is open, read-only', async () => {
    await seed();
    const reader = createSqlitePostStore({ file, readonly: true });
    try {
      expect(await reader.count({ query: parseQuery('banjir') })).toBe(2);
      await expect(reader.upsert([corpus.plaju])).rejects.toMatchObject({ code: 'DENGAR_ERR_STORE_REJECTED' });
    } finally {
      await reader.close();
    }
  });

  it('reports health', async () => {
    const health = await store.health();
    expect(health.ok).toBe(true);
    expect(health.details).toMatchObject({ schemaVersion: SCHEMA_VERSION, journalMode: 'wal', readonly: false });
  });
});

describe('rollups and the one-pass facets', () => {
  const SOURCES = ['rss', 'x', 'youtube', 'mastodon'] as const;
  const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;
  const TOPICS = ['banjir', 'infrastruktur', 'ekonomi', 'karhutla_asap'];
  const REGIONS = ['kota_palembang', 'ogan_ilir', 'banyuasin'];
  const HOUR = 3_600_000;
  const START = Date.parse('2026-11-01T00:00:00Z');

  /** Deterministic spread of posts over ten days, several per author, some without topics or authors. */
  function spread(count: number, seed: number, version = 0): EnrichedPost[] {
    let x = seed;
    const next = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    return Array.from({ length: count }, (_, i) =>
      buildEnrichedPost({
        source: SOURCES[i % SOURCES.length]!, // part of the id, so the same i is the same post
        sourceId: `spread-${i}`,
        text: i % 3 === 0 ? `Banjir di jalan ${i}` : `Harga cabai ${i} naik`,
        createdAt: new Date(START + next(240) * HOUR + next(3_600_000)).toISOString(),
        sentiment: SENTIMENTS[next(3)]!,
        lang: next(5) === 0 ? 'en' : 'id',
        topics: TOPICS.filter(() => next(3) === 0),
        regions: REGIONS.filter(() => next(4) === 0),
        ...(next(6) === 0 ? {} : { author: { handle: `akun_${next(12)}`, followers: 10 * version + i } }),
        engagement: { likes: next(50), shares: next(5) },
      }),
    );
  }

  /** The same scope with a conjunct that matches every post but keeps the store off the rollups. */
  const raw = (q: string): string => `${q} -author:nobody_at_all`.trim();

  async function answers(q: string, filters: Record<string, string> = {}) {
    const scope = { query: parseQuery(q), filters };
    const search = await store.search(Query.parse({ query: scope.query, filters, size: 5, facets: ['sentiment', 'topic', 'region', 'source'] }));
    return {
      total: search.total,
      facets: search.facets,
      hits: search.hits.map((h) => h.id),
      byEngagement: (await store.search(Query.parse({ query: scope.query, filters, size: 5, sort: 'engagement' }))).hits.map((h) => h.id),
      oldest: (await store.search(Query.parse({ query: scope.query, filters, size: 5, page: 2, sort: 'oldest', facets: [] }))).hits.map((h) => h.id),
      count: await store.count(scope),
      days: await store.histogram(scope, 'day'),
      weeks: await store.histogram(scope, 'week'),
      hours: await store.histogram(scope, 'hour'),
      terms: await Promise.all((['sentiment', 'topic', 'region', 'source', 'author', 'lang'] as const).map((f) => store.terms(scope, f, 20))),
      authors: await store.topAuthors(scope, 5),
    };
  }

  const SCOPES: [string, Record<string, string>][] = [
    ['', {}],
    ['', { from: '2026-11-03T17:00:00.000Z', to: '2026-11-06T17:00:00.000Z' }], // whole WIB days
    ['', { from: '2026-11-03T09:30:00.000Z', to: '2026-11-08T04:15:00.000Z' }], // partial days at both ends
    ['', { from: '2026-11-04T01:00:00.000Z', to: '2026-11-04T05:00:00.000Z' }], // inside one day
    ['sentiment:negatif', { from: '2026-11-02T12:00:00.000Z' }],
    ['source:x lang:en', {}],
    ['', { source: 'youtube', to: '2026-11-07T10:00:00.000Z' }],
    ['sentiment:positif sentiment:negatif', {}], // contradictory: nothing
    // Topic and region equalities: counted per facet combo, not per post.
    ['topic:banjir', {}],
    ['region:ogan_ilir sentiment:negatif', { from: '2026-11-02T12:00:00.000Z', to: '2026-11-09T00:00:00.000Z' }],
    ['lang:id', { topic: 'ekonomi', region: 'banyuasin', source: 'x' }],
    ['topic:tidak_ada', {}],
  ];

  async function expectRollupsMatchRaw(): Promise<void> {
    for (const [q, filters] of SCOPES) {
      const viaRollup = await answers(q, filters);
      const viaPosts = await answers(raw(q), filters);
      expect({ q, filters, ...viaRollup }).toEqual({ q, filters, ...viaPosts });
    }
  }

  it('answers scopes of dates and sentiment/source/lang filters from rollups exactly as from posts', async () => {
    await store.upsert(spread(400, 7));
    const all = await answers('');
    expect(all.total).toBe(400);
    expect(all.days.length).toBeGreaterThan(5);
    await expectRollupsMatchRaw();
  });

  it('keeps rollups exact through re-upserts that move posts and through retention deletes', async () => {
    await store.upsert(spread(400, 7));
    // Same ids, other dates, sentiments, topics, authors and engagement.
    await store.upsert(spread(250, 99, 1));
    expect(await store.count({ query: { type: 'all' } })).toBe(400);
    await expectRollupsMatchRaw();
    await store.deleteOlderThan(new Date('2026-11-05T06:00:00Z'));
    await expectRollupsMatchRaw();
    // Rows that dropped to zero are gone, not left as empty groups.
    const { default: Database } = await import('better-sqlite3');
    await store.close();
    const db = new Database(file, { readonly: true });
    const zeros = db.prepare('SELECT (SELECT count(*) FROM rollup_day WHERE n <= 0) + (SELECT count(*) FROM rollup_topic WHERE n <= 0) + (SELECT count(*) FROM rollup_author WHERE posts <= 0) AS z').get() as { z: number };
    db.close();
    expect(zeros.z).toBe(0);
    store = createSqlitePostStore({ file });
  });

  it('gives text searches the same total and facets as the per-facet queries', async () => {
    await store.upsert(spread(300, 3));
    const result = await store.search(Query.parse({ query: parseQuery('banjir'), facets: ['sentiment', 'topic', 'region', 'source'] }));
    const scope = { query: parseQuery('banjir') };
    expect(result.total).toBe(100);
    expect(result.total).toBe(await store.count(scope));
    for (const f of ['sentiment', 'topic', 'region', 'source'] as const) {
      const viaTerms = await store.terms(scope, f, 50);
      expect(result.facets[f]).toEqual(viaTerms);
      expect(viaTerms.reduce((n, b) => n + b.count, 0)).toBeGreaterThan(0);
    }
  });
});

describe('migration from schema version 1', () => {
  it('upgrades a version-1 file in place and answers as a file written by this version', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { MIGRATIONS } = await import('../../lib/store/sqlite/schema');
    const { toRow, toDocRow } = await import('../../lib/store/sqlite/row');
    const v1File = path.join(dir, 'v1.db');
    const posts = Object.values(corpus);
    const db = new Database(v1File);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    for (const post of posts) {
      const { combo: _combo, simhash: _s, band0: _b0, band1: _b1, band2: _b2, band3: _b3, cluster_id: _c, ...row } = toRow(post, 0);
      const cols = Object.keys(row);
      const { rid } = db.prepare(`INSERT INTO posts (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')}) RETURNING rid`).get(row) as { rid: number };
      const doc = toDocRow(post);
      db.prepare('INSERT INTO post_docs (rid, title, text, doc) VALUES (?, ?, ?, ?)').run(rid, doc.title, doc.text, doc.doc);
      for (const t of post.topics) db.prepare('INSERT INTO post_topics (rid, topic) VALUES (?, ?)').run(rid, t);
      for (const r of post.regions) db.prepare('INSERT INTO post_regions (rid, region) VALUES (?, ?)').run(rid, r);
    }
    db.close();

    await store.upsert(posts);
    const migrated = createSqlitePostStore({ file: v1File });
    try {
      expect((await migrated.health()).details).toMatchObject({ schemaVersion: SCHEMA_VERSION });
      const scopes = [{ query: parseQuery('') }, { query: parseQuery('banjir') }, { query: parseQuery('sentiment:negatif'), filters: { from: '2026-11-01T10:00:00.000Z' } }];
      for (const scope of scopes) {
        const facets = ['sentiment', 'topic', 'region', 'source'] as const;
        const q = Query.parse({ ...scope, facets });
        expect(await migrated.search(q)).toEqual(await store.search(q));
        expect(await migrated.histogram(scope, 'day')).toEqual(await store.histogram(scope, 'day'));
        expect(await migrated.topAuthors(scope, 10)).toEqual(await store.topAuthors(scope, 10));
        for (const f of facets) expect(await migrated.terms(scope, f, 10)).toEqual(await store.terms(scope, f, 10));
      }
      // Writes after the upgrade keep the rollups in step.
      await migrated.upsert([{ ...corpus.plaju, sentiment: { label: 'positive', score: 1, terms: [] }, topics: ['ekonomi'] }]);
      await store.upsert([{ ...corpus.plaju, sentiment: { label: 'positive', score: 1, terms: [] }, topics: ['ekonomi'] }]);
      expect(await migrated.terms({ query: parseQuery('') }, 'topic', 10)).toEqual(await store.terms({ query: parseQuery('') }, 'topic', 10));
      expect(await migrated.terms({ query: parseQuery('') }, 'sentiment', 10)).toEqual(await store.terms({ query: parseQuery('') }, 'sentiment', 10));
    } finally {
      await migrated.close();
    }
  });
});

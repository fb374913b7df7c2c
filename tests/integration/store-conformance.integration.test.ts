/**
 * Store conformance: one corpus (≥ 2,000 posts), one list of analyst queries, every store. SQLite is
 * the reference; OpenSearch (a real node, started by infra/opensearch/up.sh when none answers) must
 * give identical totals, hit-id sets, facets, histograms, terms and top authors. Elasticsearch runs
 * the same block when ELASTICSEARCH_URL is set; otherwise a test named "not run" says so in the output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseQuery } from '../../lib/query';
import { createElasticsearchClient, createElasticsearchPostStore } from '../../lib/store/elasticsearch';
import { createOpenSearchClient, createOpenSearchPostStore } from '../../lib/store/opensearch';
import type { Interval, PostStore } from '../../lib/store/post-store';
import { monthlyIndex, type EngineClient, type SearchEngineStore } from '../../lib/store/search-engine';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import type { AuthorStat, EnrichedPost, FacetBucket, HistogramBucket, Query, SearchFilters } from '../../schemas';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { buildConformanceCorpus, EDGE_CLUSTER_ID } from '../fixtures/conformance/corpus';
import { CONFORMANCE_QUERIES, STEMMED_QUERIES, type ConformanceQuery } from '../fixtures/conformance/queries';
import { ensureOpenSearch, uniqueIndexPrefix } from './support/opensearch-setup';
import { dropIndexPrefix, stopOpenSearchIfStarted } from './support/opensearch-teardown';

const SETUP_TIMEOUT_MS = 300_000;
const corpus = buildConformanceCorpus();
const FACETS = ['sentiment', 'topic', 'region', 'source'] as const;
const INTERVALS: Interval[] = ['day', 'hour', 'week'];

interface Answer {
  total: number;
  ids: string[];
  newestOrder: string[];
  engagementOrder: number[];
  facets: Record<string, FacetBucket[]>;
  histograms: Record<Interval, HistogramBucket[]>;
  authors: FacetBucket[];
  langs: FacetBucket[];
  topAuthors: AuthorStat[];
  count: number;
}

function searchInput(query: Query['query'], filters: SearchFilters, extra: Partial<Query> = {}): Query {
  return { query, filters, page: 1, size: 200, sort: 'newest', facets: [], ...extra };
}

/** Every answer a store gives for one query; hit ids over all pages (sorted, as a set). */
async function answer(store: PostStore, cq: ConformanceQuery): Promise<Answer> {
  const query = parseQuery(cq.q);
  const filters = cq.filters ?? {};
  const first = await store.search(searchInput(query, filters, { facets: [...FACETS] }));
  const ids = first.hits.map((h) => h.id);
  for (let page = 2; (page - 1) * 200 < first.total; page++) {
    const next = await store.search(searchInput(query, filters, { page }));
    ids.push(...next.hits.map((h) => h.id));
  }
  const byEngagement = await store.search(searchInput(query, filters, { sort: 'engagement', size: 50 }));
  const scope = { query, filters };
  const histograms = {} as Record<Interval, HistogramBucket[]>;
  for (const interval of INTERVALS) histograms[interval] = await store.histogram(scope, interval);
  return {
    total: first.total,
    ids: ids.sort(),
    // Ties in createdAt break differently (SQLite rowid, engines id), so compare the sort keys.
    newestOrder: first.hits.map((h) => h.createdAt),
    engagementOrder: byEngagement.hits.map((h) => (h.engagement?.likes ?? 0) + (h.engagement?.shares ?? 0) + (h.engagement?.replies ?? 0)),
    facets: first.facets,
    histograms,
    authors: await store.terms(scope, 'author', 25),
    langs: await store.terms(scope, 'lang', 5),
    topAuthors: await store.topAuthors(scope, 10),
    count: await store.count(scope),
  };
}

async function loadInBatches(store: PostStore, posts: EnrichedPost[], batch = 500): Promise<{ stored: number; failed: unknown[] }> {
  let stored = 0;
  const failed: unknown[] = [];
  for (let i = 0; i < posts.length; i += batch) {
    const r = await store.upsert(posts.slice(i, i + batch));
    stored += r.stored;
    failed.push(...r.failed);
  }
  return { stored, failed };
}

// ─── SQLite, the reference ───────────────────────────────────────────────────────────────────

let sqliteDir: string;
let sqlite: PostStore;
const reference = new Map<string, Answer>();

beforeAll(async () => {
  sqliteDir = mkdtempSync(path.join(tmpdir(), 'dengar-conformance-'));
  sqlite = createSqlitePostStore({ file: path.join(sqliteDir, 'posts.db') });
  const loaded = await loadInBatches(sqlite, corpus);
  expect(loaded).toEqual({ stored: corpus.length, failed: [] });
  for (const cq of [...CONFORMANCE_QUERIES, ...STEMMED_QUERIES]) reference.set(cq.name, await answer(sqlite, cq));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await sqlite?.close();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  await stopOpenSearchIfStarted();
});

test(`the corpus has ≥ 2,000 posts and every conformance query finds something in SQLite`, () => {
  expect(corpus.length).toBeGreaterThanOrEqual(2_000);
  const empty = CONFORMANCE_QUERIES.filter((cq) => reference.get(cq.name)!.total === 0).map((cq) => cq.name);
  expect(empty).toEqual([]);
  const table = CONFORMANCE_QUERIES.map((cq) => `${cq.name.padEnd(20)} ${String(reference.get(cq.name)!.total).padStart(5)}  ${cq.q}`);
  process.stderr.write(`\nconformance corpus: ${corpus.length} posts; SQLite totals:\n${table.join('\n')}\n`);
});

// ─── The same block for each search engine ───────────────────────────────────────────────────

interface EngineUnderTest {
  store: SearchEngineStore;
  stemmed: SearchEngineStore;
  client: EngineClient;
  prefix: string;
}

function conformanceBlock(label: string, connect: () => Promise<EngineUnderTest>): void {
  describe(`${label} conforms to SQLite`, () => {
    let engine: EngineUnderTest;

    beforeAll(async () => {
      engine = await connect();
      const started = Date.now();
      const loaded = await loadInBatches(engine.store, corpus);
      await engine.store.refresh();
      process.stderr.write(`\n${label}: loaded ${loaded.stored} posts in ${Date.now() - started} ms (prefix ${engine.prefix})\n`);
      expect(loaded).toEqual({ stored: corpus.length, failed: [] });
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      if (!engine) return;
      await dropIndexPrefix(engine.client, engine.prefix);
      await engine.store.close();
      await engine.stemmed.close();
    }, 60_000);

    test('monthly indices by WIB month sit behind the alias; counts match', async () => {
      const months = [...new Set(corpus.map((p) => monthlyIndex(engine.prefix, p.createdAt)))].sort();
      expect(await engine.client.aliasIndices(engine.prefix)).toEqual(months);
      expect(months.map((m) => m.slice(-7))).toEqual(['2026.09', '2026.10', '2026.11']);
      expect(await engine.store.count({ query: { type: 'all' } })).toBe(corpus.length);
      const health = await engine.store.health();
      expect(health.ok).toBe(true);
    });

    test.each(CONFORMANCE_QUERIES.map((cq) => [cq.name, cq] as const))('query %s: same hits, facets, histograms, terms, top authors', async (_name, cq) => {
      const expected = reference.get(cq.name)!;
      const actual = await answer(engine.store, cq);
      expect({ total: actual.total, count: actual.count }).toEqual({ total: expected.total, count: expected.count });
      expect(actual.ids).toEqual(expected.ids);
      expect(actual.newestOrder).toEqual(expected.newestOrder);
      expect(actual.engagementOrder).toEqual(expected.engagementOrder);
      expect(actual.facets).toEqual(expected.facets);
      expect(actual.histograms).toEqual(expected.histograms);
      expect(actual.authors).toEqual(expected.authors);
      expect(actual.langs).toEqual(expected.langs);
      expect(actual.topAuthors).toEqual(expected.topAuthors);
    });

    test.each(STEMMED_QUERIES.map((cq) => [cq.name, cq] as const))(
      'stemming on, query %s: engine hits ⊇ SQLite hits (indonesian stems add inflected forms)',
      async (_name, cq) => {
        const expected = reference.get(cq.name)!;
        const actual = await answer(engine.stemmed, cq);
        const engineIds = new Set(actual.ids);
        expect(expected.ids.filter((id) => !engineIds.has(id))).toEqual([]);
        expect(actual.total).toBeGreaterThan(expected.total);
      },
    );

    test('get() returns the stored post; re-upserting is idempotent (same id → same monthly index)', async () => {
      const sample = corpus.slice(0, 300);
      expect(await engine.store.get(sample[0]!.id)).toEqual(sample[0]);
      expect(await engine.store.get('tidak-ada')).toBeNull();
      const again = await engine.store.upsert(sample.map((p) => ({ ...p, topics: [...p.topics] })));
      expect(again).toEqual({ stored: sample.length, failed: [] });
      await engine.store.refresh();
      expect(await engine.store.count({ query: { type: 'all' } })).toBe(corpus.length);
    });

    test('near-duplicate lookups agree: band candidates since an instant, and cluster sizes', async () => {
      const simhashes = corpus.filter((p) => p.simhash && p.createdAt >= '2026-11-01').slice(0, 200).map((p) => p.simhash!);
      const since = new Date('2026-10-20T00:00:00+07:00');
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const lookup = { simhashes, from: since, to: new Date('2026-11-30T00:00:00+07:00'), ids: [corpus[0]!.id, 'tidak-ada'] };
      const expected = (await sqlite.findNearDuplicateCandidates(lookup)).sort(byId);
      expect(expected.length).toBeGreaterThanOrEqual(simhashes.length);
      expect(expected.map((c) => c.id)).toContain(corpus[0]!.id);
      expect((await engine.store.findNearDuplicateCandidates(lookup)).sort(byId)).toEqual(expected);
      const ids = [EDGE_CLUSTER_ID, corpus[0]!.id, 'tidak-ada'];
      expect(await sqlite.clusterSizes(ids)).toEqual({ [EDGE_CLUSTER_ID]: 2 });
      expect(await engine.store.clusterSizes(ids)).toEqual({ [EDGE_CLUSTER_ID]: 2 });
    });

    test('the month-boundary post (31 Oct 18:30 UTC = 1 Nov WIB) lives in November\'s index', async () => {
      const edge = corpus.find((p) => p.sourceId === 'edge-month-boundary')!;
      const res = await engine.client.search(`${engine.prefix}-2026.11`, { query: { ids: { values: [edge.id] } } });
      expect(res.hits.map((h) => h._id)).toEqual([edge.id]);
    });

    test('retention: deleteOlderThan removes exactly the posts created before the cutoff (runs last: it deletes data)', async () => {
      const cutoff = new Date('2026-10-15T00:00:00+07:00');
      const older = corpus.filter((p) => Date.parse(p.createdAt) < cutoff.getTime()).length;
      expect(older).toBeGreaterThan(0);
      expect(await engine.store.deleteOlderThan(cutoff)).toBe(older);
      expect(await engine.store.count({ query: { type: 'all' } })).toBe(corpus.length - older);
    });
  });
}


// ─── OpenSearch: always ──────────────────────────────────────────────────────────────────────

let openSearchUrl = '';
conformanceBlock('OpenSearch (real node)', async () => {
  openSearchUrl = await ensureOpenSearch();
  const prefix = uniqueIndexPrefix('conf-os');
  const store = createOpenSearchPostStore({ node: openSearchUrl, indexPrefix: prefix });
  const stemmed = createOpenSearchPostStore({ node: openSearchUrl, indexPrefix: prefix, stemming: true, manageTemplates: false });
  return { store, stemmed, client: createOpenSearchClient({ node: openSearchUrl }), prefix };
});

describe('OpenSearch bulk upsert: partial failures', () => {
  let client: EngineClient;
  let prefix: string;

  beforeAll(async () => {
    openSearchUrl = await ensureOpenSearch();
    client = createOpenSearchClient({ node: openSearchUrl });
    prefix = uniqueIndexPrefix('bulk-os');
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await dropIndexPrefix(client, prefix);
    await client.close();
  });

  test('a mapping error fails only its post, non-retriable, with the engine reason; the rest are stored', async () => {
    const store = createOpenSearchPostStore({ node: openSearchUrl, indexPrefix: prefix });
    await store.ensureTemplates();
    // December's index is created with `lang` mapped as a number, so December posts hit a mapping error.
    await client.createIndex(`${prefix}-2026.12`, { mappings: { properties: { lang: { type: 'integer' } } } });
    const good = buildEnrichedPost({ sourceId: 'bulk-good', createdAt: '2026-11-20T00:00:00Z' });
    const bad = buildEnrichedPost({ sourceId: 'bulk-bad', createdAt: '2026-12-02T00:00:00Z' });
    const invalid = { ...buildEnrichedPost({ sourceId: 'bulk-invalid' }), createdAt: 'kemarin' } as EnrichedPost;
    const result = await store.upsert([good, bad, invalid]);
    expect(result.stored).toBe(1);
    expect(result.failed).toEqual([
      { id: invalid.id, reason: expect.stringContaining('createdAt'), retriable: false },
      { id: bad.id, reason: expect.stringMatching(/HTTP 400 (mapper_parsing_exception|document_parsing_exception)/), retriable: false },
    ]);
    await store.refresh();
    expect(await store.get(good.id)).toEqual(good);
    await store.close();
  });

  test('429 items are retried with backoff until the engine accepts them', async () => {
    const retries: number[] = [];
    const index = `${prefix}-2026.08`;
    const store = createOpenSearchPostStore({
      node: openSearchUrl,
      indexPrefix: prefix,
      bulk: {
        baseDelayMs: 5,
        maxDelayMs: 20,
        onRetry: async ({ attempt }) => {
          retries.push(attempt);
          // The disk-full block answers 429 per item; lift it after the second refusal.
          if (attempt === 2) await client.putSettings(index, { 'index.blocks.read_only_allow_delete': null });
        },
      },
    });
    await store.ensureTemplates();
    await client.createIndex(index);
    await client.putSettings(index, { 'index.blocks.read_only_allow_delete': true });
    const posts = [1, 2, 3].map((n) => buildEnrichedPost({ sourceId: `blocked-${n}`, createdAt: `2026-08-1${n}T00:00:00Z` }));
    const result = await store.upsert(posts);
    expect(retries).toEqual([1, 2]);
    expect(result).toEqual({ stored: 3, failed: [] });
    await store.close();
  });

  test('429 items still refused after the last attempt fail as retriable (the indexer retries later)', async () => {
    const index = `${prefix}-2026.07`;
    const store = createOpenSearchPostStore({ node: openSearchUrl, indexPrefix: prefix, bulk: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    await store.ensureTemplates();
    await client.createIndex(index);
    await client.putSettings(index, { 'index.blocks.read_only_allow_delete': true });
    const post = buildEnrichedPost({ sourceId: 'blocked-forever', createdAt: '2026-07-10T00:00:00Z' });
    const result = await store.upsert([post]);
    expect(result.stored).toBe(0);
    expect(result.failed).toEqual([{ id: post.id, reason: expect.stringMatching(/HTTP 429 cluster_block_exception.*setelah 2 percobaan/), retriable: true }]);
    await client.putSettings(index, { 'index.blocks.read_only_allow_delete': null });
    await store.close();
  });
});

// ─── Elasticsearch: only with ELASTICSEARCH_URL ──────────────────────────────────────────────

const elasticsearchUrl = process.env.ELASTICSEARCH_URL;
if (elasticsearchUrl) {
  conformanceBlock(`Elasticsearch (${elasticsearchUrl})`, async () => {
    const prefix = uniqueIndexPrefix('conf-es');
    const auth = process.env.ELASTICSEARCH_API_KEY ? { apiKey: process.env.ELASTICSEARCH_API_KEY } : undefined;
    const common = { node: elasticsearchUrl, indexPrefix: prefix, ...(auth ? { auth } : {}) };
    return {
      store: createElasticsearchPostStore(common),
      stemmed: createElasticsearchPostStore({ ...common, stemming: true, manageTemplates: false }),
      client: createElasticsearchClient({ node: elasticsearchUrl, ...(auth ? { auth } : {}) }),
      prefix,
    };
  });
} else {
  describe('Elasticsearch conformance', () => {
    test('NOT RUN: ELASTICSEARCH_URL is unset (set it to run the same block against Elasticsearch)', () => {
      process.stderr.write('\nElasticsearch conformance NOT RUN: ELASTICSEARCH_URL is unset\n');
      expect(process.env.ELASTICSEARCH_URL).toBeUndefined();
    });
  });
}

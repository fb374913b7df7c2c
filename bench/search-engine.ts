/**
 * A quick measurement of the search-engine PostStore on a running OpenSearch (or Elasticsearch) node:
 * bulk indexing through `store.upsert` vs a bare `_bulk` loop of the very same documents in the same
 * run, then p50/p95 latency of ten analyst queries with facets and a day histogram. Not a test; the
 * full bench (1M posts, SQLite side by side) comes later.
 *
 *   part of `npm run bench` when OPENSEARCH_URL or ELASTICSEARCH_URL is set; alone:
 *   node dist/bench/search-engine.js [posts=20000]  (env OPENSEARCH_URL or ELASTICSEARCH_URL)
 * Prints one JSON object on stdout; deletes its indices afterwards.
 */
import { iterateCorpus, type CorpusItem } from './corpus';
import { postId } from '../lib/ids';
import { parseQuery } from '../lib/query';
import { createElasticsearchPostStore, createElasticsearchClient } from '../lib/store/elasticsearch';
import { createOpenSearchClient, createOpenSearchPostStore } from '../lib/store/opensearch';
import { monthlyIndex, templateNames, toDoc, type EngineClient, type SearchEngineStore } from '../lib/store/search-engine';
import { EnrichedPost } from '../schemas';

const QUERIES = [
  'banjir',
  'banjir DAN (palembang ATAU "ogan ilir") -hoaks',
  '"jalan rusak"',
  'karhutla ATAU asap',
  'sentiment:negatif topik:harga_bbm',
  'pem*',
  'region:palembang lrt',
  'sumsel BUKAN palembang',
  'tanggal:2026-10-01..2026-10-31 listrik',
  '',
];

function enriched(item: CorpusItem): EnrichedPost {
  const { post, topic, region, sentiment } = item;
  return EnrichedPost.parse({
    ...post,
    schemaVersion: 1,
    type: 'enriched_post',
    id: postId(post.source, post.sourceId),
    collectedAt: post.createdAt,
    lang: post.lang ?? 'id',
    sentiment: { label: sentiment, score: 0, terms: [] },
    topics: [topic],
    regions: region ? [region] : [],
    officials: [],
    enricherVersion: 'bench',
    modelVersion: 'generator-intent',
    enrichedAt: post.createdAt,
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function dropPrefix(client: EngineClient, prefix: string): Promise<void> {
  const names = templateNames(prefix);
  await client.deleteIndices(`${prefix}-*`);
  await client.deleteIndexTemplate(names.index);
  await client.deleteComponentTemplate(names.settings);
  await client.deleteComponentTemplate(names.mappings);
}

/** Bulk posts/s through the store vs a bare `_bulk` loop, and search p50/p95, on a running node. */
export async function benchSearchEngine(opts: { node: string; engine: 'opensearch' | 'elasticsearch'; count: number; batch?: number }): Promise<object> {
  const { count } = opts;
  const batch = opts.batch ?? 1_000;
  const esUrl = opts.engine === 'elasticsearch' ? opts.node : undefined;
  const node = opts.node;
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const storePrefix = `dengar-bench-store-${run}`;
  const barePrefix = `dengar-bench-bare-${run}`;
  const make = (prefix: string): SearchEngineStore =>
    esUrl ? createElasticsearchPostStore({ node, indexPrefix: prefix }) : createOpenSearchPostStore({ node, indexPrefix: prefix });
  const client = esUrl ? createElasticsearchClient({ node }) : createOpenSearchClient({ node });
  const posts = Array.from(iterateCorpus({ seed: 1, count, start: new Date('2026-09-01T00:00:00+07:00'), days: 90 }), enriched);

  const store = make(storePrefix);
  const bare = make(barePrefix);
  try {
    // Same templates for both, installed before timing starts.
    await store.ensureTemplates();
    await bare.ensureTemplates();

    // Bare loop: the same documents, pre-serialised, straight to _bulk with fetch; no validation or retry.
    const bareBodies: string[] = [];
    for (let i = 0; i < posts.length; i += batch) {
      bareBodies.push(
        posts
          .slice(i, i + batch)
          .flatMap((p) => [JSON.stringify({ index: { _index: monthlyIndex(barePrefix, p.createdAt), _id: p.id } }), JSON.stringify(toDoc(p))])
          .join('\n') + '\n',
      );
    }
    let t = performance.now();
    for (const body of bareBodies) {
      const res = await fetch(`${node}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const json = (await res.json()) as { errors: boolean };
      if (!res.ok || json.errors) throw new Error(`bare _bulk failed: HTTP ${res.status}`);
    }
    const bareMs = performance.now() - t;

    t = performance.now();
    let stored = 0;
    for (let i = 0; i < posts.length; i += batch) stored += (await store.upsert(posts.slice(i, i + batch))).stored;
    const storeMs = performance.now() - t;
    await store.refresh();

    const latencies: Record<string, { p50: number; p95: number }> = {};
    const all: number[] = [];
    for (const q of QUERIES) {
      const query = parseQuery(q);
      const times: number[] = [];
      for (let i = 0; i < 22; i++) {
        const start = performance.now();
        await store.search({ query, filters: {}, page: 1, size: 20, sort: 'newest', facets: ['sentiment', 'topic', 'region', 'source'] });
        await store.histogram({ query }, 'day');
        if (i >= 2) times.push(performance.now() - start); // two warm-up rounds
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      latencies[q || '(semua)'] = { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)) };
    }
    all.sort((a, b) => a - b);
    const result = {
      engine: store.kind,
      node,
      posts: count,
      batch,
      stored,
      bulk: {
        storePostsPerSec: Math.round((count / storeMs) * 1000),
        barePostsPerSec: Math.round((count / bareMs) * 1000),
        ratio: Number((bareMs / storeMs).toFixed(2)),
      },
      searchWithFacetsAndHistogramMs: { p50: Math.round(percentile(all, 50)), p95: Math.round(percentile(all, 95)), perQuery: latencies },
    };
    return result;
  } finally {
    await dropPrefix(client, storePrefix);
    await dropPrefix(client, barePrefix);
    await Promise.all([store.close(), bare.close(), client.close()]);
  }
}

if (require.main === module) {
  const node = process.env.ELASTICSEARCH_URL ?? process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
  benchSearchEngine({ node, engine: process.env.ELASTICSEARCH_URL ? 'elasticsearch' : 'opensearch', count: Number(process.argv[2] ?? 20_000) })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`bench/search-engine: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}

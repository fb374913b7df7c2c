import { existsSync } from 'node:fs';
import { toFilters, toQuery, SearchParams } from '../lib/search-params';
import { parseQuery } from '../lib/query';
import type { Interval, PostStore, Scope } from '../lib/store/post-store';
import { createSqlitePostStore } from '../lib/store/sqlite';
import type { EnrichedPost, RawPost, RawPostInput } from '../schemas';
import { toRawPostMessage } from '../services/collector/to-raw-post';
import { createEnrichment } from '../services/enricher/enrich';
import { iteratePosts } from './corpus';
import { ANALYST_QUERIES } from './embedded';
import { percentile, progress, round, timeMs } from './stats';

/** The same seeded corpus as bench/embedded.ts, so a file built here answers the same queries. */
const CORPUS = { seed: 20261127, start: new Date('2026-05-01T00:00:00+07:00'), days: 210 };
/** "Now" for the bench: the morning after the corpus window ends (07:00 WIB). */
const NOW = new Date('2026-11-28T00:00:00Z');
const DAY_MS = 86_400_000;

export interface BuildOptions {
  file: string;
  count: number;
  batchSize?: number;
}

/**
 * Fill a SQLite store with `count` enriched corpus posts in batches (default 1000). Returns the
 * upsert rate alone (enrichment time excluded), so store changes can be compared run to run.
 */
export async function buildSqliteCorpus({ file, count, batchSize = 1000 }: BuildOptions) {
  const store = createSqlitePostStore({ file });
  const enrich = createEnrichment({ now: () => NOW });
  let batch: EnrichedPost[] = [];
  let upsertMs = 0;
  let stored = 0;
  const flush = async (): Promise<void> => {
    const posts = batch;
    batch = [];
    upsertMs += await timeMs(async () => (stored += (await store.upsert(posts)).stored));
  };
  let i = 0;
  for (const input of iteratePosts({ ...CORPUS, count })) {
    const r = enrich(toRawPostMessage(input as RawPostInput, 'bench', NOW).value as RawPost);
    if (r.kind === 'ok') batch.push(r.value);
    if (batch.length === batchSize) await flush();
    if (++i % 100_000 === 0) progress(`  built ${i} posts (${Math.round((stored / upsertMs) * 1000)} upserts/s)`);
  }
  if (batch.length) await flush();
  await store.close();
  return { posts: stored, upsertPostsPerSec: Math.round((stored / upsertMs) * 1000) };
}

type Call = { name: string; run: (store: PostStore) => Promise<unknown> };

/** Scope of a Beranda panel: the last `days` days up to NOW (unaligned to WIB midnight, like /api/stats). */
function recent(days: number, q = ''): Scope {
  const from = new Date(NOW.getTime() - days * DAY_MS).toISOString();
  return { query: parseQuery(q), filters: toFilters({ from, to: NOW.toISOString() }) };
}

function calls(): Call[] {
  const out: Call[] = [];
  for (const raw of ANALYST_QUERIES) {
    const params = SearchParams.parse(raw);
    const label = JSON.stringify(raw);
    const query = toQuery(params);
    out.push({ name: `search ${label}`, run: (s) => s.search(query) });
    // The query's own trend: its day histogram over the last 30 days (or its own, narrower dates).
    const filters = toFilters({ ...params, from: params.from ?? new Date(NOW.getTime() - 30 * DAY_MS).toISOString(), to: params.to ?? NOW.toISOString() });
    const scope: Scope = { query: query.query, filters };
    out.push({ name: `histogram30d ${label}`, run: (s) => s.histogram(scope, 'day') });
  }
  const all: Scope = { query: { type: 'all' } };
  const beranda: [string, Scope][] = [['all', all], ['30d', recent(30)], ['90d', recent(90)]];
  for (const [tag, scope] of beranda) {
    out.push({ name: `beranda ${tag} count`, run: (s) => s.count(scope) });
    for (const field of ['sentiment', 'topic', 'region', 'source'] as const) {
      out.push({ name: `beranda ${tag} terms ${field}`, run: (s) => s.terms(scope, field, field === 'region' ? 17 : 10) });
    }
    out.push({ name: `beranda ${tag} topAuthors`, run: (s) => s.topAuthors(scope, 10) });
  }
  for (const days of [7, 30, 90]) {
    const interval: Interval = 'day';
    out.push({ name: `beranda histogram ${days}d`, run: (s) => s.histogram(recent(days), interval) });
  }
  return out;
}

export interface BenchSqliteSearchOptions {
  /** An existing SQLite file built by buildSqliteCorpus (it is opened read-only). */
  file: string;
  rounds?: number;
  /** Only calls whose name contains this. */
  only?: string;
}

/**
 * p50/p95 per call of the analyst searches (four facets each), their 30-day trends, and Beranda's
 * /api/stats calls over all posts and the last 30/90 days, on a prebuilt file. Returns JSON.
 */
export async function benchSqliteSearch({ file, rounds = 20, only }: BenchSqliteSearchOptions) {
  if (!existsSync(file)) throw new Error(`${file} not found: build it with buildSqliteCorpus first`);
  const store = createSqlitePostStore({ file, readonly: true });
  const results = [];
  const all: number[] = [];
  for (const call of calls().filter((c) => !only || c.name.includes(only))) {
    await call.run(store); // warm-up: page cache and statement cache
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) times.push(await timeMs(() => call.run(store)));
    all.push(...times);
    const result = { call: call.name, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) };
    progress(`${result.call}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms`);
    results.push(result);
  }
  const posts = await store.count({ query: { type: 'all' } });
  await store.close();
  const out = { posts, rounds, p50Ms: round(percentile(all, 50)), p95Ms: round(percentile(all, 95)), worstP95Ms: Math.max(...results.map((r) => r.p95Ms)), calls: results };
  return out;
}

// `node dist/bench/sqlite-search.js build|search FILE [count|rounds] [only]`
if (require.main === module) {
  const [cmd, file, arg, only] = process.argv.slice(2);
  const main = cmd === 'build'
    ? buildSqliteCorpus({ file: file!, count: Number(arg ?? 1_000_000) }).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    : benchSqliteSearch({ file: file!, rounds: Number(arg ?? 20), ...(only ? { only } : {}) }).then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
  main.catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}

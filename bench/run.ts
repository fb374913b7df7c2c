import os from 'node:os';
import { benchAlerter } from './alerter';
import path from 'node:path';
import { benchDir, benchEnrichment, benchIngest } from './embedded';
import { benchKafka } from './kafka';
import { benchReporter } from './reporter';
import { benchSearchEngine } from './search-engine';
import { benchSqliteSearch, buildSqliteCorpus } from './sqlite-search';
import { progress } from './stats';

/**
 * `npm run bench`: deterministic (seeded) synthetic corpora, results as JSON on stdout, progress on
 * stderr. Each figure stands next to its raw limit measured in the same run.
 *   BENCH_QUICK=1            small sizes, for a smoke run
 *   BENCH_SEARCH_SIZES=...   corpus sizes for embedded search latency (default 100000,1000000)
 *   KAFKA_BROKERS=...        also bench the pipeline through Kafka against bare kafkajs
 *   OPENSEARCH_URL=... / ELASTICSEARCH_URL=...   also bench that engine's store against bare _bulk
 */
async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const searchSizes = (process.env.BENCH_SEARCH_SIZES ?? (quick ? '10000,50000' : '100000,1000000')).split(',').map(Number);
  const { dir, cleanup } = benchDir();
  try {
    const result: Record<string, unknown> = {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) },
    };
    result.enrichment = await benchEnrichment(quick ? 5_000 : 50_000);
    result.ingest = await benchIngest(dir, quick ? 5_000 : 50_000);
    const search = [];
    for (const size of searchSizes) {
      const file = path.join(dir, `search-${size}.db`);
      progress(`search: building ${size} posts`);
      const build = await buildSqliteCorpus({ file, count: size });
      search.push({ posts: size, build, latency: await benchSqliteSearch({ file, rounds: quick ? 5 : 20 }) });
    }
    result.search = search;
    result.alerter = await benchAlerter(dir, { posts: quick ? 50_000 : 1_000_000, rules: 200 });
    result.reporter = await benchReporter(dir, quick ? 10_000 : 100_000);
    const engineUrl = process.env.ELASTICSEARCH_URL ?? process.env.OPENSEARCH_URL;
    result.searchEngine = engineUrl
      ? await benchSearchEngine({ node: engineUrl, engine: process.env.ELASTICSEARCH_URL ? 'elasticsearch' : 'opensearch', count: quick ? 5_000 : 50_000 })
      : { notRun: 'OPENSEARCH_URL / ELASTICSEARCH_URL not set' };
    result.kafka = process.env.KAFKA_BROKERS
      ? await benchKafka({ brokers: process.env.KAFKA_BROKERS.split(',') })
      : { notRun: 'KAFKA_BROKERS not set' };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    cleanup();
    progress('done');
  }
}

void main();

import os from 'node:os';
import { benchDir, benchEnrichment, benchIngest, benchSearch } from './embedded';
import { progress } from './stats';

/**
 * `npm run bench`: deterministic (seeded) synthetic corpus, results as JSON on stdout, progress on
 * stderr. Each figure stands next to its raw limit measured in the same run.
 *   BENCH_QUICK=1            small sizes, for a smoke run
 *   BENCH_SEARCH_SIZES=...   comma-separated corpus sizes for search latency (default 100000,1000000)
 */
async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const searchSizes = (process.env.BENCH_SEARCH_SIZES ?? (quick ? '10000,50000' : '100000,1000000')).split(',').map(Number);
  const { dir, cleanup } = benchDir();
  try {
    const result = {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      enrichment: await benchEnrichment(quick ? 5_000 : 50_000),
      ingest: await benchIngest(dir, quick ? 5_000 : 50_000),
      search: await benchSearch(dir, searchSizes, quick ? 5 : 20),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    cleanup();
    progress('done');
  }
}

void main();

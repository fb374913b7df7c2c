import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { runWeeklyReport } from '../cli/report';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import type { EnrichedPost, RawPost } from '../schemas';
import { progress, round } from './stats';

/** ISO week 2026-W47: Monday 16 Nov 2026 00:00 WIB, seven days. */
const WEEK = '2026-W47';
const WEEK_START = new Date('2026-11-16T00:00:00+07:00');
const COLLECTED_AT = new Date('2026-11-28T00:00:00Z');
export const REPORT_LIMITS = { maxRssMb: 300, maxSeconds: 60 };

interface ChildResult {
  posts: number;
  ms: number;
  maxRssMb: number;
  pdfBytes: number;
  xlsxBytes: number;
  status: string;
}

/**
 * The weekly report over a large week: `count` posts (default 100k) inside one ISO week, plus a
 * week before it for the comparison. The report runs in a fresh child process, so its peak RSS
 * (getrusage maxrss) is the report's alone, not the loader's.
 */
export async function benchReporter(dir: string, count = 100_000) {
  // NOTE: loaded here, not at the top: the child process (this same file) must carry only what a report needs.
  const { sqliteFile } = await import('../lib/runtime');
  const { createSqlitePostStore } = await import('../lib/store/sqlite');
  const { toRawPostMessage } = await import('../services/collector/to-raw-post');
  const { createEnrichment } = await import('../services/enricher/enrich');
  const { iteratePosts } = await import('./corpus');
  const dataDir = path.join(dir, 'reporter');
  const config = loadConfig({ DENGAR_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  progress(`reporter: loading ${count} posts into ${WEEK} (+${Math.round(count / 5)} the week before)`);
  const store = createSqlitePostStore({ file: sqliteFile(config) });
  const enrich = createEnrichment({ now: () => COLLECTED_AT });
  let batch: EnrichedPost[] = [];
  const load = async (n: number, start: Date, seed: number) => {
    for (const input of iteratePosts({ seed, start, days: 7, count: n })) {
      const r = enrich(toRawPostMessage({ ...input, sourceId: `${seed}-${input.sourceId}` }, 'bench', COLLECTED_AT).value as RawPost);
      if (r.kind === 'ok') batch.push(r.value);
      if (batch.length === 1000) {
        await store.upsert(batch);
        batch = [];
      }
    }
    if (batch.length) await store.upsert(batch);
    batch = [];
  };
  await load(count, WEEK_START, 47);
  await load(Math.round(count / 5), new Date(WEEK_START.getTime() - 7 * 86_400_000), 46);
  await store.close();

  progress(`reporter: generating ${WEEK} in a child process`);
  const child = await runChild(dataDir, path.join(dir, 'reporter-out'));
  return {
    week: WEEK,
    postsInWeek: child.posts,
    seconds: round(child.ms / 1000, 1),
    maxRssMb: child.maxRssMb,
    pdfKb: Math.round(child.pdfBytes / 1024),
    xlsxMb: round(child.xlsxBytes / 1048576, 1),
    limits: REPORT_LIMITS,
    withinLimits: child.status === 'ready' && child.maxRssMb <= REPORT_LIMITS.maxRssMb && child.ms <= REPORT_LIMITS.maxSeconds * 1000,
  };
}

function runChild(dataDir: string, out: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--child', dataDir, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench reporter child exited ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

/** Child mode: one report, then its time and peak RSS as one JSON line. */
async function child(dataDir: string, out: string): Promise<void> {
  const config = loadConfig({ DENGAR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const t0 = Date.now();
  let last = 0;
  const record = await runWeeklyReport(config, createLogger('warn', process.stderr), {
    week: WEEK,
    out,
    env: {},
    onProgress: (p) => {
      if (p.stage === 'posts' && (p.posts ?? 0) - last < 20_000) return;
      last = p.posts ?? last;
      progress(`  ${p.message}`);
    },
  });
  const ms = Date.now() - t0;
  const size = (kind: string) => statSync(record.files.find((f) => f.kind === kind)!.path).size;
  const result: ChildResult = {
    posts: record.totals?.posts ?? 0,
    ms,
    // ru_maxrss is in kilobytes on Linux.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    pdfBytes: record.status === 'ready' ? size('pdf') : 0,
    xlsxBytes: record.status === 'ready' ? size('xlsx') : 0,
    status: record.status,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  if (process.argv[2] === '--child') {
    void child(process.argv[3]!, process.argv[4]!);
  } else {
    // `node dist/bench/reporter.js [count]`: this bench alone.
    void import('./embedded').then(({ benchDir }) => {
      const { dir, cleanup } = benchDir();
      return benchReporter(dir, Number(process.argv[2] ?? 100_000))
        .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
        .finally(cleanup);
    });
  }
}

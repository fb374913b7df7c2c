import type { Config } from '../lib/config';
import { ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import path from 'node:path';
import type { PostStore } from '../lib/store/post-store';
import { createSqlitePostStore } from '../lib/store/sqlite';
import { createSmtpSender } from '../services/reporter/email';
import type { ReportProgress } from '../services/reporter/generate';
import { createReportGenerator } from '../services/reporter/generate';
import type { ReportRecord } from '../services/reporter/history';
import { openHistoryStore } from '../services/reporter/engine-history';
import { reporterOptionsFromEnv } from '../services/reporter/options';
import { IsoWeek } from '../services/reporter/week';
import { commandContext } from './context';

export interface ReportWeeklyOptions {
  week?: string;
  out: string;
  /** Also email the leadership list (DENGAR_REPORT_RECIPIENTS via SMTP). */
  send?: boolean;
  json?: boolean;
}

/**
 * The report itself, for the command and for tests: opens the store and the history, builds the
 * week's PDF and XLSX into `out`, records the run (trigger `cli`) and returns the record.
 */
export async function runWeeklyReport(
  config: Readonly<Config>,
  logger: Logger,
  opts: ReportWeeklyOptions & { env?: NodeJS.ProcessEnv; onProgress?: (p: ReportProgress) => void },
): Promise<ReportRecord> {
  if (opts.week !== undefined) {
    const week = IsoWeek.safeParse(opts.week);
    if (!week.success) throw new ValidationError(`--week: ${week.error.issues[0]?.message ?? 'tidak valid'} (diterima "${opts.week}")`);
  }
  const options = reporterOptionsFromEnv(opts.env ?? process.env, config.data.dir);
  const store = await openPostStore(config);
  // The run joins the history the web app shows, in every mode.
  const history = openHistoryStore(config);
  try {
    const generator = createReportGenerator({ store, history, logger, options, send: opts.send ? createSmtpSender(options.smtp) : null });
    return await generator.generate({
      ...(opts.week ? { week: opts.week } : {}),
      trigger: 'cli',
      outDir: opts.out,
      deliver: opts.send === true,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  } finally {
    await history.close();
    await store.close();
  }
}

/** NOTE: the same file as lib/runtime's sqliteFile(config), without loading runtime (bus, engines, enricher: ~40 MB RSS). */
function dataFile(config: Readonly<Config>): string {
  return path.resolve(config.data.dir, 'dengar.db');
}

async function openPostStore(config: Readonly<Config>): Promise<PostStore> {
  if (config.mode.store === 'sqlite') return createSqlitePostStore({ file: dataFile(config), lean: true });
  const { createPostStore } = await import('../lib/runtime');
  return createPostStore(config);
}

/** `dengar report weekly [--week YYYY-Www] --out <dir> [--send] [--json]`. Progress on stderr, result on stdout. */
export async function reportWeeklyCommand(opts: ReportWeeklyOptions): Promise<void> {
  const { config, logger } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  let lastPosts = 0;
  const record = await runWeeklyReport(config, logger, {
    ...opts,
    onProgress: (p) => {
      // Every stage, and the posts every 10k rows: long weeks should be seen moving.
      if (p.stage === 'posts' && p.posts !== undefined && p.posts > 0 && p.posts - lastPosts < 10_000 && p.posts !== p.total) return;
      if (p.posts !== undefined) lastPosts = p.posts;
      process.stderr.write(`laporan: ${p.message}\n`);
    },
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ id: record.id, week: record.week, status: record.status, totals: record.totals ?? null, files: record.files.map((f) => f.path), deliveries: record.deliveries, error: record.error ?? null })}\n`);
  } else if (record.status === 'ready') {
    process.stdout.write(`Laporan ${record.week}: ${record.totals?.posts ?? 0} pos.\n${record.files.map((f) => `  ${f.path}`).join('\n')}\n`);
    for (const d of record.deliveries) process.stdout.write(`Surel: ${d.status}${d.lastError ? ` (${d.lastError})` : d.note ? ` (${d.note})` : ''}\n`);
  }
  if (record.status !== 'ready') {
    process.stderr.write(`dengar: laporan gagal dibuat: ${record.error ?? 'sebab tidak diketahui'}\n`);
    process.exitCode = 1;
  } else if (record.deliveries.some((d) => d.status === 'failed')) {
    process.exitCode = 2;
  }
}

import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { backoffMs, delay } from '../../lib/backoff';
import { DengarError, ERROR_CODES, describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { PostStore } from '../../lib/store/post-store';
import type { ReportContent } from './content';
import type { EmailSender } from './email';
import { gatherWeeklyData, pct } from './gather';
import type { Delivery, ReportFile, ReportHistoryStore, ReportRecord } from './history';
import type { ReporterOptions } from './options';
import { writeReportPdf } from './pdf';
import { streamWeekPosts } from './posts-stream';
import { noAlerts, noInbox, readModelMetrics, type AlertSummarySource, type InboxSummarySource } from './sources';
import { formatChange, formatCount, formatDayRange, formatPct, pseudonymise } from './text';
import { lastCompletedWeek, parseWeek, type WeekRange } from './week';
import { writeReportXlsx } from './xlsx';

export interface ReportProgress {
  stage: 'gather' | 'posts' | 'pdf' | 'deliver' | 'done';
  message: string;
  /** Posts written to the XLSX so far, and how many the week has. */
  posts?: number;
  total?: number;
}

export interface ReportGeneratorDeps {
  store: PostStore;
  history: ReportHistoryStore;
  logger: Logger;
  options: Readonly<ReporterOptions>;
  alerts?: AlertSummarySource;
  inbox?: InboxSummarySource;
  /** Null/absent: no SMTP configured; email deliveries are recorded as skipped with the reason. */
  send?: EmailSender | null;
  now?: () => Date;
  /** Backoff wait; injectable so a stopping service can cut it short. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GenerateRequest {
  /** `YYYY-Www`; default: the last completed week. */
  week?: string;
  trigger: ReportRecord['trigger'];
  requestedBy?: string;
  /** Write the files here instead of `<reportDir>/<week>/<id>/`. */
  outDir?: string;
  /** Email the leadership list (default true for schedule/api, false for the CLI). */
  deliver?: boolean;
  onProgress?: (p: ReportProgress) => void;
  signal?: AbortSignal;
}

export interface ReportGenerator {
  /** Record the run, build the files, then deliver; resolves with the final record (never throws for a failed delivery). */
  generate(request: GenerateRequest): Promise<ReportRecord>;
  /** Like generate, but answers as soon as the run is recorded (for the HTTP route). */
  start(request: GenerateRequest): Promise<{ record: ReportRecord; done: Promise<ReportRecord> }>;
  /** Try the email delivery of a report again (manual retry, or resume after a restart). */
  deliver(id: string, signal?: AbortSignal): Promise<ReportRecord>;
  resumeDeliveries(signal?: AbortSignal): Promise<void>;
}

export function reportFileName(week: string, kind: 'pdf' | 'xlsx'): string {
  return `dengar-laporan-mingguan-${week}.${kind}`;
}

/**
 * Builds the weekly report: gather the aggregates, stream the posts into the XLSX, draw the PDF,
 * record the files, then deliver. One run at a time per process — a report holds a page of posts
 * and a PDF in memory, and two at once would only compete for the same disk.
 */
export function createReportGenerator(deps: ReportGeneratorDeps): ReportGenerator {
  const log = deps.logger.child({ component: 'reporter' });
  const now = deps.now ?? (() => new Date());
  const wait = deps.wait ?? delay;
  const alerts = deps.alerts ?? noAlerts;
  const inbox = deps.inbox ?? noInbox;
  const salt = deps.options.pseudonymSalt;
  const authorLabel = (source: string, author: string | null): string | null =>
    author === null ? null : deps.options.pseudonymiseAuthors && salt ? pseudonymise(source, author, salt) : author;
  let queue: Promise<unknown> = Promise.resolve();

  function newRecord(range: WeekRange, request: GenerateRequest): ReportRecord {
    return {
      id: randomUUID(),
      week: range.week,
      from: range.from,
      to: range.to,
      trigger: request.trigger,
      ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
      status: 'generating',
      createdAt: now().toISOString(),
      files: [],
      deliveries: [],
    };
  }

  async function build(record: ReportRecord, range: WeekRange, request: GenerateRequest): Promise<ReportRecord> {
    const progress = request.onProgress ?? (() => undefined);
    const dir = request.outDir ? path.resolve(request.outDir) : path.resolve(deps.options.reportDir, range.week, record.id.slice(0, 8));
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    try {
      progress({ stage: 'gather', message: `mengumpulkan angka minggu ${range.week} (${range.monday} s.d. ${range.sunday} WIB)` });
      const [data, alertSummary, inboxSummary] = await Promise.all([gatherWeeklyData(deps.store, range), alerts.weekly(range), inbox.weekly(range)]);
      const total = data.current.total;
      const base = { data, generatedAt: now().toISOString(), alerts: alertSummary, inbox: inboxSummary, authorLabel };
      const metrics = readModelMetrics(deps.options.modelFile);

      // Files are written under a temporary name and renamed when complete, so a download never sees half a file.
      const xlsxName = reportFileName(range.week, 'xlsx');
      const xlsxTmp = path.join(dir, `.${xlsxName}.${record.id}.tmp`);
      progress({ stage: 'posts', message: `menulis ${formatCount(total)} pos ke XLSX`, posts: 0, total });
      const posts = await writeReportXlsx(xlsxTmp, { ...base, method: { sources: data.sources, metrics } }, streamWeekPosts(deps.store, range, request.signal), (n) =>
        progress({ stage: 'posts', message: `XLSX: ${formatCount(n)} dari ${formatCount(total)} pos`, posts: n, total }),
      );
      renameSync(xlsxTmp, path.join(dir, xlsxName));

      const pdfName = reportFileName(range.week, 'pdf');
      const pdfTmp = path.join(dir, `.${pdfName}.${record.id}.tmp`);
      progress({ stage: 'pdf', message: 'menyusun PDF' });
      const content: ReportContent = { ...base, method: { sources: data.sources, modelVersions: posts.modelVersions, metrics } };
      await writeReportPdf(pdfTmp, content);
      renameSync(pdfTmp, path.join(dir, pdfName));

      const files: ReportFile[] = [pdfName, xlsxName].map((name) => ({
        kind: name.endsWith('.pdf') ? 'pdf' : 'xlsx',
        name,
        path: path.join(dir, name),
        bytes: statSync(path.join(dir, name)).size,
      }));
      const ready: ReportRecord = {
        ...record,
        status: 'ready',
        finishedAt: now().toISOString(),
        files,
        totals: { posts: total, negative: data.current.negative },
        deliveries: request.deliver === false ? [] : [initialDelivery()],
      };
      await deps.history.save(ready);
      log.info({ reportId: record.id, week: range.week, posts: posts.posts, ms: Date.now() - started }, 'report_generated');
      const emailText = summaryText(content);
      return request.deliver === false ? ready : await runDelivery(ready, emailText, progress, request.signal);
    } catch (err) {
      for (const name of [reportFileName(range.week, 'pdf'), reportFileName(range.week, 'xlsx')]) {
        rmSync(path.join(dir, `.${name}.${record.id}.tmp`), { force: true });
      }
      const failed: ReportRecord = { ...record, status: 'failed', finishedAt: now().toISOString(), error: describeError(err) };
      await deps.history.save(failed);
      log.error({ reportId: record.id, week: range.week, err }, 'report_failed');
      return failed;
    } finally {
      progress({ stage: 'done', message: 'selesai' });
    }
  }

  function initialDelivery(): Delivery {
    const recipients = [...deps.options.recipients];
    if (recipients.length === 0) return { channel: 'email', recipients, status: 'skipped', attempts: 0, note: 'Daftar penerima (DENGAR_REPORT_RECIPIENTS) kosong' };
    if (!deps.send) return { channel: 'email', recipients, status: 'skipped', attempts: 0, note: 'Server SMTP belum dikonfigurasi (SMTP_URL/SMTP_HOST)' };
    return { channel: 'email', recipients, status: 'pending', attempts: 0 };
  }

  /**
   * Send with capped exponential backoff, saving the record after every attempt so a failure is
   * visible in the history as it happens. After the last attempt the delivery stays `failed`
   * (with the error) until someone retries it; a crash mid-way leaves it `pending`/`retrying`,
   * which `resumeDeliveries` picks up at the next start.
   */
  async function runDelivery(record: ReportRecord, text: string, progress: (p: ReportProgress) => void, signal?: AbortSignal): Promise<ReportRecord> {
    let current = record;
    const index = current.deliveries.findIndex((d) => d.channel === 'email' && (d.status === 'pending' || d.status === 'retrying' || d.status === 'failed'));
    if (index < 0 || !deps.send) return current;
    const { attempts: max, baseMs, maxMs } = deps.options.delivery;
    const attachments = current.files
      .filter((f) => f.kind === 'pdf' || deps.options.attachXlsx)
      .map((f) => ({ filename: f.name, path: f.path, contentType: f.kind === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    const subject = `Laporan Mingguan Dengar: minggu ${current.week}`;
    for (let attempt = 1; attempt <= max; attempt++) {
      const d = current.deliveries[index]!;
      progress({ stage: 'deliver', message: `mengirim surel ke ${d.recipients.length} penerima (percobaan ${attempt}/${max})` });
      const at = now().toISOString();
      try {
        await deps.send({ to: d.recipients, subject, text, attachments });
        current = withDelivery(current, index, { ...d, status: 'sent', attempts: d.attempts + 1, lastAttemptAt: at, sentAt: now().toISOString(), nextAttemptAt: undefined });
        await deps.history.save(current);
        log.info({ reportId: current.id, attempts: d.attempts + 1 }, 'report_delivered');
        return current;
      } catch (err) {
        const last = attempt === max;
        const waitMs = backoffMs(attempt, baseMs, maxMs);
        current = withDelivery(current, index, {
          ...d,
          status: last ? 'failed' : 'retrying',
          attempts: d.attempts + 1,
          lastAttemptAt: at,
          lastError: describeError(err),
          nextAttemptAt: last ? undefined : new Date(now().getTime() + waitMs).toISOString(),
        });
        await deps.history.save(current);
        log.warn({ reportId: current.id, attempt, last, err }, 'report_delivery_failed');
        if (last) return current;
        await wait(waitMs, signal);
        // Stopping: leave it `retrying` for the next start (resumeDeliveries) rather than hammer on.
        if (signal?.aborted) return current;
      }
    }
    return current;
  }

  async function deliver(id: string, signal?: AbortSignal): Promise<ReportRecord> {
    const record = await deps.history.get(id);
    if (!record) throw new DengarError(ERROR_CODES.NOT_FOUND, `Laporan ${id} tidak ditemukan`);
    if (record.status !== 'ready') return record;
    let current = record;
    // A skipped or missing delivery gets a fresh one (recipients or SMTP may have been configured since).
    if (!current.deliveries.some((d) => d.channel === 'email' && d.status !== 'skipped' && d.status !== 'sent')) {
      current = { ...current, deliveries: [...current.deliveries.filter((d) => d.status === 'sent'), initialDelivery()] };
      await deps.history.save(current);
    }
    // The email body is rebuilt from the store's headline numbers (cheap aggregations, no posts).
    const data = await gatherWeeklyData(deps.store, parseWeek(current.week), { topIssues: 0 });
    return runDelivery(current, summaryText({ data, generatedAt: current.createdAt }), () => undefined, signal);
  }

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function start(request: GenerateRequest): Promise<{ record: ReportRecord; done: Promise<ReportRecord> }> {
    const range = request.week ? parseWeek(request.week) : lastCompletedWeek(now());
    const record = newRecord(range, { ...request, deliver: request.deliver ?? request.trigger !== 'cli' });
    await deps.history.save(record);
    const done = enqueue(() => build(record, range, { ...request, deliver: request.deliver ?? request.trigger !== 'cli' }));
    return { record, done };
  }

  return {
    start,
    async generate(request) {
      return (await start(request)).done;
    },
    deliver: (id, signal) => enqueue(() => deliver(id, signal)),
    async resumeDeliveries(signal) {
      for (const record of await deps.history.undelivered()) {
        if (signal?.aborted) return;
        await enqueue(() => deliver(record.id, signal)).catch((err: unknown) => log.error({ reportId: record.id, err }, 'report_resume_failed'));
      }
    },
  };
}

function withDelivery(record: ReportRecord, index: number, delivery: Delivery): ReportRecord {
  const clean = Object.fromEntries(Object.entries(delivery).filter(([, v]) => v !== undefined)) as Delivery;
  return { ...record, deliveries: record.deliveries.map((d, i) => (i === index ? clean : d)) };
}

/** The email body: the headline numbers in a few lines of Indonesian. */
export function summaryText(content: Pick<ReportContent, 'data' | 'generatedAt'>): string {
  const { data } = content;
  const cur = data.current;
  const prior = data.prior;
  const change = formatChange(cur.total, prior.total);
  return [
    'Yth. Bapak/Ibu Pimpinan,',
    '',
    `Berikut laporan mingguan percakapan publik Sumatera Selatan untuk minggu ${data.range.week} (${formatDayRange(data.range.monday, data.range.sunday)}, WIB).`,
    '',
    `- Volume: ${formatCount(cur.total)} pos${change ? ` (${change} dibanding minggu lalu)` : ''}`,
    `- Sentimen negatif: ${formatPct(cur.negativePct)} (minggu lalu ${formatPct(prior.negativePct)})`,
    `- Topik teratas: ${cur.topTopic ? `${cur.topTopic.label} (${formatCount(cur.topTopic.total)} pos)` : '-'}`,
    `- Wilayah paling negatif: ${cur.mostNegativeRegion ? `${cur.mostNegativeRegion.label} (${formatPct(pct(cur.mostNegativeRegion.negative, cur.mostNegativeRegion.total))} negatif)` : '-'}`,
    '',
    'Rincian ada pada PDF terlampir; data lengkap untuk staf ada pada berkas XLSX.',
    '',
    'Dengar — Humas Pemprov Sumatera Selatan (pesan otomatis)',
  ].join('\n');
}

import cron, { type ScheduledTask } from 'node-cron';
import type { Service, ServiceHealth } from '../../lib/service';
import { createSmtpSender } from './email';
import { createReportGenerator, type ReportGenerator, type ReportGeneratorDeps } from './generate';
import { lastCompletedWeek } from './week';

/** The generator's dependencies; the service owns the backoff wait so stop() can cut it short. */
export type ReporterDeps = Omit<ReportGeneratorDeps, 'wait'>;

export interface ReporterService extends Service {
  readonly generator: ReportGenerator;
  /** What the cron tick runs: the last completed week, unless the schedule already reported it. */
  runScheduled(): Promise<void>;
}

/**
 * The reporter service: on its node-cron schedule (default Monday 07:00 WIB) it builds last
 * week's report and emails it; at start it resumes deliveries a crash or restart left unfinished.
 */
export function createReporterService(deps: ReporterDeps): ReporterService {
  const log = deps.logger.child({ service: 'reporter' });
  const now = deps.now ?? (() => new Date());
  const send = deps.send === undefined ? createSmtpSender(deps.options.smtp) : deps.send;
  const generator = createReportGenerator({ ...deps, send, now });
  let abort = new AbortController();
  let task: ScheduledTask | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const stats = { scheduledRuns: 0, lastRun: null as null | { week: string; status: string; at: string } };

  async function runScheduled(): Promise<void> {
    const week = lastCompletedWeek(now()).week;
    // A restart on Monday morning must not send leadership the same report twice.
    const recent = await deps.history.list(50);
    if (recent.some((r) => r.week === week && r.trigger === 'schedule' && r.status !== 'failed')) {
      log.info({ week }, 'report_already_scheduled');
      return;
    }
    stats.scheduledRuns++;
    const record = await generator.generate({ week, trigger: 'schedule', deliver: true, signal: abort.signal });
    stats.lastRun = { week, status: record.status, at: now().toISOString() };
  }

  return {
    name: 'reporter',
    generator,
    runScheduled,
    async start() {
      abort = new AbortController();
      if (deps.options.scheduleEnabled) {
        task = cron.schedule(
          deps.options.schedule,
          () => {
            running = runScheduled().catch((err: unknown) => log.error({ err }, 'report_schedule_failed'));
          },
          { name: 'reporter', noOverlap: true, timezone: 'Asia/Jakarta' },
        );
      }
      running = generator.resumeDeliveries(abort.signal).catch((err: unknown) => log.error({ err }, 'report_resume_failed'));
      log.info({ schedule: deps.options.scheduleEnabled ? deps.options.schedule : null, recipients: deps.options.recipients.length, smtp: send !== null }, 'reporter_started');
    },
    async stop() {
      await task?.stop();
      task = null;
      // Cut retry backoff short; the delivery stays `retrying` in the history and resumes at next start.
      abort.abort();
      await running;
    },
    async health(): Promise<ServiceHealth> {
      const failed = (await deps.history.list(20)).filter((r) => r.status === 'failed' || r.deliveries.some((d) => d.status === 'failed'));
      return {
        status: failed.length > 0 ? 'degraded' : 'ok',
        details: { ...stats, schedule: deps.options.scheduleEnabled ? deps.options.schedule : null, recentFailures: failed.map((r) => ({ id: r.id, week: r.week })) },
      };
    },
  };
}

import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Service, ServiceHealth } from '../../lib/service';
import type { PostStore } from '../../lib/store/post-store';

/**
 * Deletes posts older than the configured number of days, once a day (03:00 WIB by default), on
 * every store alike: SQLite, OpenSearch and Elasticsearch (delete by query). Idempotent, so two
 * indexer replicas running it at once only do the same work twice.
 */
export function createRetentionJob(deps: {
  store: PostStore;
  logger: Logger;
  days: number;
  schedule: string;
  now?: () => Date;
}): Service & { runOnce(): Promise<number> } {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ service: 'retention' });
  let task: ScheduledTask | null = null;
  let last: { at: string; deleted: number } | { at: string; error: string } | null = null;

  async function runOnce(): Promise<number> {
    const before = new Date(now().getTime() - deps.days * 86_400_000);
    try {
      const deleted = await deps.store.deleteOlderThan(before);
      last = { at: now().toISOString(), deleted };
      log.info({ before: before.toISOString(), deleted }, 'retention_applied');
      return deleted;
    } catch (err) {
      last = { at: now().toISOString(), error: describeError(err) };
      log.warn({ err: describeError(err) }, 'retention_failed');
      throw err;
    }
  }

  return {
    name: 'retention',
    runOnce,
    async start() {
      task = cron.schedule(deps.schedule, () => void runOnce().catch(() => undefined), { name: 'retention', noOverlap: true, timezone: 'Asia/Jakarta' });
    },
    async stop() {
      await task?.destroy();
    },
    async health(): Promise<ServiceHealth> {
      return { status: last && 'error' in last ? 'degraded' : 'ok', details: { days: deps.days, last } };
    },
  };
}

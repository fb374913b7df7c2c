import { logLevel, type logCreator, type LogEntry } from 'kafkajs';
import type { Logger } from '../../logger';

/** Fields of a kafkajs log entry worth keeping; everything else (stacks, payload sizes) is dropped. */
const KEPT_FIELDS = ['broker', 'clientId', 'groupId', 'memberId', 'topic', 'partition', 'error', 'retryCount', 'retryTime'] as const;

/** The same kafkajs message is logged at most once per window; repeats are counted, not printed. */
const REPEAT_WINDOW_MS = 10_000;

/**
 * Route kafkajs logs into pino at warn and above. kafkajs logs every failed request at ERROR while
 * it retries (a broker restart prints dozens of "Connection error"), so identical messages are
 * collapsed per window and connection-level noise is demoted to warn: the bus itself reports what
 * matters (publish failed, consumer crashed) with Dengar's own event names.
 */
export function createLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  const lastSeen = new Map<string, { at: number; suppressed: number }>();

  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      if (level > logLevel.WARN) return;
      const { message } = entry;
      const key = `${namespace}|${message}`;
      const now = Date.now();
      const seen = lastSeen.get(key);
      if (seen && now - seen.at < REPEAT_WINDOW_MS) {
        seen.suppressed++;
        return;
      }
      if (lastSeen.size > 500) lastSeen.clear();
      lastSeen.set(key, { at: now, suppressed: 0 });

      const detail: Record<string, unknown> = { namespace };
      const raw = entry as unknown as Record<string, unknown>;
      for (const field of KEPT_FIELDS) if (raw[field] !== undefined) detail[field] = raw[field];
      if (seen?.suppressed) detail.repeatedTimes = seen.suppressed;

      // NOTE: the partitioner and EoS notices are about kafkajs defaults we set explicitly.
      if (/KAFKAJS_NO_PARTITIONER_WARNING|Limiting retries for the idempotent/.test(message)) return;
      // An entry with a retry count is a failure kafkajs is still retrying: a warning, not yet an error.
      const beingRetried = raw.retryCount !== undefined;
      // Crash/restart notices are reported by the subscription itself ('consumer_crashed').
      const isConnectionNoise =
        namespace === 'Connection' || /Connection|ECONNREFUSED|No broker available|coordinator is (loading|not available)|^Crash:|^Restarting the consumer/i.test(message);
      if (level === logLevel.ERROR && !isConnectionNoise && !beingRetried) log.error(detail, message);
      else log.warn(detail, message);
    };
}

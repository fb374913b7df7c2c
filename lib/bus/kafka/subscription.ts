import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { backoffMs, delay } from '../../backoff';
import { describeError, ERROR_CODES, isRetriable } from '../../errors';
import type { Logger } from '../../logger';
import type { BatchHandler, BusMessage, OutgoingMessage, Subscription } from '../bus';
import { deadLetterFor } from '../dead-letter';
import { decodeMessage } from './decode';
import type { KafkaBusOptions } from './options';

export interface KafkaSubscription extends Subscription {
  readonly topic: string;
  readonly groupId: string;
  /** Partitions this member holds since its last group join (empty before the first join). */
  assignedPartitions(): number[];
}

export interface SubscriptionDeps {
  kafka: Kafka;
  options: KafkaBusOptions;
  /** Full Kafka topic name (prefix applied). */
  topic: string;
  groupId: string;
  handler: BatchHandler;
  maxBatchSize: number;
  publishDeadLetters: (messages: OutgoingMessage[]) => Promise<void>;
  lag: () => Promise<number>;
  logger: Logger;
}

/** Thrown inside the batch loop when the subscription is stopping: the chunk in hand stays uncommitted. */
class Abandoned extends Error {}

/**
 * One consumer-group member. Offsets move only after the handler (and any dead letters) are done:
 * each fetched batch is cut into chunks of `maxBatchSize`; a chunk is decoded, undecodable records
 * are dead-lettered, the rest go to the handler, and only then is the chunk's last offset committed.
 *
 * Failure policy (the same as the in-process bus, so services behave alike in both modes):
 * - retriable error → the same chunk again after capped exponential backoff with jitter, heartbeating;
 * - non-retriable error, or `maxAttempts` used up → the messages are retried one by one: a message
 *   that fails for good is dead-lettered with its reason; one that keeps failing with a retriable
 *   error (a dependency is down) is retried until it passes or the subscription stops — good posts
 *   are never dead-lettered just because the store was unreachable.
 * - stop or rebalance mid-retry → nothing is committed for the chunk; the next owner re-reads it.
 */
export async function startSubscription(deps: SubscriptionDeps): Promise<KafkaSubscription> {
  const { kafka, options, topic, groupId, handler, publishDeadLetters, logger } = deps;
  const log = logger.child({ topic, groupId });
  const stopping = new AbortController();
  const chunkSize = Math.max(1, Math.min(deps.maxBatchSize, options.maxBatchSize));

  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: options.heartbeatIntervalMs,
    rebalanceTimeout: Math.max(options.sessionTimeoutMs, 60_000),
    maxWaitTimeInMs: options.fetchMaxWaitMs,
    // Pinned: never see records of aborted transactions, never create topics by reading them.
    readUncommitted: false,
    allowAutoTopicCreation: false,
    retry: {
      retries: 10,
      initialRetryTime: 300,
      maxRetryTime: 10_000,
      // A consumer that gave up (broker away too long) rejoins instead of dying: services must outlive a broker restart.
      restartOnFailure: async (err) => {
        log.warn({ err: describeError(err) }, 'consumer_restarting');
        return !stopping.signal.aborted;
      },
    },
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    // A crash kafkajs restarts from (broker away too long) is a warning; one it does not is an error.
    const fields = { err: describeError(payload.error), restart: payload.restart };
    if (payload.restart) log.warn(fields, 'consumer_crashed');
    else log.error(fields, 'consumer_crashed');
  });
  let assigned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned = [...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    log.info({ memberId: payload.memberId, partitions: assigned }, 'consumer_joined');
  });

  function checkRunning(payload: EachBatchPayload): void {
    if (stopping.signal.aborted || !payload.isRunning() || payload.isStale()) throw new Abandoned();
  }

  /** Backoff that keeps the group membership alive and gives up at once on stop. */
  async function waitWithHeartbeat(ms: number, payload: EachBatchPayload): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      checkRunning(payload);
      // TRICKY: a rebalance surfaces here as a kafkajs error; letting it escape makes kafkajs rejoin.
      await payload.heartbeat();
      await delay(Math.min(options.heartbeatIntervalMs, until - Date.now()), stopping.signal);
    }
    checkRunning(payload);
  }

  /** Run the handler while heartbeating in the background, so a slow store does not cost the membership. */
  async function callHandler(batch: BusMessage[], payload: EachBatchPayload): Promise<void> {
    const timer = setInterval(() => {
      payload.heartbeat().catch(() => undefined); // surfaced by the explicit heartbeat after commit
    }, options.heartbeatIntervalMs);
    try {
      await handler(batch);
    } finally {
      clearInterval(timer);
    }
  }

  async function deadLetter(letters: OutgoingMessage[], payload: EachBatchPayload): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await publishDeadLetters(letters);
        return;
      } catch (err) {
        // Without the dead letter on disk the offset must not move: keep trying (the DLQ is on the same brokers).
        log.warn({ err: describeError(err), attempt }, 'dead_letter_publish_retrying');
        await waitWithHeartbeat(backoffMs(attempt, options.retryBaseMs, options.retryMaxMs), payload);
      }
    }
  }

  async function handleWithRetry(batch: BusMessage[], payload: EachBatchPayload): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      checkRunning(payload);
      try {
        await callHandler(batch, payload);
        return;
      } catch (err) {
        const retriable = isRetriable(err);
        if (!retriable || attempt >= options.maxAttempts) {
          if (batch.length > 1) {
            // Find the poison: each message alone, so the good ones still get through.
            for (const message of batch) await handleWithRetry([message], payload);
            return;
          }
          if (!retriable) {
            const message = batch[0]!;
            await deadLetter([deadLetterFor(message, err, attempt, codeOf(err))], payload);
            log.warn({ partition: message.partition, offset: message.offset, errorCode: codeOf(err), attempt }, 'message_dead_lettered');
            return;
          }
          // A dependency is down: never dead-letter for that; keep waiting with capped backoff.
        }
        log.warn({ err: describeError(err), attempt, size: batch.length }, 'batch_retrying');
        await waitWithHeartbeat(backoffMs(attempt, options.retryBaseMs, options.retryMaxMs), payload);
      }
    }
  }

  async function processChunk(records: KafkaMessage[], partition: number, payload: EachBatchPayload): Promise<void> {
    const good: BusMessage[] = [];
    const letters: OutgoingMessage[] = [];
    for (const record of records) {
      const decoded = decodeMessage(topic, partition, record);
      if (decoded.ok) good.push(decoded.message);
      else letters.push(deadLetterFor(decoded.message, decoded.reason, 1, ERROR_CODES.VALIDATION));
    }
    if (letters.length > 0) {
      await deadLetter(letters, payload);
      log.warn({ partition, count: letters.length, errorCode: ERROR_CODES.VALIDATION }, 'undecodable_dead_lettered');
    }
    if (good.length > 0) await handleWithRetry(good, payload);
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    try {
      for (let i = 0; i < batch.messages.length; i += chunkSize) {
        checkRunning(payload);
        const records = batch.messages.slice(i, i + chunkSize);
        await processChunk(records, batch.partition, payload);
        const last = records[records.length - 1]!.offset;
        payload.resolveOffset(last);
        // NOTE: explicit offsets: with autoCommit off, commitOffsetsIfNecessary() without them commits nothing.
        await payload.commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
        });
        await payload.heartbeat();
      }
    } catch (err) {
      if (err instanceof Abandoned) return; // unresolved: re-read by whoever owns the partition next
      throw err;
    }
  }

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    // Pinned: commit only what the handler acknowledged, resolve only what was processed.
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    eachBatch,
  });

  let stopped: Promise<void> | null = null;
  return {
    topic,
    groupId,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        // consumer.stop() waits for the batch in hand (its commit included), disconnect leaves the group.
        const graceful = consumer
          .stop()
          .then(() => consumer.disconnect())
          .catch((err: unknown) => log.warn({ err: describeError(err) }, 'consumer_stop_failed'));
        const outcome = await raceTimeout(graceful, options.stopTimeoutMs);
        if (outcome === 'timeout') {
          log.warn({ timeoutMs: options.stopTimeoutMs }, 'consumer_stop_timeout');
          await consumer.disconnect().catch(() => undefined);
        }
        assigned = [];
        log.info({}, 'consumer_stopped');
      })();
      return stopped;
    },
    lag: deps.lag,
    assignedPartitions: () => [...assigned],
  };
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : ERROR_CODES.STEP_FAILED;
}

async function raceTimeout(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { backoffMs, delay } from '../../backoff';
import { DependencyUnavailableError, describeError, ERROR_CODES, isRetriable } from '../../errors';
import type { Logger } from '../../logger';
import type { Bus, BusHealth, BusMessage, OutgoingMessage, SubscribeOptions, Subscription } from '../bus';
import { deadLetterFor } from '../dead-letter';

/**
 * The in-process bus for embedded mode: one partition per topic, a log per topic, a cursor per
 * consumer group.
 *
 * NOTE: nothing here survives the process, so "durably accepted" means "handled by every group":
 * `publish` resolves only when each group subscribed at publish time has acknowledged the messages.
 * In the embedded pipeline the last group is the indexer, which acknowledges after the store
 * committed, so a collector that awaits `publish` knows its posts are on disk before it moves its
 * checkpoint. A crash loses only unacknowledged messages, and those are re-read from the source.
 *
 * Backpressure: a topic holds at most `queueSize` unacknowledged messages; publishers wait for room.
 */
export interface MemoryBusOptions {
  topicPrefix: string;
  queueSize: number;
  maxBatchSize: number;
  logger: Logger;
  /** Attempts per batch before failing messages are tried one by one and dead-lettered. */
  maxAttempts?: number;
  /** Logical topic for dead letters. */
  dlqTopic?: string;
  /** First retry backoff; doubles per attempt up to 30 s. */
  retryBaseMs?: number;
}

interface Entry {
  offset: number;
  message: BusMessage;
  /** Groups that still have to acknowledge this entry. */
  pending: Set<string>;
  settle: { resolve: () => void; reject: (err: Error) => void } | null;
}

interface Group {
  id: string;
  next: number;
  members: number;
  /** Idle members waiting for messages. */
  waiters: Set<() => void>;
}

interface TopicLog {
  name: string;
  entries: Entry[];
  nextOffset: number;
  groups: Map<string, Group>;
  roomWaiters: (() => void)[];
}

export function createMemoryBus(options: MemoryBusOptions): Bus {
  const { topicPrefix, queueSize, maxBatchSize, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const dlqTopic = options.dlqTopic ?? 'posts.dlq';
  const retryBaseMs = options.retryBaseMs ?? 200;
  const topics = new Map<string, TopicLog>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  function topicLog(logical: string): TopicLog {
    const name = topicPrefix + logical;
    let log = topics.get(name);
    if (!log) {
      log = { name, entries: [], nextOffset: 0, groups: new Map(), roomWaiters: [] };
      topics.set(name, log);
    }
    return log;
  }

  function unacked(log: TopicLog): number {
    return log.entries.length;
  }

  async function waitForRoom(log: TopicLog, count: number): Promise<void> {
    // An empty topic always takes the batch, however large, so one big publish cannot deadlock.
    while (!closed && unacked(log) > 0 && unacked(log) + count > queueSize) {
      await new Promise<void>((resolve) => log.roomWaiters.push(resolve));
    }
  }

  async function publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (closed) throw new DependencyUnavailableError('bus sudah ditutup');
    if (messages.length === 0) return;
    const log = topicLog(topic);
    await waitForRoom(log, messages.length);
    if (closed) throw new DependencyUnavailableError('bus sudah ditutup');

    const groupIds = [...log.groups.keys()];
    const settles: Promise<void>[] = [];
    for (const outgoing of messages) {
      // Serialise like a real broker would, so consumers never share the publisher's objects.
      const raw = JSON.stringify(outgoing.value);
      const offset = log.nextOffset++;
      const entry: Entry = {
        offset,
        message: {
          topic: log.name,
          key: outgoing.key,
          value: JSON.parse(raw) as unknown,
          raw,
          headers: { ...outgoing.headers },
          partition: 0,
          offset: String(offset),
        },
        pending: new Set(groupIds),
        settle: null,
      };
      if (groupIds.length > 0) {
        settles.push(new Promise<void>((resolve, reject) => (entry.settle = { resolve, reject })));
        log.entries.push(entry);
      }
    }
    for (const group of log.groups.values()) for (const wake of [...group.waiters]) wake();
    await Promise.all(settles);
  }

  function acknowledge(log: TopicLog, group: Group, batch: Entry[]): void {
    for (const entry of batch) {
      entry.pending.delete(group.id);
      if (entry.pending.size === 0) entry.settle?.resolve();
    }
    // Trim from the head: entries every group has acknowledged are gone for good.
    let drop = 0;
    while (drop < log.entries.length && log.entries[drop]!.pending.size === 0) drop++;
    if (drop > 0) {
      log.entries.splice(0, drop);
      const waiters = log.roomWaiters.splice(0);
      for (const wake of waiters) wake();
    }
  }

  async function subscribe({ topic, groupId, handler, maxBatchSize: batchSize }: SubscribeOptions): Promise<Subscription> {
    if (closed) throw new DependencyUnavailableError('bus sudah ditutup');
    const log = topicLog(topic);
    let group = log.groups.get(groupId);
    if (!group) {
      group = { id: groupId, next: log.nextOffset, members: 0, waiters: new Set() };
      log.groups.set(groupId, group);
    }
    group.members++;
    const g = group;
    const limit = Math.min(batchSize ?? maxBatchSize, maxBatchSize);
    const stopController = new AbortController();
    const log_ = logger.child({ topic: log.name, groupId });

    function takeBatch(): Entry[] {
      const batch: Entry[] = [];
      for (const entry of log.entries) {
        if (entry.offset < g.next || !entry.pending.has(g.id)) continue;
        batch.push(entry);
        if (batch.length >= limit) break;
      }
      if (batch.length > 0) g.next = batch[batch.length - 1]!.offset + 1;
      return batch;
    }

    async function handleWithRetry(batch: Entry[]): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(batch.map((e) => e.message));
          return;
        } catch (err) {
          const retriable = isRetriable(err);
          if (!retriable || attempt >= maxAttempts) {
            if (batch.length > 1) {
              // Find the poison: retry each message alone so the good ones still get through.
              for (const entry of batch) await handleWithRetry([entry]);
              return;
            }
            if (retriable && !stopController.signal.aborted) {
              // A dependency is down: never dead-letter for that, keep waiting (capped backoff).
              log_.warn({ err: describeError(err), attempt }, 'handler_retrying');
              await delay(backoffMs(attempt, retryBaseMs), stopController.signal);
              if (!stopController.signal.aborted) continue;
            }
            if (stopController.signal.aborted) throw err;
            await publish(dlqTopic, [deadLetterFor(batch[0]!.message, err, attempt)]);
            log_.warn({ offset: batch[0]!.offset, errorCode: codeOf(err) }, 'message_dead_lettered');
            return;
          }
          log_.warn({ err: describeError(err), attempt, size: batch.length }, 'batch_retrying');
          await delay(backoffMs(attempt, retryBaseMs), stopController.signal);
          if (stopController.signal.aborted) throw err;
        }
      }
    }

    const loop = (async () => {
      while (!stopController.signal.aborted) {
        const batch = takeBatch();
        if (batch.length === 0) {
          await new Promise<void>((resolve) => {
            const signal = stopController.signal;
            const wake = (): void => {
              g.waiters.delete(wake);
              signal.removeEventListener('abort', wake);
              resolve();
            };
            g.waiters.add(wake);
            signal.addEventListener('abort', wake, { once: true });
          });
          continue;
        }
        try {
          await handleWithRetry(batch);
          acknowledge(log, g, batch);
        } catch {
          // Stopped mid-retry: hand the batch back so nothing is acknowledged that was not handled.
          g.next = Math.min(g.next, batch[0]!.offset);
        }
      }
    })();

    const subscription: Subscription = {
      async stop() {
        stopController.abort();
        await loop;
        g.members--;
        subscriptions.delete(subscription);
      },
      async lag() {
        return log.entries.filter((e) => e.pending.has(g.id)).length;
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    kind: 'memory',
    publish,
    subscribe,
    async health(): Promise<BusHealth> {
      const details: Record<string, unknown> = {};
      for (const log of topics.values()) details[log.name] = { unacknowledged: unacked(log), groups: [...log.groups.keys()] };
      return { ok: !closed, details };
    },
    async close() {
      closed = true;
      // Whoever still waits for an acknowledgement learns first that it will not come, so their
      // checkpoints stay put even if a handler is stuck and the shutdown times out.
      for (const log of topics.values()) {
        for (const entry of log.entries) entry.settle?.reject(new DependencyUnavailableError('bus ditutup sebelum pesan diproses'));
        for (const wake of log.roomWaiters.splice(0)) wake();
      }
      await Promise.all([...subscriptions].map((s) => s.stop()));
      for (const log of topics.values()) log.entries = [];
    },
  };
}

function codeOf(err: unknown): string {
  return (err as { code?: string })?.code ?? ERROR_CODES.STEP_FAILED;
}

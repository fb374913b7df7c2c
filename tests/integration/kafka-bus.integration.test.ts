/**
 * The Kafka bus against a REAL broker (infra/kafka, started by the integration globalSetup, or the
 * one KAFKA_BROKERS names). Each test has its own topic prefix and group ids; waits are
 * `waitFor(condition)`, never sleeps; a ledger over keys proves no loss and bounds duplicates.
 *
 * NOTE: the last two tests restart the broker and kill a child process: keep them last, and do not
 * run other Kafka test files in parallel with this one (jest runs one file's tests in sequence).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BusMessage, OutgoingMessage } from '../../lib/bus/bus';
import { createKafkaBus, type KafkaBus, type KafkaBusOptionsInput } from '../../lib/bus/kafka';
import { DependencyUnavailableError, ERROR_CODES, isRetriable, ValidationError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { DeadLetter } from '../../schemas/dead-letter';
import { TOPICS } from '../../schemas/topics';
import { kafkaDown, kafkaUp } from './support/kafka-infra';
import { Ledger } from './support/ledger';
import { waitFor } from '../fixtures/wait-for';

jest.setTimeout(180_000);

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = createLogger(process.env.LOG_LEVEL ?? 'error');
const opened: KafkaBus[] = [];

/** A bus with its own topic prefix (so its own topics), tuned for quick tests. */
async function openBus(prefix: string, overrides: Partial<KafkaBusOptionsInput> = {}): Promise<KafkaBus> {
  const bus = await createKafkaBus({
    brokers: BROKERS,
    clientId: `test-${prefix}`,
    topicPrefix: prefix,
    partitions: 3,
    replicationFactor: 1,
    retryBaseMs: 50,
    retryMaxMs: 500,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 500,
    logger,
    ...overrides,
  });
  opened.push(bus);
  return bus;
}

function uniquePrefix(name: string): string {
  return `t${Date.now().toString(36)}-${randomUUID().slice(0, 6)}-${name}.`;
}

function messages(prefix: string, count: number, from = 0): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}-${from + i}`,
    value: { schemaVersion: 1, n: from + i, text: `pesan ${from + i} tentang banjir di Palembang` },
    headers: { source: 'test' },
  }));
}

const keysOf = (list: OutgoingMessage[]): string[] => list.map((m) => m.key);

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((bus) => bus.close()));
});

test('publish → consume round trip keeps key, value, headers; topics exist; health reports the broker', async () => {
  const prefix = uniquePrefix('rt');
  const bus = await openBus(prefix);
  const received: BusMessage[] = [];
  await bus.subscribe({ topic: TOPICS.raw, groupId: `${prefix}rt-group`, handler: async (batch) => void received.push(...batch) });

  const sent = messages('rt', 5);
  await bus.publish(TOPICS.raw, sent);
  await waitFor(() => received.length >= 5, { what: '5 messages consumed', timeoutMs: 30_000 });

  const byKey = new Map(received.map((m) => [m.key, m]));
  for (const m of sent) {
    const got = byKey.get(m.key)!;
    expect(got.value).toEqual(m.value);
    expect(got.raw).toBe(JSON.stringify(m.value));
    expect(got.headers).toEqual({ source: 'test' });
    expect(got.topic).toBe(`${prefix}posts.raw`);
    expect(Number(got.offset)).toBeGreaterThanOrEqual(0);
  }
  const health = await bus.health();
  expect(health.ok).toBe(true);
  expect(health.details.brokers).toEqual(expect.arrayContaining([BROKERS[0]]));
  expect(bus.topicName(TOPICS.enriched)).toBe(`${prefix}posts.enriched`);
  await expect(bus.publish('posts.unknown', messages('x', 1))).rejects.toBeInstanceOf(ValidationError);
});

test('two members of one group share the partitions and every key is handled', async () => {
  const prefix = uniquePrefix('grp');
  const bus = await openBus(prefix);
  const ledger = new Ledger();
  const member = (name: string) =>
    bus.subscribe({
      topic: TOPICS.raw,
      groupId: `${prefix}grp-enricher`,
      maxBatchSize: 25,
      handler: async (batch) => batch.forEach((m) => ledger.record(m.key!, name)),
    });
  const a = await member('a');
  const b = await member('b');
  // Both joined and the three partitions are split between them (a stable assignment).
  await waitFor(() => {
    const pa = a.assignedPartitions();
    const pb = b.assignedPartitions();
    return pa.length > 0 && pb.length > 0 && new Set([...pa, ...pb]).size === 3 && pa.length + pb.length === 3;
  }, { what: 'partitions split between a and b', timeoutMs: 30_000 });

  const sent = messages('grp', 300);
  await bus.publish(TOPICS.raw, sent);
  await waitFor(() => ledger.missing(keysOf(sent)).length === 0, { what: 'all 300 keys handled', timeoutMs: 30_000 });
  expect(ledger.handledBy('a')).toBeGreaterThan(0);
  expect(ledger.handledBy('b')).toBeGreaterThan(0);
  expect(ledger.duplicates).toBe(0);
  await waitFor(async () => (await a.lag()) === 0, { what: 'group lag 0', timeoutMs: 30_000 });
});

test('a retriable failure is retried after backoff, then delivered and committed once', async () => {
  const prefix = uniquePrefix('retry');
  const bus = await openBus(prefix);
  const ledger = new Ledger();
  let failures = 0;
  const handler = async (batch: BusMessage[]): Promise<void> => {
    if (failures === 0 && batch.some((m) => m.key === 'retry-3')) {
      failures++;
      throw new DependencyUnavailableError('indeks sedang tidak tersedia');
    }
    batch.forEach((m) => ledger.record(m.key!));
  };
  const sub = await bus.subscribe({ topic: TOPICS.raw, groupId: `${prefix}retry-group`, handler });
  const sent = messages('retry', 10);
  await bus.publish(TOPICS.raw, sent);

  await waitFor(() => ledger.missing(keysOf(sent)).length === 0, { what: 'all keys handled', timeoutMs: 30_000 });
  await waitFor(async () => (await sub.lag()) === 0, { what: 'committed: lag 0', timeoutMs: 30_000 });
  expect(failures).toBe(1);
  expect(ledger.count('retry-3')).toBe(1);
  expect(ledger.duplicates).toBe(0);
  expect(isRetriable(new DependencyUnavailableError('x'))).toBe(true);

  // Committed once and for all: a new member of the group reads only what comes after.
  await sub.stop();
  const after = new Ledger();
  await bus.subscribe({ topic: TOPICS.raw, groupId: `${prefix}retry-group`, handler: async (b) => b.forEach((m) => after.record(m.key!)) });
  await bus.publish(TOPICS.raw, [{ key: 'retry-sentinel', value: { n: -1 } }]);
  await waitFor(() => after.has('retry-sentinel'), { what: 'sentinel handled', timeoutMs: 30_000 });
  expect(after.keys()).toEqual(['retry-sentinel']);
});

test('undecodable bytes and a message rejected for good go to the DLQ with headers; later messages flow', async () => {
  const prefix = uniquePrefix('dlq');
  // One partition: "later messages still flow" then means "behind the poison on the same partition".
  const bus = await openBus(prefix, { partitions: 1 });
  const ledger = new Ledger();
  await bus.subscribe({
    topic: TOPICS.raw,
    groupId: `${prefix}dlq-enricher`,
    handler: async (batch) => {
      if (batch.some((m) => m.key === 'dlq-bad')) throw new ValidationError('field text: wajib diisi');
      batch.forEach((m) => ledger.record(m.key!));
    },
  });
  const letters: BusMessage[] = [];
  await bus.subscribe({ topic: TOPICS.dlq, groupId: `${prefix}dlq-watcher`, handler: async (batch) => void letters.push(...batch) });

  await bus.publishRaw(TOPICS.raw, [{ key: 'dlq-poison', value: '{"schemaVersion":1, "text": tidak-json' }]);
  await bus.publish(TOPICS.raw, [{ key: 'dlq-bad', value: { schemaVersion: 1 } }]);
  const good = messages('dlq-good', 20);
  await bus.publish(TOPICS.raw, good);

  await waitFor(() => ledger.missing(keysOf(good)).length === 0, { what: 'good messages behind the poison handled', timeoutMs: 30_000 });
  await waitFor(() => letters.length >= 2, { what: 'two dead letters', timeoutMs: 30_000 });
  expect(ledger.has('dlq-poison')).toBe(false);
  expect(ledger.has('dlq-bad')).toBe(false);

  const poison = letters.find((m) => m.key === 'dlq-poison')!;
  expect(poison.headers).toMatchObject({
    original_topic: `${prefix}posts.raw`,
    partition: '0',
    offset: '0',
    error_code: ERROR_CODES.VALIDATION,
    attempt: '1',
  });
  expect(poison.headers.error).toMatch(/bukan JSON/);
  const poisonLetter = DeadLetter.parse(poison.value);
  expect(poisonLetter.payload).toBe('{"schemaVersion":1, "text": tidak-json');
  expect(poisonLetter.errorCode).toBe(ERROR_CODES.VALIDATION);

  const rejected = letters.find((m) => m.key === 'dlq-bad')!;
  expect(rejected.headers).toMatchObject({ original_topic: `${prefix}posts.raw`, offset: '1', error_code: ERROR_CODES.VALIDATION });
  expect(rejected.headers.error).toContain('field text: wajib diisi');
  const rejectedLetter = DeadLetter.parse(rejected.value);
  expect(rejectedLetter.reason).toContain('field text: wajib diisi');
  expect(JSON.parse(rejectedLetter.payload)).toEqual({ schemaVersion: 1 });
  expect(await bus.groupLag(TOPICS.raw, `${prefix}dlq-enricher`)).toBe(0);
});

test('stop lets the batch in hand finish and commit; a new member does not re-read it', async () => {
  const prefix = uniquePrefix('stop');
  const bus = await openBus(prefix, { partitions: 1 });
  const first = new Ledger();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let inHandler = false;
  const sub = await bus.subscribe({
    topic: TOPICS.raw,
    groupId: `${prefix}stop-indexer`,
    handler: async (batch) => {
      inHandler = true;
      await gate; // the "store" acknowledges only when the test says so
      batch.forEach((m) => first.record(m.key!));
    },
  });
  const sent = messages('stop', 30);
  await bus.publish(TOPICS.raw, sent);
  await waitFor(() => inHandler, { what: 'handler holds a batch', timeoutMs: 30_000 });

  const stopping = sub.stop();
  release();
  await stopping;
  const handledBeforeStop = first.keys();
  expect(handledBeforeStop.length).toBeGreaterThan(0);
  // Exactly what was handled is committed: the lag is the rest, nothing more.
  expect(await bus.groupLag(TOPICS.raw, `${prefix}stop-indexer`)).toBe(30 - handledBeforeStop.length);

  const second = new Ledger();
  const next = await bus.subscribe({ topic: TOPICS.raw, groupId: `${prefix}stop-indexer`, handler: async (b) => b.forEach((m) => second.record(m.key!)) });
  await bus.publish(TOPICS.raw, messages('stop', 5, 30));
  const all = [...keysOf(sent), ...keysOf(messages('stop', 5, 30))];
  await waitFor(() => all.every((k) => first.has(k) || second.has(k)), { what: 'the rest handled by the new member', timeoutMs: 30_000 });
  await waitFor(async () => (await next.lag()) === 0, { what: 'lag 0', timeoutMs: 30_000 });
  for (const key of handledBeforeStop) expect(second.has(key)).toBe(false);
  expect(first.duplicates + second.duplicates).toBe(0);
});

test('lag counts what the group has not committed, before and after consuming', async () => {
  const prefix = uniquePrefix('lag');
  const bus = await openBus(prefix);
  await bus.publish(TOPICS.enriched, messages('lag', 40));
  // A group that never consumed lags by everything on the topic.
  expect(await bus.groupLag(TOPICS.enriched, `${prefix}lag-indexer`)).toBe(40);

  const ledger = new Ledger();
  const sub = await bus.subscribe({ topic: TOPICS.enriched, groupId: `${prefix}lag-indexer`, handler: async (b) => b.forEach((m) => ledger.record(m.key!)) });
  await waitFor(() => ledger.distinct === 40, { what: '40 handled', timeoutMs: 30_000 });
  await waitFor(async () => (await sub.lag()) === 0, { what: 'lag 0', timeoutMs: 30_000 });
  await bus.publish(TOPICS.enriched, messages('lag', 7, 40));
  await waitFor(async () => ledger.distinct === 47 && (await sub.lag()) === 0, { what: 'lag back to 0 after 7 more', timeoutMs: 30_000 });
  expect(await bus.groupLag(TOPICS.enriched, `${prefix}other-group`)).toBe(47);
});

interface ChildMessage {
  type: 'ready' | 'handled' | 'assignment';
  name: string;
  keys?: (string | null)[];
  partitions?: number[];
}

interface ChildGroup {
  spawn(name: string): ChildProcess;
  ledger: Ledger;
  ready: Set<string>;
  assignments: Map<string, number[]>;
  killAll(): void;
}

/** Consumer-group members as child processes (support/kafka-consumer-child.js), reporting to one ledger. */
function childGroup(prefix: string, groupId: string, maxBatchSize: number): ChildGroup {
  const ledger = new Ledger();
  const ready = new Set<string>();
  const assignments = new Map<string, number[]>();
  const children: ChildProcess[] = [];
  return {
    ledger,
    ready,
    assignments,
    spawn(name) {
      const config = {
        name,
        brokers: BROKERS,
        topicPrefix: prefix,
        partitions: 3,
        topic: TOPICS.raw,
        groupId,
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        maxBatchSize,
        workMs: 15,
      };
      const child = fork(path.join(__dirname, 'support/kafka-consumer-child.js'), [JSON.stringify(config)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.on('message', (raw) => {
        const message = raw as ChildMessage;
        if (message.type === 'ready') ready.add(message.name);
        if (message.type === 'assignment') assignments.set(message.name, message.partitions ?? []);
        if (message.type === 'handled') for (const key of message.keys ?? []) ledger.record(String(key), message.name);
      });
      children.push(child);
      return child;
    },
    killAll() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

test('SIGTERM to a consumer process: it finishes the batch in hand, commits exactly what it handled, exits 0', async () => {
  const prefix = uniquePrefix('term');
  const bus = await openBus(prefix);
  const group = childGroup(prefix, `${prefix}term-indexer`, 10);
  try {
    const child = group.spawn('member');
    // 'close', not 'exit': it comes after the IPC channel is drained, so the ledger is complete.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor(() => (group.assignments.get('member') ?? []).length === 3, { what: 'member owns all partitions', timeoutMs: 60_000 });
    const sent = messages('term', 300);
    await bus.publish(TOPICS.raw, sent);
    await waitFor(() => group.ledger.distinct >= 50, { what: 'member is mid-stream', timeoutMs: 30_000 });
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const handled = group.ledger.distinct;
    expect(handled).toBeLessThan(300); // it stopped mid-stream, not after the end
    // Every handled message is committed and nothing else: the group lags by exactly the rest.
    expect(await bus.groupLag(TOPICS.raw, `${prefix}term-indexer`)).toBe(300 - handled);
    expect(group.ledger.duplicates).toBe(0);
    process.stderr.write(`SIGTERM drain took ${Date.now() - t0} ms after ${handled} handled\n`);
  } finally {
    group.killAll();
  }
});

/** Publish in batches, retrying a batch the bus refused (broker away): the collector's behaviour. */
async function publishAll(bus: KafkaBus, all: OutgoingMessage[], batchSize: number, onBatch?: (i: number) => Promise<void>): Promise<number> {
  let retries = 0;
  for (let i = 0; i < all.length; i += batchSize) {
    await onBatch?.(i);
    for (let attempt = 1; ; attempt++) {
      try {
        await bus.publish(TOPICS.raw, all.slice(i, i + batchSize));
        break;
      } catch (err) {
        if (!isRetriable(err) || attempt > 20) throw err;
        retries++;
      }
    }
  }
  return retries;
}

test('broker stopped and restarted mid-stream: every message consumed, none lost', async () => {
  const prefix = uniquePrefix('restart');
  const bus = await openBus(prefix, { publishTimeoutMs: 10_000 });
  const ledger = new Ledger();
  await bus.subscribe({ topic: TOPICS.raw, groupId: `${prefix}restart-indexer`, maxBatchSize: 20, handler: async (b) => b.forEach((m) => ledger.record(m.key!)) });

  const sent = messages('restart', 400);
  let restarted = false;
  const restartMs: number[] = [];
  await publishAll(bus, sent, 10, async (i) => {
    if (i === 150 && !restarted) {
      restarted = true;
      await waitFor(() => ledger.distinct >= 100, { what: 'some consumed before the restart', timeoutMs: 30_000 });
      const t0 = Date.now();
      await kafkaDown(); // keeps run/data: committed offsets and messages survive
      await kafkaUp();
      restartMs.push(Date.now() - t0);
    }
  });
  expect(restarted).toBe(true);
  await waitFor(() => ledger.missing(keysOf(sent)).length === 0, { what: 'all 400 consumed after the restart', timeoutMs: 120_000 });
  await waitFor(async () => (await bus.groupLag(TOPICS.raw, `${prefix}restart-indexer`)) === 0, { what: 'committed: lag 0', timeoutMs: 60_000 });
  expect((await bus.health()).ok).toBe(true);
  process.stderr.write(`broker restart took ${restartMs[0]} ms; duplicates ${ledger.duplicates}\n`);
  // Redelivery after a restart is allowed (at-least-once) but bounded by what was in flight.
  expect(ledger.duplicates).toBeLessThanOrEqual(3 * 20);
});

test('kill -9 of a consumer process mid-stream: another member takes over, every key processed', async () => {
  const prefix = uniquePrefix('kill');
  const bus = await openBus(prefix);
  const maxBatchSize = 10;
  const group = childGroup(prefix, `${prefix}kill-enricher`, maxBatchSize);
  const { ledger, assignments } = group;
  try {
    const victim = group.spawn('victim');
    group.spawn('survivor');
    await waitFor(() => group.ready.size === 2, { what: 'both members ready', timeoutMs: 60_000 });
    await waitFor(() => {
      const v = assignments.get('victim') ?? [];
      const s = assignments.get('survivor') ?? [];
      return v.length > 0 && s.length > 0 && v.length + s.length === 3;
    }, { what: 'partitions split between the two processes', timeoutMs: 60_000 });

    const sent = messages('kill', 600);
    const publishing = publishAll(bus, sent, 50);
    await waitFor(() => ledger.handledBy('victim') >= 60, { what: 'the victim is mid-stream', timeoutMs: 60_000 });
    victim.kill('SIGKILL');
    await publishing;

    await waitFor(() => (assignments.get('survivor') ?? []).length === 3, { what: 'the survivor took over every partition', timeoutMs: 60_000 });
    await waitFor(() => ledger.missing(keysOf(sent)).length === 0, { what: 'all 600 keys processed', timeoutMs: 90_000 });
    await waitFor(async () => (await bus.groupLag(TOPICS.raw, `${prefix}kill-enricher`)) === 0, { what: 'lag 0', timeoutMs: 60_000 });
    // Duplicates only from the victim's uncommitted chunks: at most one chunk per partition it held.
    expect(ledger.duplicates).toBeLessThanOrEqual(3 * maxBatchSize);
    process.stderr.write(`kill -9: victim ${ledger.handledBy('victim')}, survivor ${ledger.handledBy('survivor')}, duplicates ${ledger.duplicates}\n`);
  } finally {
    group.killAll();
  }
});

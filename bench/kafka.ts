/**
 * Distributed-mode bench on a real Kafka broker: the pipeline (import publisher → posts.raw →
 * enricher → posts.enriched → indexer → SQLite) next to its raw limit, bare kafkajs produce+consume
 * of the same messages on the same broker, in the same run.
 *
 * The pipeline runs in this one Node process, but each service has its own Kafka client (its own
 * bus, producer and consumer group), as it would as its own process: one core for all of Dengar,
 * as the bare client gets one core. Measured:
 * - sustained throughput: N posts published as fast as the import publisher goes, until the last
 *   one is stored (bare: until the last one is consumed);
 * - latency at a fixed offered load (default 1,000 posts/s, 50 posts every 50 ms, like a busy
 *   collector): collectedAt → the store acknowledged the post (bare: send → consumed).
 * Both runs first warm up (group joined, JIT warm) so neither pays for its group join.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { createKafkaBus, type KafkaBus } from '../lib/bus/kafka';
import { createLogger } from '../lib/logger';
import type { Service } from '../lib/service';
import type { PostStore } from '../lib/store/post-store';
import { createSqlitePostStore } from '../lib/store/sqlite';
import type { RawPostInput } from '../schemas';
import { TOPICS } from '../schemas/topics';
import { runImport } from '../services/collector/import-runner';
import { toRawPostMessage } from '../services/collector/to-raw-post';
import { createEnricherService } from '../services/enricher/app';
import { createEnrichment } from '../services/enricher/enrich';
import { createIndexerService } from '../services/indexer/app';
import { iteratePosts } from './corpus';
import { percentile, progress, round } from './stats';

export interface KafkaBenchOptions {
  brokers: string[];
  /** Posts in the throughput run (default 20,000; BENCH_QUICK: 5,000). */
  posts?: number;
  /** Offered load of the latency run, posts/s. */
  offeredRate?: number;
  /** Length of the latency run. */
  latencySeconds?: number;
  partitions?: number;
}

const CORPUS = { seed: 20261128, start: new Date('2026-10-01T00:00:00+07:00'), days: 60 };
const BATCH = 500;
const WARMUP = 1_000;
/** The offered load is sent as a batch every TICK_MS, as a collector publishes a poll's posts. */
const TICK_MS = 50;

const silent = createLogger('silent');

/** Distinct post inputs from the seeded corpus; `from` skips a prefix so each run has fresh ids. */
function corpusSlice(from: number, count: number): RawPostInput[] {
  const out: RawPostInput[] = [];
  let i = 0;
  for (const post of iteratePosts({ ...CORPUS, count: from + count })) {
    if (i++ >= from) out.push(post);
  }
  return out;
}

function latencyStats(samples: number[]) {
  return {
    n: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(Math.max(...samples)),
  };
}

/** CPU this process used since `since`, as a share of one core over `wallMs` (1 = one core busy). */
function cpuShare(since: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000 / wallMs, 2);
}

/** Poll until `check` holds; the bench fails loudly rather than report a number for a stuck run. */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench kafka: ${what} tidak tercapai dalam ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Send `count` items at `rate`/s in ticks of TICK_MS, on an absolute schedule (no drift); resolves when all are sent. */
async function paced(count: number, rate: number, send: (from: number, to: number) => Promise<void>): Promise<number> {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0, tick = 0; i < count; i += perTick, tick++) {
    const due = started + tick * TICK_MS;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Not awaited: a slow acknowledgement must not lower the offered load (the client queues).
    inFlight.push(send(i, Math.min(count, i + perTick)));
  }
  await Promise.all(inFlight);
  return (count / (Date.now() - started)) * 1000;
}

// ─── bare kafkajs ────────────────────────────────────────────────────────────────────────────

/**
 * The raw limit: one producer with the delivery settings the bus pins (idempotent, acks=all, one
 * request in flight) and one consumer group, no decoding, no work; same payload bytes, same batch
 * size and partitions as the pipeline's posts.raw.
 */
async function benchBare(brokers: string[], prefix: string, partitions: number, values: string[], paceValues: string[], rate: number) {
  const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer: Consumer = kafka.consumer({ groupId: `${prefix}bare`, maxWaitTimeInMs: 1_000 });
  const topic = `${prefix}bare`;
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });

  let consumed = 0;
  // key → send time (ms); only the latency run fills it.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const m of batch.messages) {
        const t = m.key ? sentAt.get(m.key.toString()) : undefined;
        if (t !== undefined) latencies.push(now - t);
      }
      consumed += batch.messages.length;
    },
  });
  const send = (keyPrefix: string, list: string[], from: number, to: number) =>
    producer
      .send({ topic, acks: -1, messages: list.slice(from, to).map((value, i) => ({ key: `${keyPrefix}${from + i}`, value })) })
      .then(() => undefined);

  try {
    await sendAll((f, t) => send('w', values, f, t), WARMUP);
    await until('bare warm-up consumed', () => consumed >= WARMUP, 120_000);

    progress(`kafka: bare kafkajs, ${values.length} messages`);
    const base = consumed;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await sendAll((f, t) => send('t', values, f, t), values.length);
    await until('bare messages consumed', () => consumed - base >= values.length, 300_000);
    const throughputMs = performance.now() - t0;
    const cpu = cpuShare(cpu0, throughputMs);

    progress(`kafka: bare kafkajs at ${rate} msg/s`);
    const before = consumed;
    const achieved = await paced(paceValues.length, rate, (f, t) => {
      const now = performance.now();
      for (let i = f; i < t; i++) sentAt.set(`l${i}`, now);
      return send('l', paceValues, f, t);
    });
    await until('bare paced messages consumed', () => consumed - before >= paceValues.length, 120_000);
    return { postsPerSec: Math.round((values.length / throughputMs) * 1000), cpu, achievedRate: achieved, latency: latencyStats(latencies) };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** The import runner's publishing pattern for the bare client: batches of BATCH, three in flight. */
async function sendAll(send: (from: number, to: number) => Promise<void>, count: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count; i += BATCH) {
    const p: Promise<void> = send(i, Math.min(count, i + BATCH)).finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= 3) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

// ─── the pipeline ────────────────────────────────────────────────────────────────────────────

/** The SQLite store, noting when the store acknowledged each post (the end of collect→stored). */
function timedStore(store: PostStore, storedAt: Map<string, number>): PostStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'upsert') return Reflect.get(target, prop, receiver) as unknown;
      const upsert: PostStore['upsert'] = async (posts) => {
        const result = await target.upsert(posts);
        const now = Date.now();
        const failed = new Set(result.failed.map((f) => f.id));
        for (const p of posts) if (!failed.has(p.id) && !storedAt.has(p.id)) storedAt.set(p.id, now);
        return result;
      };
      return upsert;
    },
  });
}

async function benchPipeline(brokers: string[], prefix: string, partitions: number, warm: RawPostInput[], posts: RawPostInput[], pacePosts: RawPostInput[], rate: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-bench-kafka-'));
  const buses: KafkaBus[] = [];
  const services: Service[] = [];
  const storedAt = new Map<string, number>();
  const store = timedStore(createSqlitePostStore({ file: path.join(dir, 'dengar.db') }), storedAt);
  // One bus per service, as separate processes would have (own producer, own connections).
  const open = async (clientId: string) => {
    const bus = await createKafkaBus({ brokers, clientId, topicPrefix: prefix, partitions, replicationFactor: 1, maxBatchSize: BATCH, logger: silent });
    buses.push(bus);
    return bus;
  };
  try {
    const indexerBus = await open('bench-indexer');
    const enricherBus = await open('bench-enricher');
    const publisherBus = await open('bench-publisher');
    services.push(createIndexerService({ bus: indexerBus, store, logger: silent, groupId: `${prefix}indexer`, maxBatchSize: BATCH }));
    services.push(createEnricherService({ bus: enricherBus, logger: silent, groupId: `${prefix}enricher`, enrich: createEnrichment({}), maxBatchSize: BATCH }));
    for (const service of services) await service.start();

    const importAll = async (list: RawPostInput[]) => {
      async function* records() {
        let line = 0;
        for (const post of list) yield { line: ++line, post };
      }
      await runImport({ records: records(), bus: publisherBus, origin: 'bench', batchSize: BATCH });
    };

    await importAll(warm);
    await until('pipeline warm-up stored', () => storedAt.size >= warm.length, 180_000);

    progress(`kafka: pipeline, ${posts.length} posts`);
    const base = storedAt.size;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await importAll(posts);
    await until('pipeline posts stored', () => storedAt.size - base >= posts.length, 600_000);
    const throughputMs = performance.now() - t0;
    const cpu = cpuShare(cpu0, throughputMs);

    progress(`kafka: pipeline at ${rate} posts/s`);
    const collectedAt = new Map<string, number>();
    const achieved = await paced(pacePosts.length, rate, (f, t) => {
      const now = new Date();
      const messages = pacePosts.slice(f, t).map((p) => toRawPostMessage(p, 'bench', now));
      for (const m of messages) collectedAt.set(m.key, now.getTime());
      return publisherBus.publish(TOPICS.raw, messages);
    });
    await until('pipeline paced posts stored', () => [...collectedAt.keys()].every((id) => storedAt.has(id)), 180_000);
    const latencies = [...collectedAt].map(([id, t]) => storedAt.get(id)! - t);
    return { postsPerSec: Math.round((posts.length / throughputMs) * 1000), cpu, achievedRate: achieved, latency: latencyStats(latencies) };
  } finally {
    for (const service of [...services].reverse()) await service.stop().catch(() => undefined);
    for (const bus of buses) await bus.close().catch(() => undefined);
    await store.close();
    await deleteTopics(brokers, [TOPICS.raw, TOPICS.enriched, TOPICS.dlq].map((t) => prefix + t));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics });
  } catch {
    // Leftover bench topics are harmless (unique names); never fail the bench over cleanup.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** `npm run bench` entry for distributed mode; needs a running broker (KAFKA_BROKERS or infra/kafka). */
export async function benchKafka(options: KafkaBenchOptions): Promise<object> {
  const quick = process.env.BENCH_QUICK === '1';
  const count = options.posts ?? (quick ? 5_000 : 20_000);
  const rate = options.offeredRate ?? 1_000;
  const paceCount = rate * (options.latencySeconds ?? (quick ? 5 : 15));
  const partitions = options.partitions ?? 6;
  const runId = `bench-${Date.now().toString(36)}`;

  const warm = corpusSlice(0, WARMUP);
  const posts = corpusSlice(WARMUP, count);
  const pacePosts = corpusSlice(WARMUP + count, paceCount);
  // The bare client sends the very bytes the import publisher would put on posts.raw.
  const stamp = new Date();
  const values = posts.map((p) => JSON.stringify(toRawPostMessage(p, 'bench', stamp).value));
  const paceValues = pacePosts.map((p) => JSON.stringify(toRawPostMessage(p, 'bench', stamp).value));

  const bare = await benchBare(options.brokers, `${runId}.`, partitions, values, paceValues, rate);
  const pipeline = await benchPipeline(options.brokers, `${runId}.`, partitions, warm, posts, pacePosts, rate);
  return {
    mode: 'in-process: publisher (import runner), enricher and indexer in one Node process, each with its own Kafka client; SQLite store',
    brokers: options.brokers,
    partitions,
    // The machine is shared: a load far above its core count makes every figure here pessimistic.
    loadavgAfter: os.loadavg().map((l) => round(l, 1)),
    throughput: {
      posts: count,
      pipelinePostsPerSec: pipeline.postsPerSec,
      bareKafkajsPostsPerSec: bare.postsPerSec,
      pipelineVsBareRatio: round(pipeline.postsPerSec / bare.postsPerSec, 3),
      // Node CPU while it ran, in cores (the broker's CPU is not counted): says who was CPU-bound.
      pipelineNodeCpuCores: pipeline.cpu,
      bareNodeCpuCores: bare.cpu,
      goalRatio: 0.5,
    },
    latencyAtOfferedLoad: {
      offeredPostsPerSec: rate,
      seconds: paceCount / rate,
      pipelineAchievedPostsPerSec: Math.round(pipeline.achievedRate),
      bareAchievedPostsPerSec: Math.round(bare.achievedRate),
      pipelineCollectToStored: pipeline.latency,
      bareSendToConsumed: bare.latency,
      goalP95Ms: 2_000,
    },
    note: 'bare = one kafkajs producer (idempotent, acks=all) + one consumer group, no decoding or work; the pipeline crosses Kafka twice (raw, enriched), enriches and writes SQLite on the same core',
  };
}

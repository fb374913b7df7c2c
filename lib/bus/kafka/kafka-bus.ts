import { Kafka, logLevel, Partitioners, type Admin, type ITopicConfig, type Producer } from 'kafkajs';
import { delay } from '../../backoff';
import { DependencyUnavailableError, describeError, ValidationError } from '../../errors';
import { formatZodError } from '../../zod-errors';
import type { Bus, BusHealth, OutgoingMessage, SubscribeOptions } from '../bus';
import { groupLag } from './lag';
import { createLogCreator } from './log-creator';
import { KafkaBusOptions, type KafkaBusOptionsInput } from './options';
import { startSubscription, type KafkaSubscription } from './subscription';

export interface KafkaBus extends Bus {
  readonly kind: 'kafka';
  subscribe(options: SubscribeOptions): Promise<KafkaSubscription>;
  /** Lag of any consumer group on a logical topic (for /readyz of a service that is not the consumer). */
  groupLag(topic: string, groupId: string): Promise<number>;
  /** Full Kafka topic name of a logical topic (`posts.raw` → `dengar.posts.raw`). */
  topicName(topic: string): string;
  /**
   * Publish records whose value is already text, as is (no JSON encoding): for replaying a dead
   * letter's `payload` and for tests that need bytes no Dengar producer would write.
   */
  publishRaw(topic: string, records: RawRecord[]): Promise<void>;
}

export interface RawRecord {
  key: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

/**
 * The Kafka implementation of the Bus (kafkajs). The only module that imports kafkajs: swapping the
 * client later touches this folder alone.
 *
 * Pinned for delivery (not configurable): idempotent producer, acks=all, one request in flight
 * (ordering per partition survives retries); consumers never auto-commit and read committed only.
 * Builds the clients, creates the configured topics if missing, then resolves.
 */
/** Errors after which an idempotent producer's sequence state is unusable. */
const SPENT_PRODUCER = /out of order sequence|OUT_OF_ORDER_SEQUENCE|UNKNOWN_PRODUCER_ID|INVALID_PRODUCER_EPOCH|producer.*fenced/i;

export async function createKafkaBus(input: KafkaBusOptionsInput): Promise<KafkaBus> {
  const parsed = KafkaBusOptions.safeParse(input);
  if (!parsed.success) throw new ValidationError(`Opsi bus Kafka tidak valid — ${formatZodError(parsed.error)}`);
  const options = parsed.data;
  const log = options.logger.child({ component: 'kafka-bus' });
  const known = new Set(options.topics);
  known.add(options.dlqTopic);

  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: createLogCreator(options.logger),
    retry: { initialRetryTime: 250, maxRetryTime: 5_000, retries: 8 },
  });
  const admin: Admin = kafka.admin();
  const newProducer = (): Producer =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // NOTE: no `retries` cap: kafkajs retries an idempotent send indefinitely (capped backoff), which is
      // what keeps sequence numbers sound; `publish` bounds the wait with publishTimeoutMs instead.
      retry: { initialRetryTime: 250, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
  let producer: Producer = newProducer();
  /** Set while a broken producer is being swapped for a new one; sends wait for it. */
  let replacing: Promise<void> | null = null;
  const subscriptions = new Set<KafkaSubscription>();
  let closed = false;

  function topicName(topic: string): string {
    if (!known.has(topic)) {
      throw new ValidationError(`Topik "${topic}" tidak dikenal oleh bus; yang dikenal: ${[...known].join(', ')}`);
    }
    return options.topicPrefix + topic;
  }

  try {
    await admin.connect();
    await ensureTopics(admin, [...known].map((t) => options.topicPrefix + t), options.partitions, options.replicationFactor, options.requestTimeoutMs);
    await producer.connect();
  } catch (err) {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    throw new DependencyUnavailableError(`Kafka tidak dapat dihubungi (${options.brokers.join(',')}): ${describeError(err)}`);
  }
  log.info({ brokers: options.brokers, topics: [...known] }, 'kafka_bus_ready');

  async function publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const records = messages.map((m, i) => {
      const value = JSON.stringify(m.value);
      if (value === undefined) throw new ValidationError(`Pesan #${i} untuk ${topic}: value tidak dapat dijadikan JSON`);
      return { key: m.key, value, headers: m.headers };
    });
    await publishRaw(topic, records);
  }

  /**
   * TRICKY: after a broker restart an idempotent kafkajs producer can reject every later send with
   * "out of order sequence number" (tulios/kafkajs#598), and a send that timed out keeps retrying in
   * the background with the old sequence numbers. Either way the producer is spent: start a fresh
   * one (a new producer id) before the next send. The caller retries; consumers upsert by id.
   */
  function replaceProducer(reason: string): void {
    if (replacing) return;
    const old = producer;
    producer = newProducer();
    log.warn({ reason }, 'kafka_producer_replaced');
    const fresh = producer;
    replacing = (async () => {
      await withTimeout(old.disconnect(), options.stopTimeoutMs).catch(() => undefined);
      await fresh.connect();
    })().finally(() => {
      replacing = null;
    });
    replacing.catch(() => undefined);
  }

  async function publishRaw(topic: string, records: RawRecord[]): Promise<void> {
    if (closed) throw new DependencyUnavailableError('bus sudah ditutup');
    const name = topicName(topic);
    if (records.length === 0) return;
    if (replacing) await replacing.catch((err: unknown) => {
      throw new DependencyUnavailableError(`Produser Kafka baru belum tersambung: ${describeError(err)}`);
    });
    // acks -1 = all in-sync replicas; resolves after the brokers acknowledged (durably accepted).
    const send = producer.send({ topic: name, acks: -1, messages: records });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DependencyUnavailableError(`Kafka tidak mengakui pengiriman ke ${name} dalam ${options.publishTimeoutMs} ms`)),
        options.publishTimeoutMs,
      );
    });
    try {
      await Promise.race([send, timeout]);
    } catch (err) {
      // After a timeout the send may still land; callers retry, consumers upsert by id.
      send.catch(() => undefined);
      const text = describeError(err);
      if (err instanceof DependencyUnavailableError || SPENT_PRODUCER.test(text)) replaceProducer(text);
      if (err instanceof DependencyUnavailableError) throw err;
      throw new DependencyUnavailableError(`Gagal mengirim ke ${name}: ${text}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async function subscribe(subscribeOptions: SubscribeOptions): Promise<KafkaSubscription> {
    if (closed) throw new DependencyUnavailableError('bus sudah ditutup');
    const topic = topicName(subscribeOptions.topic);
    const { groupId } = subscribeOptions;
    const subscription = await startSubscription({
      kafka,
      options,
      topic,
      groupId,
      handler: subscribeOptions.handler,
      maxBatchSize: subscribeOptions.maxBatchSize ?? options.maxBatchSize,
      publishDeadLetters: (letters) => publish(options.dlqTopic, letters),
      // Bounded: /readyz must answer while the broker is down, not hang on the admin client.
      lag: () => withTimeout(groupLag(admin, topic, groupId), options.healthTimeoutMs),
      logger: options.logger,
    });
    const stop = subscription.stop.bind(subscription);
    const tracked: KafkaSubscription = {
      ...subscription,
      stop: async () => {
        await stop();
        subscriptions.delete(tracked);
      },
    };
    subscriptions.add(tracked);
    return tracked;
  }

  async function health(): Promise<BusHealth> {
    const started = Date.now();
    try {
      const cluster = await withTimeout(admin.describeCluster(), options.healthTimeoutMs);
      return {
        ok: !closed,
        details: {
          brokers: cluster.brokers.map((b) => `${b.host}:${b.port}`),
          controller: cluster.controller,
          clusterId: cluster.clusterId,
          latencyMs: Date.now() - started,
          subscriptions: [...subscriptions].map((s) => ({ topic: s.topic, groupId: s.groupId })),
        },
      };
    } catch (err) {
      return { ok: false, details: { brokers: options.brokers, error: describeError(err), latencyMs: Date.now() - started } };
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await Promise.all([...subscriptions].map((s) => s.stop()));
    await Promise.allSettled([
      withTimeout(producer.disconnect(), options.stopTimeoutMs),
      withTimeout(admin.disconnect(), options.stopTimeoutMs),
    ]);
    log.info({}, 'kafka_bus_closed');
  }

  return {
    kind: 'kafka',
    publish,
    subscribe,
    health,
    close,
    groupLag: (topic, groupId) => withTimeout(groupLag(admin, topicName(topic), groupId), options.healthTimeoutMs),
    topicName,
    publishRaw,
  };
}

/** Create missing topics; existing ones are left as they are (partitions are never shrunk or grown here). */
async function ensureTopics(admin: Admin, names: string[], partitions: number, replicationFactor: number, timeoutMs: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = names
    .filter((name) => !existing.has(name))
    .map((topic) => ({ topic, numPartitions: partitions, replicationFactor }));
  if (missing.length > 0) {
    try {
      // TRICKY: kafkajs' waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker
      // answers until its metadata cache catches up with the controller; we wait for leaders ourselves.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (err) {
      // Two services starting together may race to create the same topic; that one is fine.
      if (!/already exists/i.test(describeError(err)) && !hasTopicExistsCause(err)) throw err;
    }
  }
  await waitForLeaders(admin, names, timeoutMs);
}

async function waitForLeaders(admin: Admin, names: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'belum ada metadata';
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const leaderless = topics.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (topics.length === names.length && leaderless.length === 0) return;
      last = `tanpa leader: ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (err) {
      last = describeError(err);
    }
    if (Date.now() > deadline) throw new DependencyUnavailableError(`Topik Kafka belum siap dalam ${timeoutMs} ms (${last})`);
    await delay(100);
  }
}

function hasTopicExistsCause(err: unknown): boolean {
  const errors = (err as { errors?: { type?: string }[] } | null)?.errors;
  return Array.isArray(errors) && errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyUnavailableError(`Kafka tidak menjawab dalam ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

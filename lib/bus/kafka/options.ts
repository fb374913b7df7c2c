import { z } from 'zod';
import { TOPICS } from '../../../schemas/topics';
import type { Logger } from '../../logger';

const BrokerAddress = z.string().regex(/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, { message: 'harus host:port, mis. 127.0.0.1:9092' });

/**
 * Options of the Kafka bus, validated once when the bus is built. Delivery-relevant client settings
 * (acks, idempotence, auto-commit, isolation level) are NOT options: they are pinned in the code.
 */
export const KafkaBusOptions = z.object({
  brokers: z.array(BrokerAddress).min(1, { message: 'minimal satu broker' }),
  clientId: z.string().min(1).default('dengar'),
  topicPrefix: z.string().regex(/^[a-zA-Z0-9._-]*$/).default('dengar.'),
  /** Logical topics created at start (with the prefix) if missing; publish/subscribe accept only these. */
  topics: z.array(z.string().regex(/^[a-zA-Z0-9._-]+$/)).min(1).default(Object.values(TOPICS)),
  dlqTopic: z.string().default(TOPICS.dlq),
  partitions: z.number().int().min(1).max(1000).default(3),
  replicationFactor: z.number().int().min(1).max(10).default(1),
  /** Messages handed to the handler at once (a Kafka fetch is split into chunks of this size). */
  maxBatchSize: z.number().int().min(1).max(10_000).default(500),
  /** Attempts of a whole batch before its messages are retried one by one. */
  maxAttempts: z.number().int().min(1).max(100).default(5),
  retryBaseMs: z.number().int().min(1).max(60_000).default(200),
  retryMaxMs: z.number().int().min(1).max(600_000).default(30_000),
  /** Batches in flight per consumer; each is one partition, so ordering per key is kept. */
  partitionsConsumedConcurrently: z.number().int().min(1).max(16).default(2),
  /**
   * Longest a fetch waits on the broker for new data. Also bounds how long `stop()` waits for an idle
   * consumer, so it is shorter than kafkajs' 5 s default (costs one empty fetch per second when idle).
   */
  fetchMaxWaitMs: z.number().int().min(10).max(30_000).default(1_000),
  sessionTimeoutMs: z.number().int().min(6_000).max(300_000).default(30_000),
  heartbeatIntervalMs: z.number().int().min(100).max(60_000).default(3_000),
  connectionTimeoutMs: z.number().int().min(100).max(60_000).default(3_000),
  requestTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  /** How long `publish` waits for the brokers' acknowledgement before rejecting (retriable). */
  publishTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** How long `subscription.stop()` / `close()` wait for the batch in hand before disconnecting anyway. */
  stopTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  healthTimeoutMs: z.number().int().min(100).max(60_000).default(3_000),
  logger: z.custom<Logger>(
    (v) => typeof v === 'object' && v !== null && typeof (v as { warn?: unknown }).warn === 'function',
    { message: 'harus logger pino' },
  ),
});
export type KafkaBusOptions = z.infer<typeof KafkaBusOptions>;
export type KafkaBusOptionsInput = z.input<typeof KafkaBusOptions>;

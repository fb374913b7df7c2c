/**
 * The message bus every service talks through. Two implementations: in-process (embedded mode)
 * and Kafka (distributed mode). Semantics are Kafka's, so code written against the in-process bus
 * behaves the same on Kafka:
 * - messages are keyed (key = post id) and ordered per key;
 * - a topic is consumed by a consumer group; each message goes to one member of each group;
 * - the handler acknowledges a batch by resolving; only then does the group's position move.
 *   A handler that throws gets the same batch again after a capped backoff (at-least-once).
 */
export interface OutgoingMessage {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

export interface BusMessage {
  topic: string;
  key: string | null;
  /** The decoded payload: unvalidated, so consumers parse it with the topic's schema. */
  value: unknown;
  /** The undecoded bytes as text, kept for the dead-letter path. */
  raw: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export type BatchHandler = (batch: BusMessage[]) => Promise<void>;

export interface SubscribeOptions {
  /** Logical topic name, e.g. `posts.raw`; the bus applies its prefix. */
  topic: string;
  groupId: string;
  handler: BatchHandler;
  maxBatchSize?: number;
}

export interface Subscription {
  /** Stop fetching, let the batch in hand finish and be acknowledged, then return. */
  stop(): Promise<void>;
  /** Messages published but not yet acknowledged by this group. */
  lag(): Promise<number>;
}

export interface BusHealth {
  ok: boolean;
  details: Record<string, unknown>;
}

export interface Bus {
  readonly kind: 'memory' | 'kafka';
  /**
   * Resolve once the messages are durably accepted: on Kafka when the brokers acknowledged
   * (acks=all); in-process, when every subscribed group has acknowledged them, which in the
   * embedded pipeline means the store has them. Rejects on failure; nothing is half-published
   * that the caller would not retry.
   */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  health(): Promise<BusHealth>;
  close(): Promise<void>;
}

import type { KafkaMessage } from 'kafkajs';
import type { BusMessage } from '../bus';

export type Decoded = { ok: true; message: BusMessage } | { ok: false; message: BusMessage; reason: string };

/**
 * Kafka record → BusMessage. The value must be JSON; anything else (a tombstone, bytes from a
 * foreign producer, a truncated write) comes back as `ok: false` with the reason, so the
 * subscription dead-letters it without ever showing it to the handler.
 */
export function decodeMessage(topic: string, partition: number, record: KafkaMessage): Decoded {
  const raw = record.value ? record.value.toString('utf8') : '';
  const message: BusMessage = {
    topic,
    key: record.key ? record.key.toString('utf8') : null,
    value: undefined,
    raw,
    headers: decodeHeaders(record.headers),
    partition,
    offset: record.offset,
  };
  if (record.value === null) return { ok: false, message, reason: 'Pesan tanpa isi (value null), bukan JSON' };
  try {
    message.value = JSON.parse(raw) as unknown;
    return { ok: true, message };
  } catch (err) {
    return { ok: false, message, reason: `Isi pesan bukan JSON yang sah: ${(err as Error).message}`.slice(0, 500) };
  }
}

function decodeHeaders(headers: KafkaMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    // A header may repeat; Kafka tooling keeps them all, we keep the last (our producers never repeat).
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return out;
}

import type { DeadLetter } from '../../schemas';
import { describeError, ERROR_CODES } from '../errors';
import type { BusMessage, OutgoingMessage } from './bus';

/**
 * The dead letter for a message that cannot be processed: the original bytes plus the reason, as
 * both a `DeadLetter` body and the headers Kafka tooling reads (original_topic, attempt, error …).
 */
export function deadLetterFor(message: BusMessage, err: unknown, attempt: number, code?: string): OutgoingMessage {
  const errorCode = code ?? (err as { code?: string })?.code ?? ERROR_CODES.STEP_FAILED;
  const reason = typeof err === 'string' ? err.slice(0, 2000) : describeError(err);
  const value: DeadLetter = {
    schemaVersion: 1,
    type: 'dead_letter',
    originalTopic: message.topic,
    key: message.key,
    partition: message.partition,
    offset: message.offset,
    errorCode,
    reason,
    attempt,
    payload: message.raw,
    at: new Date().toISOString(),
  };
  return {
    key: message.key ?? `${message.topic}:${message.partition}:${message.offset}`,
    value,
    headers: {
      original_topic: message.topic,
      partition: String(message.partition),
      offset: message.offset,
      error_code: errorCode,
      attempt: String(attempt),
      error: reason.slice(0, 500),
    },
  };
}

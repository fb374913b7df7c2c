import type { z } from 'zod';
import type { ErrorCode } from '../errors';
import { ERROR_CODES } from '../errors';
import { formatZodError } from '../zod-errors';
import type { Bus, BusMessage, Subscription } from './bus';
import { deadLetterFor } from './dead-letter';
import { TOPICS } from '../../schemas/topics';

export interface Valid<T> {
  message: BusMessage;
  value: T;
}

export interface Rejection {
  message: BusMessage;
  code: ErrorCode;
  reason: string;
}

/**
 * Subscribe with the topic's schema at the boundary: messages that fail it are dead-lettered with
 * the field and reason, and the handler sees only valid values. The handler returns the messages it
 * refuses for good (bad data), which are dead-lettered too; throwing means "try this batch again".
 * The batch is acknowledged only after both the handler and the dead letters are done.
 */
export function consumeValidated<S extends z.ZodType>(
  bus: Bus,
  options: {
    topic: string;
    groupId: string;
    schema: S;
    maxBatchSize?: number;
    handle: (items: Valid<z.infer<S>>[]) => Promise<Rejection[]>;
  },
): Promise<Subscription> {
  return bus.subscribe({
    topic: options.topic,
    groupId: options.groupId,
    maxBatchSize: options.maxBatchSize,
    handler: async (batch) => {
      const valid: Valid<z.infer<S>>[] = [];
      const rejected: Rejection[] = [];
      for (const message of batch) {
        const parsed = options.schema.safeParse(message.value);
        if (parsed.success) valid.push({ message, value: parsed.data });
        else rejected.push({ message, code: ERROR_CODES.VALIDATION, reason: formatZodError(parsed.error) });
      }
      if (valid.length > 0) rejected.push(...(await options.handle(valid)));
      if (rejected.length > 0) {
        await bus.publish(
          TOPICS.dlq,
          rejected.map((r) => deadLetterFor(r.message, r.reason, 1, r.code)),
        );
      }
    },
  });
}

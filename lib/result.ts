import type { ErrorCode } from './errors';

/**
 * What a pipeline step returns. Bad data is a result, not an exception: `dlq` sends the message
 * to the dead-letter topic with its reason, `drop` discards it on purpose (counted, logged).
 */
export type StepResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'dlq'; code: ErrorCode; reason: string }
  | { kind: 'drop'; reason: string };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const dlq = (code: ErrorCode, reason: string): StepResult<never> => ({ kind: 'dlq', code, reason });
export const drop = (reason: string): StepResult<never> => ({ kind: 'drop', reason });

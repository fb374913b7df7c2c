/**
 * How the enrichment chain runs its steps: a step that throws is a bug, not bad data, so the
 * exception is caught here and becomes a `dlq` result with STEP_FAILED and the step's name.
 * Nothing thrown by a step escapes to the consumer loop.
 */
import { ERROR_CODES, describeError } from '../../../lib/errors';
import { dlq, type StepResult } from '../../../lib/result';

/** Wraps a step so it never throws; keeps the step's name for logs and metrics. */
export function guardStep<I, O>(step: (input: I) => StepResult<O>): (input: I) => StepResult<O> {
  const name = step.name || 'anonymous';
  const guarded = (input: I): StepResult<O> => {
    try {
      return step(input);
    } catch (err) {
      return dlq(ERROR_CODES.STEP_FAILED, `langkah ${name} gagal: ${describeError(err)}`);
    }
  };
  Object.defineProperty(guarded, 'name', { value: name });
  return guarded;
}

/**
 * Runs `step` on an ok result; a `dlq` or `drop` stops the chain and is passed on unchanged.
 * Give it steps wrapped once with guardStep (enrich.ts does): wrapping here would cost a closure per post.
 */
export function andThen<I, O>(result: StepResult<I>, step: (input: I) => StepResult<O>): StepResult<O> {
  return result.kind === 'ok' ? step(result.value) : result;
}

import type { StepResult } from '../../../lib/result';

/**
 * An enrichment step: a named function from a narrow input to the input plus what it adds.
 * Steps are built by factories (`createSentimentStep(deps)`) so their dependencies are explicit,
 * and the function's own name is what logs and metrics call the step.
 */
export type Step<In, Added> = (input: In) => StepResult<In & Added>;

import type { StepResult } from '../../../lib/result';

/**
 * An enrichment step: a named function from a narrow input to the input plus what it adds.
 * Steps are built by factories (`createSentimentStep(deps)`) so their dependencies are explicit,
 * and the function's own name is what logs and metrics call the step.
 *
 * TRICKY: a step writes what it adds onto the object it is given and returns that same object
 * (typed `In & Added`); it never copies the post. The chain (enrich.ts) hands every step one
 * working copy of the raw post, so a post costs one copy instead of one per step (a copy of a
 * twenty-field post per step was a tenth of the chain's time). Pass a copy to keep an input as it was.
 */
export type Step<In, Added> = (input: In) => StepResult<In & Added>;

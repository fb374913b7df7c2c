/**
 * The enrichment chain: RawPost → EnrichedPost through named steps, in this order:
 * normaliseText → detectLanguage → scoreSentiment → tagTopics → tagRegions → tagOfficials →
 * fingerprintText (the SimHash the indexer clusters near-duplicates by).
 * The first `dlq`/`drop` stops the chain and is returned as is; a step that throws becomes a
 * `dlq` with STEP_FAILED (see steps/run-step.ts).
 *
 * NOTE: the output is not re-parsed with zod here. The input was parsed at the consumer (RawPost),
 * every step is typed, and the indexer parses EnrichedPost at its own boundary (dead-lettering
 * anything off-contract there); a second parse here cost a third of the chain's time per post.
 */
import { dictionaryStamp } from '../../lib/domain/dictionaries';
import { ERROR_CODES, describeError } from '../../lib/errors';
import { dlq, ok, type StepResult } from '../../lib/result';
import type { EnrichedPost } from '../../schemas/enriched-post';
import type { RawPost } from '../../schemas/raw-post';
import { createSentimentAnalyzer, type SentimentAnalyzer } from './sentiment/analyzer';
import { createLanguageStep } from './steps/language';
import { createNearDuplicateStep } from './steps/near-duplicates';
import { createNormaliseStep } from './steps/normalise';
import { andThen, guardStep } from './steps/run-step';
import { createSentimentStep } from './steps/sentiment';
import { createOfficialsStep, createRegionsStep, createTopicsStep } from './steps/tags';

/** Stamped on every enriched post (with the dictionary version, `+dict-…`); bump when a step changes what posts get. */
export const ENRICHER_VERSION = 'enricher-0.2.0';

/** The step names in run order, as logs and metrics label them. */
export const ENRICHMENT_STEP_NAMES = [
  'normaliseText',
  'detectLanguage',
  'scoreSentiment',
  'tagTopics',
  'tagRegions',
  'tagOfficials',
  'fingerprintText',
] as const;
export type EnrichmentStepName = (typeof ENRICHMENT_STEP_NAMES)[number];

export interface EnrichmentOptions {
  now?: () => Date;
  /** Built once per enricher: loading the lexicon costs a few milliseconds. */
  analyzer?: SentimentAnalyzer;
}

export type Enrich = (raw: RawPost) => StepResult<EnrichedPost>;

export function createEnrichment(options: EnrichmentOptions = {}): Enrich {
  const now = options.now ?? (() => new Date());
  const analyzer = options.analyzer ?? createSentimentAnalyzer();
  // Guarded once here, not per post (see andThen).
  const normalise = guardStep(createNormaliseStep());
  const language = guardStep(createLanguageStep());
  const sentiment = guardStep(createSentimentStep({ analyzer }));
  const topics = guardStep(createTopicsStep());
  const regions = guardStep(createRegionsStep());
  const officials = guardStep(createOfficialsStep());
  const fingerprint = guardStep(createNearDuplicateStep());

  // enrichedAt as text, formatted once per clock millisecond (posts of a batch share most of them).
  let stampedMs = Number.NaN;
  let stampedIso = '';

  return function enrich(raw: RawPost): StepResult<EnrichedPost> {
    // The one copy of the post the steps extend (see steps/step.ts); `type` is set again at the end.
    const { type: _rawType, ...post } = raw;
    const r1 = normalise(post);
    const r2 = andThen(r1, language);
    const r3 = andThen(r2, sentiment);
    const r4 = andThen(r3, topics);
    const r5 = andThen(r4, regions);
    const r6 = andThen(r5, officials);
    const r7 = andThen(r6, fingerprint);
    if (r7.kind !== 'ok') return r7;

    try {
      const at = now();
      const ms = at.getTime();
      if (ms !== stampedMs) {
        stampedIso = at.toISOString(); // throws for an invalid date; NaN never equals the cached ms
        stampedMs = ms;
      }
    } catch (err) {
      return dlq(ERROR_CODES.STEP_FAILED, `jam pengayaan gagal: ${describeError(err)}`);
    }
    // The working copy becomes the EnrichedPost: its last three fields are set here.
    const enriched = r7.value as typeof r7.value & Pick<EnrichedPost, 'type' | 'enricherVersion' | 'enrichedAt'>;
    enriched.type = 'enriched_post';
    enriched.enricherVersion = `${ENRICHER_VERSION}+${dictionaryStamp()}`;
    enriched.enrichedAt = stampedIso;
    return ok(enriched);
  };
}

import { z } from 'zod';
import { IsoInstant, SentimentLabel } from './common';
import { RawPost } from './raw-post';

/** One term that moved the score, so the UI can explain a verdict. */
export const SentimentTerm = z.object({ term: z.string(), weight: z.number() });
export type SentimentTerm = z.infer<typeof SentimentTerm>;

export const Sentiment = z.object({
  label: SentimentLabel,
  score: z.number(),
  terms: z.array(SentimentTerm),
});
export type Sentiment = z.infer<typeof Sentiment>;

/** The message on `dengar.posts.enriched`, and the document the store holds. */
export const EnrichedPost = RawPost.omit({ type: true }).extend({
  type: z.literal('enriched_post'),
  lang: z.string(),
  sentiment: Sentiment,
  topics: z.array(z.string()),
  regions: z.array(z.string()),
  officials: z.array(z.string()),
  enricherVersion: z.string(),
  modelVersion: z.string(),
  enrichedAt: IsoInstant,
});
export type EnrichedPost = z.infer<typeof EnrichedPost>;

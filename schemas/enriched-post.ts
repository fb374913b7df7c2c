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

export const SimHash = z.string().regex(/^[0-9a-f]{16}$/, 'harus 16 digit heksadesimal huruf kecil');
export type SimHash = z.infer<typeof SimHash>;

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
  /** 64-bit SimHash of title + text as 16 hex digits; absent for texts too short to fingerprint. */
  simhash: SimHash.optional(),
  /**
   * Near-duplicate cluster, set by the indexer: the id of the cluster's first post (its own id when
   * it copies nothing stored). Optional so posts enriched before clustering still parse.
   */
  clusterId: z.string().min(1).max(512).optional(),
});
export type EnrichedPost = z.infer<typeof EnrichedPost>;

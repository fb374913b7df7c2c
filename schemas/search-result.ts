import { z } from 'zod';
import { EnrichedPost } from './enriched-post';

export const FacetBucket = z.object({ key: z.string(), count: z.number().int().nonnegative() });
export type FacetBucket = z.infer<typeof FacetBucket>;

export const SearchResult = z.object({
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  size: z.number().int().positive(),
  hits: z.array(EnrichedPost),
  facets: z.record(z.string(), z.array(FacetBucket)),
  /** Posts per near-duplicate cluster of the page's hits (`/api/search` fills it; stores leave it out). */
  clusterSizes: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** One interval of a histogram, split by sentiment. `key` is the interval start (WIB) as YYYY-MM-DD or YYYY-MM-DDTHH. */
export const HistogramBucket = z.object({
  key: z.string(),
  total: z.number().int().nonnegative(),
  positive: z.number().int().nonnegative(),
  negative: z.number().int().nonnegative(),
  neutral: z.number().int().nonnegative(),
});
export type HistogramBucket = z.infer<typeof HistogramBucket>;

export const AuthorStat = z.object({
  author: z.string(),
  source: z.string(),
  posts: z.number().int().nonnegative(),
  engagement: z.number().int().nonnegative(),
  followers: z.number().int().nonnegative().nullable(),
  negative: z.number().int().nonnegative(),
  positive: z.number().int().nonnegative(),
});
export type AuthorStat = z.infer<typeof AuthorStat>;

/** `GET /api/stats`: volume and sentiment per interval plus the main breakdowns. */
export const Stats = z.object({
  timeZone: z.literal('Asia/Jakarta'),
  interval: z.enum(['hour', 'day', 'week']),
  total: z.number().int().nonnegative(),
  histogram: z.array(HistogramBucket),
  bySentiment: z.array(FacetBucket),
  byTopic: z.array(FacetBucket),
  byRegion: z.array(FacetBucket),
  bySource: z.array(FacetBucket),
  topAuthors: z.array(AuthorStat),
});
export type Stats = z.infer<typeof Stats>;

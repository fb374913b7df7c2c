import { z } from 'zod';
import { EnrichedPost, SearchResult, SentimentLabel } from '../../../schemas';
import type { LabelStore, PostLabel } from './label-store';

/** An analyst's correction as the API shows it beside the post. */
export const Correction = z.object({
  sentiment: SentimentLabel.nullable(),
  topics: z.array(z.string()).nullable(),
  machineSentiment: SentimentLabel,
  machineTopics: z.array(z.string()),
  by: z.string(),
  at: z.string(),
});
export type Correction = z.infer<typeof Correction>;

/** A post as the API returns it: corrected labels in force, and who corrected them. */
export const ApiPost = EnrichedPost.extend({ correction: Correction.nullable() });
export type ApiPost = z.infer<typeof ApiPost>;

export const ApiSearchResult = SearchResult.extend({ hits: z.array(ApiPost) });
export type ApiSearchResult = z.infer<typeof ApiSearchResult>;

export const POST_ID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id pos tidak valid');

export function withCorrection(post: EnrichedPost, label: PostLabel | undefined): ApiPost {
  if (!label) return { ...post, correction: null };
  const correction: Correction = {
    sentiment: label.sentiment,
    topics: label.topics,
    machineSentiment: label.machineSentiment,
    machineTopics: label.machineTopics,
    by: label.username,
    at: label.at,
  };
  return {
    ...post,
    // NOTE: the stored copy normally already carries the correction (relabel upserts it); overlaying
    // again keeps it right after a re-enrichment or re-import overwrote the stored copy.
    sentiment: label.sentiment ? { ...post.sentiment, label: label.sentiment } : post.sentiment,
    topics: label.topics ?? post.topics,
    correction,
  };
}

/** Overlay the newest correction of each post (one store query for the whole page). */
export async function applyCorrections(posts: readonly EnrichedPost[], labels: LabelStore): Promise<ApiPost[]> {
  if (posts.length === 0) return [];
  const latest = await labels.latest(posts.map((p) => p.id));
  return posts.map((p) => withCorrection(p, latest.get(p.id)));
}

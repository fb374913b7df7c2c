import { z } from 'zod';
import { SentimentLabel } from '../../../schemas';

/**
 * One correction as it stands after an analyst's change: the sentiment and topics in force (null = as
 * the enricher had it; a later row carries earlier corrections forward, so the newest row is complete),
 * what the enricher had said (for training and for showing the change), who and when.
 */
export const PostLabel = z.object({
  seq: z.number().int(),
  postId: z.string(),
  sentiment: SentimentLabel.nullable(),
  topics: z.array(z.string()).nullable(),
  machineSentiment: SentimentLabel,
  machineTopics: z.array(z.string()),
  userId: z.string(),
  username: z.string(),
  at: z.string(),
});
export type PostLabel = z.infer<typeof PostLabel>;

/**
 * Human labels, append-only: every correction is a row, the newest per post is what counts. The
 * training loop reads them with `listLabels` (in `seq` order, resumable with `afterSeq`).
 */
export interface LabelStore {
  addLabel(input: Omit<PostLabel, 'seq' | 'at'> & { at?: string }): Promise<PostLabel>;
  /** The newest correction of each post asked for (posts without one are absent). */
  latest(postIds: readonly string[]): Promise<Map<string, PostLabel>>;
  history(postId: string): Promise<PostLabel[]>;
  listLabels(opts?: { afterSeq?: number; limit?: number }): Promise<PostLabel[]>;
}

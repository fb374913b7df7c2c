import { z } from 'zod';
import { IsoInstant, SchemaVersion, SourceKind } from './common';

export const Author = z.object({
  id: z.string().max(256).optional(),
  handle: z.string().max(256).optional(),
  name: z.string().max(256).optional(),
  followers: z.number().int().nonnegative().optional(),
});
export type Author = z.infer<typeof Author>;

export const Engagement = z.object({
  likes: z.number().int().nonnegative().optional(),
  shares: z.number().int().nonnegative().optional(),
  replies: z.number().int().nonnegative().optional(),
  views: z.number().int().nonnegative().optional(),
});
export type Engagement = z.infer<typeof Engagement>;

/** Text we refuse to carry: a post is a post, not a document dump. */
export const MAX_TEXT_CHARS = 20_000;

/**
 * What a collector or an import line provides (the import contract in design.md).
 * `source` + `sourceId` make the post id, so the same post collected twice is one post.
 */
export const RawPostInput = z.object({
  source: SourceKind,
  sourceId: z.string().min(1).max(512),
  text: z.string().trim().min(1, 'teks kosong').max(MAX_TEXT_CHARS),
  createdAt: IsoInstant,
  url: z.string().url().max(2048).optional(),
  title: z.string().max(1000).optional(),
  author: Author.optional(),
  engagement: Engagement.optional(),
  replyTo: z.string().max(512).optional(),
  lang: z.string().min(2).max(16).optional(),
});
export type RawPostInput = z.infer<typeof RawPostInput>;

/** The message on `dengar.posts.raw`. */
export const RawPost = RawPostInput.extend({
  schemaVersion: SchemaVersion,
  type: z.literal('raw_post'),
  id: z.string().min(1),
  collectedAt: IsoInstant,
  /** Which configured source (feed, query, channel) produced it; used for per-source status. */
  origin: z.string().max(256).optional(),
});
export type RawPost = z.infer<typeof RawPost>;

import { z } from 'zod';
import { DeadLetter } from './dead-letter';
import { EnrichedPost } from './enriched-post';
import { RawPost } from './raw-post';

/** Logical topic names; the bus adds the configured prefix (default `dengar.`). */
export const TOPICS = {
  raw: 'posts.raw',
  enriched: 'posts.enriched',
  dlq: 'posts.dlq',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The one catalogue of which schema each topic carries. */
export const TOPIC_SCHEMAS: { [K in TopicName]: z.ZodType } = {
  'posts.raw': RawPost,
  'posts.enriched': EnrichedPost,
  'posts.dlq': DeadLetter,
};

import { z } from 'zod';
import { IsoInstant, SchemaVersion } from './common';

/** The message on `dengar.posts.dlq`: the original bytes plus why they were refused. */
export const DeadLetter = z.object({
  schemaVersion: SchemaVersion,
  type: z.literal('dead_letter'),
  originalTopic: z.string(),
  key: z.string().nullable(),
  partition: z.number().int().optional(),
  offset: z.string().optional(),
  errorCode: z.string(),
  reason: z.string().max(2000),
  attempt: z.number().int().positive(),
  payload: z.string(),
  at: IsoInstant,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

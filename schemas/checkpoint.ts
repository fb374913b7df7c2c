import { z } from 'zod';
import { IsoInstant } from './common';

/**
 * Where a collector (or an import) stands in its source. `cursor` is adapter-specific
 * (a watermark, seen GUIDs, a line number, ETag/Last-Modified) and opaque to everyone else.
 */
export const SourceCheckpoint = z.object({
  sourceId: z.string().min(1),
  cursor: z.record(z.string(), z.unknown()),
  updatedAt: IsoInstant,
});
export type SourceCheckpoint = z.infer<typeof SourceCheckpoint>;

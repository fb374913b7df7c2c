import { postId } from '../../lib/ids';
import type { RawPost, RawPostInput } from '../../schemas';
import type { OutgoingMessage } from '../../lib/bus/bus';

/** Stamp a collected post into the `posts.raw` message: the deterministic id is made here, once. */
export function toRawPostMessage(input: RawPostInput, origin: string, collectedAt: Date): OutgoingMessage {
  const id = postId(input.source, input.sourceId);
  const value: RawPost = {
    ...input,
    schemaVersion: 1,
    type: 'raw_post',
    id,
    collectedAt: collectedAt.toISOString(),
    origin,
  };
  return { key: id, value };
}

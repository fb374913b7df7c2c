import { createHash } from 'node:crypto';

/**
 * The post id: a stable hash of source + sourceId, so the same post from a re-poll, a re-import
 * or a replayed bus message is always the same row/document.
 */
export function postId(source: string, sourceId: string): string {
  return createHash('sha256').update(`${source}\u0000${sourceId}`).digest('base64url').slice(0, 24);
}

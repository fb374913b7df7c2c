import type { EngineClient } from '../../../lib/store/search-engine/engine-client';
import { controlIndex, controlSequence, field, MAX_PAGE, TERMS_CHUNK } from '../control/engine-control';
import { PostLabel, type LabelStore } from './label-store';

/**
 * Human labels in the search engine (distributed mode), one document per correction. `seq` comes
 * from a shared counter, so the order and `afterSeq` resumption hold across api replicas.
 */
export function createEngineLabelStore(client: EngineClient, prefix: string, now: () => Date = () => new Date()): LabelStore {
  const labels = controlIndex(client, prefix, 'labels', {
    seq: field.long,
    postId: field.keyword,
    sentiment: field.keyword,
    topics: field.keyword,
    machineSentiment: field.keyword,
    machineTopics: field.keyword,
    userId: field.keyword,
    username: field.keyword,
    at: field.date,
  });
  const nextSeq = controlSequence(client, prefix, 'labels');
  const search = async (body: Record<string, unknown>): Promise<PostLabel[]> => {
    await labels.ready();
    const result = await client.search(labels.name, body);
    return result.hits.map((h) => PostLabel.parse(h._source));
  };

  return {
    async addLabel(input) {
      await labels.ready();
      const label = PostLabel.parse({ ...input, seq: await nextSeq(), at: input.at ?? now().toISOString() });
      // wait_for: the correction shows in the post list the analyst returns to.
      await client.putDocument(labels.name, String(label.seq), label, { create: true, refresh: 'wait_for' });
      return label;
    },
    async latest(postIds) {
      const out = new Map<string, PostLabel>();
      for (let i = 0; i < postIds.length; i += TERMS_CHUNK) {
        const chunk = postIds.slice(i, i + TERMS_CHUNK);
        // One hit per post: the newest correction (collapse keeps the top hit of each postId).
        const found = await search({ size: chunk.length, query: { terms: { postId: chunk } }, collapse: { field: 'postId' }, sort: [{ seq: 'desc' }] });
        for (const label of found) out.set(label.postId, label);
      }
      return out;
    },
    async history(postId) {
      return search({ size: MAX_PAGE, query: { term: { postId } }, sort: [{ seq: 'asc' }] });
    },
    async listLabels(opts = {}) {
      const size = Math.min(opts.limit ?? MAX_PAGE, MAX_PAGE);
      return search({ size, query: { range: { seq: { gt: opts.afterSeq ?? 0 } } }, sort: [{ seq: 'asc' }] });
    },
  };
}

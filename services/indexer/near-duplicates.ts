/**
 * Near-duplicate clusters: before a batch is upserted, each post gets `clusterId` = the id of the
 * cluster of its earliest near-duplicate among stored posts (within CLUSTER_WINDOW_DAYS) and the
 * posts before it in the batch; a post that copies nothing starts its own cluster (its own id).
 *
 * Why here and not in the enricher: the store is the one state every indexer and enricher replica
 * shares; an in-memory index per process would split clusters between replicas and forget them on
 * restart.
 *
 * Near-duplicate = SimHash Hamming distance ≤ NEAR_DUPLICATE_MAX_DISTANCE. Candidates come from the
 * store by LSH band (4 × 16 bits), which finds every pair within 3 (pigeonhole) and pairs at 4–8 only
 * when they share a band. Measured on the bench corpus (seed 7, 8,000 posts, 30 days; 3 buzzer
 * campaigns of 72 posts each, band lookup as here):
 *   max distance          3        4        6        7        8        10
 *   pieces per campaign   4/4/5    3/4/4    3/3/4    2/2/4    2/2/3    2/2/3
 *   other posts clustered 636      702      884      994      1,110    1,317
 * Sampled pairs at 4–8 were all real copies (a news story under another outlet's dateline, a tweet
 * with one word or emoji added); from 9 on, sibling stories from one template about different places
 * ("Warga Mesuji…" / "Warga Gunung Dempo… keluhkan drainase") start to merge. Hence 8: one added word
 * moves a 20-word text by about 5 bits on average, and 3 (the pigeonhole bound alone) misses most.
 *
 * Re-upserting a post (redelivery, reenrich) keeps its stored clusterId while its SimHash is unchanged
 * (its stored copy is fetched by id, outside the candidate cap), and a post never matches itself. The
 * candidate cap keeps the newest band-mates: every member carries its cluster id, so the newest serve.
 */
import type { PostStore } from '../../lib/store/post-store';
import { hammingDistance, simhashBands } from '../../lib/store/simhash';
import type { EnrichedPost } from '../../schemas';

export const NEAR_DUPLICATE_MAX_DISTANCE = 8;
/** Copies further apart than this are separate events (a yearly announcement), not one cluster. */
export const CLUSTER_WINDOW_DAYS = 30;
const WINDOW_MS = CLUSTER_WINDOW_DAYS * 86_400_000;

interface Member {
  id: string;
  simhash: string;
  clusterId: string;
  createdMs: number;
}

/** The batch with `clusterId` set on every post; one store lookup for the whole batch. */
export async function assignClusters(store: Pick<PostStore, 'findNearDuplicateCandidates'>, posts: EnrichedPost[]): Promise<EnrichedPost[]> {
  const hashes = posts.flatMap((p) => (p.simhash ? [p.simhash] : []));
  if (hashes.length === 0) return posts.map((p) => ({ ...p, clusterId: p.id }));
  const times = posts.map((p) => Date.parse(p.createdAt));
  const stored = await store.findNearDuplicateCandidates({
    simhashes: hashes,
    from: new Date(Math.min(...times) - WINDOW_MS),
    to: new Date(Math.max(...times) + WINDOW_MS),
    ids: posts.map((p) => p.id),
  });
  // A batch post whose text changed is compared by its new SimHash only, not through its stale stored one.
  const batchHash = new Map(posts.map((p) => [p.id, p.simhash]));

  const byBand = new Map<string, Member[]>();
  const storedById = new Map<string, Member>();
  const add = (m: Member): void => {
    for (const band of simhashBands(m.simhash)) {
      const list = byBand.get(band);
      if (list) list.push(m);
      else byBand.set(band, [m]);
    }
  };
  for (const c of stored) {
    // A post stored before clustering existed is its own cluster until something joins it.
    const member = { id: c.id, simhash: c.simhash, clusterId: c.clusterId ?? c.id, createdMs: Date.parse(c.createdAt) };
    storedById.set(c.id, member);
    if (!batchHash.has(c.id) || batchHash.get(c.id) === c.simhash) add(member);
  }

  return posts.map((post) => {
    if (!post.simhash) return { ...post, clusterId: post.id };
    const self = storedById.get(post.id);
    const createdMs = Date.parse(post.createdAt);
    const clusterId = self && self.simhash === post.simhash ? self.clusterId : nearest(byBand, post.id, post.simhash, createdMs)?.clusterId ?? post.id;
    add({ id: post.id, simhash: post.simhash, clusterId, createdMs });
    return { ...post, clusterId };
  });
}

/** The earliest member (createdAt, then id) within the window and distance, other than the post itself. */
function nearest(byBand: Map<string, Member[]>, id: string, simhash: string, createdMs: number): Member | undefined {
  let best: Member | undefined;
  for (const band of simhashBands(simhash)) {
    for (const m of byBand.get(band) ?? []) {
      if (m.id === id || Math.abs(m.createdMs - createdMs) > WINDOW_MS) continue;
      if (best && (m.createdMs > best.createdMs || (m.createdMs === best.createdMs && m.id >= best.id))) continue;
      if (hammingDistance(m.simhash, simhash) <= NEAR_DUPLICATE_MAX_DISTANCE) best = m;
    }
  }
  return best;
}

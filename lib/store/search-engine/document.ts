import { z } from 'zod';
import { EnrichedPost } from '../../../schemas';
import { normaliseAuthor } from '../../query';
import { simhashBands } from '../simhash';
import { authorKey, engagementTotal } from '../sqlite/row';

/**
 * The engine document for a post: the searchable and aggregatable fields at the top, the rest of the
 * post under `post` (not indexed). Derived values (engagement total, author key) use the very same
 * functions as the SQLite row, so every store counts and groups alike.
 */
export interface EngineDoc {
  id: string;
  source: string;
  createdAt: string;
  lang: string;
  sentiment: string;
  sentimentScore: number;
  topics: string[];
  regions: string[];
  officials: string[];
  engagement: number;
  /** LSH band keys of the SimHash (lib/store/simhash.ts), for the near-duplicate candidate lookup. */
  simhashBands?: string[];
  clusterId?: string;
  title?: string;
  text: string;
  author?: {
    key?: string;
    group?: string;
    label?: string;
    idLc?: string;
    handleLc?: string;
    nameLc?: string;
    followers?: number;
  };
  post: Omit<EnrichedPost, 'title' | 'text'>;
}

export const AUTHOR_GROUP_SEPARATOR = '\u001f';

export function toDoc(post: EnrichedPost): EngineDoc {
  const { title, text, ...rest } = post;
  const a = post.author;
  const key = authorKey(post);
  const lower = (v: string | undefined): string | undefined => (v ? normaliseAuthor(v) || undefined : undefined);
  const label = a?.handle ?? a?.name ?? a?.id;
  const author = compact({
    key: key ?? undefined,
    group: key ? `${key}${AUTHOR_GROUP_SEPARATOR}${post.source}` : undefined,
    label,
    idLc: lower(a?.id),
    handleLc: lower(a?.handle),
    nameLc: lower(a?.name),
    followers: a?.followers,
  });
  return {
    id: post.id,
    source: post.source,
    createdAt: post.createdAt,
    lang: post.lang,
    sentiment: post.sentiment.label,
    sentimentScore: post.sentiment.score,
    topics: post.topics,
    regions: post.regions,
    officials: post.officials,
    engagement: engagementTotal(post),
    ...(post.simhash !== undefined ? { simhashBands: simhashBands(post.simhash) } : {}),
    ...(post.clusterId !== undefined ? { clusterId: post.clusterId } : {}),
    ...(title !== undefined ? { title } : {}),
    text,
    ...(Object.keys(author).length > 0 ? { author } : {}),
    post: rest,
  };
}

const StoredDoc = z.object({
  title: z.string().optional(),
  text: z.string(),
  post: z.record(z.string(), z.unknown()),
});

/**
 * Rebuild the post from `_source`. The store validated it on the way in; we check the envelope (an
 * index someone else wrote to must not crash a search) but not the whole post again.
 */
export function fromSource(source: unknown, id: string): EnrichedPost {
  const parsed = StoredDoc.safeParse(source);
  if (!parsed.success) throw new Error(`dokumen ${id} di indeks tidak berbentuk pos Dengar`);
  const { title, text, post } = parsed.data;
  const rebuilt = { ...post, ...(title !== undefined ? { title } : {}), text };
  return rebuilt as EnrichedPost;
}

function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

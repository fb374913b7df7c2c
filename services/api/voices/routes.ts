import { z } from 'zod';
import { SearchParams, toFilters } from '../../../lib/search-params';
import { normaliseAuthor, parseQuery } from '../../../lib/query';
import { SourceKind } from '../../../schemas';
import type { PostStore } from '../../../lib/store/post-store';
import { defineRoute, type RouteContext } from '../route';
import { DEFAULT_COORDINATION, detectCoordination } from './coordination';

const Voice = z.object({
  author: z.string(),
  source: z.string(),
  posts: z.number().int(),
  engagement: z.number().int(),
  followers: z.number().int().nullable(),
  sentiment: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
  coordinated: z.boolean(),
  largestCluster: z.number().int(),
  clusterPostIds: z.array(z.string()),
});

function sourceFilter(source: string): { source?: SourceKind } {
  const parsed = SourceKind.safeParse(source);
  return parsed.success ? { source: parsed.data } : {};
}

/** How many recent posts of each author the coordination check compares. */
const RECENT_POSTS = 50;

/**
 * Suara Lokal: the accounts that carry the conversation on a topic or in a region (reach = followers,
 * engagement = likes + shares + replies), their sentiment mix, and a flag for accounts that look coordinated.
 */
export function registerVoicesRoutes(ctx: RouteContext, deps: { store: PostStore; now?: () => Date }): void {
  const now = deps.now ?? (() => new Date());
  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/voices',
      role: 'viewer',
      tags: ['suara lokal'],
      summary:
        'Penulis teratas per topik/wilayah menurut jangkauan dan keterlibatan, campuran sentimen, dan tanda "tampak terkoordinasi" (≥3 pos hampir sama dalam 2 jam; Jaccard shingle 3 kata ≥ 0,6)',
      query: SearchParams.pick({ q: true, from: true, to: true, topic: true, region: true, source: true, sentiment: true, lang: true }).extend({
        days: z.coerce.number().int().min(1).max(366).default(30),
        size: z.coerce.number().int().min(1).max(50).default(20),
        sort: z.enum(['engagement', 'reach', 'posts']).default('engagement'),
      }),
      response: z.object({
        method: z.string(),
        voices: z.array(Voice),
      }),
    },
    async ({ query: p }) => {
      const from = p.from ?? new Date(now().getTime() - p.days * 86_400_000).toISOString();
      const scope = { query: parseQuery(p.q), filters: toFilters({ ...p, from }) };
      // Ask for more than shown: re-sorting by reach needs candidates beyond the engagement top.
      const authors = await deps.store.topAuthors(scope, Math.min(100, p.size * 3));
      const sorted = [...authors].sort((a, b) =>
        p.sort === 'reach' ? (b.followers ?? -1) - (a.followers ?? -1) : p.sort === 'posts' ? b.posts - a.posts : b.engagement - a.engagement,
      );
      const voices = await Promise.all(
        sorted.slice(0, p.size).map(async (a) => {
          const recent = await deps.store.search({
            query: { type: 'field', field: 'author', value: normaliseAuthor(a.author) },
            filters: sourceFilter(a.source),
            page: 1,
            size: RECENT_POSTS,
            sort: 'newest',
            facets: [],
          });
          const verdict = detectCoordination(recent.hits);
          return {
            author: a.author,
            source: a.source,
            posts: a.posts,
            engagement: a.engagement,
            followers: a.followers,
            sentiment: { positive: a.positive, negative: a.negative, neutral: Math.max(0, a.posts - a.positive - a.negative) },
            ...verdict,
          };
        }),
      );
      const c = DEFAULT_COORDINATION;
      return {
        method: `Terkoordinasi bila ≥${c.minPosts} pos hampir sama (kemiripan Jaccard shingle 3 kata ≥ ${c.threshold}) dalam ${c.windowMs / 3600_000} jam, dari ${RECENT_POSTS} pos terakhir akun.`,
        voices,
      };
    },
  );
}

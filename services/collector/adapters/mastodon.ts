import { z } from 'zod';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { htmlToText } from './html-text';
import { fetchJson, sourceError, withRetry } from './json-http';
import { compareKeys } from './newest-first';
import { SkipCounter, acceptPost, compact, count, floorBefore, platformContext, readSecret, withQuery, type PlatformDeps } from './platform-common';

/**
 * Mastodon hashtag timeline (`/api/v1/timelines/tag/:hashtag`), public on most instances.
 * `min_id` pages forward from the watermark: each page holds the statuses just after it, so the
 * watermark can move page by page and a poll that stops early loses nothing. The next page's
 * `min_id` is taken from the `Link` header's `rel="prev"` when it points at the same instance.
 * The very first poll reads the newest page only, back to `lookbackHours`.
 */

export interface MastodonAdapterOptions {
  id: string;
  /** Instance origin, e.g. https://mastodon.social. */
  instance: string;
  hashtag: string;
  /** Up to 3 more tags (`any[]`): statuses with any of them also match. */
  any?: string[];
  /** Only for instances that closed their public timelines. */
  tokenEnv?: string;
  maxPages: number;
  lookbackHours: number;
}

const LIMIT = 40;

const Status = z.object({
  id: z.string().regex(/^\d+$/),
  created_at: z.string(),
  content: z.string().default(''),
  spoiler_text: z.string().optional(),
  url: z.string().nullable().optional(),
  uri: z.string().optional(),
  in_reply_to_id: z.string().nullable().optional(),
  replies_count: z.number().optional(),
  reblogs_count: z.number().optional(),
  favourites_count: z.number().optional(),
  language: z.string().nullable().optional(),
  account: z.object({
    id: z.string(),
    acct: z.string(),
    display_name: z.string().optional(),
    url: z.string().optional(),
    followers_count: z.number().optional(),
  }),
});

const MastodonCursor = z.object({ minId: z.string().regex(/^\d+$/).optional() });

export function createMastodonAdapter(options: MastodonAdapterOptions, deps: PlatformDeps): SourceAdapter {
  const ctx = platformContext(deps);
  const token = readSecret(deps.env, options.tokenEnv);
  const origin = new URL(options.instance).origin;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const path = `api/v1/timelines/tag/${encodeURIComponent(options.hashtag.replace(/^#/, ''))}`;

  async function page(minId: string | undefined, signal?: AbortSignal): Promise<{ statuses: unknown[]; prevMinId?: string }> {
    const url = new URL(withQuery(origin, path, { limit: LIMIT, min_id: minId }));
    for (const tag of options.any ?? []) url.searchParams.append('any[]', tag.replace(/^#/, ''));
    try {
      const { data, headers: res } = await withRetry(
        () => fetchJson(url.toString(), z.array(z.unknown()), ctx.http, { headers, ...(signal ? { signal } : {}) }),
        ctx.retry,
        signal,
      );
      const prevMinId = minIdFromLink(res.get('link'), origin);
      return { statuses: data, ...(prevMinId ? { prevMinId } : {}) };
    } catch (err) {
      if (err instanceof Error && /HTTP 401/.test(err.message)) {
        throw sourceError(`Instance ${origin} menutup linimasa publik; isi tokenEnv atau pilih instance lain`, false, { status: 401 });
      }
      throw err;
    }
  }

  return {
    id: options.id,
    kind: 'mastodon',
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      const cursor = MastodonCursor.safeParse(rawCursor ?? {}).data ?? {};
      const floor = Date.parse(floorBefore(ctx.now(), options.lookbackHours));
      const posts: RawPostInput[] = [];
      const skips = new SkipCounter();
      let minId = cursor.minId;

      for (let n = 0; n < options.maxPages; n++) {
        const result = await page(minId, signal);
        let newest = minId;
        for (const raw of result.statuses) {
          const parsed = Status.safeParse(raw);
          if (!parsed.success) {
            skips.add('status tidak terbaca');
            continue;
          }
          const status = parsed.data;
          if (minId && compareKeys(status.id, minId) <= 0) continue; // an instance ignoring min_id
          if (!newest || compareKeys(status.id, newest) > 0) newest = status.id;
          if (!minId && Date.parse(status.created_at) < floor) {
            skips.add('lebih lama dari jangkauan awal');
            continue;
          }
          acceptPost(mapStatus(status, origin), posts, skips);
        }
        const first = minId === undefined;
        // Prefer the server's own next link; it equals the newest id on the page.
        const nextMin = result.prevMinId && newest && compareKeys(result.prevMinId, newest) >= 0 ? result.prevMinId : newest;
        if (!nextMin || nextMin === minId) break;
        minId = nextMin;
        // The first poll only reads the newest page; later polls walk forward until a short page.
        if (first || result.statuses.length < LIMIT) break;
      }
      return { posts, next: minId ? { minId } : {}, skipped: skips.toList() };
    },
  };
}

function mapStatus(status: z.output<typeof Status>, origin: string): Record<string, unknown> {
  const body = htmlToText(status.content);
  const text = status.spoiler_text ? `${status.spoiler_text}\n\n${body}` : body;
  return compact({
    source: 'mastodon',
    // The id is per instance: the same status seen on two instances has two ids; the uri is global.
    sourceId: status.uri ?? `${origin}/${status.id}`,
    text,
    createdAt: status.created_at,
    url: status.url ?? status.uri ?? undefined,
    author: compact({
      id: status.account.url ?? status.account.id,
      handle: status.account.acct,
      name: status.account.display_name || undefined,
      followers: count(status.account.followers_count),
    }),
    engagement: compact({ likes: count(status.favourites_count), shares: count(status.reblogs_count), replies: count(status.replies_count) }),
    replyTo: status.in_reply_to_id ? `${origin}/${status.in_reply_to_id}` : undefined,
    lang: status.language ?? undefined,
  });
}

/** `min_id` from `<...?min_id=123>; rel="prev"`, only when the link stays on the instance. */
export function minIdFromLink(link: string | null, origin: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?prev"?/i.exec(part);
    if (!match?.[1]) continue;
    try {
      const url = new URL(match[1]);
      if (url.origin !== origin) return undefined;
      const minId = url.searchParams.get('min_id');
      return minId && /^\d+$/.test(minId) ? minId : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

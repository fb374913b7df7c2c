import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { fetchJson, httpStatusOf, withRetry } from './json-http';
import { drainNewestFirst, readPagingState } from './newest-first';
import {
  SkipCounter,
  acceptPost,
  compact,
  count,
  floorBefore,
  isoFromUnixSeconds,
  missingSecret,
  platformContext,
  readSecret,
  withQuery,
  type PlatformDeps,
} from './platform-common';

/**
 * Reddit search inside one subreddit (sort=new) over OAuth client credentials. The app token is
 * kept in memory and reused until shortly before it expires (or Reddit refuses it). Reddit has no
 * "since" parameter, so the walk goes back with `after` until the `created_utc` watermark.
 * Since Nov 2025 new OAuth clients need Reddit's approval (Responsible Builder Policy).
 */

export interface RedditAdapterOptions {
  id: string;
  clientIdEnv: string;
  clientSecretEnv: string;
  subreddit: string;
  query: string;
  authUrl?: string;
  apiBase?: string;
  maxPages: number;
  lookbackHours: number;
}

const Token = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(3600) });
const Thing = z.object({
  kind: z.string(),
  data: z.object({
    id: z.string(),
    name: z.string(),
    title: z.string().optional(),
    selftext: z.string().optional(),
    body: z.string().optional(),
    author: z.string().optional(),
    author_fullname: z.string().optional(),
    created_utc: z.number(),
    permalink: z.string().optional(),
    score: z.number().optional(),
    num_comments: z.number().optional(),
    parent_id: z.string().optional(),
  }),
});
const Listing = z.object({
  data: z.object({ after: z.string().nullable().optional(), children: z.array(z.unknown()) }),
});

/** Refresh this long before Reddit says the token expires, so a poll never starts with a dying one. */
const EXPIRY_MARGIN_MS = 60_000;

export type RedditAdapter = SourceAdapter & { tokenStats(): { tokenRequests: number } };

export function createRedditAdapter(options: RedditAdapterOptions, deps: PlatformDeps): RedditAdapter {
  const ctx = platformContext(deps);
  const clientId = readSecret(deps.env, options.clientIdEnv);
  const clientSecret = readSecret(deps.env, options.clientSecretEnv);
  const authUrl = options.authUrl ?? 'https://www.reddit.com/api/v1/access_token';
  const apiBase = options.apiBase ?? 'https://oauth.reddit.com/';
  let token: { value: string; expiresAt: number } | null = null;
  const stats = { tokenRequests: 0 };

  async function accessToken(signal?: AbortSignal): Promise<string> {
    if (token && token.expiresAt - EXPIRY_MARGIN_MS > ctx.now().getTime()) return token.value;
    stats.tokenRequests++;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    try {
      const { data } = await withRetry(
        () =>
          fetchJson(authUrl, Token, ctx.http, {
            method: 'POST',
            headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=client_credentials',
            ...(signal ? { signal } : {}),
          }),
        ctx.retry,
        signal,
      );
      token = { value: data.access_token, expiresAt: ctx.now().getTime() + data.expires_in * 1000 };
      return token.value;
    } catch (err) {
      const status = httpStatusOf(err);
      if (status === 401 || status === 403) {
        throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Sumber ${options.id}: Reddit menolak klien OAuth (belum disetujui atau kunci salah)`, false, { status });
      }
      throw err;
    }
  }

  async function listing(after: string | undefined, signal?: AbortSignal): Promise<z.output<typeof Listing>> {
    const url = withQuery(apiBase, `r/${encodeURIComponent(options.subreddit)}/search`, {
      q: options.query,
      restrict_sr: 1,
      sort: 'new',
      t: 'week',
      limit: 100,
      raw_json: 1,
      after,
    });
    const get = async (): Promise<z.output<typeof Listing>> => {
      const request = { headers: { authorization: `Bearer ${await accessToken(signal)}` }, ...(signal ? { signal } : {}) };
      return (await withRetry(() => fetchJson(url, Listing, ctx.http, request), ctx.retry, signal)).data;
    };
    try {
      return await get();
    } catch (err) {
      if (httpStatusOf(err) !== 401) throw err;
      token = null; // revoked early: one new token, one more try
      return get();
    }
  }

  const adapter: RedditAdapter = {
    id: options.id,
    kind: 'reddit',
    tokenStats: () => ({ ...stats }),
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      if (!clientId) throw missingSecret(options.id, options.clientIdEnv);
      if (!clientSecret) throw missingSecret(options.id, options.clientSecretEnv);
      const skips = new SkipCounter();
      const drained = await drainNewestFirst({
        state: readPagingState((rawCursor ?? {}).paging),
        floor: floorBefore(ctx.now(), options.lookbackHours),
        maxPages: options.maxPages,
        fetchPage: async (after) => {
          const page = await listing(after, signal);
          const items = [];
          for (const raw of page.data.children) {
            const thing = Thing.safeParse(raw);
            if (!thing.success) {
              skips.add('item tidak terbaca');
              continue;
            }
            items.push({ id: thing.data.data.name, key: isoFromUnixSeconds(thing.data.data.created_utc), post: mapThing(thing.data) });
          }
          return { items, next: page.data.after ?? undefined };
        },
      });
      const posts: RawPostInput[] = [];
      for (const item of drained.items) acceptPost(item.post, posts, skips);
      return { posts, next: { paging: drained.state }, skipped: skips.toList() };
    },
  };
  return adapter;
}

function mapThing(thing: z.output<typeof Thing>): Record<string, unknown> {
  const d = thing.data;
  const text = [d.title, d.selftext ?? d.body].filter((s): s is string => Boolean(s?.trim())).join('\n\n');
  const deleted = d.author === '[deleted]';
  return compact({
    source: 'reddit',
    sourceId: d.name,
    title: d.title,
    text,
    createdAt: isoFromUnixSeconds(d.created_utc),
    url: d.permalink ? `https://www.reddit.com${d.permalink}` : undefined,
    author: deleted || !d.author ? undefined : compact({ id: d.author_fullname, handle: d.author, name: d.author }),
    engagement: compact({ likes: count(d.score), replies: count(d.num_comments) }),
    replyTo: d.parent_id,
  });
}

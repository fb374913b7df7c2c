import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { errorBodyOf, fetchJson, httpStatusOf, withRetry } from './json-http';
import { drainNewestFirst, readPagingState } from './newest-first';
import { SkipCounter, acceptPost, compact, count, floorBefore, missingSecret, platformContext, readSecret, withQuery, type PlatformDeps } from './platform-common';

/**
 * Bluesky `app.bsky.feed.searchPosts` (sort=latest). Public search is closed, so the adapter logs
 * in with an app password — once: the session (access + refresh JWT) lives in this adapter's
 * memory, `refreshSession` renews it, and `createSession` runs again only when the refresh is
 * refused (Bluesky allows few logins a day). Tokens never go into the cursor: checkpoints are
 * stored and shown, secrets are not.
 */

export interface BlueskyAdapterOptions {
  id: string;
  identifierEnv: string;
  passwordEnv: string;
  query: string;
  lang?: string;
  /** Where sessions are made (the account's PDS). */
  service: string;
  /** Where search is asked; `public.api.bsky.app` refuses search, so default the PDS. */
  appView?: string;
  maxPages: number;
  lookbackHours: number;
}

const Session = z.object({ accessJwt: z.string().min(1), refreshJwt: z.string().min(1), did: z.string().optional() });
type Session = z.infer<typeof Session>;

const PostView = z.object({
  uri: z.string().startsWith('at://'),
  cid: z.string().optional(),
  author: z.object({ did: z.string(), handle: z.string(), displayName: z.string().optional(), followersCount: z.number().optional() }),
  record: z.object({
    text: z.string().default(''),
    createdAt: z.string(),
    langs: z.array(z.string()).optional(),
    reply: z.object({ parent: z.object({ uri: z.string() }), root: z.object({ uri: z.string() }).optional() }).optional(),
  }),
  replyCount: z.number().optional(),
  repostCount: z.number().optional(),
  likeCount: z.number().optional(),
  quoteCount: z.number().optional(),
  indexedAt: z.string().optional(),
});
const SearchResponse = z.object({ cursor: z.string().optional(), posts: z.array(z.unknown()) });

/** A bearer token is refused: the token's fault (expired/revoked), not the network's. */
function isAuthRefusal(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status === 401 || (status === 400 && /ExpiredToken|InvalidToken|AuthenticationRequired|AuthMissing/.test(errorBodyOf(err)));
}

export type BlueskyAdapter = SourceAdapter & { sessionStats(): { logins: number; refreshes: number } };

export function createBlueskyAdapter(options: BlueskyAdapterOptions, deps: PlatformDeps): BlueskyAdapter {
  const ctx = platformContext(deps);
  const identifier = readSecret(deps.env, options.identifierEnv);
  const password = readSecret(deps.env, options.passwordEnv);
  const appView = options.appView ?? options.service;
  let session: Session | null = null;
  /** Counted so tests (and logs) can prove logins are rare. */
  const stats = { logins: 0, refreshes: 0 };

  async function login(signal?: AbortSignal): Promise<Session> {
    stats.logins++;
    const url = withQuery(options.service, 'xrpc/com.atproto.server.createSession', {});
    try {
      const { data } = await withRetry(
        () =>
          fetchJson(url, Session, ctx.http, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ identifier, password }),
            ...(signal ? { signal } : {}),
          }),
        ctx.retry,
        signal,
      );
      return data;
    } catch (err) {
      if (isAuthRefusal(err)) {
        throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Sumber ${options.id}: login Bluesky ditolak (periksa ${options.identifierEnv}/${options.passwordEnv})`, false, {});
      }
      throw err;
    }
  }

  async function refresh(current: Session, signal?: AbortSignal): Promise<Session | null> {
    stats.refreshes++;
    const url = withQuery(options.service, 'xrpc/com.atproto.server.refreshSession', {});
    try {
      const request = { method: 'POST' as const, headers: { authorization: `Bearer ${current.refreshJwt}` }, ...(signal ? { signal } : {}) };
      return (await withRetry(() => fetchJson(url, Session, ctx.http, request), ctx.retry, signal)).data;
    } catch (err) {
      if (isAuthRefusal(err)) return null; // refresh token expired or revoked: log in again
      throw err;
    }
  }

  async function authorised<T>(call: (accessJwt: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    session ??= await login(signal);
    try {
      return await call(session.accessJwt);
    } catch (err) {
      if (!isAuthRefusal(err)) throw err;
      session = (await refresh(session, signal)) ?? (await login(signal));
      return call(session.accessJwt);
    }
  }

  const adapter: BlueskyAdapter = {
    id: options.id,
    kind: 'bluesky',
    sessionStats: () => ({ ...stats }),
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      if (!identifier) throw missingSecret(options.id, options.identifierEnv);
      if (!password) throw missingSecret(options.id, options.passwordEnv);
      const state = readPagingState((rawCursor ?? {}).paging);
      const floor = floorBefore(ctx.now(), options.lookbackHours);
      const skips = new SkipCounter();
      const drained = await drainNewestFirst({
        state,
        floor,
        maxPages: options.maxPages,
        fetchPage: async (pageCursor) => {
          const url = withQuery(appView, 'xrpc/app.bsky.feed.searchPosts', {
            q: options.query,
            sort: 'latest',
            since: state.watermark ?? floor,
            lang: options.lang,
            limit: 100,
            cursor: pageCursor,
          });
          const page = await authorised(
            (jwt) => withRetry(() => fetchJson(url, SearchResponse, ctx.http, { headers: { authorization: `Bearer ${jwt}` }, ...(signal ? { signal } : {}) }), ctx.retry, signal),
            signal,
          );
          const items = [];
          for (const raw of page.data.posts) {
            const post = PostView.safeParse(raw);
            if (!post.success) {
              skips.add('post tidak terbaca');
              continue;
            }
            // sort=latest orders by index time; the watermark follows the same clock.
            items.push({ id: post.data.uri, key: post.data.indexedAt ?? post.data.record.createdAt, post: mapPost(post.data) });
          }
          return { items, next: page.data.cursor };
        },
      });
      const posts: RawPostInput[] = [];
      for (const item of drained.items) acceptPost(item.post, posts, skips);
      return { posts, next: { paging: drained.state }, skipped: skips.toList() };
    },
  };
  return adapter;
}

function mapPost(post: z.output<typeof PostView>): Record<string, unknown> {
  const rkey = post.uri.split('/').at(-1) ?? '';
  return compact({
    source: 'bluesky',
    sourceId: post.uri,
    text: post.record.text,
    createdAt: post.record.createdAt,
    url: `https://bsky.app/profile/${encodeURIComponent(post.author.handle)}/post/${encodeURIComponent(rkey)}`,
    author: compact({ id: post.author.did, handle: post.author.handle, name: post.author.displayName || undefined, followers: count(post.author.followersCount) }),
    engagement: compact({
      likes: count(post.likeCount),
      shares: post.repostCount !== undefined || post.quoteCount !== undefined ? (count(post.repostCount) ?? 0) + (count(post.quoteCount) ?? 0) : undefined,
      replies: count(post.replyCount),
    }),
    replyTo: post.record.reply?.parent.uri,
    lang: post.record.langs?.[0],
  });
}

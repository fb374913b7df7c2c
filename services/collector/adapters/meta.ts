import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { errorBodyOf, fetchJson, httpStatusOf, sourceError, withRetry } from './json-http';
import { drainNewestFirst, readPagingState, type Keyed, type PagingState } from './newest-first';
import { SkipCounter, acceptPost, compact, count, missingSecret, platformContext, readSecret, withQuery, type PlatformDeps } from './platform-common';

/**
 * The office's own Facebook Page and Instagram business account through the Graph API with a
 * Page access token (sent as a Bearer header, never in URLs). Each poll lists the office's posts
 * (or IG media) of the last `lookbackDays`, emits the new ones, then walks each one's comments
 * newest first to that object's own watermark: citizens keep answering posts for days, so every
 * recent post has its own place in the cursor (pruned as posts leave the window).
 */

export interface MetaAdapterOptions {
  id: string;
  kind: 'facebook' | 'instagram';
  /** Page id (facebook) or IG user id (instagram). */
  accountId: string;
  tokenEnv: string;
  apiVersion: string;
  graphBase?: string;
  lookbackDays: number;
  maxPosts: number;
  maxPages: number;
}

const Paging = z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional();
const Edge = z.object({ data: z.array(z.unknown()), paging: Paging });
const Summary = z.object({ summary: z.object({ total_count: z.number().optional() }).optional() }).optional();

const FbPost = z.object({
  id: z.string(),
  message: z.string().optional(),
  created_time: z.string(),
  permalink_url: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  shares: z.object({ count: z.number() }).optional(),
  reactions: Summary,
  comments: Summary,
});
const FbComment = z.object({
  id: z.string(),
  message: z.string().optional(),
  created_time: z.string(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  like_count: z.number().optional(),
  comment_count: z.number().optional(),
  parent: z.object({ id: z.string() }).optional(),
  permalink_url: z.string().optional(),
});
const IgMedia = z.object({
  id: z.string(),
  caption: z.string().optional(),
  timestamp: z.string(),
  permalink: z.string().optional(),
  username: z.string().optional(),
  like_count: z.number().optional(),
  comments_count: z.number().optional(),
});
const IgComment = z.object({
  id: z.string(),
  text: z.string().optional(),
  timestamp: z.string(),
  username: z.string().optional(),
  like_count: z.number().optional(),
  replies: z.object({ data: z.array(z.unknown()) }).optional(),
});

const MetaCursor = z.object({ own: z.unknown().optional(), comments: z.record(z.string(), z.unknown()).default({}) });

/** Graph throttling codes (app, user, page, API-level); they come as 400/403, not 429. */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001]);
const THROTTLE_WAIT_MS = 15 * 60_000;

interface Item extends Keyed {
  post: Record<string, unknown> | null;
  comments: number;
  extra: Record<string, unknown>[];
}

/** Graph writes `2026-11-02T03:15:00+0000`; make it an ISO instant everyone parses. */
export function graphTime(value: string): string {
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(iso);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

export function createMetaAdapter(options: MetaAdapterOptions, deps: PlatformDeps): SourceAdapter {
  const ctx = platformContext(deps);
  const token = readSecret(deps.env, options.tokenEnv);
  const base = withQuery(options.graphBase ?? 'https://graph.facebook.com/', `${options.apiVersion}/`, {});

  async function edge(path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<z.output<typeof Edge>> {
    const url = withQuery(base, path, params);
    const request = { headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) };
    try {
      return (await withRetry(() => fetchJson(url, Edge, ctx.http, request), ctx.retry, signal)).data;
    } catch (err) {
      throw translateGraphError(err, options.id);
    }
  }

  /** Pages of an edge (newest first), as a walk the drain can stop at a watermark. */
  function pager(path: string, params: Record<string, string | number>, map: (raw: unknown) => Item | null, signal?: AbortSignal) {
    return async (after: string | undefined): Promise<{ items: Item[]; next?: string }> => {
      const page = await edge(path, { ...params, after }, signal);
      const items = page.data.map(map).filter((i): i is Item => i !== null);
      const next = page.paging?.next ? page.paging.cursors?.after : undefined;
      return next ? { items, next } : { items };
    };
  }

  return {
    id: options.id,
    kind: options.kind,
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      if (!token) throw missingSecret(options.id, options.tokenEnv);
      const now = ctx.now();
      const windowStart = new Date(now.getTime() - options.lookbackDays * 86_400_000);
      const cursor = MetaCursor.safeParse(rawCursor ?? {}).data ?? { comments: {} };
      const skips = new SkipCounter();
      const fb = options.kind === 'facebook';

      // 1. The office's own recent posts (all of them in the window: their comments are polled).
      const own: Item[] = [];
      const listOwn = fb
        ? pager(
            `${options.accountId}/feed`,
            {
              fields: 'id,message,created_time,permalink_url,from{id,name},shares,reactions.limit(0).summary(true),comments.limit(0).summary(true)',
              since: Math.floor(windowStart.getTime() / 1000),
              limit: Math.min(100, options.maxPosts),
            },
            (raw) => mapFbPost(raw, skips),
            signal,
          )
        : pager(
            `${options.accountId}/media`,
            { fields: 'id,caption,timestamp,permalink,username,like_count,comments_count', limit: Math.min(100, options.maxPosts) },
            (raw) => mapIgMedia(raw, skips),
            signal,
          );
      let after: string | undefined;
      for (let n = 0; n < options.maxPages && own.length < options.maxPosts; n++) {
        const page = await listOwn(after);
        own.push(...page.items.filter((i) => Date.parse(i.key) >= windowStart.getTime()));
        const reachedWindow = page.items.some((i) => Date.parse(i.key) < windowStart.getTime());
        if (!page.next || reachedWindow) break;
        after = page.next;
      }
      const recent = own.slice(0, options.maxPosts);
      const fresh = await drainNewestFirst<Item>({ state: readPagingState(cursor.own), floor: windowStart.toISOString(), maxPages: 1, fetchPage: async () => ({ items: recent }) });

      const posts: RawPostInput[] = [];
      for (const item of fresh.items) if (item.post) acceptPost(item.post, posts, skips);

      // 2. Comments on each recent post, each to its own watermark.
      const comments: Record<string, PagingState> = {};
      for (const parent of recent) {
        const previous = readPagingState(cursor.comments[parent.id]);
        if (parent.comments === 0 && !previous.pending) {
          if (cursor.comments[parent.id]) comments[parent.id] = previous;
          continue;
        }
        const drained = await drainNewestFirst<Item>({
          state: previous,
          maxPages: options.maxPages,
          fetchPage: fb
            ? pager(
                `${parent.id}/comments`,
                {
                  filter: 'stream',
                  order: 'reverse_chronological',
                  fields: 'id,message,created_time,from{id,name},like_count,comment_count,parent{id},permalink_url',
                  limit: 100,
                },
                (raw) => mapFbComment(raw, parent.id, skips),
                signal,
              )
            : pager(
                `${parent.id}/comments`,
                { fields: 'id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}', limit: 50 },
                (raw) => mapIgComment(raw, parent.id, skips),
                signal,
              ),
        });
        for (const item of drained.items) {
          if (item.post) acceptPost(item.post, posts, skips);
          for (const extra of item.extra) acceptPost(extra, posts, skips);
        }
        comments[parent.id] = drained.state;
      }
      return { posts, next: { own: fresh.state, comments }, skipped: skips.toList() };
    },
  };
}

function translateGraphError(err: unknown, sourceId: string): unknown {
  const status = httpStatusOf(err);
  if (status === undefined || status === 429 || status >= 500) return err;
  let code: number | undefined;
  try {
    code = (JSON.parse(errorBodyOf(err)) as { error?: { code?: number } }).error?.code;
  } catch {
    return err;
  }
  if (code !== undefined && THROTTLE_CODES.has(code)) {
    return sourceError(`Graph API membatasi laju (kode ${code})`, true, { status, retryAfterMs: THROTTLE_WAIT_MS });
  }
  if (code === 190 || code === 10 || code === 200) {
    return new DengarError(ERROR_CODES.CONFIG_INVALID, `Sumber ${sourceId}: token Graph API kedaluwarsa atau izinnya kurang (kode ${code})`, false, { status });
  }
  return err;
}

function mapFbPost(raw: unknown, skips: SkipCounter): Item | null {
  const parsed = FbPost.safeParse(raw);
  if (!parsed.success) return skipped(skips, 'post halaman tidak terbaca');
  const p = parsed.data;
  const createdAt = graphTime(p.created_time);
  return {
    id: p.id,
    key: createdAt,
    comments: p.comments?.summary?.total_count ?? 1,
    extra: [],
    post: p.message
      ? compact({
          source: 'facebook',
          sourceId: p.id,
          text: p.message,
          createdAt,
          url: p.permalink_url,
          author: p.from ? compact({ id: p.from.id, name: p.from.name }) : undefined,
          engagement: compact({ likes: count(p.reactions?.summary?.total_count), shares: count(p.shares?.count), replies: count(p.comments?.summary?.total_count) }),
        })
      : null,
  };
}

function mapFbComment(raw: unknown, postId: string, skips: SkipCounter): Item | null {
  const parsed = FbComment.safeParse(raw);
  if (!parsed.success) return skipped(skips, 'komentar tidak terbaca');
  const c = parsed.data;
  const createdAt = graphTime(c.created_time);
  return {
    id: c.id,
    key: createdAt,
    comments: 0,
    extra: [],
    post: compact({
      source: 'facebook',
      sourceId: c.id,
      text: c.message ?? '',
      createdAt,
      url: c.permalink_url,
      // `from` is only given for people who allowed it; without it the comment is still public.
      author: c.from ? compact({ id: c.from.id, name: c.from.name }) : undefined,
      engagement: compact({ likes: count(c.like_count), replies: count(c.comment_count) }),
      replyTo: c.parent?.id ?? postId,
    }),
  };
}

function mapIgMedia(raw: unknown, skips: SkipCounter): Item | null {
  const parsed = IgMedia.safeParse(raw);
  if (!parsed.success) return skipped(skips, 'media tidak terbaca');
  const m = parsed.data;
  const createdAt = graphTime(m.timestamp);
  return {
    id: m.id,
    key: createdAt,
    comments: m.comments_count ?? 1,
    extra: [],
    post: m.caption
      ? compact({
          source: 'instagram',
          sourceId: m.id,
          text: m.caption,
          createdAt,
          url: m.permalink,
          author: m.username ? { handle: m.username, name: m.username } : undefined,
          engagement: compact({ likes: count(m.like_count), replies: count(m.comments_count) }),
        })
      : null,
  };
}

function mapIgComment(raw: unknown, mediaId: string, skips: SkipCounter): Item | null {
  const parsed = IgComment.safeParse(raw);
  if (!parsed.success) return skipped(skips, 'komentar tidak terbaca');
  const c = parsed.data;
  const createdAt = graphTime(c.timestamp);
  const toPost = (x: { id: string; text?: string | undefined; timestamp: string; username?: string | undefined; like_count?: number | undefined }, replyTo: string) =>
    compact({
      source: 'instagram',
      sourceId: x.id,
      text: x.text ?? '',
      createdAt: graphTime(x.timestamp),
      author: x.username ? { handle: x.username, name: x.username } : undefined,
      engagement: compact({ likes: count(x.like_count) }),
      replyTo,
    });
  // Replies arrive nested in their comment; later replies to an old comment are not re-read.
  const extra = (c.replies?.data ?? []).flatMap((r) => {
    const reply = IgComment.safeParse(r);
    return reply.success ? [toPost(reply.data, c.id)] : [];
  });
  return { id: c.id, key: createdAt, comments: 0, extra, post: toPost(c, mediaId) };
}

function skipped(skips: SkipCounter, reason: string): null {
  skips.add(reason);
  return null;
}

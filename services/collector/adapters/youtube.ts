import { z } from 'zod';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { Budget, nextReset, readBudgetState, type BudgetState } from './budget';
import { errorBodyOf, fetchJson, httpStatusOf, sourceError, withRetry } from './json-http';
import { drainNewestFirst, readPagingState, type PagingState } from './newest-first';
import {
  SkipCounter,
  acceptPost,
  compact,
  count,
  floorBefore,
  missingSecret,
  platformContext,
  readSecret,
  withQuery,
  type PlatformDeps,
} from './platform-common';

/**
 * YouTube Data API v3 with an API key: the channel's uploads (channels.list → the uploads
 * playlist → playlistItems.list) and comments (commentThreads.list, order=time, plain text), either
 * for the whole channel (`allThreadsRelatedToChannelId`) or for listed videos.
 * Every call here costs 1 quota unit (search.list, 100 units, is deliberately not used). The
 * source's `dailyQuotaUnits` is never exceeded: each call is reserved before it is made. The
 * quota day ends at midnight Pacific Time; what is used and left lives in the cursor (`budget`).
 */

export interface YoutubeAdapterOptions {
  id: string;
  channelId: string;
  apiKeyEnv: string;
  uploads: boolean;
  /** `channel` = allThreadsRelatedToChannelId; otherwise comments on these videos only. */
  videoIds?: string[];
  comments: boolean;
  dailyQuotaUnits: number;
  maxPages: number;
  lookbackHours: number;
  baseUrl?: string;
}

const UNIT_COST = 1;

const ChannelsResponse = z.object({
  items: z.array(z.object({ contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string() }) }) })).default([]),
});

const PlaylistItem = z.object({
  snippet: z.object({
    publishedAt: z.string(),
    title: z.string().default(''),
    description: z.string().default(''),
    channelId: z.string().optional(),
    channelTitle: z.string().optional(),
    resourceId: z.object({ videoId: z.string() }),
  }),
  contentDetails: z.object({ videoId: z.string(), videoPublishedAt: z.string().optional() }).optional(),
});
const PlaylistItemsResponse = z.object({ nextPageToken: z.string().optional(), items: z.array(z.unknown()) });

const CommentSnippet = z.object({
  textOriginal: z.string().optional(),
  textDisplay: z.string().optional(),
  authorDisplayName: z.string().optional(),
  authorChannelId: z.object({ value: z.string() }).optional(),
  publishedAt: z.string(),
  likeCount: z.number().optional(),
  videoId: z.string().optional(),
  parentId: z.string().optional(),
});
const Comment = z.object({ id: z.string(), snippet: CommentSnippet });
const CommentThread = z.object({
  id: z.string(),
  snippet: z.object({ videoId: z.string().optional(), totalReplyCount: z.number().optional(), topLevelComment: Comment }),
  replies: z.object({ comments: z.array(z.unknown()) }).optional(),
});
const CommentThreadsResponse = z.object({ nextPageToken: z.string().optional(), items: z.array(z.unknown()) });

const YoutubeCursor = z.object({
  uploadsPlaylistId: z.string().optional(),
  uploads: z.unknown().optional(),
  comments: z.record(z.string(), z.unknown()).default({}),
  budget: z.unknown().optional(),
});

interface Item {
  id: string;
  key: string;
  post: Record<string, unknown> | null;
  replies: unknown[];
}

export function createYoutubeAdapter(options: YoutubeAdapterOptions, deps: PlatformDeps): SourceAdapter {
  const ctx = platformContext(deps);
  const apiKey = readSecret(deps.env, options.apiKeyEnv);
  const base = options.baseUrl ?? 'https://www.googleapis.com/';
  let ledger: BudgetState | null = null;

  async function call<S extends z.ZodType>(path: string, params: Record<string, string | number | undefined>, schema: S, budget: Budget, signal?: AbortSignal): Promise<z.output<S>> {
    budget.spend(UNIT_COST);
    ledger = budget.toState();
    // Retries spend units too: reserve one per extra attempt, or stop retrying.
    let first = true;
    const url = withQuery(base, `youtube/v3/${path}`, { ...params, key: apiKey });
    try {
      return await withRetry(async () => {
        if (!first) {
          if (!budget.canSpend(UNIT_COST)) throw sourceError('Kuota harian YouTube habis saat mengulang permintaan', false, {});
          budget.spend(UNIT_COST);
          ledger = budget.toState();
        }
        first = false;
        return (await fetchJson(url, schema, ctx.http, signal ? { signal } : {})).data;
      }, ctx.retry, signal);
    } catch (err) {
      throw translateQuotaError(err, ctx.now());
    }
  }

  return {
    id: options.id,
    kind: 'youtube',
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      if (!apiKey) throw missingSecret(options.id, options.apiKeyEnv);
      const now = ctx.now();
      const cursor = YoutubeCursor.safeParse(rawCursor ?? {}).data ?? { comments: {} };
      const budget = new Budget('day-pacific', options.dailyQuotaUnits, now, readBudgetState(cursor.budget), ledger);
      const canFetch = (): boolean => budget.canSpend(UNIT_COST);
      const floor = floorBefore(now, options.lookbackHours);
      const posts: RawPostInput[] = [];
      const skips = new SkipCounter();
      let budgetStopped = false;
      const next: Cursor = { comments: {} };

      if (options.uploads) {
        let playlistId = cursor.uploadsPlaylistId;
        if (!playlistId && canFetch()) {
          const channels = await call('channels', { part: 'contentDetails', id: options.channelId, maxResults: 1 }, ChannelsResponse, budget, signal);
          playlistId = channels.items[0]?.contentDetails.relatedPlaylists.uploads;
          if (!playlistId) throw sourceError(`Kanal YouTube ${options.channelId} tidak ditemukan`, false, {});
        }
        if (playlistId) {
          next.uploadsPlaylistId = playlistId;
          const drained = await drainNewestFirst<Item>({
            state: readPagingState(cursor.uploads),
            floor,
            maxPages: options.maxPages,
            canFetch,
            fetchPage: async (pageToken) => {
              const page = await call('playlistItems', { part: 'snippet,contentDetails', playlistId, maxResults: 50, pageToken }, PlaylistItemsResponse, budget, signal);
              return { items: page.items.map((raw) => mapUpload(raw, skips)).filter((i): i is Item => i !== null), next: page.nextPageToken };
            },
          });
          for (const item of drained.items) if (item.post) acceptPost(item.post, posts, skips);
          budgetStopped ||= drained.stoppedBy === 'budget';
          next.uploads = drained.state;
        } else next.uploads = cursor.uploads;
      }

      if (options.comments) {
        const targets = options.videoIds?.length
          ? options.videoIds.map((v) => ({ key: `video:${v}`, param: { videoId: v } }))
          : [{ key: `channel:${options.channelId}`, param: { allThreadsRelatedToChannelId: options.channelId } }];
        const comments: Record<string, PagingState> = {};
        for (const target of targets) {
          const drained = await drainNewestFirst<Item>({
            state: readPagingState(cursor.comments[target.key]),
            floor,
            maxPages: options.maxPages,
            canFetch,
            fetchPage: async (pageToken) => {
              const params = { part: 'snippet,replies', order: 'time', textFormat: 'plainText', maxResults: 100, pageToken, ...target.param };
              const page = await call('commentThreads', params, CommentThreadsResponse, budget, signal);
              return { items: page.items.map((raw) => mapThread(raw, skips)).filter((i): i is Item => i !== null), next: page.nextPageToken };
            },
          });
          for (const item of drained.items) {
            if (item.post) acceptPost(item.post, posts, skips);
            // Replies that came with a new thread; later replies on old threads are not re-read (quota).
            for (const reply of item.replies) {
              const mapped = mapComment(reply);
              if (mapped) acceptPost(mapped, posts, skips);
              else skips.add('balasan tidak terbaca');
            }
          }
          budgetStopped ||= drained.stoppedBy === 'budget';
          comments[target.key] = drained.state;
        }
        next.comments = comments;
      }

      if (budgetStopped) skips.add('kuota harian habis (berlanjut setelah tengah malam waktu Pasifik)');
      next.budget = budget.toState();
      ledger = budget.toState();
      return { posts, next, skipped: skips.toList() };
    },
  };
}

/** The API's own "quota exceeded" (the project's 10,000 units are shared): wait until the reset. */
function translateQuotaError(err: unknown, now: Date): unknown {
  if (httpStatusOf(err) !== 403 || !/quotaExceeded|dailyLimitExceeded|rateLimitExceeded/.test(errorBodyOf(err))) return err;
  const retryAfterMs = nextReset('day-pacific', now).getTime() - now.getTime();
  return sourceError('Kuota proyek YouTube Data API habis untuk hari ini', true, { status: 403, retryAfterMs });
}

function mapUpload(raw: unknown, skips: SkipCounter): Item | null {
  const parsed = PlaylistItem.safeParse(raw);
  if (!parsed.success) {
    skips.add('video tidak terbaca');
    return null;
  }
  const { snippet, contentDetails } = parsed.data;
  const videoId = contentDetails?.videoId ?? snippet.resourceId.videoId;
  const createdAt = contentDetails?.videoPublishedAt ?? snippet.publishedAt;
  const text = [snippet.title, snippet.description].filter((s) => s.trim()).join('\n\n');
  return {
    id: videoId,
    key: createdAt,
    replies: [],
    post: compact({
      source: 'youtube',
      sourceId: videoId,
      title: snippet.title || undefined,
      text,
      createdAt,
      url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`,
      author: compact({ id: snippet.channelId, name: snippet.channelTitle }),
    }),
  };
}

function mapThread(raw: unknown, skips: SkipCounter): Item | null {
  const parsed = CommentThread.safeParse(raw);
  if (!parsed.success) {
    skips.add('komentar tidak terbaca');
    return null;
  }
  const thread = parsed.data;
  const top = thread.snippet.topLevelComment;
  const post = mapComment({ ...top, snippet: { ...top.snippet, videoId: top.snippet.videoId ?? thread.snippet.videoId } }, thread.snippet.totalReplyCount);
  return { id: top.id, key: top.snippet.publishedAt, post, replies: thread.replies?.comments ?? [] };
}

function mapComment(raw: unknown, totalReplies?: number): Record<string, unknown> | null {
  const parsed = Comment.safeParse(raw);
  if (!parsed.success) return null;
  const { id, snippet } = parsed.data;
  const url = snippet.videoId
    ? `https://www.youtube.com/watch?v=${encodeURIComponent(snippet.videoId)}&lc=${encodeURIComponent(id)}`
    : undefined;
  return compact({
    source: 'youtube',
    sourceId: id,
    text: snippet.textOriginal ?? snippet.textDisplay ?? '',
    createdAt: snippet.publishedAt,
    url,
    author: compact({ id: snippet.authorChannelId?.value, name: snippet.authorDisplayName, handle: snippet.authorDisplayName }),
    engagement: compact({ likes: count(snippet.likeCount), replies: count(totalReplies) }),
    // replyTo is the parent's sourceId on the same platform: a reply's comment, else the video.
    replyTo: snippet.parentId ?? snippet.videoId,
  });
}

import { z } from 'zod';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { Budget, readBudgetState, type BudgetState } from './budget';
import { fetchJson, withRetry } from './json-http';
import { drainNewestFirst, readPagingState } from './newest-first';
import { SkipCounter, acceptPost, compact, count, floorBefore, missingSecret, platformContext, readSecret, withQuery, type PlatformDeps } from './platform-common';

/**
 * X API v2 recent search (last 7 days) with an app Bearer token. X bills every post read, so the
 * source has a monthly read budget (calendar month, UTC) that is never exceeded: before each
 * request `max_results` shrinks to what is left (X's minimum is 10, so below 10 left we stop), and
 * each post returned is counted. New posts come from `since_id` (the newest id already taken);
 * `next_token` pages back within it. Expanded user objects are billed separately by X and are
 * not counted here (see the source note).
 */

export interface XAdapterOptions {
  id: string;
  tokenEnv: string;
  query: string;
  monthlyReadBudget: number;
  maxResults: number;
  maxPages: number;
  lookbackHours: number;
  baseUrl?: string;
}

const MIN_RESULTS = 10;

const Tweet = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  author_id: z.string().optional(),
  created_at: z.string(),
  lang: z.string().optional(),
  conversation_id: z.string().optional(),
  public_metrics: z
    .object({
      like_count: z.number().optional(),
      reply_count: z.number().optional(),
      retweet_count: z.number().optional(),
      quote_count: z.number().optional(),
      impression_count: z.number().optional(),
    })
    .optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
});
const User = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  public_metrics: z.object({ followers_count: z.number().optional() }).optional(),
});
const SearchResponse = z.object({
  data: z.array(z.unknown()).default([]),
  includes: z.object({ users: z.array(z.unknown()).default([]) }).optional(),
  meta: z.object({ result_count: z.number().optional(), next_token: z.string().optional(), newest_id: z.string().optional() }).default({}),
});

const XCursor = z.object({ paging: z.unknown().optional(), budget: z.unknown().optional() });

interface Item {
  id: string;
  key: string;
  post: Record<string, unknown>;
}

export function createXAdapter(options: XAdapterOptions, deps: PlatformDeps): SourceAdapter {
  const ctx = platformContext(deps);
  const token = readSecret(deps.env, options.tokenEnv);
  const base = options.baseUrl ?? 'https://api.x.com/';
  let ledger: BudgetState | null = null;

  return {
    id: options.id,
    kind: 'x',
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      if (!token) throw missingSecret(options.id, options.tokenEnv);
      const now = ctx.now();
      const cursor = XCursor.safeParse(rawCursor ?? {}).data ?? {};
      const budget = new Budget('month-utc', options.monthlyReadBudget, now, readBudgetState(cursor.budget), ledger);
      const paging = readPagingState(cursor.paging);
      const skips = new SkipCounter();
      // X only accepts start_time within the last 7 days; the first poll reaches back lookbackHours.
      const startTime = paging.watermark ? undefined : floorBefore(now, Math.min(options.lookbackHours, 6 * 24 + 23)).replace(/\.\d{3}Z$/, 'Z');

      const drained = await drainNewestFirst<Item>({
        state: paging,
        maxPages: options.maxPages,
        canFetch: () => budget.remaining() >= MIN_RESULTS,
        fetchPage: async (nextToken) => {
          const maxResults = Math.min(options.maxResults, budget.remaining());
          const url = withQuery(base, '2/tweets/search/recent', {
            query: options.query,
            max_results: maxResults,
            since_id: paging.watermark,
            start_time: startTime,
            next_token: nextToken,
            'tweet.fields': 'created_at,public_metrics,conversation_id,in_reply_to_user_id,referenced_tweets,lang,author_id',
            expansions: 'author_id',
            'user.fields': 'username,name,public_metrics',
          });
          // Reserve the worst case before asking, so a crash mid-request cannot overspend.
          budget.spend(maxResults);
          ledger = budget.toState();
          // NOTE: if this throws, whether X billed anything is unknown: the reservation stays spent.
          const request = { headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) };
          const page = (await withRetry(() => fetchJson(url, SearchResponse, ctx.http, request), ctx.retry, signal)).data;
          // Settle the reservation to what was actually read.
          budget.spend(Math.min(page.data.length, maxResults) - maxResults);
          ledger = budget.toState();
          const users = new Map<string, z.output<typeof User>>();
          for (const raw of page.includes?.users ?? []) {
            const user = User.safeParse(raw);
            if (user.success) users.set(user.data.id, user.data);
          }
          const items: Item[] = [];
          for (const raw of page.data) {
            const tweet = Tweet.safeParse(raw);
            if (!tweet.success) {
              skips.add('post tidak terbaca');
              continue;
            }
            items.push({ id: tweet.data.id, key: tweet.data.id, post: mapTweet(tweet.data, users.get(tweet.data.author_id ?? '')) });
          }
          return { items, next: page.meta.next_token };
        },
      });

      const posts: RawPostInput[] = [];
      for (const item of drained.items) acceptPost(item.post, posts, skips);
      if (drained.stoppedBy === 'budget') skips.add('anggaran baca bulanan X habis');
      ledger = budget.toState();
      return { posts, next: { paging: drained.state, budget: budget.toState() }, skipped: skips.toList() };
    },
  };
}

function mapTweet(tweet: z.output<typeof Tweet>, user: z.output<typeof User> | undefined): Record<string, unknown> {
  const m = tweet.public_metrics;
  const shares = m ? (count(m.retweet_count) ?? 0) + (count(m.quote_count) ?? 0) : undefined;
  return compact({
    source: 'x',
    sourceId: tweet.id,
    text: tweet.text,
    createdAt: tweet.created_at,
    url: `https://x.com/${user ? encodeURIComponent(user.username) : 'i/web'}/status/${tweet.id}`,
    author: compact({ id: tweet.author_id, handle: user?.username, name: user?.name, followers: count(user?.public_metrics?.followers_count) }),
    engagement: m ? compact({ likes: count(m.like_count), shares, replies: count(m.reply_count), views: count(m.impression_count) }) : undefined,
    replyTo: tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id,
    // X tags Indonesian with the old ISO 639 code `in`.
    lang: tweet.lang === 'in' ? 'id' : tweet.lang && tweet.lang !== 'und' ? tweet.lang : undefined,
  });
}

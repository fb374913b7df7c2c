import { load, type CheerioAPI } from 'cheerio';
import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../../lib/errors';
import type { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult, SourceAdapter } from '../adapter';
import { HTML_ACCEPT } from '../http';
import { fetchBody, withRetry } from './json-http';
import { drainNewestFirst, readPagingState } from './newest-first';
import { SkipCounter, acceptPost, compact, platformContext, withQuery, type PlatformDeps } from './platform-common';

/**
 * Public Telegram channels through the web preview `t.me/s/<channel>` (no account, no API key),
 * parsed with cheerio using the selectors RSSHub relies on. A page shows ~20 messages, oldest
 * first; older pages come from `?before=<smallest id>`. The message id is the watermark.
 * The markup changes without notice: a page without the channel header and without messages is a
 * parse error (counted, checkpoint kept), not "nothing new".
 */

export interface TelegramAdapterOptions {
  id: string;
  channel: string;
  baseUrl?: string;
  maxPages: number;
}

const TelegramCursor = z.object({ paging: z.unknown().optional() });

export interface TelegramMessage {
  id: string;
  key: string;
  post: Record<string, unknown> | null;
  skip?: string;
}

export function createTelegramAdapter(options: TelegramAdapterOptions, deps: PlatformDeps): SourceAdapter {
  const ctx = platformContext(deps);
  const base = options.baseUrl ?? 'https://t.me/';
  const channel = options.channel.replace(/^@/, '');

  return {
    id: options.id,
    kind: 'telegram',
    async poll(rawCursor: Cursor | null, signal?: AbortSignal): Promise<PollResult> {
      const cursor = TelegramCursor.safeParse(rawCursor ?? {}).data ?? {};
      const state = readPagingState(cursor.paging);
      const skips = new SkipCounter();
      const drained = await drainNewestFirst<TelegramMessage>({
        state,
        maxPages: options.maxPages,
        fetchPage: async (before) => {
          const url = withQuery(base, `s/${encodeURIComponent(channel)}`, { before });
          const page = await withRetry(() => fetchBody(url, ctx.http, { accept: HTML_ACCEPT, ...(signal ? { signal } : {}) }), ctx.retry, signal);
          const messages = parseChannelPage(page.body, channel);
          const items = messages.sort((a, b) => Number(b.id) - Number(a.id));
          const oldest = items.at(-1)?.id;
          // A new channel: its newest page only, not years of history.
          const first = !state.watermark && !state.pending;
          return { items, next: !first && oldest && Number(oldest) > 1 ? oldest : undefined };
        },
      });
      const posts: RawPostInput[] = [];
      for (const item of drained.items) {
        if (item.post) acceptPost(item.post, posts, skips);
        else skips.add(item.skip ?? 'pesan tidak terbaca');
      }
      return { posts, next: { paging: drained.state }, skipped: skips.toList() };
    },
  };
}

/** Messages of one preview page; SOURCE_PARSE when the page is not a channel preview at all. */
export function parseChannelPage(html: string, channel: string): TelegramMessage[] {
  const $ = load(html);
  const title = $('.tgme_channel_info_header_title').first().text().trim();
  const nodes = $('.tgme_widget_message_wrap .tgme_widget_message[data-post]');
  if (!title && nodes.length === 0) {
    throw new DengarError(ERROR_CODES.SOURCE_PARSE, `Halaman t.me/s/${channel} bukan pratinjau kanal (kanal privat, disembunyikan, atau tata letak berubah)`, false, {
      channel,
    });
  }
  const messages: TelegramMessage[] = [];
  nodes.each((_, node) => {
    const el = $(node);
    const dataPost = el.attr('data-post') ?? '';
    const id = /\/(\d+)$/.exec(dataPost)?.[1];
    if (!id) return;
    messages.push({ id, key: id, ...mapMessage(el, dataPost, title || channel) });
  });
  return messages;
}

function mapMessage(el: ReturnType<CheerioAPI>, dataPost: string, channelTitle: string): { post: Record<string, unknown> | null; skip?: string } {
  const textEl = el.find('.tgme_widget_message_bubble > .tgme_widget_message_text').first();
  textEl.find('br').replaceWith('\n');
  const text = textEl.text().trim();
  const datetime = el.find('.tgme_widget_message_date time').attr('datetime');
  if (!text) return { post: null, skip: 'tanpa teks (media saja)' };
  if (!datetime || Number.isNaN(Date.parse(datetime))) return { post: null, skip: 'tanpa waktu' };
  const [channel] = dataPost.split('/');
  const permalink = el.find('.tgme_widget_message_date').attr('href') ?? `https://t.me/${dataPost}`;
  const replyHref = el.find('.tgme_widget_message_reply').attr('href');
  const signed = el.find('.tgme_widget_message_from_author').first().text().trim();
  // A forwarded message keeps its origin in the text we read; the channel is who spread it.
  return {
    post: compact({
      source: 'telegram',
      sourceId: dataPost,
      text,
      createdAt: new Date(datetime).toISOString(),
      url: permalink,
      author: compact({ id: channel, handle: channel, name: signed ? `${signed} (${channelTitle})` : channelTitle }),
      engagement: compact({ views: parseViews(el.find('.tgme_widget_message_views').first().text()) }),
      // `https://t.me/channel/45` → `channel/45`, the replied message's sourceId.
      replyTo: replyHref ? /t\.me\/(?:s\/)?([^/?#]+\/\d+)/.exec(replyHref)?.[1] : undefined,
    }),
  };
}

/** "1.2K" → 1200, "3.4M" → 3400000, "987" → 987. */
export function parseViews(raw: string): number | undefined {
  const match = /^([\d.,]+)\s*([KM]?)$/i.exec(raw.trim());
  if (!match?.[1]) return undefined;
  const n = Number(match[1].replace(',', '.'));
  if (!Number.isFinite(n)) return undefined;
  const factor = match[2]?.toUpperCase() === 'K' ? 1_000 : match[2]?.toUpperCase() === 'M' ? 1_000_000 : 1;
  return Math.round(n * factor);
}

import { z } from 'zod';
import type { AlertEvent } from '../../../schemas/alert';
import { alertText } from '../message';
import { ChannelError, type Channel } from './channel';
import { postBody } from './http-post';

const TelegramReply = z.object({ ok: z.boolean(), description: z.string().optional() });
/** Telegram refuses messages longer than 4096 characters. */
const MAX_TEXT = 4000;

/** Bot API `sendMessage`. The token is part of the URL path: never put the URL in an error or a log. */
export function createTelegramChannel(opts: { name: string; botToken: string; chatId: string; apiBase: string; timeoutMs: number; allowPrivate: boolean }): Channel {
  const url = new URL(`${opts.apiBase.replace(/\/+$/, '')}/bot${opts.botToken}/sendMessage`);
  return {
    name: opts.name,
    kind: 'telegram',
    async send(event: AlertEvent) {
      const text = alertText(event).slice(0, MAX_TEXT);
      const body = JSON.stringify({ chat_id: opts.chatId, text, disable_web_page_preview: true });
      const reply = await postBody(url, body, {
        headers: { 'content-type': 'application/json' },
        timeoutMs: opts.timeoutMs,
        allowPrivate: opts.allowPrivate,
      });
      const parsed = TelegramReply.safeParse(safeJson(reply.body));
      if (!parsed.success || !parsed.data.ok) {
        throw new ChannelError(`Telegram menolak pesan: ${parsed.success ? (parsed.data.description ?? 'ok=false') : 'jawaban tidak dikenal'}`, false);
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

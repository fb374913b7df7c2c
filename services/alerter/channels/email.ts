import nodemailer from 'nodemailer';
import type { AlertEvent } from '../../../schemas/alert';
import { alertSubject, alertText } from '../message';
import type { SmtpOptions } from '../options';
import { ChannelError, type Channel } from './channel';
import type { z } from 'zod';

/** SMTP via nodemailer; one pooled-free transport per channel, created once. */
export function createEmailChannel(opts: { name: string; from: string; to: string[]; smtp: z.infer<typeof SmtpOptions>; timeoutMs: number }): Channel {
  const transport = nodemailer.createTransport({
    host: opts.smtp.host,
    port: opts.smtp.port,
    secure: opts.smtp.secure,
    ignoreTLS: opts.smtp.ignoreTLS,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    ...(opts.smtp.user ? { auth: { user: opts.smtp.user, pass: opts.smtp.password ?? '' } } : {}),
  });
  return {
    name: opts.name,
    kind: 'email',
    async send(event: AlertEvent) {
      try {
        await transport.sendMail({ from: opts.from, to: opts.to, subject: alertSubject(event), text: alertText(event) });
      } catch (err) {
        const e = err as { responseCode?: number; code?: string; message?: string };
        // 5xx SMTP replies are permanent (bad recipient); connection problems and 4xx may pass later.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new ChannelError(`SMTP ${e.responseCode ?? e.code ?? ''}: ${(e.message ?? '').slice(0, 200)}`.trim(), !permanent);
      }
    },
    async close() {
      transport.close();
    },
  };
}

import type { AlerterOptions } from '../options';
import type { Channel, ChannelKind } from './channel';
import { createEmailChannel } from './email';
import { createTelegramChannel } from './telegram';
import { createWebhookChannel } from './webhook';

export { ChannelError, type Channel, type ChannelKind } from './channel';

/** The configured channels by name. `in_app` is always there (the event in the store is the notification). */
export function buildChannels(options: AlerterOptions, clock: () => Date): Map<string, Channel> {
  const out = new Map<string, Channel>();
  const common = { timeoutMs: options.httpTimeoutMs, allowPrivate: options.allowPrivateTargets };
  const add = (c: Channel) => {
    if (out.has(c.name)) throw new Error(`kanal ${c.name} didefinisikan dua kali`);
    out.set(c.name, c);
  };
  add({ name: 'in_app', kind: 'in_app', send: async () => undefined });
  for (const w of options.webhooks) add(createWebhookChannel({ ...w, ...common }, clock));
  for (const t of options.telegram) add(createTelegramChannel({ ...t, ...common }));
  if (options.email.length && !options.smtp) throw new Error('kanal email butuh pengaturan SMTP (SMTP_HOST)');
  for (const e of options.email) add(createEmailChannel({ ...e, smtp: options.smtp!, timeoutMs: options.httpTimeoutMs }));
  return out;
}

/** What the API may show about channels: names and kinds, never URLs, tokens or secrets. */
export function describeChannels(channels: Map<string, Channel>): { name: string; kind: ChannelKind }[] {
  return [...channels.values()].map((c) => ({ name: c.name, kind: c.kind }));
}

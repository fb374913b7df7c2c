import { z } from 'zod';
import { ChannelName } from '../../schemas/alert';

const Secret = z.string().min(1);

export const WebhookChannelOptions = z.object({ name: ChannelName, url: z.url({ protocol: /^https?$/ }), secret: Secret });
export const TelegramChannelOptions = z.object({
  name: ChannelName,
  botToken: Secret,
  chatId: z.string().min(1),
  /** Overridable so tests (and a self-hosted Bot API server) can be reached. */
  apiBase: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
});
export const EmailChannelOptions = z.object({ name: ChannelName, from: z.string().min(3), to: z.array(z.string().min(3)).min(1) });
export const SmtpOptions = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  user: z.string().optional(),
  password: z.string().optional(),
  /** Plain SMTP without STARTTLS (local relays, tests). */
  ignoreTLS: z.boolean().default(false),
});

/**
 * Everything the alerter needs, passed in by the caller (lib/config.ts owns env parsing). Secrets
 * (webhook secrets, bot tokens, the SMTP password) live only here: rules name channels, never hold them.
 */
export const AlerterOptions = z.object({
  /** Evaluation every N minutes; windows end on multiples of N, so replicas agree on window keys. */
  intervalMinutes: z.number().int().min(1).max(60).refine((n) => 60 % n === 0, 'harus pembagi 60').default(5),
  /** Base of links in messages (`<publicUrl>/pencarian?...`). */
  publicUrl: z.url().default('http://localhost:8080'),
  seedDefaultRules: z.boolean().default(true),
  /** Admin override: let webhooks/Telegram reach loopback, private and link-local addresses. */
  allowPrivateTargets: z.boolean().default(false),
  httpTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  maxAttempts: z.number().int().min(1).max(20).default(6),
  backoffBaseMs: z.number().int().min(0).max(3_600_000).default(30_000),
  backoffMaxMs: z.number().int().min(0).max(86_400_000).default(1_800_000),
  dispatchEverySeconds: z.number().int().min(5).max(59).default(30),
  webhooks: z.array(WebhookChannelOptions).default([]),
  telegram: z.array(TelegramChannelOptions).default([]),
  email: z.array(EmailChannelOptions).default([]),
  smtp: SmtpOptions.optional(),
});
export type AlerterOptions = z.infer<typeof AlerterOptions>;
export type AlerterOptionsInput = z.input<typeof AlerterOptions>;

/**
 * Interim, until lib/config.ts grows an `alerter` group: the env keys the alerter reads, one channel
 * of each kind. The lead folds these into ENV_KEYS; then callers pass `config.alerter` instead.
 */
export function alerterOptionsFromEnv(env: NodeJS.ProcessEnv): AlerterOptionsInput {
  const bool = (v: string | undefined): boolean | undefined => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes'].includes(v));
  const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  const out: AlerterOptionsInput = {
    intervalMinutes: num(env.DENGAR_ALERT_INTERVAL_MIN),
    publicUrl: env.DENGAR_PUBLIC_URL || undefined,
    seedDefaultRules: bool(env.DENGAR_ALERT_DEFAULT_RULES),
    allowPrivateTargets: bool(env.DENGAR_ALERT_ALLOW_PRIVATE_TARGETS),
    maxAttempts: num(env.DENGAR_ALERT_MAX_ATTEMPTS),
  };
  if (env.DENGAR_ALERT_WEBHOOK_URL && env.DENGAR_ALERT_WEBHOOK_SECRET) {
    out.webhooks = [{ name: 'webhook', url: env.DENGAR_ALERT_WEBHOOK_URL, secret: env.DENGAR_ALERT_WEBHOOK_SECRET }];
  }
  if (env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_CHAT_ID) {
    out.telegram = [{ name: 'telegram', botToken: env.TELEGRAM_BOT_TOKEN, chatId: env.TELEGRAM_CHAT_ID, apiBase: env.TELEGRAM_API_BASE || undefined }];
  }
  if (env.SMTP_HOST && env.DENGAR_ALERT_EMAIL_TO) {
    out.smtp = { host: env.SMTP_HOST, port: num(env.SMTP_PORT), secure: bool(env.SMTP_SECURE), user: env.SMTP_USER, password: env.SMTP_PASSWORD };
    out.email = [{ name: 'email', from: env.DENGAR_ALERT_EMAIL_FROM || 'dengar@localhost', to: env.DENGAR_ALERT_EMAIL_TO.split(',').map((s) => s.trim()) }];
  }
  return out;
}

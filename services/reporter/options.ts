import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { ConfigError } from '../../lib/config';
import { formatZodError } from '../../lib/zod-errors';

const BoolEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

const CronExpr = z.string().refine((expr) => cron.validate(expr), { message: 'bukan ekspresi cron yang valid (mis. 0 7 * * 1)' });

export const SmtpOptions = z.object({
  /** smtp(s)://user:pass@host:port — wins over host/port when set. */
  url: z.string().url().optional(),
  host: z.string().optional(),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  secure: BoolEnv.default(false),
  user: z.string().optional(),
  password: z.string().optional(),
  from: z.string().default('Dengar <dengar@localhost>'),
  /** For a loopback relay without TLS (tests, a local Postfix). */
  ignoreTls: BoolEnv.default(false),
  timeoutMs: z.coerce.number().int().min(1000).max(300_000).default(30_000),
});
export type SmtpOptions = z.infer<typeof SmtpOptions>;

/**
 * The reporter's settings, as the caller passes them in (from the one config; see the report for
 * the keys to add). Parsed with zod like every boundary; secrets (SMTP password, salt) never logged.
 */
export const ReporterOptions = z
  .object({
    reportDir: z.string().min(1),
    schedule: CronExpr.default('0 7 * * 1'),
    scheduleEnabled: BoolEnv.default(true),
    recipients: z.array(z.string().email('alamat surel tidak valid')).default([]),
    smtp: SmtpOptions.default({ port: 587, secure: false, from: 'Dengar <dengar@localhost>', ignoreTls: false, timeoutMs: 30_000 }),
    attachXlsx: BoolEnv.default(true),
    pseudonymiseAuthors: BoolEnv.default(false),
    pseudonymSalt: z.string().min(16, 'minimal 16 karakter').optional(),
    delivery: z
      .object({
        attempts: z.coerce.number().int().min(1).max(20).default(5),
        baseMs: z.coerce.number().int().min(1).default(60_000),
        maxMs: z.coerce.number().int().min(1).default(30 * 60_000),
      })
      .default({ attempts: 5, baseMs: 60_000, maxMs: 30 * 60_000 }),
    modelFile: z.string().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.pseudonymiseAuthors && !o.pseudonymSalt) {
      ctx.addIssue({ code: 'custom', path: ['pseudonymSalt'], message: 'wajib diisi bila DENGAR_PSEUDONYMISE_AUTHORS=true' });
    }
  });
export type ReporterOptions = z.infer<typeof ReporterOptions>;
export type ReporterOptionsInput = z.input<typeof ReporterOptions>;

/** Env keys and where they go; the lead moves these into lib/config.ts (group `report`). */
export const REPORTER_ENV_KEYS = {
  DENGAR_REPORT_DIR: 'reportDir',
  DENGAR_REPORT_SCHEDULE: 'schedule',
  DENGAR_REPORT_SCHEDULE_ENABLED: 'scheduleEnabled',
  DENGAR_REPORT_RECIPIENTS: 'recipients',
  DENGAR_REPORT_ATTACH_XLSX: 'attachXlsx',
  DENGAR_PSEUDONYMISE_AUTHORS: 'pseudonymiseAuthors',
  DENGAR_PSEUDONYM_SALT: 'pseudonymSalt',
  DENGAR_REPORT_DELIVERY_ATTEMPTS: 'delivery.attempts',
  DENGAR_REPORT_RETRY_BASE_MS: 'delivery.baseMs',
  DENGAR_REPORT_RETRY_MAX_MS: 'delivery.maxMs',
  SMTP_URL: 'smtp.url',
  SMTP_HOST: 'smtp.host',
  SMTP_PORT: 'smtp.port',
  SMTP_SECURE: 'smtp.secure',
  SMTP_USER: 'smtp.user',
  SMTP_PASSWORD: 'smtp.password',
  SMTP_FROM: 'smtp.from',
  SMTP_IGNORE_TLS: 'smtp.ignoreTls',
} as const;

export function parseReporterOptions(input: ReporterOptionsInput): Readonly<ReporterOptions> {
  const parsed = ReporterOptions.safeParse(input);
  if (!parsed.success) throw new ConfigError(`Konfigurasi laporan tidak valid — ${formatZodError(parsed.error)}`);
  return Object.freeze(parsed.data);
}

/**
 * INTERIM: until lib/config.ts carries a `report` group, the CLI and `dengar service reporter`
 * build the options from env here (one place, parsed once). `dataDir` gives the default report dir.
 */
export function reporterOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): Readonly<ReporterOptions> {
  const input: Record<string, unknown> = { reportDir: path.resolve(dataDir, 'reports') };
  for (const [key, target] of Object.entries(REPORTER_ENV_KEYS)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    const [group, field] = target.split('.') as [string, string | undefined];
    const v = key === 'DENGAR_REPORT_RECIPIENTS' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
    if (field) input[group] = { ...((input[group] as Record<string, unknown> | undefined) ?? {}), [field]: v };
    else input[group] = v;
  }
  return parseReporterOptions(input as ReporterOptionsInput);
}

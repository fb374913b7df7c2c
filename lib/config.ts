import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { formatZodError } from './zod-errors';

/** The package root (where package.json is), whether running from dist/ or from sources. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

const BoolEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

/**
 * The whole configuration, grouped. Parsed once at boot from env (and an optional JSON file named by
 * DENGAR_CONFIG), then frozen: nothing else reads process.env.
 */
export const Config = z.object({
  mode: z.object({
    bus: z.enum(['memory', 'kafka']).default('memory'),
    store: z.enum(['sqlite', 'opensearch', 'elasticsearch']).default('sqlite'),
  }),
  http: z.object({
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    host: z.string().default('127.0.0.1'),
  }),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  data: z.object({
    dir: z.string().default('./data'),
    /** How often every process re-reads the dictionaries an admin edits through the API. */
    dictionaryPollSeconds: z.coerce.number().int().min(1).max(3600).default(30),
  }),
  bus: z.object({
    topicPrefix: z.string().regex(/^[a-zA-Z0-9._-]*$/).default('dengar.'),
    /** In-process bus: messages a topic may hold unacknowledged before publishers wait. */
    queueSize: z.coerce.number().int().min(1).max(1_000_000).default(2000),
    maxBatchSize: z.coerce.number().int().min(1).max(10_000).default(500),
  }),
  collector: z.object({
    enabled: BoolEnv.default(true),
    sourcesFile: z.string().default(path.join(PACKAGE_ROOT, 'config', 'sources.json')),
    /** node-cron expression for polling every configured source. */
    schedule: z
      .string()
      .refine((expr) => cron.validate(expr), { message: 'bukan ekspresi cron yang valid (mis. */15 * * * *)' })
      .default('*/15 * * * *'),
    pollOnStart: BoolEnv.default(true),
    /** How often the sources file is re-read so edits apply without a restart; 0 = never. */
    sourcesReloadMs: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    httpTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(15_000),
    maxResponseBytes: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
    userAgent: z.string().default('Dengar/0.1 (+https://github.com/dengar-sumsel/dengar; social listening Pemprov Sumsel)'),
  }),
  import: z.object({
    batchSize: z.coerce.number().int().min(1).max(10_000).default(500),
  }),
  api: z.object({
    /** Mark the session cookie Secure (and __Host-): set when Dengar is served over TLS. */
    secureCookies: BoolEnv.default(false),
    /** Trust X-Forwarded-* from a reverse proxy (client IPs for the login limits). */
    trustProxy: BoolEnv.default(false),
    sessionHours: z.coerce.number().min(0.25).max(24 * 30).default(12),
    loginMaxFailures: z.coerce.number().int().min(1).max(100).default(5),
    loginLockMinutes: z.coerce.number().min(1).max(24 * 60).default(15),
    webDir: z.string().default(path.join(PACKAGE_ROOT, 'dist', 'web')),
    /** Shared secret of `POST /api/ingest` (HMAC-SHA256); unset, the webhook answers 503. */
    ingestSecret: z.string().min(16, 'minimal 16 karakter').optional(),
  }),
  retention: z.object({
    /** Posts older than this many days are deleted; 0 keeps everything. */
    days: z.coerce.number().int().min(0).max(36_500).default(0),
    schedule: z
      .string()
      .refine((expr) => cron.validate(expr), { message: 'bukan ekspresi cron yang valid' })
      .default('0 3 * * *'),
  }),
  kafka: z.object({
    brokers: z
      .string()
      .default('')
      .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, 'harus host:port, dipisah koma'))),
    clientId: z.string().default('dengar'),
    partitions: z.coerce.number().int().min(1).max(1000).default(6),
    replicationFactor: z.coerce.number().int().min(1).max(10).default(1),
    /** How long a silent group member keeps its partitions before they move to a live one. */
    sessionTimeoutMs: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  }),
  search: z.object({
    opensearchUrl: z.string().url().optional(),
    elasticsearchUrl: z.string().url().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    apiKey: z.string().optional(),
    indexPrefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('dengar-posts'),
    /** Also search the `indonesian`-stemmed fields (more recall; answers then differ from SQLite's). */
    stemming: BoolEnv.default(false),
  }),
}).superRefine((c, ctx) => {
  // Which engine settings are required depends on the mode: say so at boot, naming the key.
  if (c.mode.bus === 'kafka' && c.kafka.brokers.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['kafka', 'brokers'], message: 'wajib diisi bila DENGAR_BUS=kafka' });
  }
  if (c.mode.store === 'opensearch' && !c.search.opensearchUrl) {
    ctx.addIssue({ code: 'custom', path: ['search', 'opensearchUrl'], message: 'wajib diisi bila DENGAR_STORE=opensearch' });
  }
  if (c.mode.store === 'elasticsearch' && !c.search.elasticsearchUrl) {
    ctx.addIssue({ code: 'custom', path: ['search', 'elasticsearchUrl'], message: 'wajib diisi bila DENGAR_STORE=elasticsearch' });
  }
});
export type Config = z.infer<typeof Config>;
const CONFIG_GROUPS = ['mode', 'http', 'log', 'data', 'bus', 'collector', 'import', 'api', 'retention', 'kafka', 'search'] as const;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type ConfigInput = DeepPartial<z.input<typeof Config>>;

/** Which env key fills which config path. The README's configuration table lists the same keys. */
export const ENV_KEYS: Record<string, [keyof Config, string]> = {
  DENGAR_BUS: ['mode', 'bus'],
  DENGAR_STORE: ['mode', 'store'],
  PORT: ['http', 'port'],
  HOST: ['http', 'host'],
  LOG_LEVEL: ['log', 'level'],
  DENGAR_DATA_DIR: ['data', 'dir'],
  DENGAR_DICTIONARY_POLL_SECONDS: ['data', 'dictionaryPollSeconds'],
  DENGAR_TOPIC_PREFIX: ['bus', 'topicPrefix'],
  DENGAR_BUS_QUEUE_SIZE: ['bus', 'queueSize'],
  DENGAR_BUS_MAX_BATCH: ['bus', 'maxBatchSize'],
  DENGAR_COLLECT: ['collector', 'enabled'],
  DENGAR_SOURCES_FILE: ['collector', 'sourcesFile'],
  DENGAR_SOURCES_RELOAD_MS: ['collector', 'sourcesReloadMs'],
  DENGAR_COLLECT_SCHEDULE: ['collector', 'schedule'],
  DENGAR_COLLECT_ON_START: ['collector', 'pollOnStart'],
  DENGAR_HTTP_TIMEOUT_MS: ['collector', 'httpTimeoutMs'],
  DENGAR_MAX_RESPONSE_BYTES: ['collector', 'maxResponseBytes'],
  DENGAR_USER_AGENT: ['collector', 'userAgent'],
  DENGAR_IMPORT_BATCH: ['import', 'batchSize'],
  DENGAR_COOKIE_SECURE: ['api', 'secureCookies'],
  DENGAR_TRUST_PROXY: ['api', 'trustProxy'],
  DENGAR_SESSION_HOURS: ['api', 'sessionHours'],
  DENGAR_LOGIN_MAX_FAILURES: ['api', 'loginMaxFailures'],
  DENGAR_LOGIN_LOCK_MINUTES: ['api', 'loginLockMinutes'],
  DENGAR_WEB_DIR: ['api', 'webDir'],
  DENGAR_INGEST_SECRET: ['api', 'ingestSecret'],
  DENGAR_RETENTION_DAYS: ['retention', 'days'],
  DENGAR_RETENTION_SCHEDULE: ['retention', 'schedule'],
  KAFKA_BROKERS: ['kafka', 'brokers'],
  KAFKA_CLIENT_ID: ['kafka', 'clientId'],
  KAFKA_PARTITIONS: ['kafka', 'partitions'],
  KAFKA_REPLICATION_FACTOR: ['kafka', 'replicationFactor'],
  KAFKA_SESSION_TIMEOUT_MS: ['kafka', 'sessionTimeoutMs'],
  OPENSEARCH_URL: ['search', 'opensearchUrl'],
  ELASTICSEARCH_URL: ['search', 'elasticsearchUrl'],
  DENGAR_SEARCH_USERNAME: ['search', 'username'],
  DENGAR_SEARCH_PASSWORD: ['search', 'password'],
  ELASTICSEARCH_API_KEY: ['search', 'apiKey'],
  DENGAR_INDEX_PREFIX: ['search', 'indexPrefix'],
  DENGAR_SEARCH_STEMMING: ['search', 'stemming'],
};

/** Keys whose values are secrets: never logged, never returned by the API. */
export const SECRET_ENV_KEYS = [
  'DENGAR_SEARCH_PASSWORD',
  'ELASTICSEARCH_API_KEY',
  'DENGAR_INGEST_SECRET',
  'DENGAR_ALERT_WEBHOOK_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'SMTP_PASSWORD',
  'DENGAR_PSEUDONYM_SALT',
] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Build the config from (lowest to highest precedence) defaults, the JSON file named by
 * DENGAR_CONFIG, env, and explicit overrides (CLI flags, tests). Throws ConfigError naming the key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Readonly<Config> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const group of CONFIG_GROUPS) merged[group] = {};

  if (env.DENGAR_CONFIG) mergeInto(merged, readConfigFile(env.DENGAR_CONFIG));
  for (const [key, [group, field]] of Object.entries(ENV_KEYS)) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[group]![field] = value;
  }
  mergeInto(merged, overrides as Record<string, unknown>);

  const parsed = Config.safeParse(merged);
  if (!parsed.success) {
    const named = parsed.error.issues.map((issue) => {
      const [group, field] = issue.path as [string, string];
      const envKey = Object.entries(ENV_KEYS).find(([, p]) => p[0] === group && p[1] === field)?.[0];
      return `${envKey ?? issue.path.join('.')}: ${issue.message}`;
    });
    throw new ConfigError(`Konfigurasi tidak valid — ${named.join('; ')}`);
  }
  return deepFreeze(parsed.data);
}

function readConfigFile(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('bukan objek JSON');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`DENGAR_CONFIG: berkas ${file} tidak dapat dibaca (${(err as Error).message})`);
  }
}

function mergeInto(target: Record<string, Record<string, unknown>>, source: Record<string, unknown>): void {
  for (const [group, values] of Object.entries(source)) {
    if (!(group in target)) throw new ConfigError(`Konfigurasi tidak valid — ${group}: kelompok tidak dikenal`);
    if (values && typeof values === 'object') Object.assign(target[group]!, values);
  }
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export { formatZodError };

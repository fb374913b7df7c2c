import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import type { SourceAdapter } from './adapter';
import { createGoogleNewsAdapter } from './adapters/google-news';
import { DEFAULT_MAX_CHILDREN, MAX_CHILDREN_LIMIT, createNewsSitemapAdapter } from './adapters/news-sitemap';
import { createRssAdapter } from './adapters/rss';
import type { HttpOptions } from './http';
import type { RetryPolicy } from './adapters/json-http';
import { createPlatformAdapter } from './adapters/platform-adapter';

/**
 * `config/sources.json`: which sources the collector polls. Each entry is one member of a union
 * discriminated by `kind`; a new source kind (youtube, x, mastodon, bluesky, reddit, telegram,
 * facebook, instagram) adds its schema to `SourceConfig` and a case to `createAdapter`.
 * Entries are strict objects, so a misspelt field is an error rather than silently ignored.
 */

const SourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'huruf kecil, angka, "-" atau "_", maksimal 64 karakter');
const HttpUrl = z
  .string()
  .url('harus URL lengkap')
  .refine((u) => /^https?:\/\//i.test(u), 'harus URL http(s)');

/** Fields every source has. `note` is for people (why a source is disabled, what is unverified). */
const base = {
  id: SourceId,
  enabled: z.boolean().default(true),
  name: z.string().max(200).optional(),
  note: z.string().max(1000).optional(),
};

/** A news feed: `url` of the RSS/Atom feed, or `site` to find it by `<link rel="alternate">`. */
export const RssSourceConfig = z
  .strictObject({ ...base, kind: z.literal('rss'), url: HttpUrl.optional(), site: HttpUrl.optional() })
  .refine((s) => !s.url !== !s.site, { message: 'isi tepat satu dari "url" atau "site"', path: ['url'] });
export type RssSourceConfig = z.infer<typeof RssSourceConfig>;

export const GoogleNewsSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('google_news'),
  query: z.string().trim().min(1, 'kueri kosong').max(500),
});
export type GoogleNewsSourceConfig = z.infer<typeof GoogleNewsSourceConfig>;

/** A Google News sitemap, or a sitemap index whose newest `maxChildren` children are read each poll. */
export const NewsSitemapSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('news_sitemap'),
  url: HttpUrl,
  maxChildren: z.number().int().min(1).max(MAX_CHILDREN_LIMIT).default(DEFAULT_MAX_CHILDREN),
});
export type NewsSitemapSourceConfig = z.infer<typeof NewsSitemapSourceConfig>;

/** The NAME of an environment variable holding a secret; the secret itself never enters this file. */
const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'nama variabel lingkungan (HURUF_BESAR_DAN_GARIS_BAWAH)');
const Pages = z.number().int().min(1).max(50);
const Hours = z.number().int().min(1).max(24 * 30);

/** YouTube Data API v3 (API key): channel uploads and comment threads, within a daily quota. */
export const YoutubeSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('youtube'),
  channelId: z.string().regex(/^UC[\w-]{22}$/, 'ID kanal YouTube (UC… 24 karakter)'),
  apiKeyEnv: EnvName.default('YOUTUBE_API_KEY'),
  uploads: z.boolean().default(true),
  comments: z.boolean().default(true),
  /** Comments of these videos only; otherwise every thread on the channel. */
  videoIds: z.array(z.string().regex(/^[\w-]{11}$/, 'ID video YouTube (11 karakter)')).max(50).optional(),
  /** Units this source may spend per Pacific-time day (the project has 10,000 for all sources). */
  dailyQuotaUnits: z.number().int().min(1).max(10_000).default(2_000),
  maxPages: Pages.default(5),
  lookbackHours: Hours.default(72),
  apiBase: HttpUrl.optional(),
});
export type YoutubeSourceConfig = z.infer<typeof YoutubeSourceConfig>;

/** X API v2 recent search (Bearer token), paid per post read: a monthly read budget. */
export const XSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('x'),
  query: z.string().trim().min(1, 'kueri kosong').max(4096),
  tokenEnv: EnvName.default('X_BEARER_TOKEN'),
  /** Posts this source may read per calendar month (UTC); X bills about US$0.005 per post. */
  monthlyReadBudget: z.number().int().min(10).max(3_000_000),
  maxResults: z.number().int().min(10).max(100).default(100),
  maxPages: Pages.default(3),
  lookbackHours: Hours.max(167).default(24),
  apiBase: HttpUrl.optional(),
});
export type XSourceConfig = z.infer<typeof XSourceConfig>;

export const MastodonSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('mastodon'),
  instance: HttpUrl,
  hashtag: z.string().regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'tagar tanpa spasi'),
  any: z.array(z.string().regex(/^#?[\p{L}\p{N}_]{1,100}$/u)).max(3).optional(),
  tokenEnv: EnvName.optional(),
  maxPages: Pages.default(5),
  lookbackHours: Hours.default(72),
});
export type MastodonSourceConfig = z.infer<typeof MastodonSourceConfig>;

export const BlueskySourceConfig = z.strictObject({
  ...base,
  kind: z.literal('bluesky'),
  query: z.string().trim().min(1, 'kueri kosong').max(500),
  lang: z.string().min(2).max(16).optional(),
  identifierEnv: EnvName.default('BLUESKY_IDENTIFIER'),
  passwordEnv: EnvName.default('BLUESKY_APP_PASSWORD'),
  service: HttpUrl.default('https://bsky.social'),
  appView: HttpUrl.optional(),
  maxPages: Pages.default(5),
  lookbackHours: Hours.default(24),
});
export type BlueskySourceConfig = z.infer<typeof BlueskySourceConfig>;

export const RedditSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('reddit'),
  subreddit: z.string().regex(/^\w{2,21}$/, 'nama subreddit tanpa r/'),
  query: z.string().trim().min(1, 'kueri kosong').max(512),
  clientIdEnv: EnvName.default('REDDIT_CLIENT_ID'),
  clientSecretEnv: EnvName.default('REDDIT_CLIENT_SECRET'),
  authUrl: HttpUrl.optional(),
  apiBase: HttpUrl.optional(),
  maxPages: Pages.default(3),
  lookbackHours: Hours.default(168),
});
export type RedditSourceConfig = z.infer<typeof RedditSourceConfig>;

export const TelegramSourceConfig = z.strictObject({
  ...base,
  kind: z.literal('telegram'),
  channel: z.string().regex(/^@?[A-Za-z][\w]{3,31}$/, 'nama kanal publik (tanpa t.me/)'),
  baseUrl: HttpUrl.optional(),
  maxPages: Pages.default(5),
});
export type TelegramSourceConfig = z.infer<typeof TelegramSourceConfig>;

const graph = {
  tokenEnv: EnvName.default('META_PAGE_TOKEN'),
  apiVersion: z.string().regex(/^v\d+\.\d+$/, 'versi Graph API, mis. v21.0').default('v21.0'),
  graphBase: HttpUrl.optional(),
  lookbackDays: z.number().int().min(1).max(90).default(14),
  maxPosts: z.number().int().min(1).max(100).default(25),
  maxPages: Pages.default(5),
};

/** The office's own Facebook Page: its posts and the comments on them. */
export const FacebookSourceConfig = z.strictObject({ ...base, ...graph, kind: z.literal('facebook'), pageId: z.string().regex(/^\d{5,30}$/, 'ID numerik Halaman') });
export type FacebookSourceConfig = z.infer<typeof FacebookSourceConfig>;

/** The office's own Instagram business account: its media and the comments on them. */
export const InstagramSourceConfig = z.strictObject({ ...base, ...graph, kind: z.literal('instagram'), igUserId: z.string().regex(/^\d{5,30}$/, 'ID numerik akun IG bisnis') });
export type InstagramSourceConfig = z.infer<typeof InstagramSourceConfig>;

export const SourceConfig = z.discriminatedUnion('kind', [
  RssSourceConfig,
  GoogleNewsSourceConfig,
  NewsSitemapSourceConfig,
  YoutubeSourceConfig,
  XSourceConfig,
  MastodonSourceConfig,
  BlueskySourceConfig,
  RedditSourceConfig,
  TelegramSourceConfig,
  FacebookSourceConfig,
  InstagramSourceConfig,
]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export const SourcesFile = z
  .strictObject({ sources: z.array(SourceConfig) })
  .superRefine((file, ctx) => {
    const firstAt = new Map<string, number>();
    file.sources.forEach((source, index) => {
      const earlier = firstAt.get(source.id);
      if (earlier === undefined) firstAt.set(source.id, index);
      else ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `id "${source.id}" sudah dipakai sumber #${earlier}` });
    });
  });
export type SourcesFile = z.infer<typeof SourcesFile>;

/** Read and validate a sources file; CONFIG_INVALID naming the file, the entry and the field otherwise. */
export function loadSourcesFile(path: string): SourcesFile {
  return parseSourcesText(readSourcesText(path), path);
}

export function readSourcesText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Berkas sumber ${path}: tidak dapat dibaca`, false, { path });
  }
}

/** The file's text → SourcesFile; a JSON error names its line and column, a schema error its entry and field. */
export function parseSourcesText(text: string, path: string): SourcesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Berkas sumber ${path}: JSON tidak valid${lineOf(text, message)} (${message})`, false, { path });
  }
  return parseSourcesFile(raw, path);
}

/** " di baris 3 kolom 17" from V8's "… at position 42" (Node 20 gives only the offset) or "end of JSON input". */
function lineOf(text: string, message: string): string {
  const position = /end of JSON input/.test(message) ? text.length : Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
  if (Number.isNaN(position)) return '';
  const before = text.slice(0, position).split('\n');
  return ` di baris ${before.length} kolom ${before.at(-1)!.length + 1}`;
}

export function parseSourcesFile(raw: unknown, path = 'sources.json'): SourcesFile {
  const parsed = SourcesFile.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${describePath(raw, issue.path)}: ${issueMessage(issue)}`);
  throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Berkas sumber ${path} tidak valid — ${problems.join('; ')}`, false, {
    path,
    issues: problems,
  });
}

export interface AdapterDeps {
  http: HttpOptions;
  /** Where credentials are read, once, by name (the process environment in production). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Backoff on 5xx inside one poll (tests make it fast). */
  retry?: RetryPolicy;
  now?: () => Date;
  /** Tests point Google News at a loopback server. */
  googleNewsBaseUrl?: string;
}

export function createAdapter(source: SourceConfig, deps: AdapterDeps): SourceAdapter {
  const common = { id: source.id, http: deps.http, ...(deps.now ? { now: deps.now } : {}) };
  switch (source.kind) {
    case 'rss':
      return createRssAdapter({ ...common, ...(source.url ? { url: source.url } : {}), ...(source.site ? { site: source.site } : {}) });
    case 'google_news':
      return createGoogleNewsAdapter({
        ...common,
        query: source.query,
        ...(deps.googleNewsBaseUrl ? { baseUrl: deps.googleNewsBaseUrl } : {}),
      });
    case 'news_sitemap':
      return createNewsSitemapAdapter({ ...common, url: source.url, maxChildren: source.maxChildren });
    default:
      return createPlatformAdapter(source, {
        http: deps.http,
        env: deps.env ?? {},
        ...(deps.retry ? { retry: deps.retry } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      });
  }
}

/** `sources[3] (id "antara-sumsel").url` rather than `sources.3.url`. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  const [head, index, ...rest] = path;
  if (head !== 'sources' || typeof index !== 'number') return path.length ? path.map(String).join('.') : '(berkas)';
  const entry = (raw as { sources?: unknown[] }).sources?.[index];
  const id = entry && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string' ? ` (id "${entry.id}")` : '';
  return `sources[${index}]${id}${rest.length ? `.${rest.map(String).join('.')}` : ''}`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return `jenis sumber tidak dikenal (yang didukung: ${SourceConfig.options.map((o) => o.shape.kind.value).join(', ')})`;
  }
  if (issue.code === 'unrecognized_keys') return `kolom tidak dikenal: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'wajib diisi';
  return issue.message;
}

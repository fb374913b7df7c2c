import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import type { SourceAdapter } from './adapter';
import { createGoogleNewsAdapter } from './adapters/google-news';
import { createNewsSitemapAdapter } from './adapters/news-sitemap';
import { createRssAdapter } from './adapters/rss';
import type { HttpOptions } from './http';

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

export const NewsSitemapSourceConfig = z.strictObject({ ...base, kind: z.literal('news_sitemap'), url: HttpUrl });
export type NewsSitemapSourceConfig = z.infer<typeof NewsSitemapSourceConfig>;

export const SourceConfig = z.discriminatedUnion('kind', [RssSourceConfig, GoogleNewsSourceConfig, NewsSitemapSourceConfig]);
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
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `JSON tidak valid (${err.message})` : 'tidak dapat dibaca';
    throw new DengarError(ERROR_CODES.CONFIG_INVALID, `Berkas sumber ${path}: ${why}`, false, { path });
  }
  return parseSourcesFile(raw, path);
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
      return createNewsSitemapAdapter({ ...common, url: source.url });
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

import { resolveRegionId } from '../domain/regions';
import { SentimentLabel, SourceKind, type QueryField } from '../../schemas';

/** Field names an analyst may type, English and Indonesian, mapped to the AST field. */
export const FIELD_NAMES: Readonly<Record<string, QueryField | 'date'>> = {
  sentiment: 'sentiment',
  sentimen: 'sentiment',
  topic: 'topic',
  topik: 'topic',
  region: 'region',
  wilayah: 'region',
  daerah: 'region',
  source: 'source',
  sumber: 'source',
  author: 'author',
  penulis: 'author',
  lang: 'lang',
  bahasa: 'lang',
  date: 'date',
  tanggal: 'date',
  cluster: 'cluster',
  klaster: 'cluster',
};

const SENTIMENT_WORDS: Readonly<Record<string, SentimentLabel>> = {
  positive: 'positive',
  positif: 'positive',
  pos: 'positive',
  negative: 'negative',
  negatif: 'negative',
  neg: 'negative',
  neutral: 'neutral',
  netral: 'neutral',
};

/** Everyday names for sources that differ from the stored kind. */
const SOURCE_ALIASES: Readonly<Record<string, SourceKind>> = {
  twitter: 'x',
  fb: 'facebook',
  ig: 'instagram',
  yt: 'youtube',
  news: 'rss',
  berita: 'rss',
  googlenews: 'google_news',
};

/** Topic and region ids are slugs: lowercase, spaces and hyphens become `_` ("Ogan Ilir" → ogan_ilir). */
export function normaliseSlug(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/_+/g, '_');
}

/**
 * A region as analysts type it — id, name or alias ("OKI", "Ogan Ilir", "kayuagung") — to its id in
 * the dictionary in force; an unknown value stays a slug (it then matches nothing).
 */
export function normaliseRegion(value: string): string {
  return resolveRegionId(value) ?? normaliseSlug(value);
}

/** The stored English label for an Indonesian or English sentiment word; null when it is neither. */
export function normaliseSentiment(value: string): SentimentLabel | null {
  return SENTIMENT_WORDS[value.trim().toLowerCase()] ?? null;
}

/** The stored source kind for a typed source name; null when it is not a known kind. */
export function normaliseSource(value: string): SourceKind | null {
  const slug = normaliseSlug(value);
  const parsed = SourceKind.safeParse(slug);
  return parsed.success ? parsed.data : (SOURCE_ALIASES[slug] ?? null);
}

/** Author handles are matched case-insensitively and without the leading `@`. */
export function normaliseAuthor(value: string): string {
  return value.trim().replace(/^@+/, '').toLowerCase();
}

/**
 * The value a store compares for a field filter. Never throws: the parser rejects unknown sentiments
 * and sources with a syntax error, but an AST built elsewhere (API, saved search) still compiles, and
 * an unknown value simply matches nothing.
 */
export function normaliseFieldValue(field: QueryField, value: string): string {
  switch (field) {
    case 'sentiment':
      return normaliseSentiment(value) ?? value.trim().toLowerCase();
    case 'source':
      return normaliseSource(value) ?? normaliseSlug(value);
    case 'topic':
      return normaliseSlug(value);
    case 'region':
      return normaliseRegion(value);
    case 'author':
      return normaliseAuthor(value);
    case 'lang':
      return value.trim().toLowerCase();
    case 'cluster':
      // Post ids are base64url: case matters.
      return value.trim();
  }
}

export const SENTIMENT_CHOICES = 'positif, negatif, atau netral';
export const SOURCE_CHOICES = SourceKind.options.join(', ');

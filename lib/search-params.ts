import { z } from 'zod';
import { Query, SearchFilters, SentimentLabel, SourceKind } from '../schemas';
import { normaliseRegion, normaliseSlug, parseQuery } from './query';
import { wibDay, wibDayStart } from './time';

/** Indonesian and English sentiment names analysts type; stored labels are English. */
const SENTIMENT_ALIASES: Record<string, SentimentLabel> = {
  positif: 'positive',
  positive: 'positive',
  negatif: 'negative',
  negative: 'negative',
  netral: 'neutral',
  neutral: 'neutral',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date bound as people write it: a WIB day (YYYY-MM-DD) or an ISO instant with a zone. */
const DateBound = z
  .string()
  .trim()
  .refine((s) => (DAY.test(s) && !Number.isNaN(Date.parse(s))) || (!Number.isNaN(Date.parse(s)) && /(Z|[+-]\d{2}:?\d{2})$/i.test(s)), {
    message: 'harus tanggal YYYY-MM-DD (WIB) atau waktu ISO-8601 dengan zona',
  });

/**
 * Search parameters as they arrive from HTTP query strings or CLI flags (all strings), validated
 * and turned into the store's `Query`. The API and the CLI share this, so the same words give the
 * same hits from both.
 */
export const SearchParams = z.object({
  q: z.string().max(1000, 'maksimal 1000 karakter').default(''),
  from: DateBound.optional(),
  to: DateBound.optional(),
  sentiment: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(Object.keys(SENTIMENT_ALIASES) as [string, ...string[]], { message: 'harus positif, negatif atau netral' }))
    .transform((s) => SENTIMENT_ALIASES[s]!)
    .optional(),
  topic: z.string().max(64).optional(),
  region: z.string().max(64).optional(),
  source: SourceKind.optional(),
  lang: z.string().max(16).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(['newest', 'oldest', 'relevance', 'engagement']).default('newest'),
});
export type SearchParams = z.infer<typeof SearchParams>;

/** `from` is inclusive; a `to` given as a day includes that whole WIB day. */
export function toFilters(p: Pick<SearchParams, 'from' | 'to' | 'sentiment' | 'topic' | 'region' | 'source' | 'lang'>): SearchFilters {
  return SearchFilters.parse({
    from: p.from ? boundToInstant(p.from, 'start') : undefined,
    to: p.to ? boundToInstant(p.to, 'end') : undefined,
    sentiment: p.sentiment,
    topic: p.topic ? normaliseSlug(p.topic) : undefined,
    region: p.region ? normaliseRegion(p.region) : undefined,
    source: p.source,
    lang: p.lang,
  });
}

export function toQuery(p: SearchParams, facets: Query['facets'] = ['sentiment', 'topic', 'region', 'source']): Query {
  return Query.parse({
    query: parseQuery(p.q),
    filters: toFilters(p),
    page: p.page,
    size: p.size,
    sort: p.sort,
    facets,
  });
}

function boundToInstant(bound: string, side: 'start' | 'end'): string {
  if (!DAY.test(bound)) return new Date(bound).toISOString();
  const start = wibDayStart(bound);
  if (side === 'start') return start.toISOString();
  // Exclusive end: the first instant of the next WIB day.
  return new Date(start.getTime() + 24 * 3600_000).toISOString();
}

export { wibDay };

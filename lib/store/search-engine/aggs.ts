import { z } from 'zod';
import type { AuthorStat, FacetBucket, HistogramBucket } from '../../../schemas';
import type { Interval, TermsField } from '../post-store';
import { bucketKey, bucketOf } from '../sqlite/buckets';
import { KEYWORD_FIELD, type Dsl } from './compile';
import { AUTHOR_GROUP_SEPARATOR } from './document';

/**
 * Aggregation requests and their parsed answers, in the shapes the SQLite store returns: facets
 * ordered by count desc then key asc (the engines' default terms order), histogram buckets keyed by
 * the WIB start of the interval, top authors by engagement sum, then posts, then author key.
 */
export const TERMS_FIELD: Readonly<Record<TermsField, string>> = { ...KEYWORD_FIELD, author: 'author.key' };

/**
 * Terms aggregations are exact only when each shard returns every candidate bucket. Monthly indices
 * are shards of one logical collection, so ask each for many more buckets than shown; with the
 * fields' real cardinality (17 regions, ~30 topics, 3 sentiments) this is exact, and for authors it is
 * exact up to this many distinct authors per month.
 */
export function shardSize(size: number): number {
  return Math.min(50_000, Math.max(size * 20, 5_000));
}

export function termsAgg(field: TermsField, size: number): Dsl {
  return { terms: { field: TERMS_FIELD[field], size, shard_size: shardSize(size) } };
}

const TermsResult = z.object({ buckets: z.array(z.object({ key: z.union([z.string(), z.number()]), doc_count: z.number().int() })) });

export function parseTerms(raw: unknown): FacetBucket[] {
  const parsed = TermsResult.parse(raw);
  return parsed.buckets.map((b) => ({ key: String(b.key), count: b.doc_count }));
}

const CALENDAR_INTERVAL: Readonly<Record<Interval, string>> = { hour: 'hour', day: 'day', week: 'week' };

export function histogramAgg(interval: Interval, bounds: { from?: number; to?: number }): Dsl {
  const dateHistogram: Dsl = {
    field: 'createdAt',
    calendar_interval: CALENDAR_INTERVAL[interval],
    time_zone: 'Asia/Jakarta',
    min_doc_count: 0,
  };
  // Empty intervals at the edges of the window appear only with both bounds known; one-sided
  // windows are completed from the data's first/last bucket in `parseHistogram`, as SQLite does.
  if (bounds.from !== undefined && bounds.to !== undefined) {
    dateHistogram.extended_bounds = { min: bounds.from, max: bounds.to - 1 };
  }
  return {
    date_histogram: dateHistogram,
    aggs: { sentiment: { terms: { field: 'sentiment', size: 3 } } },
  };
}

const HistogramResult = z.object({
  buckets: z.array(
    z.object({
      key: z.number(),
      doc_count: z.number().int(),
      sentiment: TermsResult,
    }),
  ),
});

/**
 * Engine buckets → the SQLite bucket list. Keys are recomputed from the bucket start with the same
 * arithmetic SQLite uses, and the range is laid out over [bounds.from, bounds.to) or the data.
 */
export function parseHistogram(
  raw: unknown,
  interval: Interval,
  bounds: { from?: number; to?: number },
  maxBuckets: number,
): HistogramBucket[] {
  const rows = HistogramResult.parse(raw).buckets.map((b) => {
    const counts = { positive: 0, negative: 0, neutral: 0 };
    for (const s of b.sentiment.buckets) {
      if (s.key === 'positive' || s.key === 'negative' || s.key === 'neutral') counts[s.key] = s.doc_count;
    }
    return { b: bucketOf(b.key, interval), total: b.doc_count, ...counts };
  });
  const withData = rows.filter((r) => r.total > 0);
  const lower = bounds.from !== undefined ? bucketOf(bounds.from, interval) : withData[0]?.b;
  const upper = bounds.to !== undefined ? bucketOf(bounds.to - 1, interval) : withData[withData.length - 1]?.b;
  if (lower === undefined || upper === undefined) return [];
  checkBucketCount(lower, upper, interval, maxBuckets);
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  const out: HistogramBucket[] = [];
  for (let b = lower; b <= upper; b++) {
    const r = byBucket.get(b);
    out.push({ key: bucketKey(b, interval), total: r?.total ?? 0, positive: r?.positive ?? 0, negative: r?.negative ?? 0, neutral: r?.neutral ?? 0 });
  }
  return out;
}

export function checkBucketCount(lower: number, upper: number, interval: Interval, maxBuckets: number): void {
  if (upper - lower + 1 > maxBuckets) {
    throw new RangeError(`Rentang waktu terlalu panjang untuk interval ${interval} (lebih dari ${maxBuckets} titik)`);
  }
}

export function topAuthorsAgg(size: number): Dsl {
  return {
    terms: {
      field: 'author.group',
      size,
      shard_size: shardSize(size),
      order: [{ engagement: 'desc' }, { _count: 'desc' }, { _key: 'asc' }],
    },
    aggs: {
      engagement: { sum: { field: 'engagement' } },
      negative: { filter: { term: { sentiment: 'negative' } } },
      positive: { filter: { term: { sentiment: 'positive' } } },
      // Label and follower count come from the author's latest post, as in SQLite.
      latest: {
        top_hits: { size: 1, sort: [{ createdAt: { order: 'desc' } }], _source: { includes: ['author.label', 'author.followers'] } },
      },
    },
  };
}

const AuthorsResult = z.object({
  buckets: z.array(
    z.object({
      key: z.string(),
      doc_count: z.number().int(),
      engagement: z.object({ value: z.number().nullable() }),
      negative: z.object({ doc_count: z.number().int() }),
      positive: z.object({ doc_count: z.number().int() }),
      latest: z.object({
        hits: z.object({
          hits: z.array(
            z.object({
              _source: z.object({
                author: z.object({ label: z.string().optional(), followers: z.number().int().optional() }).optional(),
              }),
            }),
          ),
        }),
      }),
    }),
  ),
});

export function parseTopAuthors(raw: unknown): AuthorStat[] {
  return AuthorsResult.parse(raw).buckets.map((b) => {
    const [key = b.key, source = ''] = b.key.split(AUTHOR_GROUP_SEPARATOR);
    const author = b.latest.hits.hits[0]?._source.author;
    return {
      author: author?.label ?? key,
      source,
      posts: b.doc_count,
      engagement: Math.round(b.engagement.value ?? 0),
      followers: author?.followers ?? null,
      negative: b.negative.doc_count,
      positive: b.positive.doc_count,
    };
  });
}

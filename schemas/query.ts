import { z } from 'zod';
import { IsoInstant, SentimentLabel, SourceKind } from './common';

/** Fields an analyst can filter on with `field:value` in the query language. */
/** `cluster` is a near-duplicate cluster id (the id of the cluster's first post; see EnrichedPost.clusterId). */
export const QueryField = z.enum(['sentiment', 'topic', 'region', 'source', 'author', 'lang', 'cluster']);
export type QueryField = z.infer<typeof QueryField>;

/**
 * The analyst query as an AST. Every store compiles this, never the raw string, so user input
 * never reaches an engine as query-string syntax.
 */
export type QueryNode =
  | { type: 'all' }
  | { type: 'term'; value: string; prefix?: boolean }
  | { type: 'phrase'; value: string }
  | { type: 'field'; field: QueryField; value: string }
  | { type: 'range'; field: 'date'; from?: string; to?: string }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

export const QueryNode: z.ZodType<QueryNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('all') }),
    z.object({ type: z.literal('term'), value: z.string().min(1), prefix: z.boolean().optional() }),
    z.object({ type: z.literal('phrase'), value: z.string().min(1) }),
    z.object({ type: z.literal('field'), field: QueryField, value: z.string().min(1) }),
    z.object({
      type: z.literal('range'),
      field: z.literal('date'),
      from: IsoInstant.optional(),
      to: IsoInstant.optional(),
    }),
    z.object({ type: z.literal('and'), children: z.array(QueryNode).min(1) }),
    z.object({ type: z.literal('or'), children: z.array(QueryNode).min(1) }),
    z.object({ type: z.literal('not'), child: QueryNode }),
  ]),
);

/** Structured filters beside the query (the search form's dropdowns); ANDed with the query. */
export const SearchFilters = z.object({
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
  sentiment: SentimentLabel.optional(),
  topic: z.string().max(64).optional(),
  region: z.string().max(64).optional(),
  source: SourceKind.optional(),
  lang: z.string().max(16).optional(),
});
export type SearchFilters = z.infer<typeof SearchFilters>;

/** A search as a store receives it. */
export const Query = z.object({
  query: QueryNode,
  filters: SearchFilters.default({}),
  page: z.number().int().min(1).max(1000).default(1),
  size: z.number().int().min(1).max(200).default(20),
  sort: z.enum(['newest', 'oldest', 'relevance', 'engagement']).default('newest'),
  /** Facets to count over the whole result set (not just the page). */
  facets: z.array(z.enum(['sentiment', 'topic', 'region', 'source'])).default([]),
});
export type Query = z.infer<typeof Query>;
export type QueryInput = z.input<typeof Query>;

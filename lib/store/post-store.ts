import type { EnrichedPost, FacetBucket, HistogramBucket, AuthorStat, Query, QueryNode, SearchResult, SearchFilters } from '../../schemas';

/** What happened to each post in a bulk upsert. Partial failure is normal, not an exception. */
export interface UpsertResult {
  stored: number;
  failed: { id: string; reason: string; retriable: boolean }[];
}

export type TermsField = 'sentiment' | 'topic' | 'region' | 'source' | 'author' | 'lang';
export type Interval = 'hour' | 'day' | 'week';

/** A stored post the indexer may cluster a new post with: one that shares a SimHash band with it. */
export interface NearDuplicateLookup {
  simhashes: string[];
  from: Date;
  to: Date;
  ids: string[];
}

export interface NearDuplicateCandidate {
  id: string;
  simhash: string;
  /** Absent on posts stored before clustering existed. */
  clusterId?: string;
  createdAt: string;
}

/** Most candidates one lookup returns, oldest first (the ones holding the clusters' ids). */
export const MAX_NEAR_DUPLICATE_CANDIDATES = 10_000;

/** The scope every aggregation runs over: a query plus the structured filters. */
export interface Scope {
  query: QueryNode;
  filters?: SearchFilters;
}

/**
 * Where enriched posts live. SQLite (embedded), OpenSearch and Elasticsearch implement it, and one
 * conformance suite holds them to the same answers. All calendar bucketing is in Asia/Jakarta.
 */
export interface PostStore {
  readonly kind: 'sqlite' | 'opensearch' | 'elasticsearch';
  /** Insert or replace by post id; a post stored twice is one post. */
  upsert(posts: EnrichedPost[]): Promise<UpsertResult>;
  get(id: string): Promise<EnrichedPost | null>;
  search(query: Query): Promise<SearchResult>;
  count(scope: Scope): Promise<number>;
  /** Volume and sentiment per interval, buckets keyed by the WIB start of the interval; empty intervals included. */
  histogram(scope: Scope, interval: Interval): Promise<HistogramBucket[]>;
  terms(scope: Scope, field: TermsField, size: number): Promise<FacetBucket[]>;
  topAuthors(scope: Scope, size: number): Promise<AuthorStat[]>;
  /**
   * Stored posts created within [from, to] that share at least one LSH band with one of `simhashes`
   * (lib/store/simhash.ts), newest first, at most MAX_NEAR_DUPLICATE_CANDIDATES — plus, uncapped, the
   * stored copies of `ids` (the batch's own posts, so a redelivered post keeps its cluster however many
   * band-mates it has). The caller checks the Hamming distance.
   */
  findNearDuplicateCandidates(lookup: NearDuplicateLookup): Promise<NearDuplicateCandidate[]>;
  /** Posts per cluster id, for the given ids (ids with no post are left out). */
  clusterSizes(clusterIds: string[]): Promise<Record<string, number>>;
  /** Delete posts created before `before`; returns how many went. */
  deleteOlderThan(before: Date): Promise<number>;
  health(): Promise<{ ok: boolean; details: Record<string, unknown> }>;
  close(): Promise<void>;
}

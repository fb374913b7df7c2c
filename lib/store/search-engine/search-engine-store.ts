import { z } from 'zod';
import { Query, QueryNode, SearchFilters, SimHash, type EnrichedPost, type SearchResult } from '../../../schemas';
import { DependencyUnavailableError, DengarError, ERROR_CODES, ValidationError, describeError } from '../../errors';
import { formatZodError } from '../../zod-errors';
import { MAX_NEAR_DUPLICATE_CANDIDATES, type Interval, type NearDuplicateCandidate, type NearDuplicateLookup, type PostStore, type Scope, type TermsField } from '../post-store';
import { simhashBands } from '../simhash';
import { bucketOf, scopeBounds } from '../sqlite/buckets';
import { checkBucketCount, histogramAgg, parseHistogram, parseTerms, parseTopAuthors, termsAgg, topAuthorsAgg } from './aggs';
import { DEFAULT_BULK_OPTIONS, bulkUpsert, type BulkOptions } from './bulk';
import { compileScope, hasPositiveText, type CompileOptions, type Dsl } from './compile';
import { fromSource } from './document';
import { EngineError, type EngineClient } from './engine-client';
import { INDEX_PREFIX_RE, addedFieldsMapping, indexTemplate, mappingsComponent, settingsComponent, templateNames } from './template';

/** Buckets per facet in a search result; the same as the SQLite store's FACET_SIZE. */
export const FACET_SIZE = 50;
/** Same cap as SQLite; engines also refuse more than `search.max_buckets` (65,536 by default). */
export const MAX_HISTOGRAM_BUCKETS = 65_536;

export interface SearchEngineStoreOptions {
  client: EngineClient;
  /** Alias name; monthly indices are `<prefix>-YYYY.MM` (WIB month of createdAt). */
  indexPrefix?: string;
  /** Install/refresh the templates before the first write (default true). */
  manageTemplates?: boolean;
  shards?: number;
  replicas?: number;
  /** Match words and phrases on the stemmed fields too (recall over SQLite parity). Default false. */
  stemming?: boolean;
  bulk?: Partial<BulkOptions>;
}

/** The PostStore plus what tests and operators need beyond it. */
export interface SearchEngineStore extends PostStore {
  readonly kind: 'opensearch' | 'elasticsearch';
  readonly alias: string;
  /** Make every acknowledged write visible to search (tests; never on the hot path). */
  refresh(): Promise<void>;
  /** Put the component and index templates (idempotent). */
  ensureTemplates(): Promise<void>;
  /** The query DSL a scope compiles to (for `--explain` and tests). */
  compile(scope: Scope): Dsl;
}

type SortKey = Exclude<Query['sort'], 'relevance'>;
const SORTS: Readonly<Record<SortKey, Dsl[]>> = {
  newest: [{ createdAt: 'desc' }, { id: 'desc' }],
  oldest: [{ createdAt: 'asc' }, { id: 'asc' }],
  engagement: [{ engagement: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
};

/**
 * The PostStore over Elasticsearch or OpenSearch. Client-agnostic: the engine is whatever the
 * `EngineClient` talks to. Writes go to the monthly index of each post; reads go through the alias.
 */
export function createSearchEngineStore(options: SearchEngineStoreOptions): SearchEngineStore {
  const prefix = options.indexPrefix ?? 'dengar-posts';
  if (!INDEX_PREFIX_RE.test(prefix)) {
    throw new ValidationError(`indexPrefix: "${prefix}" bukan nama indeks yang sah (huruf kecil, angka, - atau _)`);
  }
  const client = options.client;
  const alias = prefix;
  const compileOptions: CompileOptions = { stemming: options.stemming ?? false };
  const bulkOptions: BulkOptions = { ...DEFAULT_BULK_OPTIONS, ...options.bulk };
  let templates: Promise<void> | null = null;

  function ensureTemplates(): Promise<void> {
    if (!templates) {
      const names = templateNames(prefix);
      const tpl = { prefix, ...(options.shards ? { shards: options.shards } : {}), ...(options.replicas !== undefined ? { replicas: options.replicas } : {}) };
      templates = (async () => {
        await client.putComponentTemplate(names.settings, settingsComponent(tpl));
        await client.putComponentTemplate(names.mappings, mappingsComponent());
        await client.putIndexTemplate(names.index, indexTemplate(prefix));
        await client.putMapping(alias, addedFieldsMapping());
      })();
      // A failed attempt (engine down) is tried again on the next write.
      templates.catch(() => {
        templates = null;
      });
    }
    return templates;
  }

  async function engine<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof DengarError) throw err;
      if (err instanceof RangeError) throw new ValidationError(err.message);
      if (err instanceof EngineError && err.retriable) throw new DependencyUnavailableError(`${client.kind} tidak tersedia (${what}): ${err.message}`);
      throw new DengarError(ERROR_CODES.STORE_REJECTED, `${client.kind} menolak ${what}: ${describeError(err)}`);
    }
  }

  function scopeQuery(scope: Scope): { query: QueryNode; filters: SearchFilters; dsl: Dsl } {
    const query = QueryNode.safeParse(scope.query);
    if (!query.success) throw new ValidationError(`Kueri tidak valid — ${formatZodError(query.error)}`);
    const filters = SearchFilters.safeParse(scope.filters ?? {});
    if (!filters.success) throw new ValidationError(`Filter tidak valid — ${formatZodError(filters.error)}`);
    return { query: query.data, filters: filters.data, dsl: compileScope(query.data, filters.data, compileOptions) };
  }

  async function aggregate(dsl: Dsl, aggs: Record<string, Dsl>, what: string): Promise<Record<string, unknown>> {
    const res = await engine(what, () => client.search(alias, { size: 0, track_total_hits: false, query: dsl, aggs }));
    return res.aggregations;
  }

  async function search(input: Query): Promise<SearchResult> {
    const parsed = Query.safeParse(input);
    if (!parsed.success) throw new ValidationError(`Pencarian tidak valid — ${formatZodError(parsed.error)}`);
    const q = parsed.data;
    const dsl = compileScope(q.query, q.filters, compileOptions);
    const ranked = q.sort === 'relevance' && hasPositiveText(q.query);
    const sort = ranked ? [{ _score: 'desc' }, ...SORTS.newest] : SORTS[q.sort === 'relevance' ? 'newest' : q.sort];
    const aggs: Record<string, Dsl> = {};
    for (const facet of q.facets) aggs[facet] = termsAgg(facet, FACET_SIZE);
    const res = await engine('pencarian', () =>
      client.search(alias, {
        query: dsl,
        from: (q.page - 1) * q.size,
        size: q.size,
        sort,
        track_total_hits: true,
        ...(q.facets.length > 0 ? { aggs } : {}),
      }),
    );
    const facets: SearchResult['facets'] = {};
    for (const facet of q.facets) facets[facet] = parseTerms(res.aggregations[facet]);
    return { total: res.total, page: q.page, size: q.size, hits: res.hits.map((h) => fromSource(h._source, h._id)), facets };
  }

  async function histogram(scope: Scope, interval: Interval) {
    const { query, filters, dsl } = scopeQuery(scope);
    const bounds = scopeBounds(query, filters);
    if (bounds.from !== undefined && bounds.to !== undefined) {
      checkBucketCount(bucketOf(bounds.from, interval), bucketOf(bounds.to - 1, interval), interval, MAX_HISTOGRAM_BUCKETS);
    }
    const aggs = await aggregate(dsl, { histogram: histogramAgg(interval, bounds) }, 'histogram');
    return engine('histogram', async () => parseHistogram(aggs.histogram, interval, bounds, MAX_HISTOGRAM_BUCKETS));
  }

  async function findNearDuplicateCandidates({ simhashes, from, to, ids }: NearDuplicateLookup): Promise<NearDuplicateCandidate[]> {
    if (simhashes.length === 0) return [];
    const bands = [...new Set(simhashes.flatMap(simhashBands))];
    // Only the fields the indexer compares come back: one terms query for the batch's bands, one for its own ids.
    const lookup = (size: number, filter: unknown[]) =>
      engine('kandidat duplikat', () =>
        client.search(alias, {
          size,
          track_total_hits: false,
          _source: ['id', 'createdAt', 'clusterId', 'post.simhash'],
          query: { bool: { filter } },
          sort: [{ createdAt: 'desc' }, { id: 'asc' }],
        }),
      );
    const range = { range: { createdAt: { gte: from.getTime(), lte: to.getTime(), format: 'epoch_millis' } } };
    const [mates, own] = await Promise.all([
      lookup(MAX_NEAR_DUPLICATE_CANDIDATES, [{ terms: { simhashBands: bands } }, range]),
      // Posts without a SimHash come back too and are dropped by the parse below.
      ids.length > 0 ? lookup(ids.length, [{ terms: { id: ids } }]) : null,
    ]);
    const candidates = new Map<string, NearDuplicateCandidate>();
    for (const hit of [...mates.hits, ...(own?.hits ?? [])]) {
      const doc = CandidateSource.safeParse(hit._source);
      if (!doc.success) continue;
      const { id, createdAt, clusterId, post } = doc.data;
      candidates.set(id, { id, simhash: post.simhash, createdAt: new Date(createdAt).toISOString(), ...(clusterId ? { clusterId } : {}) });
    }
    return [...candidates.values()];
  }

  async function clusterSizes(clusterIds: string[]): Promise<Record<string, number>> {
    const ids = [...new Set(clusterIds)];
    if (ids.length === 0) return {};
    const aggs = await aggregate({ terms: { clusterId: ids } }, { clusters: { terms: { field: 'clusterId', size: ids.length } } }, 'ukuran klaster');
    return Object.fromEntries(parseTerms(aggs.clusters).map((b) => [b.key, b.count]));
  }

  return {
    kind: client.kind,
    alias,
    findNearDuplicateCandidates,
    clusterSizes,
    ensureTemplates,
    compile: (scope) => scopeQuery(scope).dsl,
    async upsert(posts) {
      if (options.manageTemplates !== false) await engine('templat indeks', ensureTemplates);
      return bulkUpsert(client, prefix, posts, bulkOptions);
    },
    async get(id: string): Promise<EnrichedPost | null> {
      // The id alone does not say which month holds it; an ids query over the alias does.
      const res = await engine('ambil pos', () => client.search(alias, { size: 1, query: { ids: { values: [id] } } }));
      const hit = res.hits[0];
      return hit ? fromSource(hit._source, hit._id) : null;
    },
    search,
    async count(scope) {
      const { dsl } = scopeQuery(scope);
      return engine('hitung', () => client.count(alias, dsl));
    },
    histogram,
    async terms(scope, field: TermsField, size) {
      checkSize(size);
      const { dsl } = scopeQuery(scope);
      const aggs = await aggregate(dsl, { terms: termsAgg(field, size) }, 'agregasi terms');
      return parseTerms(aggs.terms);
    },
    async topAuthors(scope, size) {
      checkSize(size);
      const { dsl } = scopeQuery(scope);
      const aggs = await aggregate(dsl, { authors: topAuthorsAgg(size) }, 'penulis teratas');
      return parseTopAuthors(aggs.authors);
    },
    async deleteOlderThan(before) {
      // NOTE: delete_by_query keeps empty monthly indices; dropping whole months is an ISM/ILM job.
      return engine('retensi', () =>
        client.deleteByQuery(alias, { range: { createdAt: { lt: before.getTime(), format: 'epoch_millis' } } }, { refresh: true }),
      );
    },
    async health() {
      try {
        const h = await client.health();
        const indices = await client.aliasIndices(alias);
        return { ok: h.status !== 'red', details: { engine: client.kind, node: client.node, status: h.status, alias, indices } };
      } catch (err) {
        return { ok: false, details: { engine: client.kind, node: client.node, alias, error: describeError(err) } };
      }
    },
    refresh: () => engine('refresh', () => client.refresh(alias)),
    close: () => client.close(),
  };
}

/** The part of `_source` a near-duplicate candidate needs; documents without a SimHash are skipped. */
const CandidateSource = z.object({
  id: z.string(),
  createdAt: z.string(),
  clusterId: z.string().optional(),
  post: z.object({ simhash: SimHash }),
});

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new ValidationError(`size: harus bilangan bulat 1–10000 (diterima ${size})`);
  }
}

import { backoffMs, delay } from '../../backoff';
import { z } from 'zod';
import { describeError } from '../../errors';
import { formatZodError } from '../../zod-errors';

/**
 * The few engine operations the search-engine PostStore needs, over any HTTP client that speaks the
 * Elasticsearch/OpenSearch REST API. Each engine's thin client supplies only `send` (its own npm
 * client, because the Elastic client refuses OpenSearch); everything else — paths, bodies, response
 * validation, error translation — is shared here so both engines behave identically.
 */
export type EngineKind = 'opensearch' | 'elasticsearch';

export interface EngineRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  path: string;
  body?: unknown;
  /** NDJSON lines (bulk); exclusive with `body`. */
  ndjson?: unknown[];
  querystring?: Record<string, string | number | boolean>;
  /** Statuses to return instead of throwing (404 for "missing is fine"). */
  ignore?: number[];
}

export interface EngineResponse {
  status: number;
  body: unknown;
}

/** What a thin client implements: one request, and closing its connections. */
export interface EngineTransport {
  readonly kind: EngineKind;
  readonly node: string;
  send(request: EngineRequest): Promise<EngineResponse>;
  close(): Promise<void>;
}

/** A failed engine call, translated at the client edge: 429/5xx and connection errors are retriable. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Thin clients call this with whatever their library threw. */
export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const meta = err && typeof err === 'object' ? (err as { meta?: { statusCode?: unknown; body?: unknown } }).meta : undefined;
  const status = typeof meta?.statusCode === 'number' ? meta.statusCode : null;
  const reason = status !== null ? describeEngineBody(meta?.body) : null;
  const message = reason ? `HTTP ${status}: ${reason}` : describeError(err);
  // No status = connection refused, timeout, reset: the engine may be back soon.
  return new EngineError(message, status, status === null || isRetriableStatus(status));
}

export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const ErrorBody = z.object({
  error: z.union([z.string(), z.object({ type: z.string().optional(), reason: z.string().nullish() }).loose()]),
});

function describeEngineBody(body: unknown): string | null {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const e = parsed.data.error;
  return typeof e === 'string' ? e : `${e.type ?? 'error'}: ${e.reason ?? ''}`.slice(0, 500);
}

// ─── Responses (parsed on the boundary) ──────────────────────────────────────────────────────

const BulkItem = z.object({
  _id: z.string().nullish(),
  _index: z.string().optional(),
  status: z.number().int(),
  error: z.object({ type: z.string(), reason: z.string().nullish() }).loose().optional(),
});
const BulkResponse = z.object({
  errors: z.boolean(),
  took: z.number().optional(),
  items: z.array(z.record(z.string(), BulkItem)),
});
export type BulkItem = z.infer<typeof BulkItem>;

const SearchHit = z.object({
  _id: z.string(),
  _index: z.string(),
  _source: z.record(z.string(), z.unknown()).optional(),
  /** With `seq_no_primary_term: true`: what a conditional write of this hit must name. */
  _seq_no: z.number().int().optional(),
  _primary_term: z.number().int().optional(),
  /** The hit's sort values, for `search_after` paging. */
  sort: z.array(z.unknown()).optional(),
});
const SearchResponse = z.object({
  took: z.number().optional(),
  hits: z.object({
    total: z.union([z.number(), z.object({ value: z.number(), relation: z.string() })]).optional(),
    hits: z.array(SearchHit),
  }),
  aggregations: z.record(z.string(), z.unknown()).optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export interface SearchOutcome {
  total: number;
  hits: SearchHit[];
  aggregations: Record<string, unknown>;
  tookMs: number | null;
}

const GetResponse = z.object({
  _id: z.string(),
  found: z.boolean(),
  _source: z.record(z.string(), z.unknown()).optional(),
  _seq_no: z.number().int().optional(),
  _primary_term: z.number().int().optional(),
});
const WriteResponse = z.object({ _id: z.string(), _version: z.number().int(), _seq_no: z.number().int(), _primary_term: z.number().int() });
const DeleteResponse = z.object({ result: z.string() });

/** One document read by id, with what a conditional write of it must name (optimistic concurrency). */
export interface StoredDocument {
  id: string;
  source: Record<string, unknown>;
  seqNo: number;
  primaryTerm: number;
}

export interface PutDocumentOptions {
  /** Only if no document has this id (`op_type=create`). */
  create?: boolean;
  /** Only if the document is still the version read (`if_seq_no` + `if_primary_term`). */
  ifMatch?: { seqNo: number; primaryTerm: number };
  refresh?: boolean | 'wait_for';
}

/** A conditional write that lost (409) is an answer, not an error: the caller decides what it means. */
export type PutOutcome = { written: true; version: number; seqNo: number; primaryTerm: number } | { written: false };

const CountResponse = z.object({ count: z.number().int() });
const DeleteByQueryResponse = z.object({ deleted: z.number().int(), failures: z.array(z.unknown()).optional() });
const HealthResponse = z.object({ status: z.enum(['green', 'yellow', 'red']), cluster_name: z.string().optional() }).loose();
const AliasResponse = z.record(z.string(), z.unknown());

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new EngineError(`jawaban ${what} tidak dikenal: ${formatZodError(parsed.error)}`, null, false);
  return parsed.data;
}

const enc = encodeURIComponent;

/** Named operations over a transport. Index names are ours (validated prefix), never user input. */
export interface EngineClient {
  readonly kind: EngineKind;
  readonly node: string;
  putComponentTemplate(name: string, body: unknown): Promise<void>;
  putIndexTemplate(name: string, body: unknown): Promise<void>;
  deleteIndexTemplate(name: string): Promise<void>;
  deleteComponentTemplate(name: string): Promise<void>;
  createIndex(index: string, body?: unknown): Promise<void>;
  deleteIndices(pattern: string): Promise<void>;
  putSettings(index: string, settings: unknown): Promise<void>;
  /** Add fields to the mapping of every index behind `index` (an alias); nothing when none exists. */
  putMapping(index: string, mapping: unknown): Promise<void>;
  /** Concrete indices behind an alias; [] when the alias does not exist yet. */
  aliasIndices(alias: string): Promise<string[]>;
  bulk(lines: unknown[], options?: { refresh?: boolean | 'wait_for' }): Promise<{ items: BulkItem[]; tookMs: number | null }>;
  search(index: string, body: unknown): Promise<SearchOutcome>;
  count(index: string, query: unknown): Promise<number>;
  deleteByQuery(index: string, query: unknown, options?: { refresh?: boolean }): Promise<number>;
  /** Create an index unless it exists (another replica, an earlier run): idempotent at start. */
  ensureIndex(index: string, body: unknown): Promise<void>;
  /** Real-time read by id (sees a write before any refresh); null when absent. */
  getDocument(index: string, id: string): Promise<StoredDocument | null>;
  putDocument(index: string, id: string, source: unknown, options?: PutDocumentOptions): Promise<PutOutcome>;
  /** False when there was no such document. */
  deleteDocument(index: string, id: string, options?: { refresh?: boolean | 'wait_for' }): Promise<boolean>;
  refresh(index: string): Promise<void>;
  health(): Promise<z.infer<typeof HealthResponse>>;
  close(): Promise<void>;
}

/**
 * Reads go through an alias that exists only once a monthly index does; until then searching it
 * must give an empty result, not an error (`ignore_unavailable`).
 */
const READ_FLAGS = { ignore_unavailable: true, allow_no_indices: true } as const;

/** How often a document call waits for an unassigned shard before giving up (about 5 s of backoff in all). */
const SHARD_WAIT_TRIES = 8;

export function createEngineClient(transport: EngineTransport): EngineClient {
  async function send(request: EngineRequest): Promise<EngineResponse> {
    try {
      return await transport.send(request);
    } catch (err) {
      throw toEngineError(err);
    }
  }
  /**
   * A document read or write on an index whose primary shard is not assigned yet (just created by
   * another replica, or recovering) answers 503 no_shard_available: wait for the index and retry,
   * a few times with backoff. TRICKY: the health wait alone was seen to return before the shard could
   * serve a GET (node log: the GET failed, health returned, the GET failed again 19 ms later).
   */
  async function sendToShard(index: string, request: EngineRequest): Promise<EngineResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(request);
      } catch (err) {
        const unassigned = err instanceof EngineError && err.status === 503 && /no_shard_available/.test(err.message);
        if (!unassigned || attempt >= SHARD_WAIT_TRIES) throw err;
        await send({ method: 'GET', path: `/_cluster/health/${enc(index)}`, querystring: { wait_for_status: 'yellow', timeout: '5s' } });
        await delay(backoffMs(attempt, 50, 1_000));
      }
    }
  }
  return {
    kind: transport.kind,
    node: transport.node,
    async putComponentTemplate(name, body) {
      await send({ method: 'PUT', path: `/_component_template/${enc(name)}`, body });
    },
    async putIndexTemplate(name, body) {
      await send({ method: 'PUT', path: `/_index_template/${enc(name)}`, body });
    },
    async deleteIndexTemplate(name) {
      await send({ method: 'DELETE', path: `/_index_template/${enc(name)}`, ignore: [404] });
    },
    async deleteComponentTemplate(name) {
      await send({ method: 'DELETE', path: `/_component_template/${enc(name)}`, ignore: [404] });
    },
    async createIndex(index, body) {
      await send({ method: 'PUT', path: `/${enc(index)}`, body: body ?? {} });
    },
    async deleteIndices(pattern) {
      await send({ method: 'DELETE', path: `/${pattern}`, querystring: { expand_wildcards: 'all' }, ignore: [404] });
    },
    async putSettings(index, settings) {
      await send({ method: 'PUT', path: `/${enc(index)}/_settings`, body: settings });
    },
    async putMapping(index, mapping) {
      await send({ method: 'PUT', path: `/${enc(index)}/_mapping`, body: mapping, querystring: READ_FLAGS, ignore: [404] });
    },
    async aliasIndices(alias) {
      const res = await send({ method: 'GET', path: `/_alias/${enc(alias)}`, ignore: [404] });
      if (res.status === 404) return [];
      return Object.keys(parse(AliasResponse, res.body, '_alias')).sort();
    },
    async bulk(lines, options = {}) {
      const querystring: Record<string, string> = {};
      if (options.refresh !== undefined) querystring.refresh = String(options.refresh);
      const res = await send({ method: 'POST', path: '/_bulk', ndjson: lines, querystring });
      const body = parse(BulkResponse, res.body, '_bulk');
      return { items: body.items.map((item) => Object.values(item)[0]!), tookMs: body.took ?? null };
    },
    async search(index, body) {
      const res = await send({ method: 'POST', path: `/${enc(index)}/_search`, body, querystring: READ_FLAGS });
      const parsed = parse(SearchResponse, res.body, '_search');
      const total = parsed.hits.total;
      return {
        total: typeof total === 'number' ? total : (total?.value ?? 0),
        hits: parsed.hits.hits,
        aggregations: parsed.aggregations ?? {},
        tookMs: parsed.took ?? null,
      };
    },
    async count(index, query) {
      const res = await send({ method: 'POST', path: `/${enc(index)}/_count`, body: { query }, querystring: READ_FLAGS });
      return parse(CountResponse, res.body, '_count').count;
    },
    async deleteByQuery(index, query, options = {}) {
      const res = await send({
        method: 'POST',
        path: `/${enc(index)}/_delete_by_query`,
        body: { query },
        // A post re-upserted while the delete runs must not abort the whole retention pass.
        querystring: { ...READ_FLAGS, conflicts: 'proceed', refresh: options.refresh ?? false },
      });
      return parse(DeleteByQueryResponse, res.body, '_delete_by_query').deleted;
    },
    async ensureIndex(index, body) {
      const res = await send({ method: 'PUT', path: `/${enc(index)}`, body, ignore: [400] });
      if (res.status === 400 && !/resource_already_exists/.test(describeEngineBody(res.body) ?? '')) {
        throw new EngineError(`HTTP 400: ${describeEngineBody(res.body) ?? 'indeks tidak dapat dibuat'}`, 400, false);
      }
      // TRICKY: "already exists" can come while another replica's create still waits for its
      // primary shard; a read then would get 503 no_shard_available. Wait until it is assigned.
      await send({ method: 'GET', path: `/_cluster/health/${enc(index)}`, querystring: { wait_for_status: 'yellow', timeout: '30s' } });
    },
    async getDocument(index, id) {
      const res = await sendToShard(index, { method: 'GET', path: `/${enc(index)}/_doc/${enc(id)}`, ignore: [404] });
      // 404 is both "no such document" and "no such index yet": either way there is nothing.
      if (res.status === 404) return null;
      const doc = parse(GetResponse, res.body, '_doc');
      if (!doc.found || !doc._source || doc._seq_no === undefined || doc._primary_term === undefined) return null;
      return { id: doc._id, source: doc._source, seqNo: doc._seq_no, primaryTerm: doc._primary_term };
    },
    async putDocument(index, id, source, options = {}) {
      const querystring: Record<string, string | number> = {};
      if (options.create) querystring.op_type = 'create';
      if (options.ifMatch) Object.assign(querystring, { if_seq_no: options.ifMatch.seqNo, if_primary_term: options.ifMatch.primaryTerm });
      if (options.refresh !== undefined) querystring.refresh = String(options.refresh);
      const res = await sendToShard(index, { method: 'PUT', path: `/${enc(index)}/_doc/${enc(id)}`, body: source, querystring, ignore: [409] });
      if (res.status === 409) return { written: false };
      const body = parse(WriteResponse, res.body, '_doc');
      return { written: true, version: body._version, seqNo: body._seq_no, primaryTerm: body._primary_term };
    },
    async deleteDocument(index, id, options = {}) {
      const querystring = options.refresh !== undefined ? { refresh: String(options.refresh) } : undefined;
      const res = await sendToShard(index, { method: 'DELETE', path: `/${enc(index)}/_doc/${enc(id)}`, ignore: [404], ...(querystring ? { querystring } : {}) });
      return res.status !== 404 && parse(DeleteResponse, res.body, '_doc').result === 'deleted';
    },
    async refresh(index) {
      await send({ method: 'POST', path: `/${enc(index)}/_refresh`, querystring: READ_FLAGS });
    },
    async health() {
      const res = await send({ method: 'GET', path: '/_cluster/health' });
      return parse(HealthResponse, res.body, '_cluster/health');
    },
    close: () => transport.close(),
  };
}

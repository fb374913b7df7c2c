import { backoffMs, delay } from '../../../lib/backoff';
import { DependencyUnavailableError } from '../../../lib/errors';
import type { Config } from '../../../lib/config';
import type { EngineClient, SearchHit } from '../../../lib/store/search-engine/engine-client';

/**
 * Distributed mode keeps control-plane records in the search engine (as Kibana keeps its saved
 * objects), one index per record kind, so any api/alerter/reporter replica can serve them. Shared
 * here by every search-engine control store: index naming and creation, optimistic-concurrency
 * retries and exhaustive paging.
 */
export const TERMS_CHUNK = 1_000;
/** The engine's default `index.max_result_window`: one page never asks for more. */
export const MAX_PAGE = 10_000;

/**
 * TRICKY: the posts' index template matches `<indexPrefix>-*`, so `<indexPrefix>-control-…` would
 * be created with the post mappings and join the posts' read alias. Config prefixes never hold a
 * dot, so `<indexPrefix>.control` is matched by no deployment's post template.
 */
export function controlPrefix(config: Pick<Config, 'search'>): string {
  return `${config.search.indexPrefix}.control`;
}

export interface ControlIndex {
  readonly name: string;
  /** Creates the index on first use (idempotent across replicas); retried after a failure. */
  ready(): Promise<void>;
}

/** `<prefix>-<kind>` with a strict mapping: a field we forgot to map is an error, not a guess. */
export function controlIndex(client: EngineClient, prefix: string, kind: string, properties: Record<string, unknown>): ControlIndex {
  const name = `${prefix}-${kind}`;
  let ready: Promise<void> | null = null;
  const body = {
    // Small, read-mostly indices: one shard, one replica once a second node exists.
    settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
    mappings: { dynamic: 'strict', properties },
  };
  return {
    name,
    ready: () =>
      (ready ??= client.ensureIndex(name, body).catch((err: unknown) => {
        ready = null; // the engine may just have been unreachable
        throw err;
      })),
  };
}

/** Field types the control stores map. `blob` keeps a JSON object in _source without indexing it. */
export const field = {
  keyword: { type: 'keyword' },
  date: { type: 'date' },
  long: { type: 'long' },
  boolean: { type: 'boolean' },
  text: { type: 'keyword', index: false, doc_values: false },
  blob: { type: 'object', enabled: false },
} as const;

/** What `attempt` returns when its conditional write lost to another replica. */
export const CONFLICT = Symbol('conflict');

/**
 * Read-modify-write under optimistic concurrency (`if_seq_no`/`if_primary_term`): each attempt
 * reads afresh, so a lost race is simply done again on the newer version.
 */
export async function retryOnConflict<T>(what: string, attempt: () => Promise<T | typeof CONFLICT>, tries = 20): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
    // Jittered and capped: replicas that collided do not retry in lockstep and hammer the engine.
    await delay(backoffMs(i, 5, 200));
  }
  throw new DependencyUnavailableError(`${what}: terus bentrok dengan replika lain setelah ${tries} percobaan`);
}

/**
 * Every hit of a query, page by page with `search_after` (exact, unlike an aggregation estimate).
 * `sort` must end in a unique field so pages never overlap.
 */
export async function searchAll(client: EngineClient, index: string, body: { query: unknown; sort: unknown[]; _source?: unknown }): Promise<SearchHit[]> {
  const out: SearchHit[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const page = await client.search(index, { ...body, size: MAX_PAGE, ...(after ? { search_after: after } : {}) });
    out.push(...page.hits);
    after = page.hits.at(-1)?.sort;
    if (page.hits.length < MAX_PAGE || !after) return out;
  }
}

/**
 * A replica-safe counter for append-only records that are read back in order (labels, audit).
 * Every write of the same document raises its `_version` by exactly one, atomically on the primary
 * shard, so the version is the next number — no read, no retry.
 * NOTE: numbers are handed out in order but written a moment later; a reader that resumes after N
 * may briefly miss N-1 still in flight. Readers re-read from an older point if that matters.
 */
export function controlSequence(client: EngineClient, prefix: string, name: string): () => Promise<number> {
  const index = controlIndex(client, prefix, 'sequences', {});
  return async () => {
    await index.ready();
    const outcome = await client.putDocument(index.name, name, {});
    if (!outcome.written) throw new DependencyUnavailableError(`urutan ${name} tidak dapat dinaikkan`);
    return outcome.version;
  };
}

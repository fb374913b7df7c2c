import { DeadLetter, SourceCheckpoint, StoredDictionary } from '../../schemas';
import { DependencyUnavailableError } from '../errors';
import type { EngineClient } from '../store/search-engine/engine-client';
import type { StateStore } from './state-store';

/**
 * Distributed mode keeps control-plane state in the search engine (as Kibana keeps its saved
 * objects), so a collector can be restarted or moved to another host and find its checkpoints.
 * Writes wait for a refresh: a checkpoint read right after it was saved must see it.
 */
export function createSearchEngineStateStore(client: EngineClient, prefix = 'dengar-state'): StateStore {
  const checkpoints = `${prefix}-checkpoints`;
  const deadLetters = `${prefix}-dead-letters`;
  const dictionaries = `${prefix}-dictionaries`;
  let ready: Promise<void> | null = null;

  // Documents are kept whole in _source; only what we sort or filter on is mapped.
  const ensureIndices = () =>
    (ready ??= Promise.all([
      createIfMissing(checkpoints, { mappings: { dynamic: false, properties: { updatedAt: { type: 'date' } } } }),
      createIfMissing(deadLetters, { mappings: { dynamic: false, properties: { at: { type: 'date' }, errorCode: { type: 'keyword' } } } }),
      createIfMissing(dictionaries, { mappings: { dynamic: false, properties: { updatedAt: { type: 'date' } } } }),
    ]).then(
      () => undefined,
      (err: unknown) => {
        ready = null; // try again on the next call: the engine may just have been unreachable
        throw err;
      },
    ));

  async function createIfMissing(index: string, body: unknown): Promise<void> {
    try {
      await client.createIndex(index, body);
    } catch (err) {
      // Another replica (or an earlier run) created it first: that is the state we want.
      if (!/resource_already_exists/.test(String((err as Error).message))) throw err;
    }
  }

  async function write(lines: unknown[]): Promise<void> {
    const { items } = await client.bulk(lines, { refresh: 'wait_for' });
    const failed = items.find((i) => i.status >= 300);
    if (failed) throw new DependencyUnavailableError(`status tidak tersimpan: ${failed.error?.reason ?? failed.status}`);
  }

  /** One document by id (`_source`), undefined when there is none. */
  async function getById(index: string, id: string): Promise<Record<string, unknown> | undefined> {
    await ensureIndices();
    const result = await client.search(index, { size: 1, query: { ids: { values: [id] } } });
    return result.hits[0]?._source;
  }

  return {
    async getCheckpoint(sourceId) {
      const source = await getById(checkpoints, sourceId);
      return source ? SourceCheckpoint.parse({ ...source, cursor: JSON.parse(String(source.cursor)) }) : null;
    },
    async saveCheckpoint(checkpoint) {
      await ensureIndices();
      const cp = SourceCheckpoint.parse(checkpoint);
      await write([{ index: { _index: checkpoints, _id: cp.sourceId } }, { ...cp, cursor: JSON.stringify(cp.cursor) }]);
    },
    async recordDeadLetters(letters) {
      await ensureIndices();
      const lines = letters.flatMap((l) => [{ index: { _index: deadLetters } }, DeadLetter.parse(l)]);
      if (lines.length) await write(lines);
    },
    async listDeadLetters(limit) {
      await ensureIndices();
      const result = await client.search(deadLetters, { size: limit, sort: [{ at: 'desc' }] });
      return result.hits.map((h) => DeadLetter.parse(h._source));
    },
    async countDeadLetters() {
      await ensureIndices();
      return client.count(deadLetters, { match_all: {} });
    },
    async getDictionary(kind) {
      const source = await getById(dictionaries, kind);
      // The content travels as one JSON string, as the checkpoint cursor does: the engine never maps it.
      return source ? StoredDictionary.parse({ ...source, data: JSON.parse(String(source.data)) }) : null;
    },
    async putDictionary(dictionary) {
      await ensureIndices();
      const stored = StoredDictionary.parse(dictionary);
      await write([{ index: { _index: dictionaries, _id: stored.kind } }, { ...stored, data: JSON.stringify(stored.data) }]);
    },
    async deleteDictionary(kind) {
      await ensureIndices();
      await client.deleteByQuery(dictionaries, { ids: { values: [kind] } }, { refresh: true });
    },
    async close() {
      // The client belongs to whoever created it.
    },
  };
}

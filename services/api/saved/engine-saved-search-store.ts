import { randomUUID } from 'node:crypto';
import type { EngineClient } from '../../../lib/store/search-engine/engine-client';
import { controlIndex, field, MAX_PAGE } from '../control/engine-control';
import { SavedSearch, type SavedSearchStore } from './saved-search-store';

/** Saved searches in the search engine (distributed mode), private to the user who saved them. */
export function createEngineSavedSearchStore(client: EngineClient, prefix: string, now: () => Date = () => new Date()): SavedSearchStore {
  const saved = controlIndex(client, prefix, 'saved-searches', { id: field.keyword, userId: field.keyword, name: field.keyword, params: field.blob, createdAt: field.date });
  const toSaved = (source: Record<string, unknown> | undefined): SavedSearch => SavedSearch.parse(source);

  return {
    async list(userId) {
      await saved.ready();
      const result = await client.search(saved.name, { size: MAX_PAGE, query: { term: { userId } }, sort: [{ createdAt: 'desc' }, { id: 'asc' }] });
      return result.hits.map((h) => toSaved(h._source));
    },
    async create(userId, name, params) {
      await saved.ready();
      const search: SavedSearch = { id: randomUUID(), name, params, createdAt: now().toISOString() };
      // wait_for: the list the user sees next already holds it.
      await client.putDocument(saved.name, search.id, { ...search, userId }, { create: true, refresh: 'wait_for' });
      return toSaved(search);
    },
    async remove(userId, id) {
      await saved.ready();
      // Only the owner's own: a query on both, so no read-then-delete race.
      return (await client.deleteByQuery(saved.name, { bool: { filter: [{ ids: { values: [id] } }, { term: { userId } }] } }, { refresh: true })) > 0;
    },
  };
}

/**
 * The search-engine StateStore keeps the dictionaries an admin edits (distributed mode: no state
 * only on one service's disk), against the real OpenSearch node infra/ starts. Two clients stand
 * for two services: what the api writes, an enricher reads at once and installs.
 */
import { installDictionary } from '../../lib/domain/dictionaries';
import { dictionaryVersion, shippedDictionary } from '../../lib/domain/dictionary-files';
import { applyStoredDictionaries } from '../../lib/domain/dictionary-sync';
import { matchTopics } from '../../lib/domain/topics';
import { createSearchEngineStateStore } from '../../lib/state/search-engine-state-store';
import { createOpenSearchClient } from '../../lib/store/opensearch';
import type { EngineClient } from '../../lib/store/search-engine';
import type { StoredDictionary } from '../../schemas';
import { ensureOpenSearch, uniqueIndexPrefix } from './support/opensearch-setup';
import { stopOpenSearchIfStarted } from './support/opensearch-teardown';

const SETUP_TIMEOUT_MS = 300_000;
let apiClient: EngineClient;
let enricherClient: EngineClient;
let prefix: string;

beforeAll(async () => {
  const url = await ensureOpenSearch();
  apiClient = createOpenSearchClient({ node: url });
  enricherClient = createOpenSearchClient({ node: url });
  prefix = uniqueIndexPrefix('dict-state');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await apiClient.deleteIndices(`${prefix}-*`);
  await apiClient.close();
  await enricherClient.close();
  installDictionary('topics', shippedDictionary('topics'));
  await stopOpenSearchIfStarted();
});

test('a dictionary stored by one service is read, installed and reset by another', async () => {
  const api = createSearchEngineStateStore(apiClient, `${prefix}-state`);
  const enricher = createSearchEngineStateStore(enricherClient, `${prefix}-state`);
  expect(await enricher.getDictionary('topics')).toBeNull();
  expect(await applyStoredDictionaries(enricher)).toEqual([]);

  const data = structuredClone(shippedDictionary('topics').data);
  data.topics.push({ id: 'tambang_ilegal', label: 'Tambang ilegal', keywords: ['tambang ilegal', 'penambangan liar*'] });
  const stored: StoredDictionary = { kind: 'topics', version: dictionaryVersion(data), data, updatedBy: 'admin', updatedAt: '2026-11-28T03:00:00.000Z' };
  await api.putDictionary(stored);

  // Writes wait for a refresh: the other service sees the edit on its very next read.
  expect(await enricher.getDictionary('topics')).toEqual(stored);
  expect(await enricher.getDictionary('regions')).toBeNull();
  expect(await applyStoredDictionaries(enricher)).toEqual(['topics']);
  expect(matchTopics('Penambangan liar di hulu sungai')).toEqual(['tambang_ilegal']);

  // A second edit replaces the first (one document per kind), then a reset removes it.
  const next = { ...stored, version: dictionaryVersion(shippedDictionary('topics').data), data: shippedDictionary('topics').data, updatedBy: 'admin2' };
  await api.putDictionary(next);
  expect(await enricher.getDictionary('topics')).toEqual(next);
  await api.deleteDictionary('topics');
  expect(await enricher.getDictionary('topics')).toBeNull();
  expect(await applyStoredDictionaries(enricher)).toEqual(['topics']);
  expect(matchTopics('Penambangan liar di hulu sungai')).toEqual([]);
});

import { createSearchEngineStore, type SearchEngineStore, type SearchEngineStoreOptions } from '../search-engine';
import { createElasticsearchClient, type ElasticsearchClientOptions } from './elasticsearch-client';

export type ElasticsearchPostStoreOptions = ElasticsearchClientOptions & Omit<SearchEngineStoreOptions, 'client'>;

/** The PostStore on Elasticsearch (8/9): the shared search-engine core over the Elastic client. */
export function createElasticsearchPostStore(options: ElasticsearchPostStoreOptions): SearchEngineStore {
  const { node, auth, requestTimeoutMs, clientOptions, ...store } = options;
  const client = createElasticsearchClient({ node, ...(auth ? { auth } : {}), ...(requestTimeoutMs ? { requestTimeoutMs } : {}), ...(clientOptions ? { clientOptions } : {}) });
  return createSearchEngineStore({ ...store, client });
}

export { createElasticsearchClient, type ElasticsearchClientOptions };

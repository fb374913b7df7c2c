import { createSearchEngineStore, type SearchEngineStore, type SearchEngineStoreOptions } from '../search-engine';
import { createOpenSearchClient, type OpenSearchClientOptions } from './opensearch-client';

export type OpenSearchPostStoreOptions = OpenSearchClientOptions & Omit<SearchEngineStoreOptions, 'client'>;

/** The PostStore on OpenSearch (2.x): the shared search-engine core over the OpenSearch client. */
export function createOpenSearchPostStore(options: OpenSearchPostStoreOptions): SearchEngineStore {
  const { node, auth, requestTimeoutMs, clientOptions, ...store } = options;
  const client = createOpenSearchClient({ node, ...(auth ? { auth } : {}), ...(requestTimeoutMs ? { requestTimeoutMs } : {}), ...(clientOptions ? { clientOptions } : {}) });
  return createSearchEngineStore({ ...store, client });
}

export { createOpenSearchClient, type OpenSearchClientOptions };

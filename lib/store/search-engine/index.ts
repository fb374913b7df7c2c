/** The PostStore core shared by OpenSearch and Elasticsearch: templates, query compiler, aggregations, bulk. */
export {
  createSearchEngineStore,
  FACET_SIZE,
  MAX_HISTOGRAM_BUCKETS,
  type SearchEngineStore,
  type SearchEngineStoreOptions,
} from './search-engine-store';
export {
  createEngineClient,
  toEngineError,
  EngineError,
  type EngineClient,
  type EngineKind,
  type EngineRequest,
  type EngineResponse,
  type EngineTransport,
} from './engine-client';
export { compileScope, compileNode, compileFilters, exactTokens, foldToken, type CompileOptions, type Dsl } from './compile';
export { DEFAULT_BULK_OPTIONS, type BulkOptions } from './bulk';
export { toDoc, fromSource, type EngineDoc } from './document';
export { indexTemplate, mappingsComponent, monthlyIndex, settingsComponent, templateNames, EXACT_ANALYZER } from './template';

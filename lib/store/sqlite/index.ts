/** The embedded SQLite PostStore and its query compiler. */
export { createSqlitePostStore, FACET_SIZE, MAX_HISTOGRAM_BUCKETS, type SqlitePostStoreOptions } from './sqlite-post-store';
export { compileScope, scopeWhere, toFts, ftsString, type CompiledScope, type SqlParam } from './compile';
export { engagementTotal, authorKey } from './row';
export { SCHEMA_VERSION } from './schema';

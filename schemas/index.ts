export * from './common';
export * from './raw-post';
export * from './enriched-post';
export * from './dead-letter';
export * from './checkpoint';
export * from './query';
export * from './search-result';
export * from './topics';

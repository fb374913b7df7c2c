import path from 'node:path';
import type { Bus } from './bus/bus';
import { createKafkaBus } from './bus/kafka';
import { createMemoryBus } from './bus/memory/memory-bus';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Service } from './service';
import { ShutdownRegistry } from './shutdown';
import { createSearchEngineStateStore } from './state/search-engine-state-store';
import { createSqliteStateStore } from './state/sqlite-state-store';
import type { StateStore } from './state/state-store';
import { createElasticsearchClient } from './store/elasticsearch';
import { createOpenSearchClient } from './store/opensearch';
import type { PostStore } from './store/post-store';
import { createSearchEngineStore } from './store/search-engine';
import type { EngineClient } from './store/search-engine/engine-client';
import { createSqlitePostStore } from './store/sqlite';
import { createEnricherService } from '../services/enricher/app';
import { createDictionarySync, type DictionarySync } from './domain/dictionary-sync';
import { createEnrichment } from '../services/enricher/enrich';
import { createIndexerService } from '../services/indexer/app';
import { createDeadLetterRecorder } from '../services/indexer/dead-letter-recorder';
import { createRetentionJob } from '../services/indexer/retention';

/**
 * The one place that knows modes: which bus and which store the config asks for, and the wiring
 * of the pipeline's consumers. `dengar run`, `dengar import` and `dengar service` all come here.
 */
export function sqliteFile(config: Config): string {
  return path.resolve(config.data.dir, 'dengar.db');
}

export async function createBus(config: Config, logger: Logger): Promise<Bus> {
  const log = logger.child({ component: 'bus' });
  if (config.mode.bus === 'kafka') {
    return createKafkaBus({
      brokers: [...config.kafka.brokers],
      clientId: config.kafka.clientId,
      topicPrefix: config.bus.topicPrefix,
      partitions: config.kafka.partitions,
      replicationFactor: config.kafka.replicationFactor,
      sessionTimeoutMs: config.kafka.sessionTimeoutMs,
      maxBatchSize: config.bus.maxBatchSize,
      logger: log,
    });
  }
  return createMemoryBus({ topicPrefix: config.bus.topicPrefix, queueSize: config.bus.queueSize, maxBatchSize: config.bus.maxBatchSize, logger: log });
}

export function engineClient(config: Pick<Config, 'mode' | 'search'>): EngineClient {
  const { username, password, apiKey } = config.search;
  if (config.mode.store === 'elasticsearch') {
    const auth = apiKey ? { apiKey } : username && password ? { username, password } : undefined;
    return createElasticsearchClient({ node: config.search.elasticsearchUrl!, ...(auth ? { auth } : {}) });
  }
  const auth = username && password ? { username, password } : undefined;
  return createOpenSearchClient({ node: config.search.opensearchUrl!, ...(auth ? { auth } : {}) });
}

export interface Stores {
  store: PostStore;
  state: StateStore;
}

/** The post store and the control-plane state, side by side in the same engine. */
export function openStores(config: Config): Stores {
  if (config.mode.store === 'sqlite') {
    return { store: createSqlitePostStore({ file: sqliteFile(config) }), state: createSqliteStateStore(sqliteFile(config)) };
  }
  const client = engineClient(config);
  return {
    store: createSearchEngineStore({ client, indexPrefix: config.search.indexPrefix, stemming: config.search.stemming }),
    // NOTE: a dot, not a dash: `<prefix>-*` is the posts' index template, which would give these
    // indices the posts' mapping and alias (config prefixes cannot contain a dot).
    state: createSearchEngineStateStore(client, `${config.search.indexPrefix}.state`),
  };
}

/** Only the post store (CLI search, the api service). */
export function createPostStore(config: Config): PostStore {
  return config.mode.store === 'sqlite' ? createSqlitePostStore({ file: sqliteFile(config) }) : openStores(config).store;
}

/**
 * Consumer groups carry the topic prefix, so two deployments on one broker (say `dengar.` and
 * `uji.`) never share a group: `dengar.enricher`, `dengar.indexer`.
 */
export function groupId(config: Config, service: 'enricher' | 'indexer'): string {
  return `${config.bus.topicPrefix}${service}`;
}

export interface Runtime extends Stores {
  bus: Bus;
  /** The topic/region/official dictionaries in force, kept in step with the state store. */
  dictionaries: DictionarySync;
  /** The services started, in start order. */
  services: Service[];
  shutdown: ShutdownRegistry;
}

export type PipelineRole = 'enricher' | 'indexer';

/**
 * Open stores and bus, then start the consumers asked for (default: both, plus the embedded
 * dead-letter recorder). Downstream first: a subscriber must exist before anything publishes to
 * its topic, and the reverse order at shutdown stops upstream consumers while downstream ones
 * still acknowledge. The bus closes after its consumers, the stores last.
 */
export async function startRuntime(config: Config, logger: Logger, roles: PipelineRole[] = ['enricher', 'indexer']): Promise<Runtime> {
  const shutdown = new ShutdownRegistry(logger);
  const { store, state } = openStores(config);
  shutdown.register('store', () => store.close());
  shutdown.register('state', () => state.close());
  try {
    const bus = await createBus(config, logger);
    shutdown.register('bus', () => bus.close());
    // NOTE: first in the list, so stored dictionary edits are installed before any consumer tags a post.
    const dictionaries = createDictionarySync({ state, logger, pollMs: config.data.dictionaryPollSeconds * 1000 });
    const services: Service[] = [dictionaries];
    if (bus.kind === 'memory') services.push(createDeadLetterRecorder({ bus, state, logger }));
    if (roles.includes('indexer')) {
      services.push(createIndexerService({ bus, store, logger, groupId: groupId(config, 'indexer'), maxBatchSize: config.bus.maxBatchSize }));
      // The process that writes posts also ages them out.
      if (config.retention.days > 0) {
        services.push(createRetentionJob({ store, logger, days: config.retention.days, schedule: config.retention.schedule }));
      }
    }
    if (roles.includes('enricher')) {
      services.push(createEnricherService({ bus, logger, groupId: groupId(config, 'enricher'), enrich: createEnrichment({}), maxBatchSize: config.bus.maxBatchSize }));
    }
    for (const service of services) {
      await service.start();
      shutdown.register(service.name, () => service.stop());
    }
    return { bus, store, state, dictionaries, services, shutdown };
  } catch (err) {
    await shutdown.shutdown('start_failed');
    throw err;
  }
}

import path from 'node:path';
import type { Bus } from './bus/bus';
import { createMemoryBus } from './bus/memory/memory-bus';
import type { Config } from './config';
import { ConfigError } from './config';
import type { Logger } from './logger';
import type { Service } from './service';
import { ShutdownRegistry } from './shutdown';
import type { StateStore } from './state/state-store';
import { createSqliteStateStore } from './state/sqlite-state-store';
import type { PostStore } from './store/post-store';
import { createSqlitePostStore } from './store/sqlite';
import { createEnrichment } from '../services/enricher/enrich';
import { createEnricherService } from '../services/enricher/app';
import { createIndexerService } from '../services/indexer/app';
import { createDeadLetterRecorder } from '../services/indexer/dead-letter-recorder';

/**
 * Wiring shared by `dengar run`, `dengar import` and `dengar service`: which bus and which store the
 * config asks for, and the consumer services of the pipeline. The one place that knows modes.
 */
export function sqliteFile(config: Config): string {
  return path.resolve(config.data.dir, 'dengar.db');
}

export function createBus(config: Config, logger: Logger): Bus {
  if (config.mode.bus === 'memory') {
    return createMemoryBus({
      topicPrefix: config.bus.topicPrefix,
      queueSize: config.bus.queueSize,
      maxBatchSize: config.bus.maxBatchSize,
      logger: logger.child({ component: 'bus' }),
    });
  }
  throw new ConfigError(`DENGAR_BUS: bus "${config.mode.bus}" belum tersedia di versi ini`);
}

export function createPostStore(config: Config): PostStore {
  if (config.mode.store === 'sqlite') return createSqlitePostStore({ file: sqliteFile(config) });
  throw new ConfigError(`DENGAR_STORE: penyimpanan "${config.mode.store}" belum tersedia di versi ini`);
}

export function createStateStore(config: Config): StateStore {
  return createSqliteStateStore(sqliteFile(config));
}

export interface Pipeline {
  bus: Bus;
  store: PostStore;
  state: StateStore;
  /** The consumer services started, in start order. */
  services: Service[];
  shutdown: ShutdownRegistry;
}

/**
 * Open the store, state and bus and start the consumers (enricher, indexer and, in embedded mode,
 * the dead-letter recorder). Shutdown runs in reverse: consumers drain before the bus closes and
 * the bus before the store.
 */
export async function startPipeline(config: Config, logger: Logger): Promise<Pipeline> {
  const shutdown = new ShutdownRegistry(logger);
  const store = createPostStore(config);
  shutdown.register('store', () => store.close());
  const state = createStateStore(config);
  shutdown.register('state', () => state.close());
  const bus = createBus(config, logger);
  shutdown.register('bus', () => bus.close());

  // Downstream first: a subscriber must exist before anything publishes to its topic, and the
  // reverse order at shutdown stops upstream consumers while downstream ones still acknowledge.
  const services: Service[] = [];
  if (bus.kind === 'memory') services.push(createDeadLetterRecorder({ bus, state, logger }));
  services.push(
    createIndexerService({ bus, store, logger, maxBatchSize: config.bus.maxBatchSize }),
    createEnricherService({ bus, logger, enrich: createEnrichment({}), maxBatchSize: config.bus.maxBatchSize }),
  );
  for (const service of services) {
    await service.start();
    shutdown.register(service.name, () => service.stop());
  }
  return { bus, store, state, services, shutdown };
}

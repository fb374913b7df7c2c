import type { FastifyInstance } from 'fastify';
import { buildApi } from '../services/api/app';
import { createCollector, type Collector } from '../services/collector/app';
import { createAdapter, loadSourcesFile } from '../services/collector/sources';
import type { Config } from './config';
import type { Logger } from './logger';
import { startPipeline, type Pipeline } from './runtime';

export interface Embedded {
  pipeline: Pipeline;
  collector: Collector | null;
  api: FastifyInstance;
  /** The address the API listens on, e.g. http://127.0.0.1:8080. */
  address: string;
  stop(): Promise<void>;
}

/**
 * Everything in one process — what `dengar run` (and so `npm start`) starts: the pipeline, the
 * collectors on their schedule and the API. Tests start exactly this, with their own config.
 */
export async function startEmbedded(config: Config, logger: Logger): Promise<Embedded> {
  const pipeline = await startPipeline(config, logger);
  const services = [...pipeline.services];

  let collector: Collector | null = null;
  if (config.collector.enabled) {
    const sources = loadSourcesFile(config.collector.sourcesFile).sources.filter((s) => s.enabled);
    const http = { timeoutMs: config.collector.httpTimeoutMs, maxBytes: config.collector.maxResponseBytes, userAgent: config.collector.userAgent };
    collector = createCollector({
      adapters: sources.map((s) => createAdapter(s, { http })),
      bus: pipeline.bus,
      state: pipeline.state,
      logger,
      schedule: config.collector.schedule,
      pollOnStart: config.collector.pollOnStart,
    });
    const c = collector;
    await c.start();
    pipeline.shutdown.register('collector', () => c.stop());
    services.push(c);
  }

  const api = buildApi({ store: pipeline.store, logger, services });
  pipeline.shutdown.register('api', () => api.close());
  const address = await api.listen({ port: config.http.port, host: config.http.host });
  logger.info({ address, store: config.mode.store, bus: config.mode.bus, dataDir: config.data.dir }, 'dengar_started');
  return { pipeline, collector, api, address, stop: () => pipeline.shutdown.shutdown('stop') };
}

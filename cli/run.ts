import { createCollector } from '../services/collector/app';
import { createAdapter, loadSourcesFile } from '../services/collector/sources';
import { buildApi } from '../services/api/app';
import { startPipeline } from '../lib/runtime';
import { trapSignals } from '../lib/shutdown';
import { commandContext } from './context';

/** `dengar run`: the whole pipeline and the API in one process, embedded defaults. */
export async function runCommand(opts: { port?: string }): Promise<void> {
  const { config, logger } = commandContext(opts.port ? { http: { port: Number(opts.port) } } : {});
  const pipeline = await startPipeline(config, logger);
  trapSignals(pipeline.shutdown);

  const services = [...pipeline.services];
  if (config.collector.enabled) {
    const sources = loadSourcesFile(config.collector.sourcesFile).sources.filter((s) => s.enabled);
    const http = { timeoutMs: config.collector.httpTimeoutMs, maxBytes: config.collector.maxResponseBytes, userAgent: config.collector.userAgent };
    const collector = createCollector({
      adapters: sources.map((s) => createAdapter(s, { http })),
      bus: pipeline.bus,
      state: pipeline.state,
      logger,
      schedule: config.collector.schedule,
      pollOnStart: config.collector.pollOnStart,
    });
    await collector.start();
    pipeline.shutdown.register('collector', () => collector.stop());
    services.push(collector);
  }

  const api = buildApi({ store: pipeline.store, logger, services });
  pipeline.shutdown.register('api', () => api.close());
  const address = await api.listen({ port: config.http.port, host: config.http.host });
  logger.info({ address, store: config.mode.store, bus: config.mode.bus, dataDir: config.data.dir }, 'dengar_started');
  process.stderr.write(`Dengar berjalan di ${address.replace('127.0.0.1', 'localhost')} (data: ${config.data.dir})\n`);
}

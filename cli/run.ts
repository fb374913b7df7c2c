import { startEmbedded } from '../lib/embedded';
import { trapSignals } from '../lib/shutdown';
import { commandContext } from './context';

/** `dengar run`: the whole pipeline and the API in one process, embedded defaults. */
export async function runCommand(opts: { port?: string }): Promise<void> {
  const { config, logger, env } = commandContext(opts.port ? { http: { port: Number(opts.port) } } : {});
  const embedded = await startEmbedded(config, logger, env);
  trapSignals(embedded.runtime.shutdown);
  process.stderr.write(`Dengar berjalan di ${embedded.address.replace('127.0.0.1', 'localhost')} (data: ${config.data.dir})\n`);
}

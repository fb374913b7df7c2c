import { SERVICE_NAMES, startService, type ServiceName } from '../lib/embedded';
import { trapSignals } from '../lib/shutdown';
import { commandContext } from './context';

/** `dengar service <name>`: one service per process (distributed mode: DENGAR_BUS=kafka). */
export async function serviceCommand(name: string, opts: { port?: string }): Promise<void> {
  if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`layanan "${name}" tidak dikenal; pilih salah satu: ${SERVICE_NAMES.join(', ')}`);
  }
  const { config, logger, env } = commandContext(opts.port ? { http: { port: Number(opts.port) } } : {});
  const running = await startService(name as ServiceName, config, logger.child({ process: name }), env);
  trapSignals(running.runtime.shutdown);
  process.stderr.write(`Dengar ${name} berjalan (${config.mode.bus}/${config.mode.store}), kesehatan di ${running.address}/readyz\n`);
}

import { loadConfig, type Config, type ConfigInput } from '../lib/config';
import { createLogger, type Logger } from '../lib/logger';

/** Config and logger for a command. Commands that print results log to stderr, keeping stdout for data. */
export function commandContext(overrides: ConfigInput = {}, opts: { logToStderr?: boolean } = {}): { config: Readonly<Config>; logger: Logger } {
  const config = loadConfig(process.env, overrides);
  const logger = createLogger(config.log.level, opts.logToStderr ? process.stderr : undefined);
  return { config, logger };
}

import { loadConfig, type Config, type ConfigInput } from '../lib/config';
import { createLogger, type Logger } from '../lib/logger';

/** Config and logger for a command. Commands that print results log to stderr, keeping stdout for data. */
export function commandContext(
  overrides: ConfigInput = {},
  opts: { logToStderr?: boolean } = {},
): { config: Readonly<Config>; logger: Logger; env: NodeJS.ProcessEnv } {
  // A command people run by hand shows warnings only, unless LOG_LEVEL asks for more.
  const quiet = opts.logToStderr && !process.env.LOG_LEVEL ? { log: { level: 'warn' as const } } : {};
  const config = loadConfig(process.env, { ...quiet, ...overrides });
  const logger = createLogger(config.log.level, opts.logToStderr ? process.stderr : undefined);
  // `env` goes on only to what reads named credentials (collector adapters); nothing else reads it.
  return { config, logger, env: process.env };
}

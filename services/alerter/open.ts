import type { Config } from '../../lib/config';
import { sqliteFile } from '../../lib/runtime';
import type { AlertStore } from './alert-store';
import { alerterOptionsFromEnv, type AlerterOptionsInput } from './options';
import { createSqliteAlertStore } from './sqlite-alert-store';

/**
 * The alert store: the SQLite file of the process's data dir, in every mode.
 * NOTE: in distributed mode that is the api process's disk (like accounts and labels), so the
 * alerter runs inside the api process there, and one api replica is the rule; an AlertStore over
 * EngineClient (as lib/state/search-engine-state-store.ts) would lift that.
 */
export function openAlertStore(config: Config): AlertStore {
  return createSqliteAlertStore(sqliteFile(config));
}

/** The alerter's options from the interim env keys (DENGAR_ALERT_*, TELEGRAM_*, SMTP_*). */
export function alerterOptionsOf(env: NodeJS.ProcessEnv): AlerterOptionsInput {
  return alerterOptionsFromEnv(env);
}

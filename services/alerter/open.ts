import { engineClient, sqliteFile } from '../../lib/runtime';
import type { Config } from '../../lib/config';
import { controlPrefix } from '../api/control/engine-control';
import type { AlertStore } from './alert-store';
import { createEngineAlertStore } from './engine-alert-store';
import { alerterOptionsFromEnv, type AlerterOptionsInput } from './options';
import { createSqliteAlertStore } from './sqlite-alert-store';

/**
 * The alert store: the SQLite file of the process's data dir for DENGAR_STORE=sqlite, else the
 * search engine, so any alerter or api replica shares rules, events and deliveries.
 */
export function openAlertStore(config: Config): AlertStore {
  if (config.mode.store === 'sqlite') return createSqliteAlertStore(sqliteFile(config));
  const client = engineClient(config);
  // This store's client is its own: closing the store closes it.
  return { ...createEngineAlertStore(client, controlPrefix(config)), close: () => client.close() };
}

/** The alerter's options from the interim env keys (DENGAR_ALERT_*, TELEGRAM_*, SMTP_*). */
export function alerterOptionsOf(env: NodeJS.ProcessEnv): AlerterOptionsInput {
  return alerterOptionsFromEnv(env);
}

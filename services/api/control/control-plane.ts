import { engineClient, sqliteFile } from '../../../lib/runtime';
import { createEngineAccountStore } from '../accounts/engine-account-store';
import { createSqliteAccountStore } from '../accounts/sqlite-account-store';
import type { AccountStore } from '../accounts/account-store';
import { createSqliteInboxStore, type InboxStore } from '../inbox/inbox-store';
import { createSqliteLabelStore } from '../labels/sqlite-label-store';
import type { LabelStore } from '../labels/label-store';
import { createEngineInboxStore } from '../inbox/engine-inbox-store';
import { createEngineLabelStore } from '../labels/engine-label-store';
import { createEngineSavedSearchStore } from '../saved/engine-saved-search-store';
import { createSqliteSavedSearchStore, type SavedSearchStore } from '../saved/saved-search-store';
import type { Config } from '../../../lib/config';
import type { EngineClient } from '../../../lib/store/search-engine/engine-client';
import { controlPrefix } from './engine-control';
import { openControlDb } from './sqlite-db';

/**
 * The api's control-plane state, one store per concern. Embedded mode: the SQLite file beside the
 * posts (`sqliteFile(config)`). Distributed mode: every store in the search engine, so api replicas
 * share users, sessions and the rest and the api keeps nothing on its own disk but report files.
 */
export interface ControlPlane {
  accounts: AccountStore;
  labels: LabelStore;
  saved: SavedSearchStore;
  inbox: InboxStore;
  close(): Promise<void>;
}

export function openSqliteControlPlane(file: string, now: () => Date = () => new Date()): ControlPlane {
  const db = openControlDb(file);
  return {
    accounts: createSqliteAccountStore(db, now),
    labels: createSqliteLabelStore(db, now),
    saved: createSqliteSavedSearchStore(db, now),
    inbox: createSqliteInboxStore(db, now),
    async close() {
      if (db.open) db.close();
    },
  };
}

/** Distributed mode: every store in the engine under `prefix`. The client is this control plane's own and closes with it. */
export function openEngineControlPlane(client: EngineClient, prefix: string, now: () => Date = () => new Date()): ControlPlane {
  return {
    accounts: createEngineAccountStore(client, prefix, now),
    labels: createEngineLabelStore(client, prefix, now),
    saved: createEngineSavedSearchStore(client, prefix, now),
    inbox: createEngineInboxStore(client, prefix, now),
    close: () => client.close(),
  };
}

/**
 * The control plane a process with this config uses: SQLite beside the posts
 * (`DENGAR_DATA_DIR/dengar.db`) for DENGAR_STORE=sqlite, else the search engine (see above).
 * Used by `dengar user …`, `dengar train`, `dengar reenrich` and by the api service.
 */
export function openControlPlaneFor(config: Pick<Config, 'data' | 'mode' | 'search'>): ControlPlane {
  if (config.mode.store === 'sqlite') return openSqliteControlPlane(sqliteFile(config as Config));
  return openEngineControlPlane(engineClient(config), controlPrefix(config));
}

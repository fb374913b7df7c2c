import { createSqliteAccountStore } from '../accounts/sqlite-account-store';
import type { AccountStore } from '../accounts/account-store';
import { createSqliteInboxStore, type InboxStore } from '../inbox/inbox-store';
import { createSqliteLabelStore } from '../labels/sqlite-label-store';
import type { LabelStore } from '../labels/label-store';
import { createSqliteSavedSearchStore, type SavedSearchStore } from '../saved/saved-search-store';
import type { Config } from '../../../lib/config';
import { sqliteFile } from '../../../lib/runtime';
import { openControlDb } from './sqlite-db';

/**
 * The api's control-plane state, one store per concern. Embedded mode: the SQLite file beside the
 * posts (`sqliteFile(config)`). NOTE: distributed mode has no search-engine implementation yet;
 * until it has, the api service there keeps this file on its own disk (see the report / README).
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

/**
 * The control plane a process with this config uses: the SQLite file beside the posts
 * (`DENGAR_DATA_DIR/dengar.db`). Used by `dengar user …` and by the api service.
 */
export function openControlPlaneFor(config: Pick<Config, 'data'>): ControlPlane {
  return openSqliteControlPlane(sqliteFile(config as Config));
}

/**
 * The control-plane store contracts (tests/unit/contracts/) against SQLite: a fresh file per backing,
 * each store over its own connection to it, as two processes would open it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertStore } from '../../services/alerter/alert-store';
import { createSqliteAlertStore } from '../../services/alerter/sqlite-alert-store';
import { openSqliteControlPlane, type ControlPlane } from '../../services/api/control/control-plane';
import { createSqliteHistoryStore } from '../../services/reporter/sqlite-history';
import { accountStoreContract } from './contracts/account-store.contract';
import { alertStoreContract } from './contracts/alert-store.contract';
import { reportHistoryContract } from './contracts/report-history.contract';
import { inboxStoreContract } from './contracts/inbox-store.contract';
import { labelStoreContract } from './contracts/label-store.contract';
import { savedSearchStoreContract } from './contracts/saved-search-store.contract';
import type { Backing } from './contracts/store-contract';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-contract-'));
const opened: { close(): Promise<void> }[] = [];
let files = 0;

function sqliteBacking<T>(pick: (control: ControlPlane) => T): () => Promise<Backing<T>> {
  return async () => {
    const file = path.join(dir, `control-${++files}.db`);
    return {
      open(now) {
        const control = openSqliteControlPlane(file, now);
        opened.push(control);
        return pick(control);
      },
    };
  };
}

afterAll(async () => {
  for (const control of opened) await control.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stores over their own SQLite file (the alert store and report history open one connection each). */
function fileBacking<T extends { close(): Promise<void> }>(open: (file: string) => T): () => Promise<Backing<T>> {
  return async () => {
    const file = path.join(dir, `store-${++files}.db`);
    return {
      open() {
        const store = open(file);
        opened.push(store);
        return store;
      },
    };
  };
}

accountStoreContract(sqliteBacking((c) => c.accounts));
labelStoreContract(sqliteBacking((c) => c.labels));
savedSearchStoreContract(sqliteBacking((c) => c.saved));
inboxStoreContract(sqliteBacking((c) => c.inbox));
alertStoreContract(fileBacking<AlertStore>(createSqliteAlertStore));
reportHistoryContract(fileBacking(createSqliteHistoryStore));

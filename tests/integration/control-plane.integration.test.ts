/**
 * The control-plane store contracts (tests/unit/contracts/) against the real OpenSearch node: the
 * same assertions SQLite passes in tests/unit/control-plane-contracts.test.ts. Each backing is a
 * fresh index prefix; each store opened on it has its own client, as a separate replica would.
 */
import { createEngineAccountStore } from '../../services/api/accounts/engine-account-store';
import { createEngineAlertStore } from '../../services/alerter/engine-alert-store';
import { createEngineInboxStore } from '../../services/api/inbox/engine-inbox-store';
import { createEngineLabelStore } from '../../services/api/labels/engine-label-store';
import { createEngineSavedSearchStore } from '../../services/api/saved/engine-saved-search-store';
import { createEngineHistoryStore } from '../../services/reporter/engine-history';
import { createOpenSearchClient } from '../../lib/store/opensearch';
import type { EngineClient } from '../../lib/store/search-engine';
import { accountStoreContract } from '../unit/contracts/account-store.contract';
import { alertStoreContract } from '../unit/contracts/alert-store.contract';
import { inboxStoreContract } from '../unit/contracts/inbox-store.contract';
import { labelStoreContract } from '../unit/contracts/label-store.contract';
import { savedSearchStoreContract } from '../unit/contracts/saved-search-store.contract';
import { reportHistoryContract } from '../unit/contracts/report-history.contract';
import type { Backing } from '../unit/contracts/store-contract';
import { ensureOpenSearch, uniqueIndexPrefix } from './support/opensearch-setup';
import { stopOpenSearchIfStarted } from './support/opensearch-teardown';

const SETUP_TIMEOUT_MS = 300_000;
let url: string;
let runPrefix: string;
let backings = 0;
const clients: EngineClient[] = [];

beforeAll(async () => {
  url = await ensureOpenSearch();
  runPrefix = uniqueIndexPrefix('control');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await clients[0]?.deleteIndices(`${runPrefix}-*`);
  for (const client of clients) await client.close();
  await stopOpenSearchIfStarted();
});

function engineBacking<T>(create: (client: EngineClient, prefix: string, now?: () => Date) => T): () => Promise<Backing<T>> {
  return async () => {
    const prefix = `${runPrefix}-${++backings}`;
    return {
      open(now) {
        const client = createOpenSearchClient({ node: url });
        clients.push(client);
        return create(client, prefix, now);
      },
    };
  };
}

labelStoreContract(engineBacking(createEngineLabelStore));
savedSearchStoreContract(engineBacking(createEngineSavedSearchStore));
inboxStoreContract(engineBacking(createEngineInboxStore));
alertStoreContract(engineBacking((client, prefix) => createEngineAlertStore(client, prefix)));
reportHistoryContract(engineBacking((client, prefix) => createEngineHistoryStore(client, prefix)));
accountStoreContract(engineBacking(createEngineAccountStore));

/**
 * The whole app in this process for browser tests: the embedded pipeline (in-process bus, SQLite
 * in a temp data dir, collectors off), the API with the web app built into a temp folder, one admin,
 * and the 2,000-post sample imported through the real pipeline.
 *
 * NOTE: this is startEmbedded() minus the collector, with the api from serveApi(); once
 * lib/embedded.ts's listen() calls serveApi (see the issue-7 report) it can call startEmbedded directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../lib/config';
import { startRuntime, type Runtime } from '../../../lib/runtime';
import { formatFromName, openImportInput, readImportRecords } from '../../../services/collector/import-file';
import { runImport } from '../../../services/collector/import-runner';
import { createAuth } from '../../../services/api/accounts/auth';
import { openControlPlaneFor, type ControlPlane } from '../../../services/api/control/control-plane';
import { serveApi } from '../../../services/api/serve';
import { buildWeb } from '../../../services/api/web/build-web';
import { silentLogger } from '../../fixtures/logger';

export const ADMIN = { username: 'admin', password: 'kata-sandi-uji-e2e' };
const SAMPLE = path.resolve(__dirname, '../../../samples/posts.sample.jsonl');

export interface E2eApp {
  address: string;
  runtime: Runtime;
  /** A second connection to the control plane, to check what the browser did. */
  control: ControlPlane;
  imported: number;
  stop(): Promise<void>;
}

export async function startApp(): Promise<E2eApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-e2e-'));
  const webRoot = await buildWeb(path.join(dir, 'web'));
  const config = loadConfig({ DENGAR_DATA_DIR: path.join(dir, 'data'), PORT: '0', DENGAR_COLLECT: 'false', LOG_LEVEL: 'silent' });
  const runtime = await startRuntime(config, silentLogger);
  const control = openControlPlaneFor(config);
  try {
    await createAuth(control.accounts).createUser({ ...ADMIN, role: 'admin' });
    const { address } = await serveApi(config, silentLogger, runtime, runtime.services, 'all', { webRoot });
    const outcome = await runImport({
      records: readImportRecords(openImportInput(SAMPLE), formatFromName(SAMPLE)),
      bus: runtime.bus,
      origin: 'import:posts.sample.jsonl',
      batchSize: 500,
    });
    return {
      address,
      runtime,
      control,
      imported: outcome.imported,
      stop: async () => {
        await runtime.shutdown.shutdown('e2e_done');
        await control.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await runtime.shutdown.shutdown('start_failed');
    await control.close();
    throw err;
  }
}

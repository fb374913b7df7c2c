/**
 * The whole app in this process for browser tests: exactly what `dengar run` starts (startEmbedded:
 * pipeline on the in-process bus, SQLite in a temp data dir, reporter, alerter and the API with every
 * route), collectors and the weekly schedule off, the web app built into a temp folder, one admin,
 * and the 2,000-post sample imported through the real pipeline.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../lib/config';
import { startEmbedded } from '../../../lib/embedded';
import type { Runtime } from '../../../lib/runtime';
import type { Bus } from '../../../lib/bus/bus';
import type { RawPostInput } from '../../../schemas';
import { formatFromName, openImportInput, readImportRecords } from '../../../services/collector/import-file';
import { runImport } from '../../../services/collector/import-runner';
import { createAuth } from '../../../services/api/accounts/auth';
import { openControlPlaneFor, type ControlPlane } from '../../../services/api/control/control-plane';
import { openAlertStore } from '../../../services/alerter/open';
import type { AlertStore } from '../../../services/alerter/alert-store';
import { buildWeb } from '../../../services/api/web/build-web';
import { silentLogger } from '../../fixtures/logger';

export const ADMIN = { username: 'admin', password: 'kata-sandi-uji-e2e' };
const SAMPLE = path.resolve(__dirname, '../../../samples/posts.sample.jsonl');
const SOURCES = path.resolve(__dirname, '../../../config/sources.json');

export interface E2eApp {
  address: string;
  runtime: Runtime;
  /** A second connection to the control plane, to check what the browser did. */
  control: ControlPlane;
  /** A second connection to the alert store (same SQLite file): to seed events and check rules. */
  alerts: AlertStore;
  imported: number;
  /** Imports posts the way `dengar import` does (a JSON Lines file); resolves once the store has them. */
  importPosts(name: string, posts: RawPostInput[]): Promise<number>;
  stop(): Promise<void>;
}

/** `dengar import <file>`: the embedded bus acknowledges a batch only once the store holds it. */
async function importFile(bus: Bus, file: string): Promise<number> {
  const outcome = await runImport({
    records: readImportRecords(openImportInput(file), formatFromName(file)),
    bus,
    origin: `import:${path.basename(file)}`,
    batchSize: 500,
  });
  return outcome.imported;
}

export async function startApp(): Promise<E2eApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-e2e-'));
  const webRoot = await buildWeb(path.join(dir, 'web'));
  // A copy of the sources file: the Sumber routes may write it, never the repository's own.
  const sourcesFile = path.join(dir, 'sources.json');
  copyFileSync(SOURCES, sourcesFile);
  const config = loadConfig({
    DENGAR_DATA_DIR: path.join(dir, 'data'),
    DENGAR_SOURCES_FILE: sourcesFile,
    DENGAR_WEB_DIR: webRoot,
    PORT: '0',
    DENGAR_COLLECT: 'false',
    LOG_LEVEL: 'silent',
  });
  // The admin exists before the server answers, so the browser never sees the setup page.
  const control = openControlPlaneFor(config);
  await createAuth(control.accounts).createUser({ ...ADMIN, role: 'admin' });
  // No weekly cron and no SMTP: reports are built on demand only, email deliveries are skipped.
  const running = await startEmbedded(config, silentLogger, { DENGAR_REPORT_SCHEDULE_ENABLED: 'false' });
  const alerts = openAlertStore(config);
  try {
    const imported = await importFile(running.runtime.bus, SAMPLE);
    return {
      address: running.address,
      runtime: running.runtime,
      control,
      alerts,
      imported,
      importPosts: (name, posts) => {
        const file = path.join(dir, `${name}.jsonl`);
        writeFileSync(file, posts.map((p) => JSON.stringify(p)).join('\n') + '\n');
        return importFile(running.runtime.bus, file);
      },
      stop: async () => {
        await running.stop();
        await alerts.close();
        await control.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await running.stop();
    await alerts.close();
    await control.close();
    throw err;
  }
}

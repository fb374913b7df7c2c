import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Find or start the local OpenSearch node for integration tests, from a test file's `beforeAll` (so
 * it does not touch the shared jest globalSetup). Idempotent: a node answering on OPENSEARCH_URL (or
 * http://127.0.0.1:9200) is reused; otherwise infra/opensearch/up.sh starts one and we remember that,
 * so `stopOpenSearchIfStarted` stops only a node this process started.
 */
const run = promisify(execFile);
export const OPENSEARCH_INFRA_DIR = path.resolve(__dirname, '../../../infra/opensearch');
const DEFAULT_URL = 'http://127.0.0.1:9200';
/** First start may fetch jars from Maven Central; a loaded CI box needs ~20 s for the node itself. */
export const OPENSEARCH_START_TIMEOUT_MS = 240_000;

let startedHere = false;

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'green' || body.status === 'yellow';
  } catch {
    return false;
  }
}

/** The base URL of a healthy node, starting one when none answers. */
export async function ensureOpenSearch(): Promise<string> {
  const url = (process.env.OPENSEARCH_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (await healthy(url)) return url;
  if (process.env.OPENSEARCH_URL && url !== DEFAULT_URL) {
    throw new Error(`OPENSEARCH_URL=${url} tidak menjawab /_cluster/health; jalankan node itu atau hapus variabelnya`);
  }
  const started = Date.now();
  const { stdout } = await run('bash', [path.join(OPENSEARCH_INFRA_DIR, 'up.sh')], {
    timeout: OPENSEARCH_START_TIMEOUT_MS,
    env: { ...process.env, OPENSEARCH_START_TIMEOUT: String(Math.floor(OPENSEARCH_START_TIMEOUT_MS / 1000) - 10) },
  });
  const printed = stdout.trim().split('\n').pop() ?? '';
  if (!/^https?:\/\/[\w.-]+:\d+$/.test(printed)) throw new Error(`infra/opensearch/up.sh tidak mencetak URL: ${stdout}`);
  startedHere = true;
  process.stderr.write(`\nopensearch: ${printed} started by the test in ${Date.now() - started} ms\n`);
  return printed;
}

/**
 * Stop the node only if `ensureOpenSearch` started it (DENGAR_KEEP_OPENSEARCH=1 keeps it for the next
 * run). Indices are kept by down.sh; each run uses its own prefix and deletes its indices itself.
 */
export async function stopOpenSearchIfStarted(): Promise<void> {
  if (!startedHere || process.env.DENGAR_KEEP_OPENSEARCH === '1') return;
  startedHere = false;
  await run('bash', [path.join(OPENSEARCH_INFRA_DIR, 'down.sh')], { timeout: 120_000 });
}

/** A fresh index prefix per run and purpose (prefixes never nest: the run id ends every one). */
export function uniqueIndexPrefix(purpose: string): string {
  return `dengar-test-${purpose}-${process.pid}-${Date.now().toString(36)}`;
}

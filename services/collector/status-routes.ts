import { randomUUID } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StateStore } from '../../lib/state/state-store';
import type { Guard } from '../api/guard';
import type { SourceStatus } from './app';
import { periodKey, readBudgetState } from './adapters/budget';
import type { SourcesFileControl } from './file-collector';
import { SourcesFile, loadSourcesFile, type SourceConfig } from './sources';

/**
 * `GET /api/sources`: every configured source with what the collector knows about it (last poll,
 * last success, last error, posts collected, when it may poll again) and what its checkpoint says
 * (budget left, watermark age). `GET /api/sources/file` + `PUT /api/sources`: the admin edits the
 * sources file; it is validated with `SourcesFile` and replaced atomically (temp file + rename).
 * The file holds only the NAMES of environment variables; the API says whether each is set, never
 * its value. A collector that follows the file (file-collector.ts) applies a save at once; then the
 * list shows the running set and `file` says whether the file on disk is valid. Without one, a
 * save takes effect at the next restart (`restartRequired`).
 */

export interface SourceRoutesDeps {
  sourcesFile: string;
  state: StateStore;
  /** The collector in this process, if any (its statuses live in memory). */
  collector?: { status(): SourceStatus[]; sourcesFile?: SourcesFileControl } | null;
  /** To say whether each credential is configured (true/false only). */
  env?: Readonly<Record<string, string | undefined>>;
  guard: Guard;
  now?: () => Date;
}

const Budget = z.object({ period: z.string(), used: z.number(), limit: z.number().nullable(), remaining: z.number().nullable(), resetsAt: z.string().nullable() });

export const SourceView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  enabled: z.boolean(),
  note: z.string().nullable(),
  credentials: z.array(z.object({ env: z.string(), configured: z.boolean() })),
  lastPollAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number(),
  postsCollected: z.number(),
  lastSkipped: z.number(),
  nextPollNotBefore: z.string().nullable(),
  checkpointUpdatedAt: z.string().nullable(),
  budget: Budget.nullable(),
});
export type SourceView = z.infer<typeof SourceView>;
/** The sources file as the collector last read it: `error` says why a newer edit is not running. */
export const SourcesFileView = z.object({
  path: z.string(),
  loadedAt: z.string(),
  checkedAt: z.string().nullable(),
  error: z.string().nullable(),
  errorSince: z.string().nullable(),
});
export const SourcesResponse = z.object({ sources: z.array(SourceView), file: SourcesFileView.nullable() });

/** Config fields that name env variables holding secrets. */
const ENV_FIELDS = ['apiKeyEnv', 'tokenEnv', 'identifierEnv', 'passwordEnv', 'clientIdEnv', 'clientSecretEnv'] as const;

export async function registerSourceRoutes(app: FastifyInstance, deps: SourceRoutesDeps): Promise<void> {
  const env = deps.env ?? {};
  const now = deps.now ?? (() => new Date());

  app.get('/api/sources', { preHandler: deps.guard('analyst') }, async () => {
    const reloading = deps.collector?.sourcesFile;
    const file = reloading ? reloading.current() : loadSourcesFile(deps.sourcesFile);
    const live = new Map((deps.collector?.status() ?? []).map((s) => [s.id, s]));
    const sources = await Promise.all(file.sources.map(async (source) => view(source, live.get(source.id), await deps.state.getCheckpoint(source.id), env, now())));
    return SourcesResponse.parse({ sources, file: reloading ? reloading.status() : null });
  });

  app.get('/api/sources/file', { preHandler: deps.guard('admin') }, async () => loadSourcesFile(deps.sourcesFile));

  app.put('/api/sources', { preHandler: deps.guard('admin') }, async (request) => {
    const file = SourcesFile.parse(request.body); // ZodError → 400 naming each field
    await writeAtomically(deps.sourcesFile, `${JSON.stringify(file, null, 2)}\n`);
    const reloaded = deps.collector?.sourcesFile?.reload();
    return { saved: true, sources: file.sources.length, restartRequired: !reloaded || reloaded.error !== null };
  });
}

function view(
  source: SourceConfig,
  status: SourceStatus | undefined,
  checkpoint: { cursor: Record<string, unknown>; updatedAt: string } | null,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): SourceView {
  const record = source as Record<string, unknown>;
  const credentials = ENV_FIELDS.flatMap((field) => {
    const name = record[field];
    return typeof name === 'string' ? [{ env: name, configured: Boolean(env[name]?.trim()) }] : [];
  });
  const stored = readBudgetState(checkpoint?.cursor.budget);
  // A ledger from an earlier quota day/month: that period is over, the budget is whole again.
  const current = source.kind === 'youtube' ? periodKey('day-pacific', now) : periodKey('month-utc', now);
  const budget = stored && stored.period !== current ? { ...stored, period: current, used: 0, resetsAt: undefined } : stored;
  return {
    id: source.id,
    kind: source.kind,
    name: source.name ?? null,
    enabled: source.enabled,
    note: source.note ?? null,
    credentials,
    lastPollAt: status?.lastPollAt ?? null,
    lastSuccessAt: status?.lastSuccessAt ?? null,
    lastError: status?.lastError ?? null,
    consecutiveFailures: status?.consecutiveFailures ?? 0,
    postsCollected: status?.postsCollected ?? 0,
    lastSkipped: status?.lastSkipped ?? 0,
    nextPollNotBefore: status?.nextPollNotBefore ?? null,
    checkpointUpdatedAt: checkpoint?.updatedAt ?? null,
    budget: budget
      ? {
          period: budget.period,
          used: budget.used,
          limit: budget.limit ?? null,
          remaining: budget.limit === undefined ? null : Math.max(0, budget.limit - budget.used),
          resetsAt: budget.resetsAt ?? null,
        }
      : null,
  };
}

/** Write beside the target, then rename over it: readers see the old file or the new one, never half. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, content, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

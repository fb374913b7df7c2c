import { createHash } from 'node:crypto';
import { describeError } from '../../lib/errors';
import type { SourceAdapter } from './adapter';
import { createCollector, type Collector, type CollectorDeps } from './app';
import { createAdapter, parseSourcesText, readSourcesText, type AdapterDeps, type SourcesFile } from './sources';

/**
 * The collector of a process, built from the sources file and kept in step with it without a
 * restart. Every `reloadIntervalMs` the file is read and hashed (a poll works on every filesystem,
 * unlike fs.watch on network and container mounts); when the text changed and validates, new
 * sources start, removed ones stop (a poll of theirs in flight finishes and saves its checkpoint)
 * and changed ones restart with their checkpoint. Sources whose config is unchanged keep their
 * adapter object, so in-memory state such as a budget ledger goes on. An invalid file changes
 * nothing: the old set keeps running and the error (line/column or entry/field) is logged once
 * and shown by `sourcesFile.status()` on `GET /api/sources`.
 */

export const DEFAULT_SOURCES_RELOAD_MS = 5_000;

export interface SourcesFileStatus {
  path: string;
  /** When the running set was last read from the file. */
  loadedAt: string;
  checkedAt: string | null;
  /** Why the file on disk is not what runs; null when it is. */
  error: string | null;
  errorSince: string | null;
}

export interface SourcesFileControl {
  status(): SourcesFileStatus;
  /** The running sources file (the last valid one), disabled sources included. */
  current(): SourcesFile;
  /** Read the file now and apply it if it changed. */
  reload(): SourcesFileStatus;
}

export interface FileCollector extends Collector {
  sourcesFile: SourcesFileControl;
}

export interface FileCollectorOptions extends Omit<CollectorDeps, 'adapters'> {
  sourcesFile: string;
  adapterDeps: AdapterDeps;
  /** How often the file is checked; 0 turns reloading off (default 5 s). */
  reloadIntervalMs?: number;
}

/** Throws CONFIG_INVALID when the file is invalid at boot: a process never starts on a bad file. */
export function createFileCollector(options: FileCollectorOptions): FileCollector {
  const { sourcesFile: path, adapterDeps, reloadIntervalMs = DEFAULT_SOURCES_RELOAD_MS, ...collectorDeps } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ service: 'collector', sourcesFile: path });

  /** Running adapters by id, with the config they were built from. */
  let built: Built = new Map();
  const firstText = readSourcesText(path);
  let current = parseSourcesText(firstText, path);
  built = buildAdapters(current);
  /** Hash of the text last read, applied or refused: an unchanged file costs a read and a hash. */
  let lastText: string | null = hashOf(firstText);
  const status: SourcesFileStatus = { path, loadedAt: now().toISOString(), checkedAt: null, error: null, errorSince: null };

  const collector = createCollector({ ...collectorDeps, adapters: adaptersOf(built) });
  let timer: NodeJS.Timeout | null = null;

  function buildAdapters(file: SourcesFile): Built {
    const next: Built = new Map();
    for (const source of file.sources.filter((s) => s.enabled)) {
      const config = JSON.stringify(source);
      const running = built.get(source.id);
      next.set(source.id, running?.config === config ? running : { config, adapter: createAdapter(source, adapterDeps) });
    }
    return next;
  }

  function refuse(err: unknown, text: string | null): SourcesFileStatus {
    // An unreadable file is forgotten, so the same good text coming back is applied again.
    lastText = text === null ? null : hashOf(text);
    const message = err instanceof Error ? err.message : describeError(err);
    if (message !== status.error) {
      log.error({ err: message }, 'sources_file_invalid');
      status.errorSince = now().toISOString();
    }
    status.error = message;
    return { ...status };
  }

  function reload(): SourcesFileStatus {
    status.checkedAt = now().toISOString();
    let text: string;
    try {
      text = readSourcesText(path);
    } catch (err) {
      return refuse(err, null);
    }
    if (hashOf(text) === lastText) return { ...status };
    let file: SourcesFile;
    let next: Built;
    try {
      file = parseSourcesText(text, path);
      next = buildAdapters(file);
    } catch (err) {
      return refuse(err, text);
    }
    const change = collector.setSources(adaptersOf(next));
    built = next;
    current = file;
    lastText = hashOf(text);
    Object.assign(status, { loadedAt: now().toISOString(), error: null, errorSince: null });
    log.info(change, 'sources_file_reloaded');
    return { ...status };
  }

  return {
    ...collector,
    sourcesFile: { status: () => ({ ...status }), current: () => current, reload },
    async start() {
      await collector.start();
      if (reloadIntervalMs > 0) timer = setInterval(reload, reloadIntervalMs).unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await collector.stop();
    },
  };
}

type Built = Map<string, { config: string; adapter: SourceAdapter }>;

function adaptersOf(built: Built): SourceAdapter[] {
  return [...built.values()].map((b) => b.adapter);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Keeps a process on the dictionaries an admin stored: reads the state store at start and every
 * `pollMs`, and installs a kind whose stored version differs from the one in use (or the shipped
 * file once an edit is reset). Every process polls the same way, so distributed services converge
 * within one interval; the api process also refreshes right after an edit it stored itself.
 */
import { describeError } from '../errors';
import type { Logger } from '../logger';
import type { Service, ServiceHealth } from '../service';
import type { StateStore } from '../state/state-store';
import { DictionaryKind } from '../../schemas/dictionary';
import { dictionaryStamp, dictionaryVersions, installDictionary } from './dictionaries';
import { describeDictionaryError, parseDictionary, shippedDictionary } from './dictionary-files';

/**
 * One pass: install what the state store holds for each kind (the shipped file where nothing is
 * stored). Returns the kinds that changed. A stored edit this release cannot parse throws, naming it.
 */
export async function applyStoredDictionaries(state: Pick<StateStore, 'getDictionary'>): Promise<DictionaryKind[]> {
  const changed: DictionaryKind[] = [];
  const invalid: string[] = [];
  for (const kind of DictionaryKind.options) {
    const stored = await state.getDictionary(kind);
    // NOTE: the version is compared before parsing, so an unchanged dictionary costs one read per poll.
    if ((stored?.version ?? shippedDictionary(kind).version) === dictionaryVersions()[kind]) continue;
    let dictionary;
    try {
      dictionary = stored ? { data: parseDictionary(kind, stored.data), version: stored.version } : shippedDictionary(kind);
    } catch (err) {
      // One unreadable kind must not hold back the others' edits.
      invalid.push(`kamus ${kind} versi ${stored?.version} yang tersimpan tidak valid: ${describeDictionaryError(err)}`);
      continue;
    }
    if (installDictionary(kind, dictionary)) changed.push(kind);
  }
  if (invalid.length > 0) throw new Error(invalid.join('; '));
  return changed;
}

export interface DictionarySync extends Service {
  /** Read the state store now (queued behind a read in progress, so it always sees the latest write). */
  refresh(): Promise<void>;
}

export function createDictionarySync(deps: { state: Pick<StateStore, 'getDictionary'>; logger: Logger; pollMs: number }): DictionarySync {
  const log = deps.logger.child({ component: 'dictionaries' });
  let timer: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let lastError: string | null = null;

  async function applyOnce(): Promise<void> {
    try {
      const changed = await applyStoredDictionaries(deps.state);
      lastError = null;
      if (changed.length) log.info({ kinds: changed, stamp: dictionaryStamp() }, 'dictionaries_installed');
    } catch (err) {
      lastError = describeError(err);
      throw err;
    }
  }

  function refresh(): Promise<void> {
    const next = queue.then(applyOnce);
    queue = next.catch(() => undefined);
    return next;
  }

  const pollFailed = (err: unknown) => log.warn({ err }, 'dictionaries_refresh_failed');

  return {
    name: 'dictionaries',
    refresh,
    async start() {
      // A store that is down at start leaves the shipped files in use (health says degraded) and the
      // next poll tries again: tagging with the release's dictionary beats not tagging at all.
      await refresh().catch(pollFailed);
      timer = setInterval(() => void refresh().catch(pollFailed), deps.pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await queue;
    },
    async health(): Promise<ServiceHealth> {
      return { status: lastError ? 'degraded' : 'ok', details: { stamp: dictionaryStamp(), versions: dictionaryVersions(), lastError } };
    },
  };
}

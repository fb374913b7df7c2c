import cron, { type ScheduledTask } from 'node-cron';
import type { Bus } from '../../lib/bus/bus';
import { DengarError, describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Service, ServiceHealth } from '../../lib/service';
import type { StateStore } from '../../lib/state/state-store';
import { TOPICS } from '../../schemas/topics';
import type { SourceAdapter } from './adapter';
import { directlyCollected, withoutDirectlyCollected } from './direct-articles';
import { toRawPostMessage } from './to-raw-post';

/** What one source looks like to an operator: `GET /readyz` and the Sumber page show this. */
export interface SourceStatus {
  id: string;
  kind: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  postsCollected: number;
  lastSkipped: number;
  /** A source that asked us to slow down (429 Retry-After) or keeps failing waits until this. */
  nextPollNotBefore: string | null;
}

export interface CollectorDeps {
  adapters: SourceAdapter[];
  bus: Bus;
  state: StateStore;
  logger: Logger;
  schedule: string;
  pollOnStart: boolean;
  /** Posts per publish; each chunk is acknowledged before the next goes. */
  publishChunk?: number;
  now?: () => Date;
}

export interface Collector extends Service {
  /** Poll every source (or one) now; resolves when each poll has finished or failed. */
  pollAll(): Promise<SourceStatus[]>;
  status(): SourceStatus[];
  /**
   * Replace the polled sources. An adapter object already running is kept as it is (its state,
   * e.g. a budget ledger, goes on); a new object under a known id is a changed source; ids missing
   * from `next` stop being polled, and a poll of theirs already running finishes and saves its
   * checkpoint. Once started, new and changed sources are polled at once when `pollOnStart` is on.
   */
  setSources(next: SourceAdapter[]): { added: string[]; changed: string[]; removed: string[] };
}

/**
 * Polls each configured source on a node-cron schedule and publishes what it finds to
 * `posts.raw`. The order is the whole point: read from the source, publish, wait for the bus to
 * acknowledge (embedded: the store has the posts), and only then save the source's checkpoint.
 * One failing source never stops the others; a source that is still polling is not polled again.
 */
export function createCollector(deps: CollectorDeps): Collector {
  const { bus, state, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const chunk = deps.publishChunk ?? 200;
  const log = logger.child({ service: 'collector' });
  const statuses = new Map<string, SourceStatus>();
  const inFlight = new Map<string, Promise<void>>();
  const adapters = new Map<string, SourceAdapter>();
  let task: ScheduledTask | null = null;
  let stopping = false;

  function freshStatus(a: SourceAdapter): SourceStatus {
    return {
      id: a.id,
      kind: a.kind,
      lastPollAt: null,
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      postsCollected: 0,
      lastSkipped: 0,
      nextPollNotBefore: null,
    };
  }

  function setSources(next: SourceAdapter[]): { added: string[]; changed: string[]; removed: string[] } {
    const wanted = new Map(next.map((a) => [a.id, a]));
    const removed = [...adapters.keys()].filter((id) => !wanted.has(id));
    const added: string[] = [];
    const changed: string[] = [];
    for (const id of removed) {
      adapters.delete(id);
      statuses.delete(id);
    }
    for (const [id, adapter] of wanted) {
      const running = adapters.get(id);
      if (running === adapter) continue;
      adapters.set(id, adapter);
      if (!running) {
        added.push(id);
        statuses.set(id, freshStatus(adapter));
        continue;
      }
      changed.push(id);
      // A changed source gets a fresh start (the operator may just have fixed its URL); its
      // counters stay, and so does its checkpoint, which is keyed by id.
      const status = statuses.get(id)!;
      Object.assign(status, { kind: adapter.kind, lastError: null, consecutiveFailures: 0, nextPollNotBefore: null });
    }
    if (task && deps.pollOnStart && !stopping) for (const id of [...added, ...changed]) void pollOne(adapters.get(id)!);
    return { added, changed, removed };
  }
  setSources(deps.adapters);

  async function pollSource(adapter: SourceAdapter): Promise<void> {
    const status = statuses.get(adapter.id);
    // Removed or replaced (sources file reloaded) since this round began: not ours to poll.
    if (!status || adapters.get(adapter.id) !== adapter) return;
    const started = now();
    if (status.nextPollNotBefore && started < new Date(status.nextPollNotBefore)) return;
    status.lastPollAt = started.toISOString();
    const srcLog = log.child({ source: adapter.id });
    try {
      const checkpoint = await state.getCheckpoint(adapter.id);
      let result = await adapter.poll(checkpoint?.cursor ?? null);
      if (adapter.headlineOnly) result = withoutDirectlyCollected(result, await directlyCollected(state, directFeedIds()));
      const messages = result.posts.map((p) => toRawPostMessage(p, adapter.id, started));
      for (let i = 0; i < messages.length && !stopping; i += chunk) {
        await bus.publish(TOPICS.raw, messages.slice(i, i + chunk));
      }
      if (stopping) return; // not all handed on: keep the old checkpoint, the next run re-reads
      await state.saveCheckpoint({ sourceId: adapter.id, cursor: result.next, updatedAt: now().toISOString() });
      status.lastSuccessAt = now().toISOString();
      status.lastError = null;
      status.consecutiveFailures = 0;
      status.nextPollNotBefore = null;
      status.postsCollected += messages.length;
      status.lastSkipped = result.skipped.reduce((n, s) => n + s.count, 0);
      srcLog.info({ posts: messages.length, skipped: result.skipped }, 'source_polled');
    } catch (err) {
      status.consecutiveFailures++;
      status.lastError = describeError(err);
      const retryAfterMs = err instanceof DengarError ? Number(err.details?.retryAfterMs ?? 0) : 0;
      // Back off a failing source (doubling, capped at 6 h) so a dead feed is not hammered.
      const penaltyMs = Math.max(retryAfterMs, Math.min(6 * 3600_000, 60_000 * 2 ** (status.consecutiveFailures - 1)));
      status.nextPollNotBefore = new Date(now().getTime() + penaltyMs).toISOString();
      srcLog.warn({ err: status.lastError, failures: status.consecutiveFailures, retryAt: status.nextPollNotBefore }, 'source_poll_failed');
    }
  }

  function pollOne(adapter: SourceAdapter): Promise<void> {
    const running = inFlight.get(adapter.id);
    if (running) return running;
    const p = pollSource(adapter).finally(() => inFlight.delete(adapter.id));
    inFlight.set(adapter.id, p);
    return p;
  }

  /** Full-text news feeds: the ones whose articles a headline-only source must not overwrite. */
  function directFeedIds(): string[] {
    return [...adapters.values()].filter((a) => a.kind === 'rss' && !a.headlineOnly).map((a) => a.id);
  }

  async function pollAll(): Promise<SourceStatus[]> {
    // TRICKY: headline-only sources poll after the others, so a direct feed's checkpoint of this
    // round is saved before Google News asks which articles that feed already has.
    const all = [...adapters.values()];
    await Promise.all(all.filter((a) => !a.headlineOnly).map((a) => pollOne(a)));
    await Promise.all(all.filter((a) => a.headlineOnly).map((a) => pollOne(a)));
    return [...statuses.values()];
  }

  return {
    name: 'collector',
    pollAll,
    status: () => [...statuses.values()],
    setSources,
    async start() {
      task = cron.schedule(deps.schedule, () => void pollAll(), { name: 'collector', noOverlap: true, timezone: 'Asia/Jakarta' });
      if (deps.pollOnStart) void pollAll();
      log.info({ sources: adapters.size, schedule: deps.schedule }, 'collector_started');
    },
    async stop() {
      stopping = true;
      await task?.destroy();
      await Promise.allSettled([...inFlight.values()]);
    },
    async health(): Promise<ServiceHealth> {
      const all = [...statuses.values()];
      const failing = all.filter((s) => s.consecutiveFailures > 0).length;
      return {
        status: all.length > 0 && failing === all.length ? 'degraded' : 'ok',
        details: { sources: all.length, failing },
      };
    },
  };
}

import type { Bus, Subscription } from '../../lib/bus/bus';
import { consumeValidated, type Rejection } from '../../lib/bus/consume';
import { DependencyUnavailableError, ERROR_CODES } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Service, ServiceHealth } from '../../lib/service';
import type { PostStore } from '../../lib/store/post-store';
import { EnrichedPost } from '../../schemas';
import { TOPICS } from '../../schemas/topics';
import { assignClusters } from './near-duplicates';

/**
 * Consumes `posts.enriched` and bulk-upserts each batch by post id. The batch is acknowledged only
 * after the store acknowledged it: posts the store refuses for good are dead-lettered with the
 * store's reason, and a retriable failure (store busy or down) fails the whole batch so the bus
 * delivers it again — upserts by id make the retry harmless. Each post gets its near-duplicate
 * cluster just before the upsert (near-duplicates.ts).
 */
export function createIndexerService(deps: { bus: Bus; store: PostStore; logger: Logger; groupId: string; maxBatchSize?: number }): Service {
  const log = deps.logger.child({ service: 'indexer' });
  const counters = { stored: 0, deadLettered: 0 };
  let subscription: Subscription | null = null;

  return {
    name: 'indexer',
    async start() {
      subscription = await consumeValidated(deps.bus, {
        topic: TOPICS.enriched,
        groupId: deps.groupId,
        schema: EnrichedPost,
        maxBatchSize: deps.maxBatchSize,
        handle: async (items) => {
          // NOTE: a failed lookup throws like a failed upsert: the bus redelivers the batch.
          const posts = await assignClusters(deps.store, items.map((i) => i.value));
          const result = await deps.store.upsert(posts);
          const retriable = result.failed.filter((f) => f.retriable);
          if (retriable.length > 0) {
            throw new DependencyUnavailableError(`penyimpanan menolak sementara ${retriable.length} pos`, {
              reason: retriable[0]!.reason,
            });
          }
          const byId = new Map(items.map((i) => [i.value.id, i.message]));
          const rejected: Rejection[] = result.failed.map((f) => ({
            message: byId.get(f.id)!,
            code: ERROR_CODES.STORE_REJECTED,
            reason: f.reason,
          }));
          counters.stored += result.stored;
          counters.deadLettered += rejected.length;
          log.debug({ stored: result.stored, rejected: rejected.length }, 'batch_indexed');
          return rejected;
        },
      });
      log.info({ store: deps.store.kind }, 'indexer_started');
    },
    async stop() {
      await subscription?.stop();
    },
    async health(): Promise<ServiceHealth> {
      const store = await deps.store.health();
      return {
        status: store.ok ? 'ok' : 'error',
        details: { ...counters, lag: subscription ? await subscription.lag() : null, store: store.details },
      };
    },
  };
}

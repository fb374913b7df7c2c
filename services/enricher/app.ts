import type { Bus, Subscription } from '../../lib/bus/bus';
import { consumeValidated, type Rejection, type Valid } from '../../lib/bus/consume';
import type { Logger } from '../../lib/logger';
import type { StepResult } from '../../lib/result';
import type { Service, ServiceHealth } from '../../lib/service';
import { RawPost, type EnrichedPost } from '../../schemas';
import { TOPICS } from '../../schemas/topics';

export interface EnricherDeps {
  bus: Bus;
  logger: Logger;
  /** The consumer group: every enricher process of one deployment shares it. */
  groupId: string;
  enrich: (raw: RawPost) => StepResult<EnrichedPost>;
  maxBatchSize?: number;
}

/**
 * Consumes `posts.raw`, runs the enrichment chain, publishes to `posts.enriched`. The raw batch is
 * acknowledged only after the enriched posts were accepted downstream; posts a step refuses go to
 * the dead-letter topic with the step's reason, posts it drops on purpose are counted.
 */
export function createEnricherService(deps: EnricherDeps): Service {
  const log = deps.logger.child({ service: 'enricher' });
  const counters = { enriched: 0, deadLettered: 0, dropped: 0 };
  let subscription: Subscription | null = null;

  async function handle(items: Valid<RawPost>[]): Promise<Rejection[]> {
    const out: { key: string; value: EnrichedPost }[] = [];
    const rejected: Rejection[] = [];
    for (const { message, value } of items) {
      const result = deps.enrich(value);
      if (result.kind === 'ok') out.push({ key: result.value.id, value: result.value });
      else if (result.kind === 'dlq') rejected.push({ message, code: result.code, reason: result.reason });
      else {
        counters.dropped++;
        log.debug({ postId: value.id, reason: result.reason }, 'post_dropped');
      }
    }
    if (out.length > 0) await deps.bus.publish(TOPICS.enriched, out);
    counters.enriched += out.length;
    counters.deadLettered += rejected.length;
    return rejected;
  }

  return {
    name: 'enricher',
    async start() {
      subscription = await consumeValidated(deps.bus, {
        topic: TOPICS.raw,
        groupId: deps.groupId,
        schema: RawPost,
        maxBatchSize: deps.maxBatchSize,
        handle,
      });
      log.info('enricher_started');
    },
    async stop() {
      await subscription?.stop();
    },
    async health(): Promise<ServiceHealth> {
      return { status: 'ok', details: { ...counters, lag: subscription ? await subscription.lag() : null } };
    },
  };
}

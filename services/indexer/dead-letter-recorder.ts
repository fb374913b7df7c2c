import type { Bus, Subscription } from '../../lib/bus/bus';
import type { Logger } from '../../lib/logger';
import type { Service, ServiceHealth } from '../../lib/service';
import type { StateStore } from '../../lib/state/state-store';
import { DeadLetter } from '../../schemas';
import { TOPICS } from '../../schemas/topics';

/**
 * Embedded mode only: the in-process bus forgets, so dead letters are written to the SQLite file
 * where `dengar` and the API can show them. On Kafka the `posts.dlq` topic itself is the record.
 */
export function createDeadLetterRecorder(deps: { bus: Bus; state: StateStore; logger: Logger }): Service {
  const log = deps.logger.child({ service: 'dead-letter-recorder' });
  let subscription: Subscription | null = null;
  return {
    name: 'dead-letter-recorder',
    async start() {
      subscription = await deps.bus.subscribe({
        topic: TOPICS.dlq,
        groupId: 'dlq-recorder',
        handler: async (batch) => {
          const letters: DeadLetter[] = [];
          for (const m of batch) {
            const parsed = DeadLetter.safeParse(m.value);
            // A malformed dead letter is still evidence: keep its raw bytes rather than lose it.
            letters.push(
              parsed.success
                ? parsed.data
                : {
                    schemaVersion: 1,
                    type: 'dead_letter',
                    originalTopic: m.headers.original_topic ?? m.topic,
                    key: m.key,
                    errorCode: m.headers.error_code ?? 'DENGAR_ERR_VALIDATION',
                    reason: m.headers.error ?? 'surat mati tidak valid',
                    attempt: 1,
                    payload: m.raw,
                    at: new Date().toISOString(),
                  },
            );
          }
          await deps.state.recordDeadLetters(letters);
          for (const l of letters) log.warn({ key: l.key, errorCode: l.errorCode, originalTopic: l.originalTopic }, 'dead_letter_recorded');
        },
      });
    },
    async stop() {
      await subscription?.stop();
    },
    async health(): Promise<ServiceHealth> {
      return { status: 'ok', details: { recorded: await deps.state.countDeadLetters() } };
    },
  };
}

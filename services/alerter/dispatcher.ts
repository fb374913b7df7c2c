import { backoffMs } from '../../lib/backoff';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Delivery } from '../../schemas/alert';
import type { AlertStore } from './alert-store';
import { ChannelError, type Channel } from './channels';

export interface DispatcherDeps {
  alerts: AlertStore;
  channels: Map<string, Channel>;
  logger: Logger;
  now: () => Date;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A claimed delivery whose sender died is taken again after this long. */
  leaseMs?: number;
  /** Jitter source for the backoff (tests pass a constant). */
  random?: () => number;
}

export interface DispatchReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends due deliveries and writes every attempt to the delivery log. Retries are not loops with
 * sleeps: a failed delivery goes back to `pending` with `nextAttemptAt` = now + capped exponential
 * backoff, and a later `runDue()` (the service runs one every N seconds) takes it again. The clock
 * is injected, so tests advance time instead of waiting.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const log = deps.logger.child({ component: 'alert-dispatcher' });
  const leaseMs = deps.leaseMs ?? 120_000;

  async function deliver(delivery: Delivery): Promise<'sent' | 'retrying' | 'failed'> {
    const attempt = delivery.attempts + 1;
    const at = deps.now();
    const channel = deps.channels.get(delivery.channel);
    const event = await deps.alerts.getEvent(delivery.eventId);
    let error: ChannelError | null = null;
    if (!channel) error = new ChannelError(`kanal ${delivery.channel} tidak dikonfigurasi`, false);
    else if (!event) error = new ChannelError('peringatan tidak ditemukan', false);
    else {
      try {
        await channel.send(event, delivery);
      } catch (err) {
        error = err instanceof ChannelError ? err : new ChannelError(describeError(err), true);
      }
    }
    const base = { deliveryId: delivery.id, eventId: delivery.eventId, channel: delivery.channel, attempt, at: at.toISOString() };
    if (!error) {
      await deps.alerts.recordAttempt({ ...base, status: 'sent' }, { status: 'sent', sentAt: deps.now() });
      log.info({ deliveryId: delivery.id, channel: delivery.channel, attempt }, 'alert_delivered');
      return 'sent';
    }
    const again = error.retriable && attempt < deps.maxAttempts;
    const nextAttemptAt = new Date(at.getTime() + backoffMs(attempt, deps.backoffBaseMs, deps.backoffMaxMs, deps.random));
    await deps.alerts.recordAttempt(
      { ...base, status: 'failed', error: error.message },
      again ? { status: 'pending', nextAttemptAt, lastError: error.message } : { status: 'failed', lastError: error.message },
    );
    log.warn({ deliveryId: delivery.id, channel: delivery.channel, attempt, err: error.message, retryAt: again ? nextAttemptAt.toISOString() : null }, 'alert_delivery_failed');
    return again ? 'retrying' : 'failed';
  }

  return {
    /** Send everything due now; returns what happened to each claimed delivery. */
    async runDue(limit = 100): Promise<DispatchReport> {
      const report: DispatchReport = { sent: 0, retrying: 0, failed: 0 };
      const due = await deps.alerts.claimDeliveries(deps.now(), leaseMs, limit);
      // Channels are independent; one slow webhook should not hold up the Telegram message.
      const outcomes = await Promise.all(due.map((d) => deliver(d).catch((err: unknown) => {
        log.error({ deliveryId: d.id, err: describeError(err) }, 'alert_delivery_crashed');
        return 'retrying' as const;
      })));
      for (const o of outcomes) report[o]++;
      return report;
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

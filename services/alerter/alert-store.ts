import { ValidationError } from '../../lib/errors';
import type { AlertEvent, AlertRule, AlertState, Delivery, DeliveryAttempt } from '../../schemas/alert';

/** duplicate: same key; cooldown: same rule × group recently; covered: a broader event (same topic, province-wide) recently. */
export type BlockReason = 'duplicate' | 'cooldown' | 'covered';

export interface EventFilter {
  state?: AlertState;
  ruleId?: string;
  limit?: number;
}

/** How a delivery stands after an attempt. */
export interface DeliveryUpdate {
  status: 'pending' | 'sent' | 'failed';
  nextAttemptAt?: Date;
  sentAt?: Date;
  lastError?: string;
}

/**
 * Rules, alert events and their deliveries. The store, not the evaluator, decides whether an event
 * is new: `createEvent` is an atomic insert-if-absent on the event key plus the cooldown check, so
 * a restart or a second alerter replica never creates (and so never sends) an alert twice.
 */
export interface AlertStore {
  listRules(): Promise<AlertRule[]>;
  getRule(id: string): Promise<AlertRule | null>;
  /** Insert or replace by id. */
  putRule(rule: AlertRule): Promise<void>;
  /** Seed defaults: insert only if no rule has, or ever had, this id (a deleted default stays deleted). */
  insertRuleIfAbsent(rule: AlertRule): Promise<boolean>;
  deleteRule(id: string): Promise<boolean>;

  /** Cheap pre-check before building evidence; `createEvent` re-checks atomically. */
  blocked(key: string, ruleId: string, groupKey: string, windowTo: Date, cooldownMs: number, coverKeys?: string[]): Promise<BlockReason | null>;
  /**
   * Atomically: no event with this key, none for the rule × group within the cooldown, none of any
   * rule for a covering group (`coverKeys`) within the cooldown → insert the event and its deliveries.
   */
  createEvent(
    event: AlertEvent,
    groupKey: string,
    deliveries: Delivery[],
    cooldownMs: number,
    coverKeys?: string[],
  ): Promise<{ created: boolean; reason?: BlockReason }>;
  getEvent(id: string): Promise<AlertEvent | null>;
  listEvents(filter: EventFilter): Promise<AlertEvent[]>;
  /** open → acknowledged → resolved (open → resolved too); anything else is refused. */
  transitionEvent(id: string, to: 'acknowledged' | 'resolved', by: string, at: Date, note?: string): Promise<AlertEvent>;

  /**
   * Take due deliveries (pending and due, or `sending` whose lease expired: its sender died) under a
   * lease, so two dispatchers never send the same delivery at the same time.
   */
  claimDeliveries(now: Date, leaseMs: number, limit: number): Promise<Delivery[]>;
  recordAttempt(attempt: DeliveryAttempt, update: DeliveryUpdate): Promise<void>;
  listDeliveries(eventId: string): Promise<Delivery[]>;
  listAttempts(eventId: string): Promise<DeliveryAttempt[]>;
  close(): Promise<void>;
}

/** Stable text key of a group: `*` for an ungrouped rule. */
export function groupKey(group: { topic?: string; region?: string }): string {
  const parts = [group.region ? `region=${group.region}` : '', group.topic ? `topic=${group.topic}` : ''].filter(Boolean);
  return parts.length ? parts.join(';') : '*';
}

/** The event after an analyst's transition; the same rule in every store (anything else is refused). */
export function transitioned(event: AlertEvent, to: 'acknowledged' | 'resolved', by: string, at: Date, note?: string): AlertEvent {
  const allowed = event.state === 'open' || (event.state === 'acknowledged' && to === 'resolved');
  if (!allowed) throw new ValidationError(`state: peringatan berstatus ${event.state} tidak dapat diubah menjadi ${to}`);
  const next: AlertEvent =
    to === 'acknowledged'
      ? { ...event, state: to, acknowledgedBy: by, acknowledgedAt: at.toISOString() }
      : { ...event, state: to, resolvedBy: by, resolvedAt: at.toISOString() };
  if (note) next.note = note;
  return next;
}

/** A delivery as both stores keep it: times as epoch milliseconds, so they sort and compare as numbers. */
export function deliveryRecord(d: Delivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    channel: d.channel,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: Date.parse(d.nextAttemptAt),
    lastError: d.lastError ?? null,
    sentAt: d.sentAt ? Date.parse(d.sentAt) : null,
  };
}

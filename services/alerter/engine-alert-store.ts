import { DengarError, DependencyUnavailableError, ERROR_CODES } from '../../lib/errors';
import type { EngineClient, StoredDocument } from '../../lib/store/search-engine/engine-client';
import { AlertEvent, AlertRule, Delivery, DeliveryAttempt } from '../../schemas/alert';
import { CONFLICT, controlIndex, controlSequence, field, MAX_PAGE, retryOnConflict } from '../api/control/engine-control';
import { deliveryRecord, transitioned, type AlertStore, type BlockReason } from './alert-store';

/** Recent window ends of one rule × group, to decide cooldowns under one conditional write. */
interface CooldownSlot {
  windows: { key: string; windowTo: number; claimedAt: number }[];
}
/** A claim whose event is still missing after this long was left by a replica that died in between. */
const ABANDONED_CLAIM_MS = 60_000;
/** The longest cooldown a rule may have (schemas/alert.ts: 10,080 minutes); older entries never matter. */
const MAX_COOLDOWN_MS = 10_080 * 60_000;

/**
 * Alert rules, events and deliveries in the search engine (distributed mode), so several alerter
 * replicas share them. What SQLite gets from BEGIN IMMEDIATE, this gets from conditional writes:
 * - an event's document id is its key (rule × group × window) and is written with `op_type=create`,
 *   so two replicas never both create it (409 = duplicate);
 * - the cooldown of a rule × group is decided on one slot document updated with `if_seq_no`, so two
 *   replicas racing on different windows of the same group cannot both pass it;
 * - a delivery is claimed by a conditional write of its lease, so one dispatcher sends it.
 * NOTE: `covered` (a broader group's event) is checked by query, not under the slot: two replicas
 * may, in the same instant, create a broad and a narrow event. SQLite serialises that case.
 */
export function createEngineAlertStore(client: EngineClient, prefix: string): AlertStore {
  const rules = controlIndex(client, prefix, 'alert-rules', { id: field.keyword, doc: field.blob });
  const tombstones = controlIndex(client, prefix, 'alert-rule-tombstones', { deletedAt: field.date });
  const events = controlIndex(client, prefix, 'alert-events', {
    id: field.keyword,
    key: field.keyword,
    ruleId: field.keyword,
    groupKey: field.keyword,
    windowTo: field.long,
    state: field.keyword,
    createdAt: field.long,
    doc: field.blob,
  });
  const slots = controlIndex(client, prefix, 'alert-cooldowns', { windows: field.blob });
  const deliveries = controlIndex(client, prefix, 'alert-deliveries', {
    id: field.keyword,
    eventId: field.keyword,
    channel: field.keyword,
    status: field.keyword,
    attempts: field.long,
    nextAttemptAt: field.long,
    leaseUntil: field.long,
    lastError: field.text,
    sentAt: field.long,
  });
  const attempts = controlIndex(client, prefix, 'alert-attempts', {
    seq: field.long,
    deliveryId: field.keyword,
    eventId: field.keyword,
    channel: field.keyword,
    attempt: field.long,
    status: field.keyword,
    error: field.text,
    at: field.long,
  });
  const nextAttemptSeq = controlSequence(client, prefix, 'alert-attempts');
  const all = [rules, tombstones, events, slots, deliveries, attempts];
  const ready = () => Promise.all(all.map((i) => i.ready()));

  async function mustWrite(what: string, outcome: Promise<{ written: boolean }>): Promise<void> {
    if (!(await outcome).written) throw new DependencyUnavailableError(`${what} tidak tersimpan`);
  }
  const eventExists = async (key: string) => (await client.getDocument(events.name, key)) !== null;

  /** The cheap pre-check: by key, then by query within the cooldown (symmetric, as on SQLite). */
  async function blocked(key: string, ruleId: string, group: string, windowTo: number, cooldownMs: number, covers: string[]): Promise<BlockReason | null> {
    await ready();
    if (await eventExists(key)) return 'duplicate';
    if (cooldownMs <= 0) return null;
    const near = { range: { windowTo: { gt: windowTo - cooldownMs, lt: windowTo + cooldownMs } } };
    const hit = (filter: unknown[]) => client.count(events.name, { bool: { filter: [...filter, near] } }).then((n) => n > 0);
    if (await hit([{ term: { ruleId } }, { term: { groupKey: group } }])) return 'cooldown';
    if (covers.length && (await hit([{ terms: { groupKey: covers } }]))) return 'covered';
    return null;
  }

  /** Enter this window in the rule × group slot unless the cooldown (or the same key) forbids it. */
  async function claimSlot(event: AlertEvent, group: string, cooldownMs: number): Promise<BlockReason | null> {
    const id = `${event.ruleId}|${group}`;
    const windowTo = Date.parse(event.windowTo);
    return retryOnConflict('jeda peringatan', async () => {
      const stored = await client.getDocument(slots.name, id);
      const slot = (stored?.source ?? { windows: [] }) as unknown as CooldownSlot;
      const now = Date.now();
      // An entry whose event is missing is either being written right now (it counts) or was left
      // by a replica that died in between (after ABANDONED_CLAIM_MS: it blocks nothing).
      const live = async (w: CooldownSlot['windows'][number]) => now - w.claimedAt < ABANDONED_CLAIM_MS || (await eventExists(w.key));
      const same = slot.windows.find((w) => w.key === event.key);
      if (same && (await live(same))) return 'duplicate';
      for (const w of slot.windows) {
        if (w.key !== event.key && cooldownMs > 0 && Math.abs(w.windowTo - windowTo) < cooldownMs && (await live(w))) return 'cooldown';
      }
      const newest = Math.max(windowTo, ...slot.windows.map((w) => w.windowTo));
      const windows = [...slot.windows.filter((w) => w.key !== event.key && w.windowTo > newest - MAX_COOLDOWN_MS), { key: event.key, windowTo, claimedAt: now }];
      const outcome = await client.putDocument(slots.name, id, { windows }, stored ? { ifMatch: stored } : { create: true });
      return outcome.written ? null : CONFLICT;
    });
  }

  async function findEvent(id: string): Promise<{ event: AlertEvent; stored: StoredDocument } | null> {
    await ready();
    const result = await client.search(events.name, { size: 1, query: { term: { id } } });
    const key = result.hits[0]?._id;
    const stored = key ? await client.getDocument(events.name, key) : null;
    return stored ? { event: AlertEvent.parse(stored.source.doc), stored } : null;
  }

  const deliveryDoc = (d: Delivery, leaseUntil: number | null = null) => ({ ...deliveryRecord(d), leaseUntil });

  return {
    async listRules() {
      await ready();
      const result = await client.search(rules.name, { size: MAX_PAGE, sort: [{ id: 'asc' }] });
      return result.hits.map((h) => AlertRule.parse(h._source?.doc));
    },
    async getRule(id) {
      await ready();
      const stored = await client.getDocument(rules.name, id);
      return stored ? AlertRule.parse(stored.source.doc) : null;
    },
    async putRule(rule) {
      await ready();
      await mustWrite('aturan', client.putDocument(rules.name, rule.id, { id: rule.id, doc: AlertRule.parse(rule) }, { refresh: 'wait_for' }));
    },
    async insertRuleIfAbsent(rule) {
      await ready();
      if (await client.getDocument(tombstones.name, rule.id)) return false;
      return (await client.putDocument(rules.name, rule.id, { id: rule.id, doc: AlertRule.parse(rule) }, { create: true, refresh: 'wait_for' })).written;
    },
    async deleteRule(id) {
      await ready();
      const gone = await client.deleteDocument(rules.name, id, { refresh: 'wait_for' });
      // The tombstone keeps a deleted default from being seeded again.
      if (gone) await mustWrite('penanda aturan terhapus', client.putDocument(tombstones.name, id, { deletedAt: new Date().toISOString() }));
      return gone;
    },
    blocked: async (key, ruleId, group, windowTo, cooldownMs, covers = []) => blocked(key, ruleId, group, windowTo.getTime(), cooldownMs, covers),
    async createEvent(input, group, toDeliver, cooldownMs, covers = []) {
      const event = AlertEvent.parse(input);
      const windowTo = Date.parse(event.windowTo);
      const early = await blocked(event.key, event.ruleId, group, windowTo, cooldownMs, covers);
      if (early) return { created: false, reason: early };
      const reason = await claimSlot(event, group, cooldownMs);
      if (reason) return { created: false, reason };
      const doc = { id: event.id, key: event.key, ruleId: event.ruleId, groupKey: group, windowTo, state: event.state, createdAt: Date.parse(event.createdAt), doc: event };
      if (!(await client.putDocument(events.name, event.key, doc, { create: true, refresh: 'wait_for' })).written) return { created: false, reason: 'duplicate' };
      const lines = toDeliver.flatMap((d) => [{ create: { _index: deliveries.name, _id: d.id } }, deliveryDoc(Delivery.parse(d))]);
      if (lines.length) {
        const { items } = await client.bulk(lines, { refresh: 'wait_for' });
        const failed = items.find((i) => i.status >= 300 && i.status !== 409);
        if (failed) throw new DependencyUnavailableError(`pengiriman peringatan tidak tersimpan: ${failed.error?.reason ?? failed.status}`);
      }
      return { created: true };
    },
    async getEvent(id) {
      return (await findEvent(id))?.event ?? null;
    },
    async listEvents(filter) {
      await ready();
      const must: unknown[] = [];
      if (filter.state) must.push({ term: { state: filter.state } });
      if (filter.ruleId) must.push({ term: { ruleId: filter.ruleId } });
      const result = await client.search(events.name, { size: filter.limit ?? 50, query: { bool: { filter: must } }, sort: [{ createdAt: 'desc' }, { id: 'asc' }] });
      return result.hits.map((h) => AlertEvent.parse(h._source?.doc));
    },
    async transitionEvent(id, to, by, at, note) {
      return retryOnConflict('status peringatan', async () => {
        const found = await findEvent(id);
        if (!found) throw new DengarError(ERROR_CODES.NOT_FOUND, `Peringatan ${id} tidak ditemukan`);
        const { event, stored } = found;
        const next = transitioned(event, to, by, at, note);
        const outcome = await client.putDocument(events.name, stored.id, { ...stored.source, state: next.state, doc: next }, { ifMatch: stored, refresh: 'wait_for' });
        return outcome.written ? next : CONFLICT;
      });
    },
    async claimDeliveries(now, leaseMs, limit) {
      await ready();
      const at = now.getTime();
      const due = await client.search(deliveries.name, {
        size: limit,
        seq_no_primary_term: true,
        query: {
          bool: {
            should: [
              { bool: { filter: [{ term: { status: 'pending' } }, { range: { nextAttemptAt: { lte: at } } }] } },
              { bool: { filter: [{ term: { status: 'sending' } }, { range: { leaseUntil: { lte: at } } }] } },
            ],
            minimum_should_match: 1,
          },
        },
        sort: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      });
      const claimed: Delivery[] = [];
      for (const hit of due.hits) {
        if (hit._seq_no === undefined || hit._primary_term === undefined) continue;
        const lease = { ...hit._source, status: 'sending', leaseUntil: at + leaseMs };
        // A 409 means another dispatcher claimed (or finished) it first: not ours.
        const outcome = await client.putDocument(deliveries.name, hit._id, lease, { ifMatch: { seqNo: hit._seq_no, primaryTerm: hit._primary_term }, refresh: 'wait_for' });
        if (outcome.written) claimed.push(toDelivery(lease));
      }
      return claimed;
    },
    async recordAttempt(input, update) {
      await ready();
      const attempt = DeliveryAttempt.parse(input);
      const seq = await nextAttemptSeq();
      await mustWrite('percobaan kirim', client.putDocument(attempts.name, String(seq), { ...attempt, error: attempt.error ?? null, at: Date.parse(attempt.at), seq }, { create: true, refresh: 'wait_for' }));
      const stored = await client.getDocument(deliveries.name, attempt.deliveryId);
      if (!stored) return;
      const next = {
        ...stored.source,
        status: update.status,
        attempts: attempt.attempt,
        nextAttemptAt: (update.nextAttemptAt ?? new Date(attempt.at)).getTime(),
        leaseUntil: null,
        lastError: update.lastError ?? null,
        sentAt: update.sentAt?.getTime() ?? null,
      };
      // Conditional: if this dispatcher's lease ran out and another one claimed the delivery meanwhile,
      // that one owns its state now; this attempt stays in the attempt log only.
      await client.putDocument(deliveries.name, attempt.deliveryId, next, { ifMatch: stored, refresh: 'wait_for' });
    },
    async listDeliveries(eventId) {
      await ready();
      const result = await client.search(deliveries.name, { size: MAX_PAGE, query: { term: { eventId } }, sort: [{ channel: 'asc' }] });
      return result.hits.map((h) => toDelivery(h._source ?? {}));
    },
    async listAttempts(eventId) {
      await ready();
      const result = await client.search(attempts.name, { size: MAX_PAGE, query: { term: { eventId } }, sort: [{ seq: 'asc' }] });
      return result.hits.map((h) => {
        const s = h._source ?? {};
        return DeliveryAttempt.parse({ ...s, error: s.error ?? undefined, at: new Date(Number(s.at)).toISOString(), seq: undefined });
      });
    },
    async close() {
      // The client belongs to whoever created it.
    },
  };
}

function toDelivery(s: Record<string, unknown>): Delivery {
  return Delivery.parse({
    id: s.id,
    eventId: s.eventId,
    channel: s.channel,
    status: s.status,
    attempts: s.attempts,
    nextAttemptAt: new Date(Number(s.nextAttemptAt)).toISOString(),
    ...(s.lastError ? { lastError: s.lastError } : {}),
    ...(s.sentAt != null ? { sentAt: new Date(Number(s.sentAt)).toISOString() } : {}),
  });
}

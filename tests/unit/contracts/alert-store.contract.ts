import type { AlertStore } from '../../../services/alerter/alert-store';
import type { AlertEvent, AlertRule, Delivery } from '../../../schemas/alert';
import type { NewBacking } from './store-contract';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-10T03:00:00.000Z');

const rule = (id: string, name = `Aturan ${id}`): AlertRule => ({
  id, name, enabled: true, scope: { query: '', topic: 'banjir' }, groupBy: 'none', metric: 'negative_count', windowMinutes: 60,
  baseline: 'same_hours_7d', method: 'robust_z', minVolume: 10, sensitivity: 'medium', cooldownMinutes: 180, channels: ['in_app'],
  createdBy: 'admin', createdAt: '2026-11-01T00:00:00.000Z', updatedBy: 'admin', updatedAt: '2026-11-01T00:00:00.000Z',
});

/** An event of `ruleId` for `group` whose window ends `hours` after T0. */
function event(ruleId: string, group: string, hours: number, channels = ['in_app', 'telegram']): AlertEvent {
  const windowTo = new Date(T0 + hours * HOUR).toISOString();
  return {
    id: `ev-${ruleId}-${group}-${hours}`, key: `${ruleId}|${group}|${windowTo}`, ruleId, ruleName: `Aturan ${ruleId}`, metric: 'negative_count',
    group: group === '*' ? {} : { topic: group.replace('topic=', '') }, windowFrom: new Date(T0 + (hours - 1) * HOUR).toISOString(), windowTo,
    evidence: { observed: 31, expected: 2, score: 8.5, threshold: 4, baselineValues: [1, 2, 3], windowTotal: 40, windowNegative: 31, topPosts: [], terms: [], regions: [], searchUrl: 'https://dengar.example.id/pencarian' },
    channels, state: 'open', createdAt: new Date(T0 + hours * HOUR + 60_000).toISOString(),
  };
}
const deliveriesOf = (e: AlertEvent): Delivery[] =>
  e.channels.map((channel) => ({ id: `${e.id}:${channel}`, eventId: e.id, channel, status: 'pending', attempts: 0, nextAttemptAt: e.createdAt }));
const COOLDOWN = 3 * HOUR;

export function alertStoreContract(newBacking: NewBacking<AlertStore>): void {
  describe('AlertStore contract', () => {
    test('rules: put, get, list, seed only if never there, delete leaves a tombstone', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      await a.putRule(rule('topik-banjir'));
      await a.putRule(rule('asap'));
      await a.putRule({ ...rule('asap'), name: 'Kabut asap' });
      expect(await b.getRule('asap')).toEqual({ ...rule('asap'), name: 'Kabut asap' });
      expect(await b.getRule('tidak-ada')).toBeNull();
      expect((await b.listRules()).map((r) => r.id)).toEqual(['asap', 'topik-banjir']);
      expect(await b.insertRuleIfAbsent(rule('asap', 'bawaan'))).toBe(false);
      expect(await b.insertRuleIfAbsent(rule('jalan'))).toBe(true);
      expect(await a.deleteRule('jalan')).toBe(true);
      expect(await a.deleteRule('jalan')).toBe(false);
      expect(await b.insertRuleIfAbsent(rule('jalan'))).toBe(false);
      expect((await a.listRules()).map((r) => r.id)).toEqual(['asap', 'topik-banjir']);
    });

    test('an event per rule × group × window, once across two replicas, with cooldown and cover', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      const first = event('banjir', 'topic=banjir', 0);
      // Two replicas evaluating the same window at the same moment: exactly one creates it.
      const raced = await Promise.all([a.createEvent(first, 'topic=banjir', deliveriesOf(first), COOLDOWN), b.createEvent(first, 'topic=banjir', deliveriesOf(first), COOLDOWN)]);
      expect(raced.filter((r) => r.created)).toHaveLength(1);
      expect(raced.find((r) => !r.created)?.reason).toMatch(/duplicate|cooldown/);
      expect(await b.createEvent(first, 'topic=banjir', deliveriesOf(first), COOLDOWN)).toEqual({ created: false, reason: 'duplicate' });
      expect(await b.blocked(first.key, 'banjir', 'topic=banjir', new Date(first.windowTo), COOLDOWN)).toBe('duplicate');

      // Within the cooldown, on either side of the window: blocked; beyond it: a new event.
      const soon = event('banjir', 'topic=banjir', 2);
      expect(await b.blocked(soon.key, 'banjir', 'topic=banjir', new Date(soon.windowTo), COOLDOWN)).toBe('cooldown');
      expect(await b.createEvent(soon, 'topic=banjir', [], COOLDOWN)).toEqual({ created: false, reason: 'cooldown' });
      expect(await b.createEvent(event('banjir', 'topic=banjir', -1), 'topic=banjir', [], COOLDOWN)).toEqual({ created: false, reason: 'cooldown' });
      expect(await a.createEvent(soon, 'topic=banjir', [], 0)).toEqual({ created: true });
      const later = event('banjir', 'topic=banjir', 6);
      expect(await b.createEvent(later, 'topic=banjir', [], COOLDOWN)).toEqual({ created: true });

      // Two different windows inside one cooldown, raced: only one passes.
      const x = event('asap', 'topic=asap', 0);
      const y = event('asap', 'topic=asap', 1);
      const pair = await Promise.all([a.createEvent(x, 'topic=asap', [], COOLDOWN), b.createEvent(y, 'topic=asap', [], COOLDOWN)]);
      expect(pair.filter((r) => r.created)).toHaveLength(1);

      // A narrower group is covered by the broader group's recent event (another rule's too).
      const narrow = event('banjir-wilayah', 'region=kota_palembang;topic=banjir', 1);
      expect(await a.blocked(narrow.key, 'banjir-wilayah', 'region=kota_palembang;topic=banjir', new Date(narrow.windowTo), COOLDOWN, ['topic=banjir'])).toBe('covered');
      expect(await a.createEvent(narrow, 'region=kota_palembang;topic=banjir', [], COOLDOWN, ['topic=banjir'])).toEqual({ created: false, reason: 'covered' });
      expect(await a.blocked('lain', 'lain', '*', new Date(T0 + 100 * HOUR), COOLDOWN, ['topic=banjir'])).toBeNull();

      expect(await a.getEvent(first.id)).toEqual(first);
      expect(await a.getEvent('tidak-ada')).toBeNull();
      expect((await b.listEvents({ ruleId: 'banjir' })).map((e) => e.id)).toEqual([later.id, soon.id, first.id]);
      expect((await b.listEvents({ ruleId: 'banjir', limit: 1 })).map((e) => e.id)).toEqual([later.id]);
    });

    test('events move open → acknowledged → resolved, and no further', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const e = event('banjir', '*', 0);
      await a.createEvent(e, '*', [], COOLDOWN);
      const at = new Date(T0 + 2 * HOUR);
      expect(await backing.open().transitionEvent(e.id, 'acknowledged', 'sari', at, 'sedang dicek')).toEqual({ ...e, state: 'acknowledged', acknowledgedBy: 'sari', acknowledgedAt: at.toISOString(), note: 'sedang dicek' });
      const resolved = await a.transitionEvent(e.id, 'resolved', 'budi', at);
      expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'budi', acknowledgedBy: 'sari' });
      expect((await a.listEvents({ state: 'resolved' })).map((x) => x.id)).toEqual([e.id]);
      expect(await a.listEvents({ state: 'open' })).toEqual([]);
      await expect(a.transitionEvent(e.id, 'acknowledged', 'sari', at)).rejects.toThrow(/resolved tidak dapat diubah/);
      await expect(a.transitionEvent('tidak-ada', 'resolved', 'sari', at)).rejects.toThrow(/tidak ditemukan/);
    });

    test('deliveries: claimed once across dispatchers, reclaimed after the lease, attempts logged', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      const events = [event('banjir', 'topic=banjir', 0), event('asap', 'topic=asap', 0)];
      for (const e of events) await a.createEvent(e, groupOf(e), deliveriesOf(e), COOLDOWN);
      const due = new Date(T0 + 2 * HOUR);
      const claims = await Promise.all([a.claimDeliveries(due, 60_000, 10), b.claimDeliveries(due, 60_000, 10)]);
      const ids = claims.flat().map((d) => d.id).sort();
      expect(ids).toEqual(events.flatMap(deliveriesOf).map((d) => d.id).sort());
      expect(claims.flat().every((d) => d.status === 'sending')).toBe(true);
      expect(await a.claimDeliveries(due, 60_000, 10)).toEqual([]);
      // The sender died: once its lease is over, another dispatcher takes the delivery.
      expect((await b.claimDeliveries(new Date(due.getTime() + 60_000), 60_000, 1))).toHaveLength(1);

      const [telegram] = deliveriesOf(events[0]!).filter((d) => d.channel === 'telegram');
      const failedAt = new Date(due.getTime() + 1_000);
      await a.recordAttempt({ deliveryId: telegram!.id, eventId: events[0]!.id, channel: 'telegram', attempt: 1, status: 'failed', error: 'HTTP 502', at: failedAt.toISOString() }, { status: 'pending', nextAttemptAt: new Date(failedAt.getTime() + 30_000), lastError: 'HTTP 502' });
      await b.recordAttempt({ deliveryId: telegram!.id, eventId: events[0]!.id, channel: 'telegram', attempt: 2, status: 'sent', at: new Date(failedAt.getTime() + 30_000).toISOString() }, { status: 'sent', sentAt: new Date(failedAt.getTime() + 30_000) });
      expect((await b.listDeliveries(events[0]!.id)).find((d) => d.channel === 'telegram')).toEqual({ ...telegram, status: 'sent', attempts: 2, nextAttemptAt: new Date(failedAt.getTime() + 30_000).toISOString(), sentAt: new Date(failedAt.getTime() + 30_000).toISOString() });
      expect((await a.listAttempts(events[0]!.id)).map((x) => [x.attempt, x.status, x.error])).toEqual([[1, 'failed', 'HTTP 502'], [2, 'sent', undefined]]);
      expect((await a.listDeliveries(events[0]!.id)).map((d) => d.channel)).toEqual(['in_app', 'telegram']);
    });
  });
}

const groupOf = (e: AlertEvent): string => (e.group.topic ? `topic=${e.group.topic}` : '*');

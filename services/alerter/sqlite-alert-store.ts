import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import { AlertEvent, AlertRule, Delivery, DeliveryAttempt } from '../../schemas/alert';
import { deliveryRecord, transitioned, type AlertStore, type BlockReason } from './alert-store';

type DeliveryRow = {
  id: string;
  event_id: string;
  channel: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
};

/**
 * Alert rules, events and deliveries in the embedded SQLite file (own tables beside the posts).
 * Several processes may open the same file (`dengar run` and `dengar alerts evaluate`): every
 * check-then-write runs in a BEGIN IMMEDIATE transaction, which SQLite serialises across processes.
 */
export function createSqliteAlertStore(file: string): AlertStore {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS alert_rules (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS alert_rule_tombstones (id TEXT PRIMARY KEY, deleted_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS alert_events (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      rule_id TEXT NOT NULL,
      group_key TEXT NOT NULL,
      window_to INTEGER NOT NULL,
      state TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS alert_events_rule_group ON alert_events(rule_id, group_key, window_to);
    CREATE INDEX IF NOT EXISTS alert_events_created ON alert_events(created_at);
    CREATE TABLE IF NOT EXISTS alert_deliveries (
      id TEXT PRIMARY KEY,
      event_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL,
      lease_until INTEGER,
      last_error TEXT,
      sent_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries(status, next_attempt_at);
    CREATE INDEX IF NOT EXISTS alert_deliveries_event ON alert_deliveries(event_id);
    CREATE TABLE IF NOT EXISTS alert_delivery_attempts (
      seq INTEGER PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      status TEXT NOT NULL,
      error TEXT,
      at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS alert_attempts_event ON alert_delivery_attempts(event_id, seq);
  `);

  const listRules = db.prepare<[], { doc: string }>('SELECT doc FROM alert_rules ORDER BY id');
  const getRule = db.prepare<[string], { doc: string }>('SELECT doc FROM alert_rules WHERE id = ?');
  const putRule = db.prepare<[string, string]>(
    'INSERT INTO alert_rules (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc',
  );
  const isTombstoned = db.prepare<[string], { id: string }>('SELECT id FROM alert_rule_tombstones WHERE id = ?');
  const insertRule = db.prepare<[string, string]>('INSERT OR IGNORE INTO alert_rules (id, doc) VALUES (?, ?)');
  const deleteRule = db.prepare<[string]>('DELETE FROM alert_rules WHERE id = ?');
  const tombstone = db.prepare<[string, number]>('INSERT OR REPLACE INTO alert_rule_tombstones (id, deleted_at) VALUES (?, ?)');

  const byKey = db.prepare<[string], { id: string }>('SELECT id FROM alert_events WHERE key = ?');
  const inCooldown = db.prepare<[string, string, number, number], { id: string }>(
    'SELECT id FROM alert_events WHERE rule_id = ? AND group_key = ? AND window_to > ? AND window_to < ? LIMIT 1',
  );
  const coveredBy = db.prepare<[string, number, number], { id: string }>(
    'SELECT id FROM alert_events WHERE group_key = ? AND window_to > ? AND window_to < ? LIMIT 1',
  );
  const insertEvent = db.prepare(
    `INSERT INTO alert_events (id, key, rule_id, group_key, window_to, state, created_at, doc)
     VALUES (@id, @key, @ruleId, @groupKey, @windowTo, @state, @createdAt, @doc)`,
  );
  const insertDelivery = db.prepare(
    `INSERT OR IGNORE INTO alert_deliveries (id, event_id, channel, status, attempts, next_attempt_at, last_error, sent_at)
     VALUES (@id, @eventId, @channel, @status, @attempts, @nextAttemptAt, @lastError, @sentAt)`,
  );
  const getEvent = db.prepare<[string], { doc: string }>('SELECT doc FROM alert_events WHERE id = ?');
  const updateEvent = db.prepare<[string, string, string]>('UPDATE alert_events SET state = ?, doc = ? WHERE id = ?');

  const claim = db.prepare<[{ leaseUntil: number; now: number; limit: number }], DeliveryRow>(
    `UPDATE alert_deliveries SET status = 'sending', lease_until = @leaseUntil
     WHERE id IN (
       SELECT id FROM alert_deliveries
       WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until <= @now)
       ORDER BY next_attempt_at LIMIT @limit
     )
     RETURNING id, event_id, channel, status, attempts, next_attempt_at, last_error, sent_at`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO alert_delivery_attempts (delivery_id, event_id, channel, attempt, status, error, at)
     VALUES (@deliveryId, @eventId, @channel, @attempt, @status, @error, @at)`,
  );
  const updateDelivery = db.prepare(
    `UPDATE alert_deliveries SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt,
       lease_until = NULL, last_error = @lastError, sent_at = @sentAt WHERE id = @id`,
  );
  const deliveriesOf = db.prepare<[string], DeliveryRow>(
    'SELECT id, event_id, channel, status, attempts, next_attempt_at, last_error, sent_at FROM alert_deliveries WHERE event_id = ? ORDER BY channel',
  );
  const attemptsOf = db.prepare<
    [string],
    { delivery_id: string; event_id: string; channel: string; attempt: number; status: string; error: string | null; at: number }
  >('SELECT delivery_id, event_id, channel, attempt, status, error, at FROM alert_delivery_attempts WHERE event_id = ? ORDER BY seq');

  function blocked(key: string, ruleId: string, group: string, windowTo: number, cooldownMs: number, covers: string[]): BlockReason | null {
    if (byKey.get(key)) return 'duplicate';
    if (cooldownMs <= 0) return null;
    // Symmetric: an event for a later window (a replica ahead of us, or a CLI run) also blocks.
    const lo = windowTo - cooldownMs;
    const hi = windowTo + cooldownMs;
    if (inCooldown.get(ruleId, group, lo, hi)) return 'cooldown';
    if (covers.some((c) => coveredBy.get(c, lo, hi))) return 'covered';
    return null;
  }

  const create = db.transaction((event: AlertEvent, group: string, deliveries: Delivery[], cooldownMs: number, covers: string[]) => {
    const windowTo = Date.parse(event.windowTo);
    const reason = blocked(event.key, event.ruleId, group, windowTo, cooldownMs, covers);
    if (reason) return { created: false, reason };
    insertEvent.run({
      id: event.id,
      key: event.key,
      ruleId: event.ruleId,
      groupKey: group,
      windowTo,
      state: event.state,
      createdAt: Date.parse(event.createdAt),
      doc: JSON.stringify(event),
    });
    for (const d of deliveries) {
      insertDelivery.run(deliveryRecord(d));
    }
    return { created: true };
  });

  const transition = db.transaction((id: string, to: 'acknowledged' | 'resolved', by: string, at: Date, note?: string) => {
    const row = getEvent.get(id);
    if (!row) throw new DengarError(ERROR_CODES.NOT_FOUND, `Peringatan ${id} tidak ditemukan`);
    const event = AlertEvent.parse(JSON.parse(row.doc));
    const next = transitioned(event, to, by, at, note);
    updateEvent.run(next.state, JSON.stringify(next), id);
    return next;
  });

  const record = db.transaction((attempt: DeliveryAttempt, update: { status: string; nextAttemptAt?: Date; sentAt?: Date; lastError?: string }) => {
    insertAttempt.run({ ...attempt, error: attempt.error ?? null, at: Date.parse(attempt.at) });
    updateDelivery.run({
      id: attempt.deliveryId,
      status: update.status,
      attempts: attempt.attempt,
      nextAttemptAt: (update.nextAttemptAt ?? new Date(attempt.at)).getTime(),
      lastError: update.lastError ?? null,
      sentAt: update.sentAt?.getTime() ?? null,
    });
  });

  return {
    listRules: async () => listRules.all().map((r) => AlertRule.parse(JSON.parse(r.doc))),
    getRule: async (id) => {
      const row = getRule.get(id);
      return row ? AlertRule.parse(JSON.parse(row.doc)) : null;
    },
    putRule: async (rule) => {
      putRule.run(rule.id, JSON.stringify(AlertRule.parse(rule)));
    },
    insertRuleIfAbsent: async (rule) =>
      db.transaction(() => (isTombstoned.get(rule.id) ? false : insertRule.run(rule.id, JSON.stringify(AlertRule.parse(rule))).changes > 0)).immediate(),
    deleteRule: async (id) =>
      db.transaction(() => {
        const gone = deleteRule.run(id).changes > 0;
        if (gone) tombstone.run(id, Date.now());
        return gone;
      }).immediate(),
    blocked: async (key, ruleId, group, windowTo, cooldownMs, covers = []) => blocked(key, ruleId, group, windowTo.getTime(), cooldownMs, covers),
    createEvent: async (event, group, deliveries, cooldownMs, covers = []) =>
      create.immediate(AlertEvent.parse(event), group, deliveries.map((d) => Delivery.parse(d)), cooldownMs, covers),
    getEvent: async (id) => {
      const row = getEvent.get(id);
      return row ? AlertEvent.parse(JSON.parse(row.doc)) : null;
    },
    listEvents: async (filter) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.state) (where.push('state = ?'), params.push(filter.state));
      if (filter.ruleId) (where.push('rule_id = ?'), params.push(filter.ruleId));
      const sql = `SELECT doc FROM alert_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
      const rows = db.prepare<(string | number)[], { doc: string }>(sql).all(...params, filter.limit ?? 50);
      return rows.map((r) => AlertEvent.parse(JSON.parse(r.doc)));
    },
    transitionEvent: async (id, to, by, at, note) => transition.immediate(id, to, by, at, note),
    claimDeliveries: async (now, leaseMs, limit) =>
      db
        .transaction(() => claim.all({ leaseUntil: now.getTime() + leaseMs, now: now.getTime(), limit }))
        .immediate()
        .map(toDelivery),
    recordAttempt: async (attempt, update) => {
      record.immediate(DeliveryAttempt.parse(attempt), update);
    },
    listDeliveries: async (eventId) => deliveriesOf.all(eventId).map(toDelivery),
    listAttempts: async (eventId) =>
      attemptsOf.all(eventId).map((r) =>
        DeliveryAttempt.parse({
          deliveryId: r.delivery_id,
          eventId: r.event_id,
          channel: r.channel,
          attempt: r.attempt,
          status: r.status,
          ...(r.error ? { error: r.error } : {}),
          at: new Date(r.at).toISOString(),
        }),
      ),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function toDelivery(r: DeliveryRow): Delivery {
  return Delivery.parse({
    id: r.id,
    eventId: r.event_id,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.sent_at !== null ? { sentAt: new Date(r.sent_at).toISOString() } : {}),
  });
}

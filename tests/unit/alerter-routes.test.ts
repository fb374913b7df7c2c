/** Alert rule and event routes through Fastify inject(), with a test guard taking the role from a header. */
import Fastify, { type FastifyInstance } from 'fastify';
import { ROLES, roleAtLeast, type Guard, type Role } from '../../services/api/guard';
import { toHttpError } from '../../services/api/errors';
import type { AlertStore } from '../../services/alerter/alert-store';
import { registerAlertRoutes } from '../../services/alerter/routes';
import { createSqliteAlertStore } from '../../services/alerter/sqlite-alert-store';
import type { AlertEvent, AlertRule } from '../../schemas/alert';

const testGuard: Guard = (least) => async (request, reply) => {
  const role = request.headers['x-role'] as Role | undefined;
  if (!role || !ROLES.includes(role)) return void reply.status(401).send({ error: { code: 'DENGAR_ERR_UNAUTHENTICATED', message: 'Belum masuk.' } });
  if (!roleAtLeast(role, least)) return void reply.status(403).send({ error: { code: 'DENGAR_ERR_FORBIDDEN', message: 'Tidak berwenang.' } });
  request.user = { id: `u-${role}`, username: `${role}1`, role };
};

const NOW = new Date('2026-11-10T03:00:00Z');

describe('alert routes', () => {
  let app: FastifyInstance;
  let alerts: AlertStore;

  beforeEach(async () => {
    alerts = createSqliteAlertStore(':memory:');
    app = Fastify();
    app.setErrorHandler((err, _request, reply) => {
      const { status, body } = toHttpError(err);
      void reply.status(status).send(body);
    });
    registerAlertRoutes(app, { alerts, guard: testGuard, channels: [{ name: 'humas', kind: 'webhook' }], now: () => NOW });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    await alerts.close();
  });

  const as = (role: Role) => ({ 'x-role': role });

  it('creates, reads, updates and deletes rules, recording who and when', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: as('analyst'), payload: { name: 'Asap di OKI', scope: { query: 'asap OR kabut', region: 'oki' }, channels: ['in_app', 'humas'] } });
    expect(created.statusCode).toBe(201);
    const rule = created.json<AlertRule>();
    expect(rule).toMatchObject({ createdBy: 'analyst1', createdAt: NOW.toISOString(), metric: 'negative_count', windowMinutes: 60, sensitivity: 'medium' });

    const patched = await app.inject({ method: 'PATCH', url: `/api/alerts/rules/${rule.id}`, headers: as('admin'), payload: { sensitivity: 'high' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<AlertRule>()).toMatchObject({ sensitivity: 'high', updatedBy: 'admin1', channels: ['in_app', 'humas'], scope: { query: 'asap OR kabut', region: 'oki' } });

    const list = await app.inject({ method: 'GET', url: '/api/alerts/rules', headers: as('viewer') });
    expect(list.json<AlertRule[]>().map((r) => r.id)).toEqual([rule.id]);

    expect((await app.inject({ method: 'DELETE', url: `/api/alerts/rules/${rule.id}`, headers: as('viewer') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/alerts/rules/${rule.id}`, headers: as('analyst') })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/alerts/rules/${rule.id}`, headers: as('viewer') })).statusCode).toBe(404);
  });

  it('refuses bad rules with the field named, and viewers and anonymous users', async () => {
    const badQuery = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: as('analyst'), payload: { name: 'x', scope: { query: 'banjir AND (' } } });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json<{ error: { message: string } }>().error.message).toMatch(/^scope\.query/);
    const badChannel = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: as('analyst'), payload: { name: 'x', channels: ['pager'] } });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json<{ error: { message: string } }>().error.message).toContain('pager');
    const badWindow = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: as('analyst'), payload: { name: 'x', windowMinutes: 7 } });
    expect(badWindow.statusCode).toBe(400);
    expect(badWindow.json<{ error: { fields: { field: string }[] } }>().error.fields[0]!.field).toBe('windowMinutes');
    expect((await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: as('viewer'), payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/alerts/rules' })).statusCode).toBe(401);
  });

  it('acknowledges and resolves events with who and when; lists channels without secrets', async () => {
    const event: AlertEvent = {
      id: 'ev1',
      key: 'r|*|2026-11-10T03:00:00.000Z',
      ruleId: 'r',
      ruleName: 'Uji',
      metric: 'negative_count',
      group: {},
      windowFrom: '2026-11-10T02:00:00.000Z',
      windowTo: '2026-11-10T03:00:00.000Z',
      evidence: { observed: 20, expected: 2, score: 6, threshold: 4, baselineValues: [], windowTotal: 25, windowNegative: 20, topPosts: [], terms: [], regions: [], searchUrl: 'http://localhost:8080/pencarian?q=' },
      channels: ['in_app'],
      state: 'open',
      createdAt: NOW.toISOString(),
    };
    await alerts.createEvent(event, '*', [], 0);
    expect((await app.inject({ method: 'POST', url: '/api/alerts/events/ev1/acknowledge', headers: as('viewer') })).statusCode).toBe(403);
    const ack = await app.inject({ method: 'POST', url: '/api/alerts/events/ev1/acknowledge', headers: as('analyst'), payload: { note: 'sedang dicek Dinas PUPR' } });
    expect(ack.json<AlertEvent>()).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'analyst1', acknowledgedAt: NOW.toISOString(), note: 'sedang dicek Dinas PUPR' });
    const resolved = await app.inject({ method: 'POST', url: '/api/alerts/events/ev1/resolve', headers: as('analyst') });
    expect(resolved.json<AlertEvent>()).toMatchObject({ state: 'resolved', resolvedBy: 'analyst1' });
    const again = await app.inject({ method: 'POST', url: '/api/alerts/events/ev1/acknowledge', headers: as('analyst') });
    expect(again.statusCode).toBe(400);
    const open = await app.inject({ method: 'GET', url: '/api/alerts/events?state=open', headers: as('viewer') });
    expect(open.json()).toEqual([]);
    const detail = await app.inject({ method: 'GET', url: '/api/alerts/events/ev1', headers: as('viewer') });
    expect(detail.json<{ event: AlertEvent }>().event.state).toBe('resolved');
    expect((await app.inject({ method: 'POST', url: '/api/alerts/events/nope/resolve', headers: as('analyst') })).statusCode).toBe(404);
    const channels = await app.inject({ method: 'GET', url: '/api/alerts/channels', headers: as('viewer') });
    expect(channels.json()).toEqual([{ name: 'in_app', kind: 'in_app' }, { name: 'humas', kind: 'webhook' }]);
  });
});

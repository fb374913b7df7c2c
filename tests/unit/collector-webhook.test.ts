import Fastify, { type FastifyInstance } from 'fastify';
import type { BusMessage } from '../../lib/bus/bus';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { postId } from '../../lib/ids';
import { TOPICS } from '../../schemas/topics';
import { registerIngestRoutes, signIngestBody } from '../../services/collector/webhook';
import { silentLogger } from '../fixtures/logger';

/**
 * NOTE: light-my-request (app.inject) currently fails under jest here (cookie@2 is ESM-only on
 * Node 20), so these tests talk to the app over a real loopback socket instead.
 */
async function request(app: FastifyInstance, opts: { method?: string; url: string; payload?: unknown; headers?: Record<string, string> }) {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const body = opts.payload === undefined ? undefined : typeof opts.payload === 'string' ? opts.payload : JSON.stringify(opts.payload);
  const headers = { ...(typeof opts.payload === 'object' ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  const res = await fetch(`http://127.0.0.1:${port}${opts.url}`, { method: opts.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { statusCode: res.status, body: text, json: () => JSON.parse(text) };
}


const SECRET = 'rahasia-webhook-uji';
const NOW = new Date('2026-11-03T00:00:00Z');
const TS = String(NOW.getTime() / 1000);

let app: FastifyInstance;
let received: BusMessage[];
let bus: ReturnType<typeof createMemoryBus>;

beforeEach(async () => {
  received = [];
  bus = createMemoryBus({ topicPrefix: 't.', queueSize: 100, maxBatchSize: 50, logger: silentLogger, retryBaseMs: 1 });
  await bus.subscribe({ topic: TOPICS.raw, groupId: 'g', handler: async (batch) => void received.push(...batch) });
  app = Fastify();
  await registerIngestRoutes(app, { bus, secret: SECRET, now: () => NOW });
  await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await bus.close();
});

const post = (n: number) => ({ source: 'webhook', sourceId: `vendor-${n}`, text: `Keluhan warga soal banjir di Plaju #${n}`, createdAt: '2026-11-02T10:00:00+07:00' });

function send(body: string, { ts = TS, secret = SECRET, signature, type = 'application/json' }: { ts?: string; secret?: string; signature?: string; type?: string } = {}) {
  return request(app, {
    method: 'POST',
    url: '/api/ingest',
    payload: body,
    headers: { 'content-type': type, 'x-dengar-timestamp': ts, 'x-dengar-signature': signature ?? signIngestBody(secret, ts, body) },
  });
}

describe('POST /api/ingest', () => {
  it('accepts a correctly signed array and publishes it like collected posts', async () => {
    const res = await send(JSON.stringify([post(1), post(2)]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, rejected: [] });
    expect(received.map((m) => m.key)).toEqual([postId('webhook', 'vendor-1'), postId('webhook', 'vendor-2')]);
    expect(received[0]?.value).toMatchObject({ type: 'raw_post', origin: 'webhook', createdAt: '2026-11-02T03:00:00.000Z', collectedAt: NOW.toISOString() });
  });

  it('refuses a bad signature with 401 and publishes nothing', async () => {
    const res = await send(JSON.stringify(post(1)), { secret: 'tebakan' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/Tanda tangan/);
    const missing = await request(app, { method: 'POST', url: '/api/ingest', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(missing.statusCode).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('refuses replays: an old timestamp, and a signature already used', async () => {
    const old = String(NOW.getTime() / 1000 - 6 * 60);
    expect((await send(JSON.stringify(post(1)), { ts: old })).statusCode).toBe(401);

    const body = JSON.stringify(post(1));
    expect((await send(body)).statusCode).toBe(200);
    const again = await send(body);
    expect(again.statusCode).toBe(409);
    expect(received).toHaveLength(1);
  });

  it('reports bad posts by index and still takes the good ones (JSON array and NDJSON)', async () => {
    const res = await send(JSON.stringify([post(1), { ...post(2), text: '' }, { ...post(3), createdAt: 'kemarin' }]));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    expect(body.rejected[0].errors[0].field).toBe('text');
    expect(body.rejected[1].errors[0].field).toBe('createdAt');

    const ndjson = [JSON.stringify({ ...post(4), source: undefined }), '{rusak', JSON.stringify(post(5))].join('\n');
    const res2 = await send(ndjson, { type: 'application/x-ndjson' });
    expect(res2.json()).toEqual({ accepted: 2, rejected: [{ index: 1, errors: [{ field: '(baris)', message: 'bukan JSON yang valid' }] }] });

    const none = await send(JSON.stringify([{ text: 'tanpa id' }]));
    expect(none.statusCode).toBe(400);
    expect(received).toHaveLength(3);
  });
});

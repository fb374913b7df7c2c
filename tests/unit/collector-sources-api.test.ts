import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Guard, Role } from '../../services/api/guard';
import { roleAtLeast } from '../../services/api/guard';
import { toHttpError } from '../../services/api/errors';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import type { StateStore } from '../../lib/state/state-store';
import type { SourceStatus } from '../../services/collector/app';
import { loadSourcesFile } from '../../services/collector/sources';
import { registerSourceRoutes } from '../../services/collector/status-routes';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { createFileCollector } from '../../services/collector/file-collector';
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


/** The role comes from a test header; the real guard (sessions) is the accounts module's. */
const testGuard: Guard = (least: Role) => async (request, reply) => {
  const role = request.headers['x-test-role'] as Role | undefined;
  if (!role) return void reply.status(401).send({ error: { code: 'x', message: 'belum masuk' } });
  if (!roleAtLeast(role, least)) return void reply.status(403).send({ error: { code: 'x', message: 'peran kurang' } });
};

let app: FastifyInstance;
let state: StateStore;
let file: string;
const status: SourceStatus = {
  id: 'x-sumsel', kind: 'x', lastPollAt: '2026-11-03T00:00:00.000Z', lastSuccessAt: '2026-11-03T00:00:00.000Z', lastError: null,
  consecutiveFailures: 0, postsCollected: 3, lastSkipped: 0, nextPollNotBefore: null,
};

beforeEach(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dengar-sources-'));
  file = path.join(dir, 'sources.json');
  writeFileSync(file, JSON.stringify({ sources: [
    { id: 'antara-sumsel', kind: 'rss', url: 'https://sumsel.antaranews.com/rss/terkini.xml' },
    { id: 'x-sumsel', kind: 'x', query: 'palembang', monthlyReadBudget: 10000 },
  ] }));
  state = createSqliteStateStore(path.join(dir, 'state.db'));
  await state.saveCheckpoint({ sourceId: 'x-sumsel', cursor: { paging: {}, budget: { period: '2026-11', used: 3, limit: 10000, resetsAt: '2026-12-01T00:00:00.000Z' } }, updatedAt: '2026-11-03T00:00:00.000Z' });
  app = Fastify();
  app.setErrorHandler((err, _request, reply) => {
    const { status: code, body } = toHttpError(err);
    void reply.status(code).send(body);
  });
  await registerSourceRoutes(app, { sourcesFile: file, state, collector: { status: () => [status] }, env: { X_BEARER_TOKEN: 'sangat-rahasia' }, guard: testGuard, now: () => new Date('2026-11-03T00:00:00Z') });
  await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await state.close();
});

describe('GET/PUT /api/sources', () => {
  it('shows each source with live status, budget left and whether credentials are set — never their values', async () => {
    const res = await request(app, { url: '/api/sources', headers: { 'x-test-role': 'analyst' } });
    expect(res.statusCode).toBe(200);
    const x = res.json().sources.find((s: { id: string }) => s.id === 'x-sumsel');
    expect(x).toMatchObject({ postsCollected: 3, credentials: [{ env: 'X_BEARER_TOKEN', configured: true }], budget: { used: 3, limit: 10000, remaining: 9997 } });
    expect(res.body).not.toContain('sangat-rahasia');
    expect((await request(app, { url: '/api/sources' })).statusCode).toBe(401);
  });

  it('lets an admin replace the file after validation, atomically; bad input is a 400 naming the field', async () => {
    const next = { sources: [{ id: 'tg-humas', kind: 'telegram', channel: 'humassumsel', enabled: false }] };
    expect((await request(app, { method: 'PUT', url: '/api/sources', payload: next, headers: { 'x-test-role': 'analyst' } })).statusCode).toBe(403);
    const ok = await request(app, { method: 'PUT', url: '/api/sources', payload: next, headers: { 'x-test-role': 'admin' } });
    expect(ok.statusCode).toBe(200);
    expect(loadSourcesFile(file).sources.map((s) => s.id)).toEqual(['tg-humas']);

    const bad = await request(app, { method: 'PUT', url: '/api/sources', payload: { sources: [{ id: 'yt', kind: 'youtube', channelId: 'salah' }] }, headers: { 'x-test-role': 'admin' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('channelId');
    expect(JSON.parse(readFileSync(file, 'utf8')).sources[0].id).toBe('tg-humas');
  });
});

describe('with a collector that follows the file', () => {
  it('a save is applied at once; an invalid file on disk is shown beside the running set', async () => {
    const bus = createMemoryBus({ topicPrefix: 't.', queueSize: 10, maxBatchSize: 10, logger: silentLogger });
    const collector = createFileCollector({ sourcesFile: file, adapterDeps: { http: { timeoutMs: 1000, maxBytes: 1024, userAgent: 't' } }, bus, state, logger: silentLogger, schedule: '0 0 1 1 *', pollOnStart: false, reloadIntervalMs: 0 });
    const live = Fastify();
    await registerSourceRoutes(live, { sourcesFile: file, state, collector, guard: testGuard });
    await live.listen({ port: 0, host: '127.0.0.1' });
    try {
      const next = { sources: [{ id: 'antara-sumsel', kind: 'rss', url: 'https://sumsel.antaranews.com/rss/terkini.xml' }, { id: 'gnews-banjir', kind: 'google_news', query: 'banjir palembang' }] };
      const saved = await request(live, { method: 'PUT', url: '/api/sources', payload: next, headers: { 'x-test-role': 'admin' } });
      expect(saved.json()).toEqual({ saved: true, sources: 2, restartRequired: false });
      expect(collector.status().map((s) => s.id)).toEqual(['antara-sumsel', 'gnews-banjir']);

      writeFileSync(file, '{"sources": [');
      collector.sourcesFile.reload();
      const listed = (await request(live, { url: '/api/sources', headers: { 'x-test-role': 'analyst' } })).json();
      expect(listed.sources.map((s: { id: string }) => s.id)).toEqual(['antara-sumsel', 'gnews-banjir']);
      expect(listed.file).toMatchObject({ path: file, error: expect.stringMatching(/JSON tidak valid di baris 1/), errorSince: expect.any(String) });
    } finally {
      await live.close();
      await bus.close();
    }
  });
});

describe('the shipped config/sources.json', () => {
  it('is valid; platform sources needing keys ship disabled with a note saying what the office must supply', () => {
    const shipped = loadSourcesFile(path.join(__dirname, '..', '..', 'config', 'sources.json'));
    const keyed = shipped.sources.filter((s) => ['youtube', 'x', 'bluesky', 'reddit', 'telegram', 'facebook', 'instagram'].includes(s.kind));
    expect(keyed.length).toBeGreaterThanOrEqual(7);
    for (const source of keyed) {
      expect(source.enabled).toBe(false);
      expect(source.note).toBeTruthy();
    }
  });
});

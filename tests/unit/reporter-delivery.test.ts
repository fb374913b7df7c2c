import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { PostStore } from '../../lib/store/post-store';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import { toHttpError } from '../../services/api/errors';
import { roleAtLeast, ROLES, type Guard, type Role } from '../../services/api/guard';
import { createReporterService } from '../../services/reporter/app';
import { createSmtpSender } from '../../services/reporter/email';
import { createReportGenerator } from '../../services/reporter/generate';
import type { ReportHistoryStore, ReportRecord } from '../../services/reporter/history';
import { parseReporterOptions, type ReporterOptionsInput } from '../../services/reporter/options';
import { registerReportRoutes, type ReportView } from '../../services/reporter/routes';
import { createSqliteHistoryStore } from '../../services/reporter/sqlite-history';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/** A loopback SMTP server that refuses the next `failures` messages with a temporary error (451). */
function smtpServer(): { server: SMTPServer; received: string[]; fail: (n: number) => void; port: () => number } {
  const received: string[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error('Kotak surat sementara penuh'), { responseCode: 451 }));
        }
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  return { server, received, fail: (n) => void (failures = n), port: () => (server.server.address() as AddressInfo).port };
}

interface TestApp {
  inject(req: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }): Promise<{
    statusCode: number;
    headers: Record<string, string>;
    rawPayload: Buffer;
    json(): unknown;
  }>;
  close(): Promise<void>;
}

/** The test guard: the role comes from a header, like a logged-in session would give it. */
const guard: Guard = (least) => async (request, reply) => {
  const role = request.headers['x-role'];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    return void reply.status(401).send({ error: { code: 'DENGAR_ERR_UNAUTHENTICATED', message: 'Belum masuk.' } });
  }
  if (!roleAtLeast(role as Role, least)) return void reply.status(403).send({ error: { code: 'DENGAR_ERR_FORBIDDEN', message: 'Peran tidak cukup.' } });
  request.user = { id: `u-${role}`, username: `${role}-uji`, role: role as Role };
};

describe('report delivery, history, routes and schedule', () => {
  let dir: string;
  let store: PostStore;
  let history: ReportHistoryStore;
  const smtp = smtpServer();

  const options = (extra: Partial<ReporterOptionsInput> = {}) =>
    parseReporterOptions({
      reportDir: path.join(dir, 'reports'),
      recipients: ['gubernur@sumsel.example', 'kadiskominfo@sumsel.example'],
      smtp: { host: '127.0.0.1', port: smtp.port(), ignoreTls: true, from: 'Dengar <dengar@sumsel.example>', timeoutMs: 5000 },
      delivery: { attempts: 3, baseMs: 1, maxMs: 5 },
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-report-delivery-'));
    const file = path.join(dir, 'dengar.db');
    store = createSqlitePostStore({ file });
    history = createSqliteHistoryStore(file);
    await store.upsert(
      Array.from({ length: 30 }, (_, i) =>
        buildEnrichedPost({
          sourceId: `kirim-${i}`,
          createdAt: new Date(Date.parse('2026-11-16T02:00:00Z') + i * 5 * 3_600_000).toISOString(),
          sentiment: i % 3 === 0 ? 'negative' : 'positive',
          topics: [i % 2 ? 'banjir' : 'lrt'],
          regions: ['kota_palembang'],
        }),
      ),
    );
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    await history.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a refused email is retried with backoff and the attempts are in the history', async () => {
    smtp.fail(1);
    const before = smtp.received.length;
    const o = options();
    const generator = createReportGenerator({ store, history, logger: silentLogger, options: o, send: createSmtpSender(o.smtp) });
    const record = await generator.generate({ week: '2026-W47', trigger: 'schedule' });
    expect(record.status).toBe('ready');
    expect(record.deliveries).toHaveLength(1);
    expect(record.deliveries[0]).toMatchObject({ status: 'sent', attempts: 2, recipients: ['gubernur@sumsel.example', 'kadiskominfo@sumsel.example'] });
    expect(record.deliveries[0]!.lastError).toMatch(/451|penuh/);
    expect((await history.get(record.id))!.deliveries[0]!.status).toBe('sent');
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received[smtp.received.length - 1]!;
    expect(mail).toMatch(/^Subject: Laporan Mingguan Dengar: minggu 2026-W47\r?$/m);
    expect(mail).toContain('dengar-laporan-mingguan-2026-W47.pdf');
    expect(mail).toContain('dengar-laporan-mingguan-2026-W47.xlsx');
    expect(mail).toContain('application/pdf');
  });

  test('a delivery that keeps failing stays visible as failed, and a manual retry over HTTP sends it', async () => {
    smtp.fail(100);
    const o = options();
    const generator = createReportGenerator({ store, history, logger: silentLogger, options: o, send: createSmtpSender(o.smtp) });
    const record = await generator.generate({ week: '2026-W47', trigger: 'api' });
    expect(record.deliveries[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(record.deliveries[0]!.lastError).toMatch(/451|penuh/);

    const app = await buildApp(generator);
    const listed = await app.inject({ method: 'GET', url: '/api/reports', headers: { 'x-role': 'viewer' } });
    const mine = (listed.json() as { reports: ReportView[] }).reports.find((r) => r.id === record.id)!;
    expect(mine.deliveries[0]).toMatchObject({ status: 'failed', attempts: 3 });

    smtp.fail(0);
    expect((await app.inject({ method: 'POST', url: `/api/reports/${record.id}/deliver`, headers: { 'x-role': 'viewer' } })).statusCode).toBe(403);
    const retried = await app.inject({ method: 'POST', url: `/api/reports/${record.id}/deliver`, headers: { 'x-role': 'analyst' } });
    expect(retried.statusCode).toBe(200);
    expect((retried.json() as { report: ReportView }).report.deliveries[0]).toMatchObject({ status: 'sent', attempts: 4 });
    await app.close();
  });

  test('without recipients or SMTP the delivery is recorded as skipped, with the reason', async () => {
    const generator = createReportGenerator({ store, history, logger: silentLogger, options: options({ recipients: [] }), send: null });
    const record = await generator.generate({ week: '2026-W47', trigger: 'api' });
    expect(record.deliveries[0]).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(record.deliveries[0]!.note).toMatch(/DENGAR_REPORT_RECIPIENTS/);
  });

  test('routes: generate on demand (analyst), history with download links, downloads (viewer)', async () => {
    const o = options();
    const generator = createReportGenerator({ store, history, logger: silentLogger, options: o, send: createSmtpSender(o.smtp) });
    const app = await buildApp(generator);
    expect((await app.inject({ method: 'POST', url: '/api/reports/weekly', payload: { week: '2026-W47' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/reports/weekly', headers: { 'x-role': 'viewer' }, payload: { week: '2026-W47' } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/reports/weekly', headers: { 'x-role': 'analyst' }, payload: { week: '2026-47' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringContaining('week') } });
    const nonWeek = await app.inject({ method: 'POST', url: '/api/reports/weekly', headers: { 'x-role': 'analyst' }, payload: { week: '2025-W53' } });
    expect(nonWeek.statusCode).toBe(400);

    const started = await app.inject({ method: 'POST', url: '/api/reports/weekly', headers: { 'x-role': 'analyst' }, payload: { week: '2026-W47' } });
    expect(started.statusCode).toBe(202);
    const { report } = started.json() as { report: ReportView };
    expect(report).toMatchObject({ week: '2026-W47', status: 'generating', trigger: 'api', requestedBy: 'analyst-uji' });

    const ready = await waitFor(
      async () => {
        const res = await app.inject({ method: 'GET', url: '/api/reports?limit=10', headers: { 'x-role': 'viewer' } });
        const found = (res.json() as { reports: ReportView[] }).reports.find((r) => r.id === report.id);
        return found?.status === 'ready' ? found : null;
      },
      { what: 'laporan selesai dibuat' },
    );
    expect(ready.totals).toEqual({ posts: 30, negative: 10 });
    expect(ready.files.map((f) => f.url).sort()).toEqual([`/api/reports/${report.id}/files/pdf`, `/api/reports/${report.id}/files/xlsx`]);
    expect(JSON.stringify(ready)).not.toContain(dir); // no server paths leave the API

    const pdf = await app.inject({ method: 'GET', url: ready.files.find((f) => f.kind === 'pdf')!.url, headers: { 'x-role': 'viewer' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('dengar-laporan-mingguan-2026-W47.pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await app.inject({ method: 'GET', url: `/api/reports/${report.id}/files/xlsx`, headers: { 'x-role': 'viewer' } });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await app.inject({ method: 'GET', url: `/api/reports/${report.id}/files/pdf` })).statusCode).toBe(401);
    const missing = await app.inject({ method: 'GET', url: '/api/reports/3b241101-e2bb-4255-8caf-4136c566a962/files/pdf', headers: { 'x-role': 'viewer' } });
    expect(missing.statusCode).toBe(404);
    await app.close();
  });

  test('the service reports the week that just ended once, and resumes unfinished deliveries at start', async () => {
    const before = smtp.received.length;
    // Monday 23 Nov 2026, 07:00 WIB.
    const now = () => new Date('2026-11-23T00:00:00Z');
    const own = createSqliteHistoryStore(path.join(dir, 'service.db'));
    const service = createReporterService({ store, history: own, logger: silentLogger, options: options({ scheduleEnabled: false }), now });
    await service.runScheduled();
    await service.runScheduled(); // a restart on the same morning: no second email
    const scheduled = (await own.list(100)).filter((r) => r.trigger === 'schedule' && r.week === '2026-W47');
    expect(scheduled).toHaveLength(1);
    expect(smtp.received.length).toBe(before + 1);

    // A delivery left `retrying` by a crash is picked up when the service starts.
    const stuck: ReportRecord = { ...scheduled[0]!, id: '6f1c2a8e-1111-4c3b-9d7e-0a1b2c3d4e5f', deliveries: [{ ...scheduled[0]!.deliveries[0]!, status: 'retrying', attempts: 1 }] };
    await own.save(stuck);
    await service.start();
    await waitFor(async () => (await own.get(stuck.id))?.deliveries[0]?.status === 'sent', { what: 'pengiriman dilanjutkan' });
    expect(smtp.received.length).toBe(before + 2);
    expect((await service.health()).status).toBe('ok');
    await service.stop();
    await own.close();
  });

  /**
   * The routes on a loopback port, called with fetch. NOTE: not inject(): light-my-request requires
   * `cookie` 2 (ESM only), which jest's CommonJS runtime on Node 20 cannot load.
   */
  async function buildApp(generator: ReturnType<typeof createReportGenerator>): Promise<TestApp> {
    const app = Fastify();
    app.setErrorHandler((err, _request, reply) => {
      const { status, body } = toHttpError(err);
      void reply.status(status).send(body);
    });
    registerReportRoutes(app, { guard, generator, history });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      close: () => app.close(),
      async inject({ method, url, headers, payload }) {
        const res = await fetch(`${address}${url}`, {
          method,
          headers: { ...(headers ?? {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
          ...(payload ? { body: JSON.stringify(payload) } : {}),
        });
        const rawPayload = Buffer.from(await res.arrayBuffer());
        return {
          statusCode: res.status,
          headers: Object.fromEntries(res.headers.entries()),
          rawPayload,
          json: () => JSON.parse(rawPayload.toString('utf8')) as unknown,
        };
      },
    };
  }
});

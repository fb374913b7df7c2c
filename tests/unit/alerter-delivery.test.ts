/**
 * Notification channels against real loopback servers: a webhook receiver (HMAC checked, failures
 * and retries with capped exponential backoff under a controlled clock), a local SMTP server
 * (smtp-server), a stand-in Telegram Bot API, and the guard that refuses private targets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import type { PostStore } from '../../lib/store/post-store';
import type { AlertEvent, Delivery } from '../../schemas/alert';
import type { AlertStore } from '../../services/alerter/alert-store';
import { createAlerterService } from '../../services/alerter/app';
import { signWebhook } from '../../services/alerter/channels/webhook';
import { isPrivateAddress } from '../../services/alerter/channels/target-guard';
import type { AlerterOptionsInput } from '../../services/alerter/options';
import { createSqliteAlertStore } from '../../services/alerter/sqlite-alert-store';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

interface Hit {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Loopback HTTP server answering with the statuses in `plan` (then 200), recording raw bodies. */
async function startServer(plan: number[] = [], reply = 'ok'): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(plan.shift() ?? 200, { 'content-type': 'application/json' }).end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const T0 = new Date('2026-11-10T03:00:00Z');

function sampleEvent(channels: string[]): AlertEvent {
  return {
    id: 'ev-uji-1',
    key: 'topik-banjir|topic=banjir|2026-11-10T03:00:00.000Z',
    ruleId: 'topik-banjir',
    ruleName: 'Lonjakan negatif: Banjir & genangan',
    metric: 'negative_count',
    group: { topic: 'banjir' },
    windowFrom: '2026-11-10T02:00:00.000Z',
    windowTo: '2026-11-10T03:00:00.000Z',
    evidence: {
      observed: 31,
      expected: 2,
      score: 8.5,
      threshold: 4,
      baselineValues: [1, 2, 3, 2, 1, 2, 3],
      windowTotal: 40,
      windowNegative: 31,
      topPosts: [{ id: 'p1', text: 'Banjir lagi di Sako, drainase mampet', source: 'x', createdAt: '2026-11-10T02:30:00.000Z' }],
      terms: [{ term: 'sako', window: 20, baseline: 0, score: 9 }],
      regions: [{ key: 'kota_palembang', count: 31 }],
      searchUrl: 'https://dengar.example.id/pencarian?q=topik%3Abanjir+sentimen%3Anegatif&from=2026-11-10T02%3A00%3A00.000Z&to=2026-11-10T03%3A00%3A00.000Z',
    },
    channels,
    state: 'open',
    createdAt: T0.toISOString(),
  };
}

describe('alert delivery', () => {
  let dir: string;
  let posts: PostStore;
  let alerts: AlertStore;
  let clock: Date;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-delivery-'));
    const file = path.join(dir, 'dengar.db');
    posts = createSqlitePostStore({ file });
    alerts = createSqliteAlertStore(file);
    clock = T0;
  });
  afterEach(async () => {
    await alerts.close();
    await posts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setup(options: AlerterOptionsInput, channels: string[]) {
    const service = createAlerterService({
      posts,
      alerts,
      logger: silentLogger,
      options: { backoffBaseMs: 60_000, backoffMaxMs: 120_000, maxAttempts: 4, ...options },
      now: () => clock,
      random: () => 1, // no jitter: the backoff is exactly the capped exponential
    });
    const event = sampleEvent(channels);
    const deliveries: Delivery[] = channels.map((c) => ({ id: `${event.id}:${c}`, eventId: event.id, channel: c, status: 'pending', attempts: 0, nextAttemptAt: T0.toISOString() }));
    expect((await alerts.createEvent(event, 'topic=banjir', deliveries, 0)).created).toBe(true);
    return { service, event };
  }

  it('signs webhooks, retries 500s with capped exponential backoff, and logs every attempt', async () => {
    const server = await startServer([500, 503, 500]);
    try {
      const { service, event } = await setup({ webhooks: [{ name: 'humas', url: `${server.url}/hook`, secret: 's3cret' }], allowPrivateTargets: true }, ['humas']);
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        await service.dispatcher.runDue();
        const [d] = await alerts.listDeliveries(event.id);
        if (d!.status !== 'pending') break;
        delays.push(Date.parse(d!.nextAttemptAt) - clock.getTime());
        // Not yet due: nothing is sent before the backoff has passed.
        clock = new Date(Date.parse(d!.nextAttemptAt) - 1);
        expect(await service.dispatcher.runDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
        clock = new Date(Date.parse(d!.nextAttemptAt));
      }
      expect(delays).toEqual([60_000, 120_000, 120_000]); // doubling, capped at backoffMaxMs
      expect(server.hits).toHaveLength(4);
      const attempts = await alerts.listAttempts(event.id);
      expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
        [1, 'failed', 'HTTP 500'],
        [2, 'failed', 'HTTP 503'],
        [3, 'failed', 'HTTP 500'],
        [4, 'sent', undefined],
      ]);
      const last = server.hits[3]!;
      const ts = String(last.headers['x-dengar-timestamp']);
      expect(last.headers['x-dengar-signature']).toBe(signWebhook('s3cret', ts, last.body));
      expect(last.headers['x-dengar-delivery']).toBe(`${event.id}:humas`);
      expect((await alerts.listDeliveries(event.id))[0]!.status).toBe('sent');
      // Sent once: later passes send nothing.
      clock = new Date(clock.getTime() + 3_600_000);
      await service.dispatcher.runDue();
      expect(server.hits).toHaveLength(4);
      await service.stop();
    } finally {
      await server.close();
    }
  });

  it('gives up after maxAttempts when the receiver refuses connections, and at once on a 4xx', async () => {
    const closed = await startServer();
    const deadUrl = `${closed.url}/hook`;
    await closed.close(); // the port is now refused
    const rejecting = await startServer([400]);
    try {
      const { service, event } = await setup(
        {
          webhooks: [
            { name: 'mati', url: deadUrl, secret: 'x' },
            { name: 'tolak', url: `${rejecting.url}/hook`, secret: 'x' },
          ],
          allowPrivateTargets: true,
          maxAttempts: 3,
        },
        ['mati', 'tolak'],
      );
      for (let i = 0; i < 5; i++) {
        await service.dispatcher.runDue();
        clock = new Date(clock.getTime() + 10 * 60_000);
      }
      const byChannel = Object.fromEntries((await alerts.listDeliveries(event.id)).map((d) => [d.channel, d]));
      expect(byChannel.mati).toMatchObject({ status: 'failed', attempts: 3 });
      expect(byChannel.mati!.lastError).toMatch(/ECONNREFUSED/);
      expect(byChannel.tolak).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400' });
      expect(rejecting.hits).toHaveLength(1);
      await service.stop();
    } finally {
      await rejecting.close();
    }
  });

  it('refuses loopback and private webhook targets unless an admin allows them', async () => {
    const server = await startServer();
    try {
      const { service, event } = await setup({ webhooks: [{ name: 'humas', url: `${server.url}/hook`, secret: 'x' }] }, ['humas']);
      await service.dispatcher.runDue();
      const [d] = await alerts.listDeliveries(event.id);
      expect(d).toMatchObject({ status: 'failed', attempts: 1 });
      expect(d!.lastError).toMatch(/ditolak/);
      expect(server.hits).toHaveLength(0);
      await service.stop();
    } finally {
      await server.close();
    }
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '103.10.20.30', '2001:4860:4860::8888']) expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  });

  it('sends Telegram messages through the Bot API without leaking the token in errors', async () => {
    const token = '123456:RAHASIA-token';
    const api = await startServer([502], JSON.stringify({ ok: true, result: {} }));
    try {
      const { service, event } = await setup({ telegram: [{ name: 'tg', botToken: token, chatId: '-100200', apiBase: api.url }], allowPrivateTargets: true }, ['tg']);
      await service.dispatcher.runDue();
      const [failed] = await alerts.listDeliveries(event.id);
      expect(failed!.lastError).toBe('HTTP 502');
      clock = new Date(clock.getTime() + 60_000);
      await service.dispatcher.runDue();
      expect(api.hits).toHaveLength(2);
      expect(api.hits[1]!.url).toBe(`/bot${token}/sendMessage`);
      const body = JSON.parse(api.hits[1]!.body) as { chat_id: string; text: string };
      expect(body.chat_id).toBe('-100200');
      expect(body.text).toContain('Pos negatif: 31');
      expect(body.text).toContain('10 Nov 2026');
      expect(body.text).toContain('WIB');
      expect(body.text).toContain('Lihat di Dengar: https://dengar.example.id/pencarian?');
      const attempts = await alerts.listAttempts(event.id);
      expect(JSON.stringify(attempts)).not.toContain('RAHASIA');
      expect(attempts.map((a) => a.status)).toEqual(['failed', 'sent']);
      await service.stop();
    } finally {
      await api.close();
    }
  });

  it('emails through SMTP, retrying a temporary refusal', async () => {
    const mails: { to: string[]; data: string }[] = [];
    let refuse = 1;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuse-- > 0) return callback(Object.assign(new Error('coba lagi nanti'), { responseCode: 451 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const { port } = smtp.server.address() as AddressInfo;
    try {
      const { service, event } = await setup(
        { smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, email: [{ name: 'surel', from: 'dengar@sumselprov.go.id', to: ['humas@sumselprov.go.id'] }] },
        ['surel'],
      );
      await service.dispatcher.runDue();
      const [first] = await alerts.listDeliveries(event.id);
      expect(first).toMatchObject({ status: 'pending', attempts: 1 });
      expect(first!.lastError).toMatch(/451/);
      clock = new Date(clock.getTime() + 60_000);
      await service.dispatcher.runDue();
      await waitFor(() => mails.length === 1, { what: 'surel diterima' });
      expect(mails[0]!.to).toEqual(['humas@sumselprov.go.id']);
      expect(mails[0]!.data).toMatch(/Subject: \[Dengar\] Lonjakan negatif: Banjir & genangan/);
      expect(mails[0]!.data).toContain('Lonjakan negatif');
      expect((await alerts.listDeliveries(event.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      await service.stop();
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

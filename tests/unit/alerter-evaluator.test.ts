/**
 * The alerter end-to-end on a real SQLite PostStore (temp file) filled with EnrichedPosts, the clock
 * controlled: the "must show" scenario (a burst of negative posts about one topic → exactly one alert,
 * posted once to a webhook), idempotency across repeated runs and two replicas, and one simulated
 * week evaluated every 5 minutes through the store (detector figures over many weeks are in
 * alerter-detector.test.ts).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../bench/corpus';
import { evaluateOnce } from '../../cli/alerts';
import { parseQuery } from '../../lib/query';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import type { PostStore } from '../../lib/store/post-store';
import type { EnrichedPost } from '../../schemas';
import { AlertRule } from '../../schemas/alert';
import type { AlertStore } from '../../services/alerter/alert-store';
import { createAlerterService } from '../../services/alerter/app';
import { createSqliteAlertStore } from '../../services/alerter/sqlite-alert-store';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { silentLogger } from '../fixtures/logger';

const HOUR = 3_600_000;
const SECRET = 'rahasia-uji';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver that keeps raw bodies (the HMAC is over the raw bytes). */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function daily(hour: number): number {
  return 0.3 + 1.1 * Math.exp(-((hour - 9) ** 2) / 6) + 1.3 * Math.exp(-((hour - 20) ** 2) / 5);
}

function poisson(lambda: number, rnd: () => number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

let seq = 0;
function post(at: number, topic: string, sentiment: 'negative' | 'neutral' | 'positive', region?: string, text?: string): EnrichedPost {
  seq++;
  return buildEnrichedPost({
    sourceId: `alert-${seq}`,
    createdAt: new Date(at).toISOString(),
    sentiment,
    topics: [topic],
    regions: region ? [region] : [],
    text: text ?? `Kabar ${topic.replace('_', ' ')} hari ini nomor ${seq % 97} dari warga`,
  });
}

/** Background traffic with a daily rhythm: `negPerHour` negative and twice as many other posts, per topic. */
function background(from: number, to: number, topics: string[], negPerHour: number, rnd: () => number): EnrichedPost[] {
  const out: EnrichedPost[] = [];
  for (let h = from; h < to; h += HOUR) {
    const hour = new Date(h + 7 * HOUR).getUTCHours();
    const weekend = [0, 6].includes(new Date(h + 7 * HOUR).getUTCDay()) ? 0.7 : 1;
    for (const topic of topics) {
      const lambda = negPerHour * daily(hour) * weekend;
      for (let i = poisson(lambda, rnd); i > 0; i--) out.push(post(h + rnd() * HOUR, topic, 'negative', 'kota_palembang'));
      for (let i = poisson(2 * lambda, rnd); i > 0; i--) out.push(post(h + rnd() * HOUR, topic, rnd() < 0.5 ? 'neutral' : 'positive', 'kota_palembang'));
    }
  }
  return out;
}

const BURST_TEXT = [
  'Banjir lagi di Palembang, air masuk rumah warga Sako, drainase mampet parah',
  'Banjir setinggi lutut di Sako, kolam retensi tidak berfungsi, warga kecewa',
  'Drainase mampet bikin banjir di Sako, pemkot lambat sekali',
];

describe('alerter on an embedded store', () => {
  let dir: string;
  let file: string;
  let posts: PostStore;
  let alerts: AlertStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-alerter-'));
    file = path.join(dir, 'dengar.db');
    posts = createSqlitePostStore({ file });
    alerts = createSqliteAlertStore(file);
  });
  afterEach(async () => {
    await alerts.close();
    await posts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // 2026-11-10 10:00 WIB, a Tuesday; the burst is in the hour before.
  const at = new Date('2026-11-10T03:00:00Z');

  async function fill(): Promise<void> {
    const rnd = mulberry32(42);
    const bg = background(at.getTime() - 9 * 24 * HOUR, at.getTime(), ['banjir', 'kesehatan', 'jalan_jembatan'], 1.5, rnd);
    const burst = Array.from({ length: 30 }, (_, i) => post(at.getTime() - 40 * 60_000 + i * 60_000, 'banjir', 'negative', 'kota_palembang', BURST_TEXT[i % 3]));
    const result = await posts.upsert([...bg, ...burst]);
    expect(result.failed).toEqual([]);
  }

  it('must show: a burst of negative posts about one topic → exactly one alert, posted once to the webhook', async () => {
    await fill();
    const receiver = await startReceiver();
    try {
      const options = { webhooks: [{ name: 'humas', url: receiver.url, secret: SECRET }], allowPrivateTargets: true, publicUrl: 'https://dengar.example.id' };
      const created = await evaluateOnce({ posts, alerts, logger: silentLogger, options, at, now: () => at, drainMs: 5_000 });
      expect(created).toHaveLength(1);
      const event = created[0]!;
      expect(event.group).toEqual({ topic: 'banjir' });
      expect(event.key).toBe(`topik-banjir|topic=banjir|${at.toISOString()}`);
      expect(event.ruleId).toBe('topik-banjir');
      expect(event.evidence.observed).toBeGreaterThanOrEqual(30);
      expect(event.evidence.expected).toBeLessThan(10);
      expect(event.evidence.topPosts.length).toBeGreaterThan(0);
      expect(event.evidence.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['sako', 'drainase']));
      expect(event.evidence.regions[0]).toEqual({ key: 'kota_palembang', count: expect.any(Number) });
      // The link opens the search that shows these posts, and its query parses.
      const link = new URL(event.evidence.searchUrl);
      expect(link.origin + link.pathname).toBe('https://dengar.example.id/pencarian');
      expect(() => parseQuery(link.searchParams.get('q')!)).not.toThrow();
      expect(link.searchParams.get('q')).toBe('topik:banjir sentimen:negatif');
      expect(link.searchParams.get('from')).toBe(event.windowFrom);

      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0]!;
      const ts = String(headers['x-dengar-timestamp']);
      expect(headers['x-dengar-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`);
      const payload = JSON.parse(body) as { event: { id: string }; message: string };
      expect(payload.event.id).toBe(event.id);
      expect(payload.message).toContain('WIB');
      expect(payload.message).toContain('Banjir & genangan');

      // Again for the same window, and 5 minutes later (cooldown): nothing new, nothing sent twice.
      expect(await evaluateOnce({ posts, alerts, logger: silentLogger, options, at, now: () => at, drainMs: 1_000 })).toEqual([]);
      const later = new Date(at.getTime() + 5 * 60_000);
      expect(await evaluateOnce({ posts, alerts, logger: silentLogger, options, at: later, now: () => later, drainMs: 1_000 })).toEqual([]);
      expect(receiver.received).toHaveLength(1);
      expect(await alerts.listEvents({})).toHaveLength(1);
      const deliveries = await alerts.listDeliveries(event.id);
      expect(deliveries.map((d) => [d.channel, d.status])).toEqual([
        ['humas', 'sent'],
        ['in_app', 'sent'],
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('two alerter replicas on the same store create one event and send it once', async () => {
    await fill();
    const receiver = await startReceiver();
    const second = createSqliteAlertStore(file);
    try {
      const options = { webhooks: [{ name: 'humas', url: receiver.url, secret: SECRET }], allowPrivateTargets: true };
      const a = createAlerterService({ posts, alerts, logger: silentLogger, options, now: () => at });
      const b = createAlerterService({ posts: createSqlitePostStore({ file }), alerts: second, logger: silentLogger, options, now: () => at });
      await a.seedDefaults();
      await b.seedDefaults();
      // A few seconds apart: both round to the same window end.
      const [ra, rb] = await Promise.all([a.runOnce(at), b.runOnce(new Date(at.getTime() + 7_000))]);
      expect(ra.created.length + rb.created.length).toBe(1);
      await Promise.all([a.dispatcher.runDue(), b.dispatcher.runDue()]);
      expect(receiver.received).toHaveLength(1);
      expect(await alerts.listEvents({})).toHaveLength(1);
      await a.stop();
      await b.stop();
    } finally {
      await second.close();
      await receiver.close();
    }
  });

  it('keeps the default rules seeded once and honours deleted defaults', async () => {
    const service = createAlerterService({ posts, alerts, logger: silentLogger, options: {}, now: () => at });
    const first = await service.seedDefaults();
    expect(first).toBeGreaterThan(10);
    expect(await service.seedDefaults()).toBe(0);
    expect(await alerts.deleteRule('topik-banjir')).toBe(true);
    expect(await service.seedDefaults()).toBe(0);
    expect((await alerts.listRules()).some((r) => r.id === 'topik-banjir')).toBe(false);
  });

  it('one simulated week through the store, every 5 minutes: spikes found, few false alarms', async () => {
    const rnd = mulberry32(2026);
    const start = Date.parse('2026-11-02T00:00:00+07:00'); // a Monday, WIB
    const evalFrom = start + 7 * 24 * HOUR;
    const evalTo = evalFrom + 7 * 24 * HOUR;
    const bg = background(start, evalTo, ['banjir'], 3, rnd);
    // Six spikes at documented size (≥ max(15, 3× the usual hourly count)), at different hours.
    const spikes = [0, 1, 2, 3, 4, 5].map((d) => evalFrom + d * 24 * HOUR + ((3 + d * 4) % 24) * HOUR + 10 * 60_000);
    const burst: EnrichedPost[] = [];
    for (const s of spikes) {
      const hour = new Date(s + 7 * HOUR).getUTCHours();
      const extra = Math.max(15, Math.round(3 * 3 * daily(hour)));
      for (let i = 0; i < extra; i++) burst.push(post(s + rnd() * 40 * 60_000, 'banjir', 'negative', 'kota_palembang', BURST_TEXT[i % 3]));
    }
    await posts.upsert([...bg, ...burst]);
    const rule = AlertRule.parse({
      id: 'uji-banjir',
      name: 'Uji banjir',
      scope: { topic: 'banjir' },
      createdBy: 'uji',
      createdAt: new Date(start).toISOString(),
      updatedBy: 'uji',
      updatedAt: new Date(start).toISOString(),
    });
    await alerts.putRule(rule);
    let clock = new Date(evalFrom);
    const service = createAlerterService({ posts, alerts, logger: silentLogger, options: { seedDefaultRules: false }, now: () => clock });
    const started = Date.now();
    for (let t = evalFrom; t <= evalTo; t += 5 * 60_000) {
      clock = new Date(t);
      await service.evaluator.evaluate(clock);
    }
    const events = await alerts.listEvents({ limit: 500 });
    const hit = spikes.filter((s) => events.some((e) => Date.parse(e.windowTo) > s && Date.parse(e.windowTo) <= s + 2 * HOUR));
    const falseAlarms = events.filter((e) => !spikes.some((s) => Date.parse(e.windowTo) > s && Date.parse(e.windowTo) <= s + 2 * HOUR));
    console.log(
      `alerter end-to-end week (SQLite, ${bg.length + burst.length} posts, 2017 evaluations in ${Date.now() - started} ms): ` +
        `recall ${hit.length}/${spikes.length}, false alarms ${falseAlarms.length}`,
    );
    expect(hit.length / spikes.length).toBeGreaterThanOrEqual(0.95);
    expect(falseAlarms.length).toBeLessThanOrEqual(1);
    await service.stop();
  });
});

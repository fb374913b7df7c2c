import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../bench/corpus';
import { AlertEvent } from '../../schemas';
import { buildRawPostInput } from '../fixtures/build-raw-post';
import { assertBuilt, dengar } from '../fixtures/cli';
import { waitFor } from '../fixtures/wait-for';

/**
 * The alerter's "must show", the way an operator does it: import a week of ordinary talk plus a
 * burst of negative posts about flooding, run `dengar alerts evaluate --json` twice, and get exactly
 * one alert for that topic, delivered once to a signed webhook.
 */
const HOUR = 3_600_000;
const AT = Date.parse('2026-11-10T10:00:00+07:00');
const SECRET = 'rahasia-webhook-uji-0123456789';

function corpus(): string[] {
  const rnd = mulberry32(7);
  const lines: string[] = [];
  const ordinary = [
    'Antrean di puskesmas Kertapati lumayan panjang pagi ini',
    'Jalan di Plaju mulai diperbaiki, semoga cepat selesai',
    'Harga cabai di pasar 16 Ilir masih stabil minggu ini',
    'Genangan sedikit di depan rumah habis hujan, sudah surut',
  ];
  let n = 0;
  for (let t = AT - 8 * 24 * HOUR; t < AT; t += HOUR) {
    const count = Math.floor(rnd() * 3); // 0–2 posts an hour, every topic
    for (let i = 0; i < count; i++) {
      const text = ordinary[Math.floor(rnd() * ordinary.length)]!;
      lines.push(JSON.stringify(buildRawPostInput({ sourceId: `bg-${n++}`, text, createdAt: new Date(t + rnd() * HOUR).toISOString() })));
    }
  }
  const burst = [
    'Banjir lagi di Palembang, air masuk rumah warga Sako, drainase mampet parah',
    'Banjir setinggi lutut di Sako, kolam retensi tidak berfungsi, warga kecewa',
    'Drainase mampet bikin banjir di Sako, pemkot lambat sekali',
  ];
  for (let i = 0; i < 30; i++) {
    lines.push(JSON.stringify(buildRawPostInput({ sourceId: `burst-${i}`, text: burst[i % 3]!, createdAt: new Date(AT - 40 * 60_000 + i * 60_000).toISOString() })));
  }
  return lines;
}

test('a negative burst about one topic → exactly one alert, posted once to the webhook', async () => {
  assertBuilt();
  const received: { body: string; signature: string; timestamp: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-dengar-signature']), timestamp: String(req.headers['x-dengar-timestamp']) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-alerts-cli-'));
    const file = path.join(dir, 'posts.jsonl');
    writeFileSync(file, `${corpus().join('\n')}\n`);
    const env = {
      DENGAR_DATA_DIR: path.join(dir, 'data'),
      DENGAR_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/dengar`,
      DENGAR_ALERT_WEBHOOK_SECRET: SECRET,
      DENGAR_ALERT_ALLOW_PRIVATE_TARGETS: 'true', // the test's receiver is on loopback
    };
    const imported = dengar(['import', file, '--json'], env);
    expect((await imported.exited).code).toBe(0);

    const at = new Date(AT).toISOString();
    const first = dengar(['alerts', 'evaluate', '--at', at, '--json'], env);
    expect((await first.exited).code).toBe(0);
    const events = AlertEvent.array().parse(JSON.parse(first.stdout()));
    expect(events).toHaveLength(1);
    expect(events[0]!.evidence.observed).toBeGreaterThanOrEqual(30);
    expect(JSON.stringify(events[0])).toContain('banjir');

    await waitFor(() => received.length >= 1, { what: 'webhook diterima' });
    const hit = received[0]!;
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${hit.timestamp}.${hit.body}`).digest('hex')}`;
    expect(hit.signature).toBe(expected);

    // Evaluating the same window again creates nothing and sends nothing.
    const again = dengar(['alerts', 'evaluate', '--at', at, '--json'], env);
    expect((await again.exited).code).toBe(0);
    expect(JSON.parse(again.stdout())).toEqual([]);
    expect(received).toHaveLength(1);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

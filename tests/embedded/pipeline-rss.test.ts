import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startEmbedded, type Running } from '../../lib/embedded';
import { SearchResult, Stats } from '../../schemas';
import { createAuth } from '../../services/api/accounts/auth';
import { openSqliteControlPlane } from '../../services/api/control/control-plane';
import { startFeedServer, feedFixture, type FeedServer } from '../fixtures/feed-server';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/**
 * The foundation end to end, in one process exactly as `dengar run` starts it: a news feed served
 * from loopback → collector → bus → enricher → indexer → SQLite → the real HTTP API.
 */
describe('embedded pipeline from an RSS feed to GET /api/search', () => {
  let server: FeedServer;
  let dir: string;
  let embedded: Running | null = null;
  /** The API needs a login: a viewer's API token, created in the data dir's control plane as `dengar user token` does. */
  let auth: { authorization: string };

  beforeAll(async () => {
    server = await startFeedServer();
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml', server.url), etag: '"v1"' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-embedded-'));
    writeFileSync(
      path.join(dir, 'sources.json'),
      JSON.stringify({ sources: [{ id: 'uji-antara', kind: 'rss', url: `${server.url}/rss` }] }),
    );
    const control = openSqliteControlPlane(path.join(dir, 'data', 'dengar.db'));
    const accounts = createAuth(control.accounts, { scrypt: { N: 1024, r: 8, p: 1 } });
    const user = await accounts.createUser({ username: 'uji', role: 'viewer', password: 'sandi-uji-pipeline' });
    auth = { authorization: `Bearer ${(await accounts.createToken(user.id, 'uji')).token}` };
    await control.close();
  });
  afterEach(async () => {
    await embedded?.stop();
    embedded = null;
  });
  afterAll(() => server.close());

  const start = async () => {
    const config = loadConfig({
      DENGAR_DATA_DIR: path.join(dir, 'data'),
      DENGAR_SOURCES_FILE: path.join(dir, 'sources.json'),
      PORT: '0',
      DENGAR_COLLECT_ON_START: 'true',
    });
    embedded = await startEmbedded(config, silentLogger);
    return embedded;
  };
  const search = async (address: string, qs: string) => {
    const res = await fetch(`${address}/api/search?${qs}`, { headers: auth });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  test('posts from the feed are found through the API with sentiment, topics and regions', async () => {
    const { address } = await start();
    const all = await waitFor(async () => {
      const r = SearchResult.parse((await search(address, 'size=50')).body);
      return r.total === 4 ? r : null;
    }, { what: '4 pos dari feed tersimpan' });
    // The fixture has 6 items; two carry no usable date and are skipped by the adapter, not stored.
    expect(all.hits.every((h) => h.source === 'rss' && h.enricherVersion && h.modelVersion)).toBe(true);
    expect(all.hits.map((h) => h.title)).not.toContain('Jadwal pemadaman listrik PLN di Palembang');

    const asap = SearchResult.parse((await search(address, 'q=asap')).body);
    expect(asap.total).toBeGreaterThanOrEqual(1);
    const hit = asap.hits.find((h) => /Kabut asap selimuti Palembang/.test(h.title ?? ''))!;
    expect(hit).toBeDefined();
    expect(hit.topics).toContain('karhutla_asap');
    expect(hit.regions).toContain('kota_palembang');
    expect(['positive', 'negative', 'neutral']).toContain(hit.sentiment.label);
    expect(asap.facets.sentiment!.reduce((n, b) => n + b.count, 0)).toBe(asap.total);

    const stats = Stats.parse(await (await fetch(`${address}/api/stats?from=2026-10-01&to=2026-12-31`, { headers: auth })).json());
    // Without a login the API answers 401; health stays open.
    expect((await fetch(`${address}/api/search`)).status).toBe(401);
    expect(stats.total).toBe(4);
    expect(stats.histogram.reduce((n, b) => n + b.total, 0)).toBe(4);
  });

  test('a restart re-polls with a conditional GET and stores nothing twice', async () => {
    const { address, collector } = await start();
    const before = server.requests.length;
    await collector!.pollAll();
    const polls = server.requests.slice(before).filter((r) => r.pathname === '/rss');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.at(-1)!.headers['if-none-match']).toBe('"v1"');
    const r = SearchResult.parse((await search(address, 'size=50')).body);
    expect(r.total).toBe(4);
    expect(new Set(r.hits.map((h) => h.id)).size).toBe(4);
  });

  test('bad input answers 400 naming the field, never a stack trace', async () => {
    const { address } = await start();
    const bad = await search(address, 'sentiment=marah&page=0');
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.body);
    expect(text).toMatch(/sentiment/);
    expect(text).toMatch(/page/);
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    const syntax = await search(address, `q=${encodeURIComponent('banjir AND (palembang')}`);
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ error: { code: 'DENGAR_ERR_QUERY_SYNTAX', position: expect.any(Number) } });
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startEmbedded, type Running } from '../../lib/embedded';
import { SearchResult } from '../../schemas';
import { createAuth } from '../../services/api/accounts/auth';
import { openSqliteControlPlane } from '../../services/api/control/control-plane';
import { startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/**
 * A Mastodon-speaking server on loopback, configured in the sources file like a real instance:
 * its hashtag timeline comes into search once per status, and a restart (re-poll from the stored
 * checkpoint) brings no copies.
 */
function statuses(base: string): unknown[] {
  const now = Date.now();
  const status = (id: string, minutesAgo: number, html: string, acct: string) => ({
    id,
    created_at: new Date(now - minutesAgo * 60_000).toISOString(),
    in_reply_to_id: null,
    spoiler_text: '',
    visibility: 'public',
    language: 'id',
    uri: `${base}/users/${acct}/statuses/${id}`,
    url: `${base}/@${acct}/${id}`,
    replies_count: 1,
    reblogs_count: 2,
    favourites_count: 3,
    content: html,
    account: { id: acct, username: acct, acct, display_name: acct, url: `${base}/@${acct}`, followers_count: 50 },
    media_attachments: [],
    tags: [{ name: 'palembang', url: `${base}/tags/palembang` }],
  });
  // Newest first, as the timeline API answers.
  return [
    status('113500000000000020', 5, '<p>Banjir lagi di Sako, drainase mampet. <a href="#">#palembang</a></p>', 'wongsako'),
    status('113500000000000010', 30, '<p>Pelayanan Samsat Palembang cepat nian hari ini, mantap!</p>', 'ranipalembang'),
  ];
}

describe('Mastodon hashtag timeline into search', () => {
  let server: FeedServer;
  let dir: string;
  let running: Running | null = null;
  let headers: { authorization: string };

  beforeAll(async () => {
    server = await startFeedServer();
    server.setRoute('/api/v1/timelines/tag/palembang', (req) => ({
      contentType: 'application/json',
      // Asked for what is newer than the newest we have: nothing new.
      body: JSON.stringify(req.query.get('min_id') ? [] : statuses(server.url)),
    }));
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-mastodon-'));
    writeFileSync(
      path.join(dir, 'sources.json'),
      JSON.stringify({ sources: [{ id: 'mastodon-uji', kind: 'mastodon', instance: server.url, hashtag: 'palembang' }] }),
    );
    const control = openSqliteControlPlane(path.join(dir, 'data', 'dengar.db'));
    const auth = createAuth(control.accounts, { scrypt: { N: 1024, r: 8, p: 1 } });
    const user = await auth.createUser({ username: 'uji', role: 'viewer', password: 'sandi-uji-mastodon' });
    headers = { authorization: `Bearer ${(await auth.createToken(user.id, 'uji')).token}` };
    await control.close();
  });
  afterEach(async () => {
    await running?.stop();
    running = null;
  });
  afterAll(() => server.close());

  const start = async () => {
    const config = loadConfig({ DENGAR_DATA_DIR: path.join(dir, 'data'), DENGAR_SOURCES_FILE: path.join(dir, 'sources.json'), PORT: '0' });
    running = await startEmbedded(config, silentLogger);
    return running;
  };
  const search = async (address: string, q: string) =>
    SearchResult.parse(await (await fetch(`${address}/api/search?q=${encodeURIComponent(q)}&size=50`, { headers })).json());

  test('each status is searchable once, with its author, engagement and enrichment', async () => {
    const { address } = await start();
    const all = await waitFor(async () => {
      const r = await search(address, 'source:mastodon');
      return r.total === 2 ? r : null;
    }, { what: '2 status Mastodon tersimpan' });
    const flood = all.hits.find((h) => h.text.includes('Banjir'))!;
    expect(flood.author?.handle).toBe('wongsako');
    expect(flood.engagement).toMatchObject({ likes: 3, shares: 2, replies: 1 });
    expect(flood.topics).toContain('banjir');
    expect(flood.text).not.toContain('<p>');
    expect((await search(address, 'samsat')).total).toBe(1);
  });

  test('a restart re-polls from the checkpoint and stores no copies', async () => {
    const { address, collector } = await start();
    const before = server.requests.length;
    await collector!.pollAll();
    const polls = server.requests.slice(before).filter((r) => r.pathname === '/api/v1/timelines/tag/palembang');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((r) => r.query.get('min_id'))).toBe(true); // resumed after the newest status
    const r = await search(address, 'source:mastodon');
    expect(r.total).toBe(2);
    expect(new Set(r.hits.map((h) => h.id)).size).toBe(2);
  });
});

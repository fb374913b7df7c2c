import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertBuilt, dengar, storedIds } from '../fixtures/cli';
import { startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { rssFeed } from '../fixtures/rss-feed';
import { waitFor } from '../fixtures/wait-for';

/**
 * kill -9 `dengar run` while it stores a large feed poll; start it again: the checkpoint did not
 * move past unstored posts, so the re-poll brings the rest, and every post is stored exactly once.
 */
const ITEMS = 6000;

describe('kill -9 during a feed poll', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
    server.setRoute('/besar.xml', { body: rssFeed(server.url, ITEMS), etag: '"besar-1"', contentType: 'application/rss+xml' });
  });
  afterAll(() => server.close());

  test('rerun after the kill stores each post exactly once', async () => {
    assertBuilt();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-kill-poll-'));
    writeFileSync(path.join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'besar', kind: 'rss', url: `${server.url}/besar.xml` }] }));
    const env = {
      DENGAR_DATA_DIR: path.join(dir, 'data'),
      DENGAR_SOURCES_FILE: path.join(dir, 'sources.json'),
      PORT: '0',
      DENGAR_MAX_RESPONSE_BYTES: '50000000',
    };

    const first = dengar(['run'], env);
    await waitFor(() => storedIds(env.DENGAR_DATA_DIR).length > 0, { timeoutMs: 60_000, what: 'pos pertama tersimpan' });
    first.child.kill('SIGKILL');
    await first.exited;
    const afterKill = storedIds(env.DENGAR_DATA_DIR).length;
    expect(afterKill).toBeLessThan(ITEMS);

    const second = dengar(['run'], env);
    try {
      await waitFor(() => storedIds(env.DENGAR_DATA_DIR).length === ITEMS, { timeoutMs: 120_000, what: `${ITEMS} pos tersimpan` });
      const ids = storedIds(env.DENGAR_DATA_DIR);
      expect(new Set(ids).size).toBe(ITEMS);
      // The restarted run fetched the whole feed again (no 304): the first checkpoint never moved.
      const polls = server.requests.filter((r) => r.pathname === '/besar.xml');
      expect(polls.length).toBeGreaterThanOrEqual(2);
      expect(polls[1]!.headers['if-none-match']).toBeUndefined();
    } finally {
      second.child.kill('SIGTERM');
      const exit = await second.exited;
      expect(exit.code).toBe(128 + 15);
    }
  }, 240_000);
});

import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import { createRedditAdapter } from '../../services/collector/adapters/reddit';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { JSON_TYPE, failure, fastRetry, platformFixture, testHttp } from '../fixtures/platforms/platform-fixture';

const SEARCH = '/r/indonesia/search';
let server: FeedServer;
let clock = new Date('2026-11-03T00:00:00Z');
let tokens = 0;
beforeEach(async () => {
  clock = new Date('2026-11-03T00:00:00Z');
  tokens = 0;
  server = await startFeedServer({ '/api/v1/access_token': token, [SEARCH]: search });
});
afterEach(async () => {
  await server.close();
});

function token(request: RecordedRequest): RouteResponse {
  const basic = Buffer.from('klien:rahasia').toString('base64');
  if (request.method !== 'POST' || request.headers.authorization !== `Basic ${basic}`) return { status: 401, body: '{"error":401}', contentType: JSON_TYPE };
  tokens++;
  return { body: platformFixture('reddit-token.json', { TOKEN: `tok-${tokens}` }), contentType: JSON_TYPE };
}
function search(request: RecordedRequest): RouteResponse {
  if (!String(request.headers.authorization).startsWith('Bearer tok-')) return { status: 401, body: '{}', contentType: JSON_TYPE };
  const page = request.query.get('after') === 't3_1gpal02' ? 'p2' : 'p1';
  return { body: platformFixture(`reddit-search-${page}.json`), contentType: JSON_TYPE };
}

function reddit(env: Record<string, string> = { REDDIT_CLIENT_ID: 'klien', REDDIT_CLIENT_SECRET: 'rahasia' }) {
  return createRedditAdapter(
    { id: 'reddit-indonesia', clientIdEnv: 'REDDIT_CLIENT_ID', clientSecretEnv: 'REDDIT_CLIENT_SECRET', subreddit: 'indonesia', query: 'palembang OR sumsel', authUrl: `${server.url}/api/v1/access_token`, apiBase: server.url, maxPages: 3, lookbackHours: 168 },
    { http: testHttp, env, now: () => clock, retry: fastRetry },
  );
}
const searches = (): RecordedRequest[] => server.requests.filter((r) => r.pathname === SEARCH);

describe('Reddit search (OAuth client credentials)', () => {
  it('pages with after to the created_utc watermark, reuses its token, and resumes without duplicates', async () => {
    const adapter = reddit();
    const first = await adapter.poll(null);
    expect(first.posts.map((p) => p.sourceId)).toEqual(['t3_1gpal03', 't3_1gpal02', 't3_1gpal01']);
    for (const post of first.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(first.posts[1]).toEqual({
      source: 'reddit',
      sourceId: 't3_1gpal02',
      title: 'Harga karet di Sumsel anjlok lagi',
      text: 'Harga karet di Sumsel anjlok lagi',
      createdAt: '2026-11-02T09:00:00.000Z',
      url: 'https://www.reddit.com/r/indonesia/comments/1gpal02/harga_karet/',
      engagement: { likes: 0, replies: 3 },
    });
    expect(first.skipped).toEqual([{ reason: 'item tidak terbaca', count: 1 }]);
    const q = searches()[0]!.query;
    expect([q.get('sort'), q.get('restrict_sr'), q.get('limit')]).toEqual(['new', '1', '100']);

    const second = await adapter.poll(first.next);
    expect(second.posts).toEqual([]);
    expect(searches()).toHaveLength(3); // the second poll stopped on page 1 at the watermark
    expect(adapter.tokenStats().tokenRequests).toBe(1);

    clock = new Date(clock.getTime() + 86_400_000); // the token has expired
    await adapter.poll(second.next);
    expect(adapter.tokenStats().tokenRequests).toBe(2);
  });

  it('a refused client is a clear configuration error; 429 and 5xx behave like elsewhere', async () => {
    const refused = await failure(reddit({ REDDIT_CLIENT_ID: 'klien', REDDIT_CLIENT_SECRET: 'rahasia-keliru' }).poll(null));
    expect(refused.code).toBe(ERROR_CODES.CONFIG_INVALID);
    expect(refused.message).not.toContain('rahasia-keliru');

    server.setRoute(SEARCH, { status: 429, headers: { 'retry-after': '30' }, body: '{}', contentType: JSON_TYPE });
    expect((await failure(reddit().poll(null))).details?.retryAfterMs).toBe(30_000);

    let n = 0;
    server.setRoute(SEARCH, (r) => (++n === 1 ? { status: 503, body: '' } : search(r)));
    expect((await reddit().poll(null)).posts).toHaveLength(3);

    server.setRoute(SEARCH, { body: '<html>Our CDN was unable to reach our servers</html>', contentType: 'text/html' });
    expect((await failure(reddit().poll(null))).code).toBe(ERROR_CODES.SOURCE_PARSE);
  });
});

import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import { createBlueskyAdapter } from '../../services/collector/adapters/bluesky';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { JSON_TYPE, failure, fastRetry, platformFixture, testHttp } from '../fixtures/platforms/platform-fixture';

const SEARCH = '/xrpc/app.bsky.feed.searchPosts';
let server: FeedServer;
/** Tokens the fake PDS currently accepts; tests expire them to force refresh or re-login. */
let access = new Set<string>();
let refresh = new Set<string>();
let issued = 0;

beforeEach(async () => {
  access = new Set();
  refresh = new Set();
  issued = 0;
  server = await startFeedServer({
    '/xrpc/com.atproto.server.createSession': (r) => session(r, 'login'),
    '/xrpc/com.atproto.server.refreshSession': (r) => session(r, 'refresh'),
    [SEARCH]: search,
  });
});
afterEach(async () => {
  await server.close();
});

function session(request: RecordedRequest, how: 'login' | 'refresh'): RouteResponse {
  if (request.method !== 'POST') return { status: 405, body: '{}' };
  if (how === 'refresh' && !refresh.has(bearer(request))) return { status: 400, contentType: JSON_TYPE, body: '{"error":"ExpiredToken","message":"Token has expired"}' };
  issued++;
  const a = `akses-${issued}`;
  const r = `segar-${issued}`;
  access.add(a);
  refresh.add(r);
  return { body: platformFixture('bluesky-session.json', { ACCESS: a, REFRESH: r }), contentType: JSON_TYPE };
}

function search(request: RecordedRequest): RouteResponse {
  if (!access.has(bearer(request))) return { status: 400, contentType: JSON_TYPE, body: '{"error":"ExpiredToken","message":"Token has expired"}' };
  if (request.query.get('since') === '2026-11-02T23:00:01.000Z') return { body: '{"posts":[]}', contentType: JSON_TYPE };
  const page = request.query.get('cursor') === '2' ? 'p2' : 'p1';
  return { body: platformFixture(`bluesky-search-${page}.json`), contentType: JSON_TYPE };
}
const bearer = (r: RecordedRequest): string => String(r.headers.authorization ?? '').replace(/^Bearer /, '');
const calls = (name: string): RecordedRequest[] => server.requests.filter((r) => r.pathname === `/xrpc/${name}`);

function bluesky(env: Record<string, string> = { BLUESKY_IDENTIFIER: 'humas-sumsel.bsky.social', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' }) {
  return createBlueskyAdapter(
    { id: 'bsky-sumsel', identifierEnv: 'BLUESKY_IDENTIFIER', passwordEnv: 'BLUESKY_APP_PASSWORD', query: 'palembang', lang: 'id', service: server.url, maxPages: 5, lookbackHours: 24 },
    { http: testHttp, env, now: () => new Date('2026-11-03T00:00:00Z'), retry: fastRetry },
  );
}

describe('Bluesky searchPosts', () => {
  it('logs in once, pages with cursor, maps posts, and resumes from the watermark without duplicates', async () => {
    const adapter = bluesky();
    const first = await adapter.poll(null);
    expect(first.posts.map((p) => p.text)).toEqual([
      'Kabut asap lagi di Palembang, ISPU tidak sehat pagi ini.',
      'Betul, di Kayu Agung juga pekat.',
      'Titik api di OKI bertambah menurut BMKG.',
    ]);
    for (const post of first.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(first.posts[1]).toMatchObject({
      sourceId: 'at://did:plc:warga0002/app.bsky.feed.post/3l7aaaaaaa002',
      url: 'https://bsky.app/profile/dina.bsky.social/post/3l7aaaaaaa002',
      replyTo: 'at://did:plc:warga0009/app.bsky.feed.post/3l6zzzz',
      lang: 'id',
    });
    expect(first.skipped).toEqual([{ reason: 'post tidak terbaca', count: 1 }]);
    const login = calls('com.atproto.server.createSession')[0]!;
    expect(login.method).toBe('POST');
    expect(calls('app.bsky.feed.searchPosts')[0]!.query.get('sort')).toBe('latest');

    const second = await adapter.poll(first.next);
    expect(second.posts).toEqual([]);
    expect(calls('app.bsky.feed.searchPosts').at(-1)!.query.get('since')).toBe('2026-11-02T23:00:01.000Z');
    expect(adapter.sessionStats()).toEqual({ logins: 1, refreshes: 0 });
    // Secrets stay in memory: not in the checkpoint.
    expect(JSON.stringify([first.next, second.next])).not.toMatch(/akses-|segar-|abcd-efgh/);
  });

  it('refreshes an expired access token with the refresh token, and logs in again only when that fails', async () => {
    const adapter = bluesky();
    await adapter.poll(null);
    access.clear(); // access JWT expired
    await adapter.poll(null);
    expect(adapter.sessionStats()).toEqual({ logins: 1, refreshes: 1 });

    access.clear();
    refresh.clear(); // refresh JWT expired too
    await adapter.poll(null);
    expect(adapter.sessionStats()).toEqual({ logins: 2, refreshes: 2 });
  });

  it('missing app password, 429, and malformed answers fail clearly', async () => {
    expect((await failure(bluesky({ BLUESKY_IDENTIFIER: 'x' }).poll(null))).message).toContain('BLUESKY_APP_PASSWORD');

    server.setRoute(SEARCH, { status: 429, headers: { 'retry-after': '60' }, body: '{}', contentType: JSON_TYPE });
    expect((await failure(bluesky().poll(null))).details?.retryAfterMs).toBe(60_000);

    server.setRoute(SEARCH, { body: '{"posts": {}}', contentType: JSON_TYPE });
    expect((await failure(bluesky().poll(null))).code).toBe(ERROR_CODES.SOURCE_PARSE);
  });
});

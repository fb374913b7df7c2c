import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import { createMetaAdapter, graphTime, type MetaAdapterOptions } from '../../services/collector/adapters/meta';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { JSON_TYPE, failure, fastRetry, platformFixture, testHttp } from '../fixtures/platforms/platform-fixture';

const PAGE = '104857600000001';
const IG = '17841400000000001';
let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer({
    [`/v21.0/${PAGE}/feed`]: authed(() => ({ body: platformFixture('facebook-feed.json'), contentType: JSON_TYPE })),
    '/v21.0/104857600000001_900000000000002/comments': authed(() => ({ body: platformFixture('facebook-comments.json'), contentType: JSON_TYPE })),
    [`/v21.0/${IG}/media`]: authed(() => ({ body: platformFixture('instagram-media.json'), contentType: JSON_TYPE })),
    '/v21.0/17900000000000002/comments': authed(() => ({ body: platformFixture('instagram-comments.json'), contentType: JSON_TYPE })),
  });
});
afterEach(async () => {
  await server.close();
});

function authed(route: () => RouteResponse): (r: RecordedRequest) => RouteResponse {
  return (r) =>
    r.headers.authorization === 'Bearer token-halaman' && !r.query.has('access_token')
      ? route()
      : { status: 400, contentType: JSON_TYPE, body: '{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}' };
}

function meta(kind: 'facebook' | 'instagram', overrides: Partial<MetaAdapterOptions> = {}, token = 'token-halaman') {
  return createMetaAdapter(
    { id: `${kind}-pemprov`, kind, accountId: kind === 'facebook' ? PAGE : IG, tokenEnv: 'META_PAGE_TOKEN', apiVersion: 'v21.0', graphBase: server.url, lookbackDays: 14, maxPosts: 25, maxPages: 5, ...overrides },
    { http: testHttp, env: { META_PAGE_TOKEN: token }, now: () => new Date('2026-11-03T00:00:00Z'), retry: fastRetry },
  );
}

describe('Graph API: the office\'s own Facebook Page and Instagram account', () => {
  it('Facebook: page posts and their comments, each once across polls', async () => {
    const adapter = meta('facebook');
    const first = await adapter.poll(null);
    expect(first.posts.map((p) => p.sourceId)).toEqual([
      '104857600000001_900000000000002',
      '104857600000001_900000000000001',
      '900000000000002_700000000000003',
      '900000000000002_700000000000002',
      '900000000000002_700000000000001',
    ]);
    for (const post of first.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(first.posts[2]).toEqual({
      source: 'facebook',
      sourceId: '900000000000002_700000000000003',
      text: 'Alhamdulillah, akhirnya mulus. Tapi ruas Lahat–Pagar Alam kapan pak?',
      createdAt: '2026-11-02T06:00:00.000Z',
      url: 'https://www.facebook.com/104857600000001/posts/900000000000002?comment_id=700000000000003',
      author: { id: '5550001', name: 'Andi Saputra' },
      engagement: { likes: 14, replies: 1 },
      replyTo: '104857600000001_900000000000002',
    });
    expect(first.posts[4]?.replyTo).toBe('900000000000002_700000000000000');
    // The post without comments is not asked for comments.
    expect(server.requests.some((r) => r.pathname.includes('900000000000001/comments'))).toBe(false);
    expect(server.requests[1]?.query.get('order')).toBe('reverse_chronological');

    const second = await adapter.poll(first.next);
    expect(second.posts).toEqual([]);
    expect(JSON.stringify(second.next)).not.toContain('token-halaman');
  });

  it('Instagram: media in the window, comments with nested replies, then nothing twice', async () => {
    const adapter = meta('instagram');
    const first = await adapter.poll(null);
    // The October post is outside the 14-day window.
    expect(first.posts.map((p) => p.sourceId)).toEqual(['17900000000000002', '18000000000000002', '18000000000000009', '18000000000000001']);
    expect(first.posts.find((p) => p.sourceId === '18000000000000009')).toMatchObject({ replyTo: '18000000000000002', author: { handle: 'pemprov.sumsel' } });
    expect((await adapter.poll(first.next)).posts).toEqual([]);
  });

  it('an expired token and Graph throttling are told apart; 5xx recovers', async () => {
    const expired = await failure(meta('facebook', {}, 'kedaluwarsa').poll(null));
    expect(expired.code).toBe(ERROR_CODES.CONFIG_INVALID);
    expect(expired.message).toContain('kode 190');

    server.setRoute(`/v21.0/${PAGE}/feed`, { status: 403, contentType: JSON_TYPE, body: '{"error":{"message":"(#32) Page request limit reached","code":32}}' });
    const throttled = await failure(meta('facebook').poll(null));
    expect([throttled.isRetriable, throttled.details?.retryAfterMs]).toEqual([true, 15 * 60_000]);

    let n = 0;
    server.setRoute(`/v21.0/${IG}/media`, () => (++n === 1 ? { status: 500, body: '{}' } : { body: platformFixture('instagram-media.json'), contentType: JSON_TYPE }));
    expect((await meta('instagram').poll(null)).posts).toHaveLength(4);
  });

  it('reads Graph timestamps', () => {
    expect(graphTime('2026-11-02T04:00:00+0000')).toBe('2026-11-02T04:00:00.000Z');
    expect(graphTime('2026-11-02T11:00:00+0700')).toBe('2026-11-02T04:00:00.000Z');
  });
});

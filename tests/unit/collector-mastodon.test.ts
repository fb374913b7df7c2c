import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import type { SourceAdapter } from '../../services/collector/adapter';
import { createMastodonAdapter, minIdFromLink } from '../../services/collector/adapters/mastodon';
import { createAdapter, parseSourcesFile } from '../../services/collector/sources';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { JSON_TYPE, failure, fastRetry, platformFixture, testHttp } from '../fixtures/platforms/platform-fixture';

const ROUTE = '/api/v1/timelines/tag/palembang';
let server: FeedServer;
let host: string;
beforeEach(async () => {
  server = await startFeedServer({ [ROUTE]: timeline });
  host = new URL(server.url).host;
});
afterEach(async () => {
  await server.close();
});

/** A tag timeline honouring min_id, with the Link header Mastodon sends. */
function timeline(request: RecordedRequest): RouteResponse {
  const minId = request.query.get('min_id');
  const file = !minId ? 'mastodon-tag.json' : minId === '113400000000000300' ? 'mastodon-tag-newer.json' : null;
  const body = file ? platformFixture(file, { HOST: host }) : '[]';
  const newest = file === 'mastodon-tag.json' ? '113400000000000300' : '113400000000000400';
  const link = file ? `<${server.url}${ROUTE}?limit=40&max_id=1>; rel="next", <${server.url}${ROUTE}?limit=40&min_id=${newest}>; rel="prev"` : '';
  return { body, contentType: JSON_TYPE, headers: link ? { link } : {} };
}

function mastodon(): SourceAdapter {
  return createMastodonAdapter(
    { id: 'masto-palembang', instance: server.url, hashtag: '#palembang', maxPages: 5, lookbackHours: 72 },
    { http: testHttp, env: {}, now: () => new Date('2026-11-03T00:00:00Z'), retry: fastRetry },
  );
}

describe('Mastodon hashtag timeline', () => {
  it('reads the newest page, converts HTML to text, and moves forward with min_id: once each', async () => {
    const adapter = mastodon();
    const first = await adapter.poll(null);
    expect(first.posts).toHaveLength(2);
    for (const post of first.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    const pempek = first.posts.find((p) => p.author?.handle === 'rani@kolektif.social');
    expect(pempek).toMatchObject({
      source: 'mastodon',
      sourceId: 'https://kolektif.social/users/rani/statuses/9001',
      text: 'Pempek di Pasar 26 Ilir tetap juara & murah. Recommended! #palembang',
      createdAt: '2026-11-02T08:00:00.000Z',
      engagement: { likes: 1, shares: 0, replies: 0 },
      lang: 'id',
    });
    expect(first.next).toEqual({ minId: '113400000000000300' });
    expect(server.requests[0]?.query.get('limit')).toBe('40');

    const second = await adapter.poll(first.next);
    expect(second.posts.map((p) => p.text)).toEqual(['banjir\n\nHujan deras, Jalan Kol. H. Burlian tergenang setinggi lutut. #palembang']);
    expect(server.requests[1]?.query.get('min_id')).toBe('113400000000000300');
    expect(second.next).toEqual({ minId: '113400000000000400' });

    const third = await adapter.poll(second.next);
    expect(third.posts).toEqual([]);
    expect(third.next).toEqual(second.next);
  });

  it('follows only same-instance Link headers', () => {
    expect(minIdFromLink('<https://m.example/api/v1/timelines/tag/x?min_id=42>; rel="prev"', 'https://m.example')).toBe('42');
    expect(minIdFromLink('<https://evil.example/x?min_id=42>; rel="prev"', 'https://m.example')).toBeUndefined();
  });

  it('429, 5xx then recovery, closed public timelines, malformed bodies', async () => {
    server.setRoute(ROUTE, { status: 429, headers: { 'retry-after': '300' }, body: '{}', contentType: JSON_TYPE });
    expect((await failure(mastodon().poll(null))).details?.retryAfterMs).toBe(300_000);

    let n = 0;
    server.setRoute(ROUTE, (r) => (++n === 1 ? { status: 500, body: 'oops' } : timeline(r)));
    expect((await mastodon().poll(null)).posts).toHaveLength(2);

    server.setRoute(ROUTE, { status: 401, body: '{"error":"This API requires an authenticated user"}', contentType: JSON_TYPE });
    expect((await failure(mastodon().poll(null))).message).toMatch(/menutup linimasa publik/);

    server.setRoute(ROUTE, { body: '{"error":"x"}', contentType: JSON_TYPE });
    expect((await failure(mastodon().poll({ minId: '5' }))).code).toBe(ERROR_CODES.SOURCE_PARSE);
  });

  it('is configured from the sources file like any source (instance URL = any local server)', async () => {
    const file = parseSourcesFile({ sources: [{ id: 'masto-lokal', kind: 'mastodon', instance: server.url, hashtag: 'palembang' }] });
    const adapter = createAdapter(file.sources[0]!, { http: testHttp, retry: fastRetry, now: () => new Date('2026-11-03T00:00:00Z') });
    expect((await adapter.poll(null)).posts).toHaveLength(2);
  });
});

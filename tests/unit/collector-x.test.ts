import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import type { SourceAdapter } from '../../services/collector/adapter';
import { createXAdapter, type XAdapterOptions } from '../../services/collector/adapters/x';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { JSON_TYPE, failure, fastRetry, platformFixture, skippedCount, testHttp } from '../fixtures/platforms/platform-fixture';

const ROUTE = '/2/tweets/search/recent';
let clock = new Date('2026-11-03T00:00:00Z');
let server: FeedServer;

beforeEach(async () => {
  clock = new Date('2026-11-03T00:00:00Z');
  server = await startFeedServer({ [ROUTE]: search });
});
afterEach(async () => {
  await server.close();
});

/** Behaves like recent search: since_id filters, next_token pages back. */
function search(request: RecordedRequest): RouteResponse {
  if (request.headers.authorization !== 'Bearer token-x') return { status: 401, body: '{"title":"Unauthorized"}', contentType: JSON_TYPE };
  const sinceId = request.query.get('since_id');
  if (sinceId === '1852000000000000300') return { body: '{"meta":{"result_count":0}}', contentType: JSON_TYPE };
  const page = request.query.get('next_token') === 'b26v89c19zqg8o3fpds' ? 'p2' : 'p1';
  return { body: platformFixture(`x-search-${page}.json`), contentType: JSON_TYPE };
}

function x(overrides: Partial<XAdapterOptions> = {}): SourceAdapter {
  return createXAdapter(
    { id: 'x-sumsel', tokenEnv: 'X_BEARER_TOKEN', query: '(palembang OR sumsel) lang:id -is:retweet', monthlyReadBudget: 1000, maxResults: 100, maxPages: 3, lookbackHours: 24, baseUrl: server.url, ...overrides },
    { http: testHttp, env: { X_BEARER_TOKEN: 'token-x' }, now: () => clock, retry: fastRetry },
  );
}
const searches = (): RecordedRequest[] => server.requests.filter((r) => r.pathname === ROUTE);
const used = (cursor: Record<string, unknown>): number => (cursor.budget as { used: number }).used;

describe('X API v2 recent search', () => {
  it('pages with next_token, maps posts with their authors, and counts every post read', async () => {
    const result = await x().poll(null);
    expect(result.posts.map((p) => p.sourceId)).toEqual(['1852000000000000300', '1852000000000000200', '1852000000000000100']);
    for (const post of result.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(result.posts[1]).toEqual({
      source: 'x',
      sourceId: '1852000000000000200',
      text: '@warga_prabu Sudah kami teruskan ke Dinas PU Bina Marga Sumsel. Terima kasih laporannya.',
      createdAt: '2026-11-02T11:00:00.000Z',
      url: 'https://x.com/PemprovSumsel/status/1852000000000000200',
      author: { id: '1002', handle: 'PemprovSumsel', name: 'Humas Pemprov Sumsel', followers: 25400 },
      engagement: { likes: 9, shares: 0, replies: 1, views: 600 },
      replyTo: '1852000000000000100',
      lang: 'id',
    });
    const [first] = searches();
    expect(first?.query.get('start_time')).toBe('2026-11-02T00:00:00Z');
    expect(first?.query.get('max_results')).toBe('100');
    expect(first?.query.get('expansions')).toBe('author_id');
    expect(used(result.next)).toBe(3);
    expect(JSON.stringify(result.next)).not.toContain('token-x');
  });

  it('resumes with since_id: nothing twice, and an empty answer costs nothing', async () => {
    const adapter = x();
    const first = await adapter.poll(null);
    const second = await adapter.poll(first.next);
    expect(second.posts).toEqual([]);
    expect(searches().at(-1)?.query.get('since_id')).toBe('1852000000000000300');
    expect(searches().at(-1)?.query.get('start_time')).toBeNull();
    expect(used(second.next)).toBe(3);
  });

  it('never exceeds the monthly read budget: max_results shrinks, then the walk waits for next month', async () => {
    const adapter = x({ monthlyReadBudget: 11 });
    const first = await adapter.poll(null);
    expect(searches()).toHaveLength(1);
    expect(searches()[0]?.query.get('max_results')).toBe('11');
    expect(used(first.next)).toBe(2); // settled to what was read; 9 left is below X's minimum of 10
    expect(skippedCount(first, 'anggaran baca bulanan X habis')).toBe(1);

    const same = await adapter.poll(first.next);
    expect(searches()).toHaveLength(1);
    expect(same.posts).toEqual([]);

    clock = new Date('2026-12-01T00:05:00Z');
    const next = await adapter.poll(same.next);
    expect(searches().at(-1)?.query.get('next_token')).toBe('b26v89c19zqg8o3fpds');
    expect(next.posts.map((p) => p.sourceId)).toEqual(['1852000000000000100']);
    expect((next.next.budget as { period: string }).period).toBe('2026-12');
    // The walk reached the end: the watermark is the newest post of the first poll.
    expect((next.next.paging as { watermark: string }).watermark).toBe('1852000000000000300');
  });

  it('429 with Retry-After, 5xx then recovery, truncated and malformed bodies', async () => {
    server.setRoute(ROUTE, { status: 429, headers: { 'retry-after': '900' }, body: '{}', contentType: JSON_TYPE });
    const limited = await failure(x().poll(null));
    expect([limited.isRetriable, limited.details?.retryAfterMs]).toEqual([true, 900_000]);

    let n = 0;
    server.setRoute(ROUTE, (r) => (++n <= 2 ? { status: 502, body: 'bad gateway' } : search(r)));
    expect((await x().poll(null)).posts).toHaveLength(3);

    server.setRoute(ROUTE, { body: platformFixture('x-search-p1.json'), contentType: JSON_TYPE, truncateAt: 100 });
    expect((await failure(x({ maxPages: 1 }).poll(null))).isRetriable).toBe(true);

    server.setRoute(ROUTE, { body: '{"data": "bukan larik"}', contentType: JSON_TYPE });
    const malformed = await failure(x().poll(null));
    expect(malformed.code).toBe(ERROR_CODES.SOURCE_PARSE);
    expect(malformed.message).toContain('data');
  });
});

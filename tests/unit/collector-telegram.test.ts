import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import { createTelegramAdapter, parseViews } from '../../services/collector/adapters/telegram';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { failure, fastRetry, platformFixture, testHttp } from '../fixtures/platforms/platform-fixture';

const HTML = 'text/html; charset=utf-8';
const ROUTE = '/s/humassumsel';
let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer({ [ROUTE]: page });
});
afterEach(async () => {
  await server.close();
});

function page(request: RecordedRequest): RouteResponse {
  const before = request.query.get('before');
  if (!before) return { body: platformFixture('telegram-channel.html'), contentType: HTML };
  if (before === '120') return { body: platformFixture('telegram-channel-before-120.html'), contentType: HTML };
  return { body: '<html><div class="tgme_channel_info_header_title">Humas Pemprov Sumsel</div></html>', contentType: HTML };
}
const telegram = () =>
  createTelegramAdapter({ id: 'tg-humas', channel: 'humassumsel', baseUrl: server.url, maxPages: 5 }, { http: testHttp, env: {}, retry: fastRetry });

describe('Telegram channel preview (t.me/s)', () => {
  it('parses messages with cheerio; a new channel reads only its newest page', async () => {
    const first = await telegram().poll(null);
    expect(first.posts.map((p) => p.sourceId)).toEqual(['humassumsel/121', 'humassumsel/120']);
    for (const post of first.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(first.posts[0]).toEqual({
      source: 'telegram',
      sourceId: 'humassumsel/121',
      text: 'Ralat: wilayah Kertapati padam pukul 13.00–15.00 WIB.',
      createdAt: '2026-11-02T02:30:00.000Z',
      url: 'https://t.me/humassumsel/121',
      author: { id: 'humassumsel', handle: 'humassumsel', name: 'Admin Humas (Humas Pemprov Sumsel)' },
      engagement: { views: 987 },
      replyTo: 'humassumsel/120',
    });
    expect(first.posts[1]?.text).toBe('Jadwal pemadaman bergilir PLN di Palembang hari ini.\nCek lampiran.');
    expect(first.skipped).toEqual([{ reason: 'tanpa teks (media saja)', count: 1 }]);
    expect(server.requests).toHaveLength(1);
    expect((first.next.paging as { watermark: string }).watermark).toBe('122');
  });

  it('pages back with before=<id> until the watermark, without duplicates', async () => {
    const result = await telegram().poll({ paging: { watermark: '118', edge: ['118'] } });
    expect(result.posts.map((p) => p.sourceId)).toEqual(['humassumsel/121', 'humassumsel/120', 'humassumsel/119']);
    expect(server.requests.map((r) => r.query.get('before'))).toEqual([null, '120']);
    expect((result.next.paging as { watermark: string }).watermark).toBe('122');
  });

  it('a page that is not a channel preview is a parse error; 429 and 5xx as elsewhere', async () => {
    server.setRoute(ROUTE, { body: '<html><body>Kanal tidak ditemukan</body></html>', contentType: HTML });
    const err = await failure(telegram().poll(null));
    expect(err.code).toBe(ERROR_CODES.SOURCE_PARSE);
    expect(err.message).toContain('t.me/s/humassumsel');

    server.setRoute(ROUTE, { status: 429, headers: { 'retry-after': '20' }, body: '' });
    expect((await failure(telegram().poll(null))).details?.retryAfterMs).toBe(20_000);

    let n = 0;
    server.setRoute(ROUTE, (r) => (++n === 1 ? { status: 502, body: '' } : page(r)));
    expect((await telegram().poll(null)).posts).toHaveLength(2);
  });

  it('reads view counters', () => {
    expect([parseViews('987'), parseViews('1.2K'), parseViews('3.4M'), parseViews('')]).toEqual([987, 1200, 3_400_000, undefined]);
  });
});

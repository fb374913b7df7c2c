import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import { postId } from '../../lib/ids';
import { RawPostInput } from '../../schemas';
import type { PollResult, SourceAdapter } from '../../services/collector/adapter';
import { discoverFeeds } from '../../services/collector/adapters/feed-discovery';
import { parseFeedDate } from '../../services/collector/adapters/feed-date';
import { keyHash } from '../../services/collector/adapters/feed-poll';
import { createGoogleNewsAdapter, googleNewsSearchUrl } from '../../services/collector/adapters/google-news';
import { decodeGoogleNewsLink, splitGoogleNewsTitle } from '../../services/collector/adapters/google-news-item';
import { createNewsSitemapAdapter } from '../../services/collector/adapters/news-sitemap';
import { cleanUrl, normaliseUrl } from '../../services/collector/adapters/normalise-url';
import { createRssAdapter } from '../../services/collector/adapters/rss';
import type { HttpOptions } from '../../services/collector/http';
import { createAdapter, loadSourcesFile, parseSourcesFile } from '../../services/collector/sources';
import { feedFixture, startFeedServer, type FeedServer } from '../fixtures/feed-server';

const http: HttpOptions = { timeoutMs: 2_000, maxBytes: 512 * 1024, userAgent: 'Dengar-test/1.0' };
const now = (): Date => new Date('2026-11-03T00:00:00Z');
const KABUT_ASAP = 'https://sumsel.antaranews.com/berita/512288/kabut-asap-selimuti-palembang-ispu-masuk-kategori-tidak-sehat';

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

function rss(id = 'antara-sumsel', route = '/rss'): SourceAdapter {
  return createRssAdapter({ id, url: `${server.url}${route}`, http, now });
}

async function failure(promise: Promise<unknown>): Promise<DengarError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DengarError);
  return err as DengarError;
}

const skippedCount = (result: PollResult, reason: string): number =>
  result.skipped.find((s) => s.reason === reason)?.count ?? 0;

/** The antara fixture plus one newer item, as a feed that gained an article since the last poll. */
function antaraWithNewItem(): string {
  const item = `<item><title>Sungai Musi meluap, warga Seberang Ulu mengungsi</title>
    <link>https://sumsel.antaranews.com/berita/512399/sungai-musi-meluap</link>
    <pubDate>Mon, 02 Nov 2026 18:00:00 +0700</pubDate><description>Air setinggi lutut.</description></item>`;
  return feedFixture('antara-sumsel.rss.xml').replace('<item>', `${item}<item>`);
}

describe('RSS 2.0', () => {
  it('maps items to valid RawPostInput and counts the ones it cannot use', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const result = await rss().poll(null);

    expect(result.posts).toHaveLength(4);
    for (const post of result.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(skippedCount(result, 'tanpa tanggal')).toBe(1);
    expect(skippedCount(result, 'tanggal tidak valid')).toBe(1);

    const heli = result.posts.find((p) => p.title?.startsWith('BPBD Sumsel'));
    expect(heli).toEqual({
      source: 'rss',
      sourceId: 'https://sumsel.antaranews.com/berita/512301/bpbd-sumsel-siagakan-helikopter-water-bombing-di-ogan-ilir',
      title: 'BPBD Sumsel siagakan helikopter water bombing di Ogan Ilir',
      text:
        'BPBD Sumsel siagakan helikopter water bombing di Ogan Ilir\n\nBadan Penanggulangan Bencana Daerah (BPBD) ' +
        'Sumatera Selatan menyiagakan dua helikopter water bombing untuk memadamkan kebakaran lahan gambut di ' +
        'Ogan Ilir yang meluas sejak pekan lalu.',
      url: 'https://sumsel.antaranews.com/berita/512301/bpbd-sumsel-siagakan-helikopter-water-bombing-di-ogan-ilir',
      createdAt: '2026-11-02T01:15:00.000Z',
      author: { name: 'Aziz Munajar' },
      lang: 'id',
    });
  });

  it('uses the cleaned link as sourceId (tracking gone), decodes escaped HTML and reads WIB dates', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const { posts } = await rss().poll(null);
    const asap = posts.find((p) => p.title?.startsWith('Kabut asap'));
    expect(asap?.sourceId).toBe(KABUT_ASAP);
    expect(asap?.url).toBe(KABUT_ASAP);
    expect(asap?.text).toContain('masker & mengurangi');
    expect(asap?.text).not.toMatch(/<|&amp;/);
    const pasar = posts.find((p) => p.title?.startsWith('Pemprov Sumsel'));
    expect(pasar?.createdAt).toBe('2026-11-01T07:00:00.000Z'); // "14:00:00 WIB"
    // Oldest first, so a consumer that stops half way has taken a prefix in time order.
    expect(posts.map((p) => p.createdAt)).toEqual([...posts.map((p) => p.createdAt)].sort());
  });

  it('drops items already returned (GUID/link dedupe across polls) and returns only new ones', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const adapter = rss();
    const first = await adapter.poll(null);
    expect(first.posts).toHaveLength(4);

    const second = await adapter.poll(first.next);
    expect(second.posts).toHaveLength(0);
    expect(skippedCount(second, 'sudah pernah diambil')).toBe(4);

    server.setRoute('/rss', { body: antaraWithNewItem() });
    const third = await adapter.poll(second.next);
    expect(third.posts.map((p) => p.title)).toEqual(['Sungai Musi meluap, warga Seberang Ulu mengungsi']);
    expect(third.next.watermark).toBe('2026-11-02T11:00:00.000Z');
  });

  it('the cursor covers exactly the posts returned', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const { posts, next } = await rss().poll(null);
    expect(next.seen).toEqual(posts.map((p) => keyHash(p.sourceId)));
    expect(next.watermark).toBe(posts.at(-1)?.createdAt);
  });

  it('drops unseen items older than watermark minus the grace window', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const adapter = createRssAdapter({ id: 'a', url: `${server.url}/rss`, http, now, graceMs: 24 * 60 * 60 * 1000 });
    // A cursor that forgot its seen keys: only items within a day of the watermark come back.
    const result = await adapter.poll({ seen: [], watermark: '2026-11-02T06:00:00.000Z' });
    expect(result.posts.map((p) => p.createdAt)).toEqual(['2026-11-01T07:00:00.000Z', '2026-11-01T23:40:00.000Z', '2026-11-02T01:15:00.000Z']);
    expect(skippedCount(result, 'lebih lama dari watermark')).toBe(1);
    expect(result.next.watermark).toBe('2026-11-02T06:00:00.000Z');
  });

  it('keeps the seen list bounded', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const adapter = createRssAdapter({ id: 'a', url: `${server.url}/rss`, http, now, seenLimit: 2 });
    const { next } = await adapter.poll(null);
    expect(next.seen).toHaveLength(2);
  });

  it('clamps a date in the future (WIB sent as +0000) to the poll time', async () => {
    const future = feedFixture('antara-sumsel.rss.xml').replace('Mon, 02 Nov 2026 08:15:00 +0700', 'Tue, 03 Nov 2026 07:00:00 +0000');
    server.setRoute('/rss', { body: future });
    const { posts } = await rss().poll(null);
    expect(posts.find((p) => p.title?.startsWith('BPBD'))?.createdAt).toBe(now().toISOString());
  });

  it('an unreadable stored cursor starts fresh instead of failing', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const result = await rss().poll({ seen: 'not-an-array', watermark: 42 });
    expect(result.posts).toHaveLength(4);
  });
});

describe('Atom and RDF', () => {
  it('parses Atom entries: link or id as sourceId, published or updated as date, HTML summary stripped', async () => {
    server.setRoute('/atom', { body: feedFixture('sumselprov.atom.xml'), contentType: 'application/atom+xml' });
    const { posts, skipped } = await rss('sumselprov', '/atom').poll(null);
    expect(skipped).toEqual([]);
    expect(posts.map((p) => [p.sourceId, p.createdAt])).toEqual([
      ['tag:sumselprov.go.id,2026:berita-1195', '2026-10-30T02:00:00.000Z'],
      ['https://sumselprov.go.id/berita/1199/lrt-sumsel-tambah-perjalanan', '2026-11-01T07:00:00.000Z'],
      ['https://sumselprov.go.id/berita/1201/gubernur-tinjau-posko-karhutla-pedamaran', '2026-11-02T02:30:00.000Z'],
    ]);
    const gub = posts[2];
    expect(gub?.text).toBe(
      'Gubernur Herman Deru tinjau posko karhutla di Pedamaran, OKI\n\nGubernur Sumsel Herman Deru meninjau posko terpadu penanganan karhutla di Kecamatan Pedamaran.',
    );
    expect(gub?.author).toEqual({ name: 'Biro Adpim Sumsel' });
  });
});

describe('conditional GET', () => {
  it('second poll sends If-None-Match and If-Modified-Since; 304 → no posts, same cursor', async () => {
    server.setRoute('/rss', {
      body: feedFixture('antara-sumsel.rss.xml'),
      etag: '"antara-v1"',
      lastModified: 'Mon, 02 Nov 2026 02:00:00 GMT',
    });
    const adapter = rss();
    const first = await adapter.poll(null);
    expect(first.next).toMatchObject({ etag: '"antara-v1"', lastModified: 'Mon, 02 Nov 2026 02:00:00 GMT' });

    const second = await adapter.poll(first.next);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"antara-v1"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 02:00:00 GMT');
    expect(second).toEqual({ posts: [], next: first.next, skipped: [] });
  });

  it('a changed feed (new ETag) is read again and the new validators are kept', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml'), etag: '"antara-v1"' });
    const adapter = rss();
    const first = await adapter.poll(null);
    server.setRoute('/rss', { body: antaraWithNewItem(), etag: '"antara-v2"' });
    const second = await adapter.poll(first.next);
    expect(second.posts).toHaveLength(1);
    expect(second.next.etag).toBe('"antara-v2"');
  });
});

describe('failures', () => {
  it('429 with Retry-After → retriable SOURCE_FETCH with retryAfterMs', async () => {
    server.setRoute('/rss', { status: 429, headers: { 'retry-after': '300' } });
    const err = await failure(rss().poll(null));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true, details: { retryAfterMs: 300_000 } });
  });

  it('500 → retriable; 404 → not retriable', async () => {
    server.setRoute('/rss', { status: 500 });
    expect((await failure(rss().poll(null))).isRetriable).toBe(true);
    server.setRoute('/rss', { status: 404 });
    expect((await failure(rss().poll(null))).isRetriable).toBe(false);
  });

  it.each([
    ['an HTML error page', '<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>'],
    ['plain text', 'Service temporarily unavailable'],
    ['broken XML with no items', '<rss><channel><title>Antara</title><item'],
  ])('malformed payload (%s) → SOURCE_PARSE, not retriable; the old cursor still works', async (_label, body) => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const adapter = rss();
    const first = await adapter.poll(null);

    server.setRoute('/rss', { body });
    const err = await failure(adapter.poll(first.next));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_PARSE, isRetriable: false });

    server.setRoute('/rss', { body: antaraWithNewItem() });
    const after = await adapter.poll(first.next);
    expect(after.posts.map((p) => p.title)).toEqual(['Sungai Musi meluap, warga Seberang Ulu mengungsi']);
  });

  it('an item that fails RawPostInput is skipped with its reason, the rest still arrive', async () => {
    const longLink = `https://sumsel.antaranews.com/berita/512201/${'sangat-panjang-'.repeat(40)}`;
    const bad = feedFixture('antara-sumsel.rss.xml')
      .replace('<title>Harga karet di Muba anjlok, petani mengeluh</title>', '<title></title>')
      .replace(/Harga karet di tingkat petani[^<]*/, '   ')
      .replace(
        '<link>https://sumsel.antaranews.com/berita/512250/pemprov-sumsel-gelar-pasar-murah-jelang-akhir-tahun</link>',
        `<link>${longLink}</link>`,
      );
    server.setRoute('/rss', { body: bad });
    const result = await rss().poll(null);
    expect(result.posts).toHaveLength(2);
    expect(skippedCount(result, 'teks kosong')).toBe(1);
    expect(skippedCount(result, 'tidak valid: sourceId')).toBe(1);
  });

  it('oversize feed → not retriable SOURCE_FETCH', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml'), chunked: true });
    const adapter = createRssAdapter({ id: 'a', url: `${server.url}/rss`, http: { ...http, maxBytes: 1024 }, now });
    const err = await failure(adapter.poll(null));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: false });
  });

  it('timeout → retriable SOURCE_FETCH', async () => {
    server.setRoute('/rss', { hang: true });
    const adapter = createRssAdapter({ id: 'a', url: `${server.url}/rss`, http: { ...http, timeoutMs: 150 }, now });
    const err = await failure(adapter.poll(null));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true, details: { timeoutMs: 150 } });
  });
});

describe('Google News', () => {
  function gnews(id: string, query: string): SourceAdapter {
    return createGoogleNewsAdapter({ id, query, baseUrl: server.url, http, now });
  }

  it('builds the Indonesian search URL', async () => {
    server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
    await gnews('gnews-karhutla', '(karhutla OR "kabut asap") sumsel').poll(null);
    const request = server.requests[0];
    expect(request?.pathname).toBe('/rss/search');
    expect(request?.query.get('q')).toBe('(karhutla OR "kabut asap") sumsel');
    expect([request?.query.get('hl'), request?.query.get('gl'), request?.query.get('ceid')]).toEqual(['id', 'ID', 'ID:id']);
    expect(googleNewsSearchUrl('banjir palembang')).toBe(
      'https://news.google.com/rss/search?q=banjir%20palembang&hl=id&gl=ID&ceid=ID:id',
    );
  });

  it('splits "Judul - Sumber" into title and author, from <source> or from the suffix', async () => {
    server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
    const { posts } = await gnews('gnews-karhutla', 'karhutla').poll(null);
    expect(posts.map((p) => [p.title, p.author?.name])).toEqual([
      ['Warga Pedamaran keluhkan asap pekat, anak-anak mulai terserang ISPA', 'Kompas.com'],
      ['Kabut asap selimuti Palembang, ISPU masuk kategori tidak sehat', 'ANTARA News Sumatera Selatan'],
      ['Titik api di OKI bertambah jadi 87, Satgas Karhutla tambah personel', 'Sripoku.com'],
    ]);
    for (const post of posts) expect(post.text).toBe(post.title);
  });

  it('the same article from the direct feed and from Google News is one post id', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
    const direct = (await rss().poll(null)).posts.find((p) => p.title?.startsWith('Kabut asap'));
    const viaGoogle = (await gnews('gnews-karhutla', 'karhutla').poll(null)).posts.find((p) =>
      p.title?.startsWith('Kabut asap'),
    );
    expect(direct && viaGoogle).toBeTruthy();
    expect(viaGoogle?.url).toBe(KABUT_ASAP);
    expect(postId(viaGoogle!.source, viaGoogle!.sourceId)).toBe(postId(direct!.source, direct!.sourceId));
  });

  it('an opaque link falls back to publisher + WIB day + title, shared by every query that finds it', async () => {
    server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
    const a = await gnews('gnews-karhutla', 'karhutla sumsel').poll(null);
    const b = await gnews('gnews-asap', '"kabut asap" OKI').poll(null);
    const titik = (r: PollResult) => r.posts.find((p) => p.title?.startsWith('Titik api'));
    expect(titik(a)?.sourceId).toBe(
      'gnews:palembang.tribunnews.com:2026-11-02:titik api di oki bertambah jadi 87 satgas karhutla tambah personel',
    );
    expect(titik(b)?.sourceId).toBe(titik(a)?.sourceId);
    expect(titik(a)?.url).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\//);
  });

  it('decodes old-style article links and refuses opaque or foreign ones', () => {
    expect(
      decodeGoogleNewsLink(
        'https://news.google.com/rss/articles/CBMiaWh0dHBzOi8vc3Vtc2VsLmFudGFyYW5ld3MuY29tL2Jlcml0YS81MTIyODgva2FidXQtYXNhcC1zZWxpbXV0aS1wYWxlbWJhbmctaXNwdS1tYXN1ay1rYXRlZ29yaS10aWRhay1zZWhhdNIBbWh0dHBzOi8vc3Vtc2VsLmFudGFyYW5ld3MuY29tL2FtcC9iZXJpdGEvNTEyMjg4L2thYnV0LWFzYXAtc2VsaW11dGktcGFsZW1iYW5nLWlzcHUtbWFzdWsta2F0ZWdvcmktdGlkYWstc2VoYXQ?oc=5',
      ),
    ).toBe(KABUT_ASAP);
    expect(decodeGoogleNewsLink('https://news.google.com/rss/articles/CBMiKEFVX3lxTFBrM3ZYdzlkUW1SMnNUOGJOMWNFNWZIN2pLMGxNNG5PNnA')).toBeNull();
    expect(decodeGoogleNewsLink('https://example.com/rss/articles/CBMiaWh0dHBzOi8v')).toBeNull();
    expect(decodeGoogleNewsLink('bukan url')).toBeNull();
  });

  it('splitGoogleNewsTitle keeps dashes that belong to the headline', () => {
    expect(splitGoogleNewsTitle('Palembang - Jakarta lewat tol Kapal Betung - Sripoku.com', 'Sripoku.com')).toEqual({
      title: 'Palembang - Jakarta lewat tol Kapal Betung',
      publisher: 'Sripoku.com',
    });
    expect(splitGoogleNewsTitle('Tanpa sumber sama sekali')).toEqual({ title: 'Tanpa sumber sama sekali' });
  });
});

describe('autodiscovery', () => {
  function serveSumeks(): void {
    server.setRoute('/', { body: feedFixture('sumeks-home.html'), contentType: 'text/html; charset=utf-8' });
    server.setRoute('/feed/', { body: feedFixture('sumeks.rdf.xml', server.url), contentType: 'application/rdf+xml' });
  }

  it('finds the main feed in the page head and polls it (RSS 1.0/RDF), remembering the feed URL', async () => {
    serveSumeks();
    const adapter = createRssAdapter({ id: 'sumatera-ekspres', site: `${server.url}/`, http, now });
    const first = await adapter.poll(null);
    expect(first.posts.map((p) => p.title)).toEqual([
      'Orang tua keluhkan zonasi PPDB SMA negeri di Palembang',
      'Jalan Lintas Tengah di Empat Lawang rusak parah, warga tanam pisang',
    ]);
    expect(first.posts[1]?.createdAt).toBe('2026-11-01T21:10:00.000Z');
    expect(first.next.feedUrl).toBe(`${server.url}/feed/`);
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/feed/']);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/html/);

    await adapter.poll(first.next);
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/feed/', '/feed/']);
  });

  it('rediscovers once when the remembered feed URL is gone', async () => {
    serveSumeks();
    const adapter = createRssAdapter({ id: 'sumatera-ekspres', site: `${server.url}/`, http, now });
    const first = await adapter.poll(null);
    server.setRoute('/feed/', { status: 404 });
    server.setRoute('/', {
      body: '<html><head><link rel="alternate" type="application/atom+xml" href="/feed-baru.atom"></head></html>',
      contentType: 'text/html',
    });
    server.setRoute('/feed-baru.atom', { body: feedFixture('sumselprov.atom.xml') });
    const second = await adapter.poll(first.next);
    expect(second.posts).toHaveLength(3);
    expect(second.next.feedUrl).toBe(`${server.url}/feed-baru.atom`);
  });

  it('a page without a feed link → SOURCE_PARSE', async () => {
    server.setRoute('/', { body: '<html><head><title>x</title></head></html>', contentType: 'text/html' });
    const err = await failure(createRssAdapter({ id: 'x', site: `${server.url}/`, http, now }).poll(null));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_PARSE, isRetriable: false });
  });

  it('discoverFeeds reads only the head, resolves relative links and puts comment feeds last', () => {
    const feeds = discoverFeeds(feedFixture('sumeks-home.html'), 'https://sumateraekspres.bacakoran.co/');
    expect(feeds.map((f) => f.url)).toEqual([
      'https://sumateraekspres.bacakoran.co/feed/',
      'https://sumateraekspres.bacakoran.co/comments/feed/',
    ]);
    expect(feeds[0]?.title).toBe('Sumatera Ekspres » Feed');
  });
});

describe('news sitemap', () => {
  it('reads <news:news> entries: title, publication date, publisher; skips entries without a date', async () => {
    server.setRoute('/sumbagsel/sitemap_news.xml', {
      body: feedFixture('detik-sumbagsel.sitemap_news.xml'),
      contentType: 'application/xml',
    });
    const adapter = createNewsSitemapAdapter({ id: 'detik-sumbagsel', url: `${server.url}/sumbagsel/sitemap_news.xml`, http, now });
    expect(adapter.kind).toBe('rss');
    const result = await adapter.poll(null);
    expect(skippedCount(result, 'tanpa tanggal')).toBe(1);
    expect(result.posts).toEqual([
      {
        source: 'rss',
        sourceId: 'https://www.detik.com/sumbagsel/wisata/d-8012299/festival-pempek-di-bkb-dipadati-pengunjung',
        url: 'https://www.detik.com/sumbagsel/wisata/d-8012299/festival-pempek-di-bkb-dipadati-pengunjung',
        title: 'Festival Pempek di BKB Dipadati Pengunjung, Antre Sampai Jembatan Ampera',
        text: 'Festival Pempek di BKB Dipadati Pengunjung, Antre Sampai Jembatan Ampera',
        createdAt: '2026-11-01T12:10:00.000Z',
        author: { name: 'detikSumbagsel' },
        lang: 'id',
      },
      expect.objectContaining({ title: 'Banjir Rendam Puluhan Rumah di Kertapati Palembang', createdAt: '2026-11-02T00:45:00.000Z' }),
    ]);
    const again = await adapter.poll(result.next);
    expect(again.posts).toHaveLength(0);
  });

  it('neither <urlset> nor <sitemapindex>, or broken XML → SOURCE_PARSE (indexes: collector-sitemap-index.test.ts)', async () => {
    const adapter = createNewsSitemapAdapter({ id: 'd', url: `${server.url}/s.xml`, http, now });
    server.setRoute('/s.xml', { body: '<rss><channel></channel></rss>' });
    expect(await failure(adapter.poll(null))).toMatchObject({ code: ERROR_CODES.SOURCE_PARSE, message: expect.stringMatching(/<sitemapindex>/) });
    server.setRoute('/s.xml', { body: '<urlset><url><loc>https://x/a</loc></urlset>' });
    expect((await failure(adapter.poll(null))).code).toBe(ERROR_CODES.SOURCE_PARSE);
  });
});

describe('helpers', () => {
  it('normaliseUrl: https, lowercase host, no tracking, fragment or trailing slash; params sorted', () => {
    expect(normaliseUrl('HTTP://Sumsel.AntaraNews.com/berita/1/judul/?utm_source=x&b=2&fbclid=y&a=1&gclid=z#komentar')).toBe(
      'https://sumsel.antaranews.com/berita/1/judul?a=1&b=2',
    );
    expect(normaliseUrl('https://example.com/')).toBe('https://example.com/');
    expect(normaliseUrl('/relatif', 'http://example.com/x/')).toBe('https://example.com/relatif');
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseUrl('bukan url')).toBeNull();
    // The display form keeps the site's scheme.
    expect(cleanUrl('http://example.com/a/?utm_medium=rss')).toBe('http://example.com/a');
  });

  it('parseFeedDate reads RFC 822, ISO, WIB and zone-less dates as Jakarta time', () => {
    expect(parseFeedDate('Mon, 02 Nov 2026 15:00:00 WIB')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(parseFeedDate('2026-11-02 15:00:00')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(parseFeedDate('Selasa, 3 Desember 2026 10:30 WIB')?.toISOString()).toBe('2026-12-03T03:30:00.000Z');
    expect(parseFeedDate('2026-11-02T08:00:00Z')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(parseFeedDate('kemarin sore')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
  });
});

describe('sources file', () => {
  it('the shipped config/sources.json is valid, with unique ids and an adapter for every source', () => {
    const file = loadSourcesFile(path.join(__dirname, '..', '..', 'config', 'sources.json'));
    const ids = file.sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['antara-sumsel', 'sripoku', 'kompas-regional', 'gnews-karhutla', 'gnews-pemprov']));
    for (const source of file.sources) {
      const adapter = createAdapter(source, { http });
      expect(adapter.id).toBe(source.id);
    }
  });

  it('createAdapter builds each kind and points Google News at the configured base URL', async () => {
    server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
    const { sources } = parseSourcesFile({
      sources: [
        { id: 'a', kind: 'rss', url: 'https://sumsel.antaranews.com/rss/terkini.xml' },
        { id: 'g', kind: 'google_news', query: 'banjir palembang' },
        { id: 's', kind: 'news_sitemap', url: 'https://www.detik.com/sumbagsel/sitemap_news.xml', enabled: false },
      ],
    });
    expect(sources.map((s) => s.enabled)).toEqual([true, true, false]);
    const adapters = sources.map((s) => createAdapter(s, { http, now, googleNewsBaseUrl: server.url }));
    expect(adapters.map((a) => a.kind)).toEqual(['rss', 'google_news', 'rss']);
    const result = await adapters[1]!.poll(null);
    expect(result.posts).toHaveLength(3);
    expect(server.requests[0]?.query.get('q')).toBe('banjir palembang');
  });

  it.each([
    [{ sources: [{ id: 'a', kind: 'rss', url: 'https://x.id/rss' }, { id: 'a', kind: 'google_news', query: 'x' }] }, /sources\[1\] \(id "a"\)\.id: id "a" sudah dipakai sumber #0/],
    [{ sources: [{ id: 'a', kind: 'rss' }] }, /sources\[0\] \(id "a"\)\.url: isi tepat satu dari "url" atau "site"/],
    [{ sources: [{ id: 'a', kind: 'rss', url: 'https://x.id/rss', site: 'https://x.id' }] }, /isi tepat satu/],
    [{ sources: [{ id: 'yt', kind: 'tiktok' }] }, /sources\[0\] \(id "yt"\)\.kind: jenis sumber tidak dikenal/],
    [{ sources: [{ id: 'g', kind: 'google_news', quey: 'x' }] }, /sources\[0\] \(id "g"\).*kolom tidak dikenal: quey/],
    [{ sources: [{ id: 'Bad Id', kind: 'news_sitemap', url: 'ftp://x' }] }, /sources\[0\] \(id "Bad Id"\)\.id: .*sources\[0\] \(id "Bad Id"\)\.url: harus URL http\(s\)/],
    [{}, /sources: wajib diisi/],
  ])('rejects bad input with the index and field: %j', (raw, message) => {
    let caught: unknown;
    try {
      parseSourcesFile(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DengarError);
    expect((caught as DengarError).code).toBe(ERROR_CODES.CONFIG_INVALID);
    expect((caught as DengarError).message).toMatch(message);
  });

  it('loadSourcesFile names the file when it is not JSON', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dengar-sources-')), 'sources.json');
    writeFileSync(file, '{ "sources": [ ');
    expect(() => loadSourcesFile(file)).toThrow(/Berkas sumber .*sources\.json: JSON tidak valid/);
    expect(() => loadSourcesFile(`${file}.missing`)).toThrow(/tidak dapat dibaca/);
  });
});

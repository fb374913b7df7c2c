import { gzipSync } from 'node:zlib';
import { ERROR_CODES } from '../../lib/errors';
import type { PollResult, SourceAdapter } from '../../services/collector/adapter';
import { createNewsSitemapAdapter } from '../../services/collector/adapters/news-sitemap';
import type { HttpOptions } from '../../services/collector/http';
import { createAdapter, parseSourcesFile } from '../../services/collector/sources';
import { feedFixture, startFeedServer, type FeedServer } from '../fixtures/feed-server';

/** News sitemap indexes (daily children, newest first, capped) and gzip bodies, from a loopback site. */

const http: HttpOptions = { timeoutMs: 5_000, maxBytes: 2 * 1024 * 1024, userAgent: 'Dengar-test/1.0' };
const now = (): Date => new Date('2026-11-03T00:00:00Z');
const XML = 'application/xml; charset=utf-8';
const GZIP = 'application/x-gzip';

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

/** A one-article news sitemap. */
function urlset(slug: string, title: string, date: string): string {
  return `<?xml version="1.0"?><urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
    <loc>https://regional.kompas.com/read/${slug}</loc><news:news><news:publication><news:name>Kompas.com</news:name></news:publication>
    <news:publication_date>${date}</news:publication_date><news:title>${title}</news:title></news:news></url></urlset>`;
}

/** The fixture index and its children; the 2 November child is a gzip file. */
function serveIndex(): void {
  server.setRoute('/sitemap-index.xml', { body: feedFixture('kompas-sitemap-index.xml', server.url), contentType: XML, etag: '"index-1"' });
  server.setRoute('/sitemap/news-2026-11-02.xml.gz', { body: gzipSync(feedFixture('kompas-news-2026-11-02.sitemap.xml')), contentType: GZIP, etag: '"d2-1"' });
  server.setRoute('/sitemap/news-2026-11-01.xml', { body: feedFixture('kompas-news-2026-11-01.sitemap.xml'), contentType: XML, lastModified: 'Sun, 01 Nov 2026 16:10:00 GMT' });
  server.setRoute('/sitemap/news-2026-10-31.xml', { body: urlset('2026/10/31/banjir-rob-di-banyuasin', 'Banjir Rob di Banyuasin', '2026-10-31T10:00:00+07:00'), contentType: XML, etag: '"d31-1"' });
  server.setRoute('/sitemap/news-2026-10-30.xml', { body: urlset('2026/10/30/lama', 'Berita Lama', '2026-10-30T10:00:00+07:00'), contentType: XML });
}

function sitemap(maxChildren?: number): SourceAdapter {
  return createNewsSitemapAdapter({ id: 'kompas-regional', url: `${server.url}/sitemap-index.xml`, http, now, ...(maxChildren ? { maxChildren } : {}) });
}

const paths = (): string[] => server.requests.map((r) => r.path);
const titles = (result: PollResult): string[] => result.posts.map((p) => p.title ?? '').sort();

describe('news sitemap index', () => {
  it('reads the newest children by <lastmod>, at most maxChildren, on the index host only; an article in two children is one post', async () => {
    serveIndex();
    const result = await sitemap(3).poll(null);
    expect(paths()).toEqual([
      '/sitemap-index.xml',
      '/sitemap/news-2026-11-02.xml.gz',
      '/sitemap/news-2026-11-01.xml',
      '/sitemap/news-2026-10-31.xml?page=1&tipe=berita',
    ]);
    // "Harga cabai" is in the 1 and 2 November children (once with a tracking parameter).
    expect(titles(result)).toEqual(['Banjir Rob di Banyuasin', 'Harga Cabai di Pasar 16 Ilir Naik', 'Jembatan Ampera Ditutup Sementara untuk Perawatan', 'Pasien ISPA di Ogan Ilir Bertambah']);
    expect(result.skipped).toEqual([{ reason: 'duplikat dalam payload', count: 1 }]);
    expect(result.posts.every((p) => p.source === 'rss' && p.text === p.title && p.author?.name === 'Kompas.com')).toBe(true);
    expect((result.next.children as { url: string }[]).map((c) => new URL(c.url).pathname)).toEqual([
      '/sitemap/news-2026-11-02.xml.gz',
      '/sitemap/news-2026-11-01.xml',
      '/sitemap/news-2026-10-31.xml',
    ]);
  });

  it('a child that redirects to another host is skipped, and that host is never asked', async () => {
    serveIndex();
    // Same server under another host name: the hop must be refused before it is made.
    const elsewhere = server.url.replace('127.0.0.1', 'localhost');
    server.setRoute('/sitemap/news-2026-11-01.xml', { status: 302, body: '', headers: { location: `${elsewhere}/internal/metadata` } });
    server.setRoute('/internal/metadata', { body: urlset('2026/11/01/rahasia', 'Tidak Boleh Terbaca', '2026-11-01T10:00:00+07:00'), contentType: XML });
    const result = await sitemap(3).poll(null);
    expect(paths()).not.toContain('/internal/metadata');
    expect(titles(result)).not.toContain('Tidak Boleh Terbaca');
    expect(result.skipped).toContainEqual({ reason: expect.stringMatching(/anak sitemap dilewati \(\/sitemap\/news-2026-11-01\.xml: .*pengalihan ke .* ditolak/), count: 1 });
    expect(titles(result)).toContain('Banjir Rob di Banyuasin');
  });

  it('the default cap is 5 children; a child without <lastmod> comes after the dated ones', async () => {
    serveIndex();
    server.setRoute('/sitemap/tanpa-lastmod.xml', { body: urlset('2026/10/29/tanpa-tanggal-indeks', 'Tanpa Lastmod', '2026-10-29T10:00:00+07:00'), contentType: XML });
    const result = await sitemap().poll(null);
    expect(paths().slice(1).map((p) => p.split('?')[0])).toEqual([
      '/sitemap/news-2026-11-02.xml.gz',
      '/sitemap/news-2026-11-01.xml',
      '/sitemap/news-2026-10-31.xml',
      '/sitemap/news-2026-10-30.xml',
      '/sitemap/tanpa-lastmod.xml',
    ]);
    expect(titles(result)).toContain('Tanpa Lastmod');
    expect(paths().some((p) => p.includes('2026-11-03'))).toBe(false);
  });

  it('each child keeps its own conditional GET; an unchanged (304) index still re-reads its children; only new articles come back', async () => {
    serveIndex();
    const adapter = sitemap(3);
    const first = await adapter.poll(null);
    server.requests.length = 0;

    const second = await adapter.poll(first.next);
    expect(second.posts).toEqual([]);
    const sent = (p: string) => server.requests.find((r) => r.pathname === p)?.headers;
    expect(sent('/sitemap-index.xml')?.['if-none-match']).toBe('"index-1"');
    expect(sent('/sitemap/news-2026-11-02.xml.gz')?.['if-none-match']).toBe('"d2-1"');
    expect(sent('/sitemap/news-2026-11-01.xml')?.['if-modified-since']).toBe('Sun, 01 Nov 2026 16:10:00 GMT');
    expect(sent('/sitemap/news-2026-10-31.xml')?.['if-none-match']).toBe('"d31-1"');

    // The 2 November child gains an article under a new ETag; the index itself is unchanged.
    const grown = feedFixture('kompas-news-2026-11-02.sitemap.xml').replace(
      '<url>',
      `<url><loc>https://regional.kompas.com/read/2026/11/02/200000/lrt-palembang-tambah-jadwal</loc><news:news>
        <news:publication><news:name>Kompas.com</news:name></news:publication><news:publication_date>2026-11-02T20:00:00+07:00</news:publication_date>
        <news:title>LRT Palembang Tambah Jadwal</news:title></news:news></url><url>`,
    );
    server.setRoute('/sitemap/news-2026-11-02.xml.gz', { body: gzipSync(grown), contentType: GZIP, etag: '"d2-2"' });
    const third = await adapter.poll(second.next);
    expect(titles(third)).toEqual(['LRT Palembang Tambah Jadwal']);
    const children = third.next.children as { url: string; etag?: string }[];
    expect(children.find((c) => c.url.endsWith('.xml.gz'))?.etag).toBe('"d2-2"');
  });

  it('a malformed or failing child is skipped with its reason and the others still flow; it is asked again next time', async () => {
    serveIndex();
    server.setRoute('/sitemap/news-2026-11-01.xml', { body: '<urlset><url><loc>https://x.id/a</loc></urlset>', contentType: XML });
    server.setRoute('/sitemap/news-2026-10-31.xml', { status: 500, body: 'galat' });
    const adapter = sitemap(3);
    const result = await adapter.poll(null);
    expect(titles(result)).toEqual(['Harga Cabai di Pasar 16 Ilir Naik', 'Jembatan Ampera Ditutup Sementara untuk Perawatan']);
    const reasons = result.skipped.map((s) => s.reason);
    expect(reasons).toContainEqual(expect.stringMatching(/^anak sitemap dilewati \(\/sitemap\/news-2026-11-01\.xml: XML sitemap dari .* rusak\)$/));
    expect(reasons).toContainEqual(expect.stringMatching(/^anak sitemap dilewati \(\/sitemap\/news-2026-10-31\.xml: Sumber menjawab HTTP 500/));

    // Fixed by the next poll: the skipped child's articles arrive, nothing is taken twice.
    serveIndex();
    const next = await adapter.poll(result.next);
    expect(titles(next)).toEqual(['Banjir Rob di Banyuasin', 'Pasien ISPA di Ogan Ilir Bertambah']);
  });

  it('when every child fails the poll fails (the source shows the error and backs off)', async () => {
    server.setRoute('/sitemap-index.xml', { body: feedFixture('kompas-sitemap-index.xml', server.url), contentType: XML });
    await expect(sitemap(2).poll(null)).rejects.toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, message: expect.stringMatching(/HTTP 404/) });
  });

  it('an index inside an index is skipped (the sitemap protocol does not nest them)', async () => {
    serveIndex();
    server.setRoute('/sitemap/news-2026-11-01.xml', { body: feedFixture('kompas-sitemap-index.xml', server.url), contentType: XML });
    const result = await sitemap(2).poll(null);
    expect(titles(result)).toEqual(['Harga Cabai di Pasar 16 Ilir Naik', 'Jembatan Ampera Ditutup Sementara untuk Perawatan']);
    expect(result.skipped.map((s) => s.reason)).toContainEqual(expect.stringMatching(/indeks di dalam indeks/));
  });

  it('a plain <urlset> URL still works as before and keeps no child list', async () => {
    server.setRoute('/sitemap-index.xml', { body: feedFixture('kompas-news-2026-11-01.sitemap.xml'), contentType: XML });
    const result = await sitemap().poll(null);
    expect(titles(result)).toHaveLength(2);
    expect(result.next.children).toBeUndefined();
  });
});

describe('gzip bodies', () => {
  it('a gzipped index, a Content-Encoding: gzip child and a .gz child mislabelled as XML all read as XML', async () => {
    serveIndex();
    server.setRoute('/sitemap-index.xml', { body: gzipSync(feedFixture('kompas-sitemap-index.xml', server.url)), contentType: GZIP });
    server.setRoute('/sitemap/news-2026-11-01.xml', {
      body: gzipSync(feedFixture('kompas-news-2026-11-01.sitemap.xml')),
      contentType: XML,
      headers: { 'content-encoding': 'gzip' },
    });
    server.setRoute('/sitemap/news-2026-11-02.xml.gz', { body: gzipSync(feedFixture('kompas-news-2026-11-02.sitemap.xml')), contentType: 'text/xml' });
    const result = await sitemap(2).poll(null);
    expect(titles(result)).toEqual(['Harga Cabai di Pasar 16 Ilir Naik', 'Jembatan Ampera Ditutup Sementara untuk Perawatan', 'Pasien ISPA di Ogan Ilir Bertambah']);
    expect(result.skipped.filter((s) => s.reason.startsWith('anak sitemap'))).toEqual([]);
  });

  it('a gzip bomb stops at the byte cap, whether a .gz file or Content-Encoding', async () => {
    // 1 GiB of zeros as 64 concatenated gzip members of 16 MiB: about 1 MB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    expect(bomb.length).toBeLessThan(http.maxBytes);
    const adapter = createNewsSitemapAdapter({ id: 'bom', url: `${server.url}/bom.xml.gz`, http, now });

    server.setRoute('/bom.xml.gz', { body: bomb, contentType: GZIP });
    const before = process.memoryUsage().arrayBuffers;
    await expect(adapter.poll(null)).rejects.toMatchObject({
      code: ERROR_CODES.SOURCE_FETCH,
      isRetriable: false,
      message: `Respons melebihi batas ${http.maxBytes} byte setelah dekompresi gzip`,
    });
    // Inflating it whole would have held 1 GiB; the cap keeps it to a few MB (generous bound: GC timing).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);

    server.setRoute('/bom.xml.gz', { body: bomb, contentType: XML, headers: { 'content-encoding': 'gzip' } });
    await expect(adapter.poll(null)).rejects.toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, message: `Respons melebihi batas ${http.maxBytes} byte` });
  });

  it('a corrupt gzip file → SOURCE_PARSE naming the URL', async () => {
    const broken = gzipSync(feedFixture('kompas-news-2026-11-01.sitemap.xml')).subarray(0, 60);
    server.setRoute('/rusak.xml.gz', { body: broken, contentType: GZIP });
    await expect(createNewsSitemapAdapter({ id: 'r', url: `${server.url}/rusak.xml.gz`, http, now }).poll(null)).rejects.toMatchObject({
      code: ERROR_CODES.SOURCE_PARSE,
      message: expect.stringMatching(/^Berkas gzip dari http:\/\/127\.0\.0\.1:\d+\/rusak\.xml\.gz rusak/),
    });
  });
});

describe('sources file: maxChildren', () => {
  it('defaults to 5, accepts 1–20, and reaches the adapter', async () => {
    const base = { id: 'kompas', kind: 'news_sitemap', url: `${server.url}/sitemap-index.xml` };
    expect(parseSourcesFile({ sources: [base] }).sources[0]).toMatchObject({ maxChildren: 5 });
    expect(() => parseSourcesFile({ sources: [{ ...base, maxChildren: 21 }] })).toThrow(/sources\[0\] \(id "kompas"\)\.maxChildren/);
    const [source] = parseSourcesFile({ sources: [{ ...base, maxChildren: 1 }] }).sources;
    serveIndex();
    await createAdapter(source!, { http, now }).poll(null);
    expect(paths()).toEqual(['/sitemap-index.xml', '/sitemap/news-2026-11-02.xml.gz']);
  });
});

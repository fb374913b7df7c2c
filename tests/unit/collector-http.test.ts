import { DengarError, ERROR_CODES } from '../../lib/errors';
import { fetchText, parseRetryAfter, type HttpOptions } from '../../services/collector/http';
import { startFeedServer, type FeedServer } from '../fixtures/feed-server';

const http: HttpOptions = { timeoutMs: 2_000, maxBytes: 64 * 1024, userAgent: 'Dengar-test/1.0 (+https://example.invalid)' };
const FEED = '<rss version="2.0"><channel><title>t</title></channel></rss>';

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

/** The DengarError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<DengarError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DengarError);
  return err as DengarError;
}

describe('fetchText', () => {
  it('returns body, validators and final URL, and sends an honest User-Agent', async () => {
    server.setRoute('/rss', { body: FEED, etag: '"v1"', lastModified: 'Mon, 02 Nov 2026 01:00:00 GMT' });
    const result = await fetchText(`${server.url}/rss`, http);
    expect(result).toEqual({
      status: 200,
      body: FEED,
      etag: '"v1"',
      lastModified: 'Mon, 02 Nov 2026 01:00:00 GMT',
      finalUrl: `${server.url}/rss`,
      contentType: 'application/rss+xml; charset=utf-8',
    });
    expect(server.requests[0]?.headers['user-agent']).toBe(http.userAgent);
    expect(server.requests[0]?.headers.accept).toMatch(/application\/rss\+xml/);
  });

  it('sends If-None-Match / If-Modified-Since and reports 304', async () => {
    server.setRoute('/etag', { body: FEED, etag: '"v2"' });
    server.setRoute('/lm', { body: FEED, lastModified: 'Mon, 02 Nov 2026 01:00:00 GMT' });
    await expect(fetchText(`${server.url}/etag`, { ...http, etag: '"v2"' })).resolves.toEqual({ status: 304 });
    await expect(
      fetchText(`${server.url}/lm`, { ...http, lastModified: 'Mon, 02 Nov 2026 01:00:00 GMT' }),
    ).resolves.toEqual({ status: 304 });
    expect(server.requests[0]?.headers['if-none-match']).toBe('"v2"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 01:00:00 GMT');
  });

  it('follows redirects and reports where it ended', async () => {
    server.setRoute('/old', { status: 301, headers: { location: '/new' } });
    server.setRoute('/new', { body: FEED });
    const result = await fetchText(`${server.url}/old`, http);
    expect(result.status === 200 && result.finalUrl).toBe(`${server.url}/new`);
  });

  it('decodes the charset named by Content-Type or the XML declaration', async () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Caf\u00e9</t>', 'latin1');
    server.setRoute('/latin1', { body: latin1, contentType: 'application/xml' });
    const result = await fetchText(`${server.url}/latin1`, http);
    expect(result.status === 200 && result.body).toContain('Café');
  });

  it('429 with Retry-After seconds → retriable, retryAfterMs in details', async () => {
    server.setRoute('/busy', { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    const err = await failure(fetchText(`${server.url}/busy`, http));
    expect(err.code).toBe(ERROR_CODES.SOURCE_FETCH);
    expect(err.isRetriable).toBe(true);
    expect(err.details).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });

  it('429 with an HTTP-date Retry-After → milliseconds until that date', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    server.setRoute('/busy', { status: 429, headers: { 'retry-after': at } });
    const err = await failure(fetchText(`${server.url}/busy`, http));
    const retryAfterMs = err.details?.retryAfterMs as number;
    // HTTP-dates have whole seconds: allow the truncated second plus test latency.
    expect(retryAfterMs).toBeGreaterThan(80_000);
    expect(retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it.each([500, 502, 503])('%i → retriable', async (status) => {
    server.setRoute('/down', { status });
    const err = await failure(fetchText(`${server.url}/down`, http));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true, details: { status } });
  });

  it.each([400, 403, 404, 410])('%i → not retriable', async (status) => {
    server.setRoute('/gone', { status });
    const err = await failure(fetchText(`${server.url}/gone`, http));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: false, details: { status } });
  });

  it('refuses a declared Content-Length above maxBytes without reading it', async () => {
    server.setRoute('/big', { body: 'x'.repeat(100_000) });
    const err = await failure(fetchText(`${server.url}/big`, { ...http, maxBytes: 10_000 }));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: false, details: { maxBytes: 10_000 } });
  });

  it('aborts a chunked body once it passes maxBytes', async () => {
    server.setRoute('/big', { body: 'x'.repeat(200_000), chunked: true });
    const err = await failure(fetchText(`${server.url}/big`, { ...http, maxBytes: 20_000 }));
    expect(err.message).toMatch(/melebihi batas 20000 byte/);
    expect(err.isRetriable).toBe(false);
  });

  it('times out a server that never answers → retriable', async () => {
    server.setRoute('/hang', { hang: true });
    const err = await failure(fetchText(`${server.url}/hang`, { ...http, timeoutMs: 150 }));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true, details: { timeoutMs: 150 } });
  });

  it('times out a body that stalls half way → retriable', async () => {
    server.setRoute('/stall', { body: FEED, stallAt: 10 });
    const err = await failure(fetchText(`${server.url}/stall`, { ...http, timeoutMs: 150 }));
    expect(err).toMatchObject({ isRetriable: true, details: { timeoutMs: 150 } });
  });

  it('a truncated body (connection cut) → retriable network error', async () => {
    server.setRoute('/cut', { body: FEED, truncateAt: 12 });
    const err = await failure(fetchText(`${server.url}/cut`, http));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true });
  });

  it('a refused connection → retriable', async () => {
    const closed = await startFeedServer();
    const url = closed.url;
    await closed.close();
    const err = await failure(fetchText(`${url}/rss`, http));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: true });
    expect(err.message).toMatch(/Gagal menghubungi sumber/);
  });

  it("stops when the caller's signal aborts", async () => {
    server.setRoute('/hang', { hang: true });
    const controller = new AbortController();
    const pending = fetchText(`${server.url}/hang`, { ...http, signal: controller.signal });
    controller.abort();
    const err = await failure(pending);
    expect(err.details).toMatchObject({ aborted: true });
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/feed', 'bukan url'])('refuses %s', async (url) => {
    const err = await failure(fetchText(url, http));
    expect(err).toMatchObject({ code: ERROR_CODES.SOURCE_FETCH, isRetriable: false });
    expect(server.requests).toHaveLength(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-02T00:00:00Z');
  it('reads delta-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Nov 2026 00:00:00 GMT', now)).toBe(0);
  });
  it('caps absurd values at a day and ignores garbage', () => {
    expect(parseRetryAfter('99999999', now)).toBe(24 * 60 * 60 * 1000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

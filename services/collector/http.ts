import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DengarError, ERROR_CODES, describeError } from '../../lib/errors';
import { hostOf } from './adapters/normalise-url';

/**
 * The one way collectors read a URL: Node's global fetch with an honest User-Agent, a timeout that
 * covers the body too, a byte cap enforced while streaming (a feed is never allowed to fill
 * memory, compressed or not), conditional GET, gzip files (`sitemap.xml.gz`), and failures translated into `DengarError(SOURCE_FETCH)` whose
 * `isRetriable` tells the scheduler whether trying again later can help.
 */

export interface HttpOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export interface FetchTextOptions extends HttpOptions {
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
  /** Accept header; defaults to feeds first, then any XML, then anything. */
  accept?: string;
  /**
   * Follow redirects only within this host (`www.` ignored): for URLs taken from a fetched document,
   * so a page on the site cannot bounce the collector to an internal address.
   */
  sameHost?: string;
}

const MAX_REDIRECTS = 5;

export type FetchTextResult =
  | { status: 200; body: string; etag?: string; lastModified?: string; finalUrl: string; contentType?: string }
  | { status: 304 };

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
export const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** Retry-After beyond a day is treated as a day: a misconfigured server must not park a source forever. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Redirects followed by hand, each hop checked against `host`. */
async function fetchWithinHost(url: string, host: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { headers, signal, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (!location) return response;
    await discardBody(response);
    const next = new URL(location, current).toString();
    if (hostOf(next) !== host || !isFetchableUrl(next)) {
      throw fetchError(`pengalihan ke ${next.slice(0, 200)} ditolak: hanya host ${host} yang diizinkan`, false, { url: current.slice(0, 200) });
    }
    if (hop + 1 >= MAX_REDIRECTS) throw fetchError(`terlalu banyak pengalihan dari ${url.slice(0, 200)}`, false, { url: url.slice(0, 200) });
    current = next;
  }
}

export async function fetchText(url: string, options: FetchTextOptions): Promise<FetchTextResult> {
  if (!isFetchableUrl(url)) {
    throw fetchError(`URL tidak didukung (hanya http/https): ${url.slice(0, 200)}`, false, { url: url.slice(0, 200) });
  }
  const own = new AbortController();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any(options.signal ? [own.signal, timeout, options.signal] : [own.signal, timeout]);

  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: options.accept ?? FEED_ACCEPT,
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  let response: Response;
  try {
    response = options.sameHost === undefined ? await fetch(url, { headers, signal, redirect: 'follow' }) : await fetchWithinHost(url, options.sameHost, headers, signal);
  } catch (err) {
    if (err instanceof DengarError) throw err;
    throw translateAbort(err, url, options, timeout);
  }

  if (response.status === 304) {
    await discardBody(response);
    return { status: 304 };
  }
  if (response.status < 200 || response.status > 299) {
    await discardBody(response);
    throw statusError(response, url);
  }

  const raw = await readCapped(response, url, options.maxBytes, own, (err) => translateAbort(err, url, options, timeout));
  const buffer = await gunzipIfCompressed(raw, url, options.maxBytes);

  const contentType = response.headers.get('content-type') ?? undefined;
  const result: FetchTextResult = {
    status: 200,
    body: decodeBody(buffer, contentType),
    finalUrl: response.url || url,
  };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) result.etag = etag;
  if (lastModified) result.lastModified = lastModified;
  if (contentType) result.contentType = contentType;
  return result;
}

const gunzipAsync = promisify(gunzip);
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * A body that is itself a gzip file (`.xml.gz` served as application/x-gzip, or gzip inside gzip)
 * is inflated here, to at most `maxBytes`. `Content-Encoding: gzip` never reaches this point:
 * fetch inflates it while streaming, so readCapped already counted the inflated bytes.
 * NOTE: the magic bytes decide, not the URL or Content-Type: servers that send a `.gz` file with
 * `Content-Encoding: gzip` have had it inflated by fetch already, and some label gzip as XML.
 */
async function gunzipIfCompressed(body: Buffer, url: string, maxBytes: number): Promise<Buffer> {
  if (body[0] !== GZIP_MAGIC[0] || body[1] !== GZIP_MAGIC[1]) return body;
  try {
    // TRICKY: maxOutputLength stops inflating at the cap, so a gzip bomb costs maxBytes, not its size.
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(url, maxBytes, 'setelah dekompresi gzip');
    throw new DengarError(ERROR_CODES.SOURCE_PARSE, `Berkas gzip dari ${safeUrl(url)} rusak: ${describeError(err)}`, false, { url: safeUrl(url) });
  }
}

/** Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP-date); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

export function isFetchableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function statusError(response: Response, url: string): DengarError {
  const status = response.status;
  const details: Record<string, unknown> = { url: safeUrl(url), status };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  }
  // 408 and 429 are "not now", 5xx is "their problem": both may succeed later. Other 4xx will not.
  const retriable = status === 408 || status === 429 || status >= 500;
  const why = status === 429 ? 'terlalu banyak permintaan' : status >= 500 ? 'galat server sumber' : 'ditolak sumber';
  return fetchError(`Sumber menjawab HTTP ${status} (${why})`, retriable, details);
}

function translateAbort(err: unknown, url: string, options: FetchTextOptions, timeout: AbortSignal): DengarError {
  if (timeout.aborted) {
    return fetchError(`Waktu habis setelah ${options.timeoutMs} ms`, true, {
      url: safeUrl(url),
      timeoutMs: options.timeoutMs,
    });
  }
  if (options.signal?.aborted) return fetchError('Permintaan dibatalkan', true, { url: safeUrl(url), aborted: true });
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  return fetchError(`Gagal menghubungi sumber: ${describeError(cause)}`, true, { url: safeUrl(url) });
}

function tooLarge(url: string, maxBytes: number, when?: string): DengarError {
  // Not retriable: the same feed will be just as large next time; the operator must raise the cap.
  return fetchError(`Respons melebihi batas ${maxBytes} byte${when ? ` ${when}` : ''}`, false, { url: safeUrl(url), maxBytes });
}

function fetchError(message: string, retriable: boolean, details: Record<string, unknown>): DengarError {
  return new DengarError(ERROR_CODES.SOURCE_FETCH, message, retriable, details);
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The connection is going away either way.
  }
}

/** Charset from Content-Type, else from the XML declaration, else UTF-8. */
function decodeBody(buffer: Buffer, contentType: string | undefined): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(buffer.subarray(0, 200).toString('latin1'))?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(declared).decode(buffer);
  } catch {
    return new TextDecoder('utf-8').decode(buffer);
  }
}

/** URLs in errors and logs lose their query (Google News queries are fine, but API keys may live there later). */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}

/**
 * Read a response body up to `maxBytes`, aborting the request (not just the reading) past it. A
 * failure mid-body (connection cut, timeout) goes through `onError` so each caller classifies it.
 */
export async function readCapped(
  response: Response,
  url: string,
  maxBytes: number,
  own: AbortController,
  onError: (err: unknown) => Error,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    own.abort();
    throw tooLarge(url, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // TRICKY: abort the request, not just stop reading, or the socket keeps downloading.
        own.abort();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof DengarError) throw err;
    throw onError(err);
  }
  return Buffer.concat(chunks);
}

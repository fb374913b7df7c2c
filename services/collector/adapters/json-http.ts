import type { z } from 'zod';
import { backoffMs, delay } from '../../../lib/backoff';
import { DengarError, ERROR_CODES, describeError } from '../../../lib/errors';
import { isFetchableUrl, parseRetryAfter, readCapped, type HttpOptions } from '../http';

/**
 * How the platform adapters talk to JSON (and HTML) APIs: like `fetchText` (honest User-Agent,
 * timeout covering the body, byte cap while streaming), plus methods, auth headers and bodies,
 * response headers for the caller (Link, rate-limit), zod validation of the payload, and
 * `withRetry` for capped exponential backoff with jitter on 5xx inside one poll.
 *
 * Secrets travel only in headers or bodies we build here; URLs in errors lose their query string.
 */

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Extra headers (Authorization …). Never logged: errors carry only the URL without its query. */
  headers?: Record<string, string>;
  body?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface TextResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

/** How much of an error body we keep so adapters can read the platform's reason (quotaExceeded …). */
const ERROR_BODY_CHARS = 2_000;

export async function fetchBody(url: string, http: HttpOptions, request: RequestOptions = {}): Promise<TextResponse> {
  if (!isFetchableUrl(url)) throw sourceError(`URL tidak didukung (hanya http/https): ${safeUrl(url)}`, false, { url: safeUrl(url) });
  const own = new AbortController();
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = AbortSignal.any(request.signal ? [own.signal, timeout, request.signal] : [own.signal, timeout]);
  const headers: Record<string, string> = {
    'user-agent': http.userAgent,
    accept: request.accept ?? 'application/json',
    ...request.headers,
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      signal,
      redirect: 'follow',
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  } catch (err) {
    throw abortError(err, url, http, timeout, request.signal);
  }

  // A connection cut mid-body (truncation) is retriable: nothing was parsed.
  const body = (await readCapped(response, url, http.maxBytes, own, (err: unknown) => abortError(err, url, http, timeout, request.signal))).toString('utf8');
  if (response.status < 200 || response.status > 299) throw statusError(response, url, body);
  return { status: response.status, headers: response.headers, body, url: response.url || url };
}

/** GET/POST and validate the JSON payload; SOURCE_PARSE (not retriable) naming the field otherwise. */
export async function fetchJson<S extends z.ZodType>(
  url: string,
  schema: S,
  http: HttpOptions,
  request: RequestOptions = {},
): Promise<{ data: z.output<S>; headers: Headers }> {
  const response = await fetchBody(url, http, request);
  return { data: parseJson(response.body, schema, url), headers: response.headers };
}

export function parseJson<S extends z.ZodType>(body: string, schema: S, url: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    throw new DengarError(ERROR_CODES.SOURCE_PARSE, `Respons bukan JSON yang valid (${describeError(err).slice(0, 120)})`, false, {
      url: safeUrl(url),
    });
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(akar)';
  throw new DengarError(ERROR_CODES.SOURCE_PARSE, `Respons tidak sesuai bentuk yang diharapkan: ${where}: ${issue?.message ?? '?'}`, false, {
    url: safeUrl(url),
    field: where,
  });
}

export interface RetryPolicy {
  /** Tries in total, including the first (default 3). */
  attempts: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 500, maxMs: 8_000 };

/**
 * Run `fn` again after a capped, jittered backoff when it fails retriably (5xx, timeouts, cut
 * connections). A 429 is not retried here: the platform asked the whole source to wait, so the
 * error (with `details.retryAfterMs`) goes up and the collector parks the source.
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const retriable = err instanceof DengarError && err.isRetriable && err.details?.status !== 429 && err.details?.retryAfterMs === undefined;
      if (!retriable || attempt >= policy.attempts || signal?.aborted) throw err;
      await delay(backoffMs(attempt, policy.baseMs, policy.maxMs, policy.random), signal);
    }
  }
}

/** The error body's platform code, when it is JSON (Graph `error.code`, YouTube `error.errors[].reason` …). */
export function errorBodyOf(err: unknown): string {
  return err instanceof DengarError && typeof err.details?.errorBody === 'string' ? err.details.errorBody : '';
}

export function httpStatusOf(err: unknown): number | undefined {
  return err instanceof DengarError && typeof err.details?.status === 'number' ? err.details.status : undefined;
}

/** URLs in errors and logs lose their query: API keys and tokens may live there. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}

export function sourceError(message: string, retriable: boolean, details: Record<string, unknown>): DengarError {
  return new DengarError(ERROR_CODES.SOURCE_FETCH, message, retriable, details);
}

function statusError(response: Response, url: string, body: string): DengarError {
  const status = response.status;
  const details: Record<string, unknown> = { url: safeUrl(url), status, errorBody: body.slice(0, ERROR_BODY_CHARS) };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  }
  const retriable = status === 408 || status === 429 || status >= 500;
  const why =
    status === 429
      ? 'terlalu banyak permintaan'
      : status === 401 || status === 403
        ? 'kredensial ditolak atau akses belum disetujui'
        : status >= 500
          ? 'galat server sumber'
          : 'ditolak sumber';
  return sourceError(`Sumber menjawab HTTP ${status} (${why})`, retriable, details);
}

function abortError(err: unknown, url: string, http: HttpOptions, timeout: AbortSignal, caller?: AbortSignal): DengarError {
  if (timeout.aborted) return sourceError(`Waktu habis setelah ${http.timeoutMs} ms`, true, { url: safeUrl(url), timeoutMs: http.timeoutMs });
  if (caller?.aborted) return sourceError('Permintaan dibatalkan', true, { url: safeUrl(url), aborted: true });
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  return sourceError(`Gagal menghubungi sumber atau respons terputus: ${describeError(cause)}`, true, { url: safeUrl(url) });
}


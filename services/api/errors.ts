import { ZodError } from 'zod';
import { DengarError, ERROR_CODES } from '../../lib/errors';

/** Codes only the HTTP layer uses (authentication, authorisation, CSRF, throttling, conflicts). */
export const API_ERROR_CODES = {
  UNAUTHORIZED: 'DENGAR_ERR_UNAUTHORIZED',
  FORBIDDEN: 'DENGAR_ERR_FORBIDDEN',
  CSRF: 'DENGAR_ERR_CSRF',
  RATE_LIMITED: 'DENGAR_ERR_RATE_LIMITED',
  CONFLICT: 'DENGAR_ERR_CONFLICT',
  SETUP_REQUIRED: 'DENGAR_ERR_SETUP_REQUIRED',
} as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

/**
 * An answer the client should get as is: a status, a stable code and an Indonesian message.
 * `retryAfterSeconds` becomes a Retry-After header (login lockout).
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const unauthorized = (message = 'Silakan masuk terlebih dahulu.'): HttpProblem => new HttpProblem(401, API_ERROR_CODES.UNAUTHORIZED, message);
export const forbidden = (message = 'Peran Anda tidak diizinkan melakukan ini.'): HttpProblem => new HttpProblem(403, API_ERROR_CODES.FORBIDDEN, message);
export const notFound = (message: string): DengarError => new DengarError(ERROR_CODES.NOT_FOUND, message);
export const conflict = (message: string): HttpProblem => new HttpProblem(409, API_ERROR_CODES.CONFLICT, message);

export interface HttpError {
  status: number;
  body: { error: { code: string; message: string; fields?: { field: string; message: string }[]; position?: number; expected?: string } };
}

/**
 * Turn anything thrown in a route into what the client may see: a stable code and a message in
 * Indonesian naming the field, never a stack trace or an internal message.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpProblem) return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
    return {
      status: 400,
      body: {
        error: {
          code: ERROR_CODES.VALIDATION,
          message: `Masukan tidak valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
          fields,
        },
      },
    };
  }
  if (err instanceof DengarError) {
    if (err.code === ERROR_CODES.QUERY_SYNTAX || err.code === ERROR_CODES.VALIDATION) {
      const details = err.details ?? {};
      const extra = err as DengarError & { position?: number; expected?: string };
      return {
        status: 400,
        body: {
          error: {
            code: err.code,
            message: err.message,
            position: extra.position ?? (details.position as number | undefined),
            expected: extra.expected ?? (details.expected as string | undefined),
          },
        },
      };
    }
    if (err.code === ERROR_CODES.NOT_FOUND) return { status: 404, body: { error: { code: err.code, message: err.message } } };
    if (err.isRetriable) return { status: 503, body: { error: { code: err.code, message: 'Layanan sementara tidak tersedia, coba lagi.' } } };
  }
  const status = (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: { code: ERROR_CODES.VALIDATION, message: 'Permintaan tidak valid.' } } };
  }
  return { status: 500, body: { error: { code: ERROR_CODES.INTERNAL, message: 'Terjadi kesalahan internal.' } } };
}

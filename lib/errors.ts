/**
 * The error catalogue: stable codes that logs, API responses and dead letters carry.
 * `isRetriable` says whether doing the same thing again may succeed (a dependency was down)
 * or never will (the input is bad).
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'DENGAR_ERR_CONFIG_INVALID',
  VALIDATION: 'DENGAR_ERR_VALIDATION',
  QUERY_SYNTAX: 'DENGAR_ERR_QUERY_SYNTAX',
  NOT_FOUND: 'DENGAR_ERR_NOT_FOUND',
  DEPENDENCY_UNAVAILABLE: 'DENGAR_ERR_DEPENDENCY_UNAVAILABLE',
  SOURCE_FETCH: 'DENGAR_ERR_SOURCE_FETCH',
  SOURCE_PARSE: 'DENGAR_ERR_SOURCE_PARSE',
  STEP_FAILED: 'DENGAR_ERR_STEP_FAILED',
  STORE_REJECTED: 'DENGAR_ERR_STORE_REJECTED',
  INTERNAL: 'DENGAR_ERR_INTERNAL',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class DengarError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly isRetriable = false,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DengarError';
  }
}

export class ValidationError extends DengarError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ERROR_CODES.VALIDATION, message, false, details);
    this.name = 'ValidationError';
  }
}

export class DependencyUnavailableError extends DengarError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ERROR_CODES.DEPENDENCY_UNAVAILABLE, message, true, details);
    this.name = 'DependencyUnavailableError';
  }
}

export function isRetriable(err: unknown): boolean {
  return err instanceof DengarError ? err.isRetriable : false;
}

/** A short, single-line description of any thrown value; never a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}

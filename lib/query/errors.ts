import { DengarError, ERROR_CODES } from '../errors';

/**
 * A query the analyst typed that we cannot read. `position` is the 0-based character index where
 * reading stopped and `expected` says what would have been valid there, so the UI can point at it.
 */
export class QuerySyntaxError extends DengarError {
  constructor(
    readonly position: number,
    readonly expected: string,
    /** What was wrong, when "expected X" alone does not say it (an unknown field, a bad date). */
    readonly problem?: string,
  ) {
    super(
      ERROR_CODES.QUERY_SYNTAX,
      `Kesalahan sintaks pada posisi ${position}: ${problem ? `${problem}; ` : ''}diharapkan ${expected}`,
      false,
      { position, expected, ...(problem ? { problem } : {}) },
    );
    this.name = 'QuerySyntaxError';
  }
}

import { DengarError, ERROR_CODES } from '../../../lib/errors';
import { RawPostInput } from '../../../schemas';
import type { PollResult } from '../adapter';
import type { HttpOptions } from '../http';
import { DEFAULT_RETRY, type RetryPolicy } from './json-http';

/**
 * What every platform adapter is built with. `env` is injected (the process environment in
 * production, a plain object in tests) and read once, when the adapter is made; a missing
 * credential does not stop the others: that one source fails each poll with a clear message.
 */
export interface PlatformDeps {
  http: HttpOptions;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  retry?: RetryPolicy;
}

export interface PlatformContext {
  http: HttpOptions;
  now: () => Date;
  retry: RetryPolicy;
}

export function platformContext(deps: PlatformDeps): PlatformContext {
  return { http: deps.http, now: deps.now ?? (() => new Date()), retry: deps.retry ?? DEFAULT_RETRY };
}

/** The secret's value, or a function that throws the "not configured" error when a poll needs it. */
export function readSecret(env: PlatformDeps['env'], name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function missingSecret(sourceId: string, envName: string): DengarError {
  // Not retriable: only the operator can fix it. The value is never part of any message.
  return new DengarError(ERROR_CODES.CONFIG_INVALID, `Sumber ${sourceId}: variabel lingkungan ${envName} belum diisi`, false, {
    env: envName,
  });
}

/** Counts skipped items by reason, in the shape `PollResult.skipped` wants. */
export class SkipCounter {
  private readonly counts = new Map<string, number>();
  add(reason: string, n = 1): void {
    if (n > 0) this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }
  toList(): PollResult['skipped'] {
    return [...this.counts.entries()].map(([reason, count]) => ({ reason, count }));
  }
}

/** Validate a mapped post; invalid ones are counted by their first bad field, never thrown. */
export function acceptPost(input: Record<string, unknown>, posts: RawPostInput[], skips: SkipCounter): void {
  const parsed = RawPostInput.safeParse(input);
  if (parsed.success) posts.push(parsed.data);
  else skips.add(`tidak valid: ${parsed.error.issues[0]?.path.join('.') || '(item)'}`);
}

/** Drop undefined fields so objects validate against strict optional schemas and stay small in JSON. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Engagement counts: non-negative integers only (Reddit scores can be negative). */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : undefined;
}

export function isoFromUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** ISO instant `ms` before now: the first poll's floor (how far back a new source reaches). */
export function floorBefore(now: Date, hours: number): string {
  return new Date(now.getTime() - hours * 3_600_000).toISOString();
}

export function withQuery(base: string, path: string, params: Record<string, string | number | undefined>): string {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

import { z } from 'zod';

/**
 * Spending limits for paid or quota'd APIs, kept in the source's cursor so they survive restarts
 * and `GET /api/sources` can show what is left.
 * - `day-pacific`: YouTube Data API quota resets at midnight Pacific Time (America/Los_Angeles,
 *   so PST/PDT follow daylight saving), which is 14:00 or 15:00 WIB.
 * - `month-utc`: the X read budget, counted per calendar month in UTC.
 * The adapter also keeps the ledger in memory: a poll that spent units and then failed is not
 * checkpointed, yet the units are gone; the in-memory ledger (max of both) keeps counting them.
 */

export type BudgetPeriod = 'day-pacific' | 'month-utc';

export const BudgetState = z.object({
  period: z.string().max(16),
  used: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative().optional(),
  resetsAt: z.string().optional(),
});
export type BudgetState = z.infer<typeof BudgetState>;

const PACIFIC = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

export function periodKey(kind: BudgetPeriod, now: Date): string {
  if (kind === 'month-utc') return now.toISOString().slice(0, 7);
  return PACIFIC.format(now); // YYYY-MM-DD in Pacific Time
}

/** The instant the current period ends. */
export function nextReset(kind: BudgetPeriod, now: Date): Date {
  if (kind === 'month-utc') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  // Step forward by the hour until the Pacific date changes: DST-proof without a tz library.
  const today = periodKey(kind, now);
  const start = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  for (let h = 1; h <= 26; h++) {
    const t = new Date(start.getTime() + h * 3_600_000);
    if (periodKey(kind, t) !== today) return t;
  }
  return new Date(now.getTime() + 86_400_000);
}

export class Budget {
  private readonly periodNow: string;
  private usedNow: number;

  constructor(
    readonly kind: BudgetPeriod,
    readonly limit: number,
    private readonly now: Date,
    ...known: (BudgetState | null | undefined)[]
  ) {
    this.periodNow = periodKey(kind, now);
    // Every ledger for the current period counts; the largest is the truth (see module comment).
    this.usedNow = Math.max(0, ...known.filter((k): k is BudgetState => k?.period === this.periodNow).map((k) => k.used));
  }

  get used(): number {
    return this.usedNow;
  }

  remaining(): number {
    return Math.max(0, this.limit - this.usedNow);
  }

  canSpend(units: number): boolean {
    return units <= this.remaining();
  }

  spend(units: number): void {
    this.usedNow += units;
  }

  toState(): BudgetState {
    return { period: this.periodNow, used: this.usedNow, limit: this.limit, resetsAt: nextReset(this.kind, this.now).toISOString() };
  }
}

export function readBudgetState(raw: unknown): BudgetState | null {
  const parsed = BudgetState.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

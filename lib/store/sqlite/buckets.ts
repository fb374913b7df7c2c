import type { QueryNode, SearchFilters } from '../../../schemas';
import type { Interval } from '../post-store';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** WIB = UTC+7, no daylight saving: shifting by 7 h turns UTC arithmetic into WIB calendar arithmetic. */
export const WIB_OFFSET_MS = 7 * HOUR_MS;

/**
 * SQL for the bucket number of `p.created_at`: hours or days since the epoch on the WIB clock, or ISO
 * weeks counted so that week 0 starts on Monday 1969-12-29 (day -3; 1970-01-01 was a Thursday).
 */
export function bucketSql(interval: Interval): string {
  const wib = `(p.created_at + ${WIB_OFFSET_MS})`;
  if (interval === 'hour') return `${wib} / ${HOUR_MS}`;
  if (interval === 'day') return `${wib} / ${DAY_MS}`;
  return `(${wib} / ${DAY_MS} + 3) / 7`;
}

/** The same bucket number in JS, for the scope's bounds. */
export function bucketOf(ms: number, interval: Interval): number {
  const wib = ms + WIB_OFFSET_MS;
  if (interval === 'hour') return Math.floor(wib / HOUR_MS);
  const day = Math.floor(wib / DAY_MS);
  return interval === 'day' ? day : Math.floor((day + 3) / 7);
}

/** `YYYY-MM-DDTHH` for hours, `YYYY-MM-DD` (the Monday for weeks), all WIB. */
export function bucketKey(bucket: number, interval: Interval): string {
  if (interval === 'hour') return new Date(bucket * HOUR_MS).toISOString().slice(0, 13);
  const day = interval === 'day' ? bucket : bucket * 7 - 3;
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instants a scope is bounded by, for laying out empty buckets: the filters' from/to narrowed by
 * any date range AND-ed at the top of the query. `to` is exclusive.
 */
export function scopeBounds(query: QueryNode, filters: SearchFilters = {}): { from?: number; to?: number } {
  const froms: number[] = [];
  const tos: number[] = [];
  if (filters.from) froms.push(Date.parse(filters.from));
  if (filters.to) tos.push(Date.parse(filters.to));
  for (const node of query.type === 'and' ? query.children : [query]) {
    if (node.type !== 'range') continue;
    if (node.from) froms.push(Date.parse(node.from));
    if (node.to) tos.push(Date.parse(node.to));
  }
  return {
    ...(froms.length ? { from: Math.max(...froms) } : {}),
    ...(tos.length ? { to: Math.min(...tos) } : {}),
  };
}

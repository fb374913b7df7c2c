import { wibDayStart } from '../time';
import { QuerySyntaxError } from './errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const EXPECTED = 'tanggal YYYY-MM-DD, rentang YYYY-MM-DD..YYYY-MM-DD, atau >=, >, <=, < diikuti tanggal';

/** `{from, to}` as ISO UTC instants: `from` inclusive, `to` exclusive. Days are WIB calendar days. */
export interface DateBounds {
  from?: string;
  to?: string;
}

/**
 * Read the value of `date:`. Forms: `2026-01-01..2026-01-31` (both days inclusive; either side may be
 * left open), `>=D`, `>D`, `<=D`, `<D`, or a single day `D`. `position` is where the value starts, so
 * errors point into the original query.
 */
export function parseDateValue(value: string, position: number): DateBounds {
  const cmp = /^(>=|<=|>|<)(.*)$/.exec(value);
  if (cmp) {
    const op = cmp[1]!;
    const day = checkDay(cmp[2]!, position + op.length);
    if (op === '>=') return { from: dayStart(day) };
    if (op === '>') return { from: dayAfter(day) };
    if (op === '<=') return { to: dayAfter(day) };
    return { to: dayStart(day) };
  }
  const dots = value.indexOf('..');
  if (dots >= 0) {
    const left = value.slice(0, dots);
    const right = value.slice(dots + 2);
    if (!left && !right) throw new QuerySyntaxError(position, EXPECTED, 'rentang tanggal kosong');
    const bounds: DateBounds = {};
    if (left) bounds.from = dayStart(checkDay(left, position));
    if (right) bounds.to = dayAfter(checkDay(right, position + dots + 2));
    if (bounds.from && bounds.to && bounds.from >= bounds.to) {
      throw new QuerySyntaxError(position, 'tanggal awal tidak setelah tanggal akhir', 'rentang tanggal terbalik');
    }
    return bounds;
  }
  const day = checkDay(value, position);
  return { from: dayStart(day), to: dayAfter(day) };
}

function checkDay(text: string, position: number): string {
  // NOTE: the round trip rejects days that do not exist (2026-02-30) which Date would roll over.
  const ms = DAY_RE.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  const valid = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
  if (!valid) {
    throw new QuerySyntaxError(position, EXPECTED, `tanggal "${text}" tidak valid`);
  }
  return text;
}

function dayStart(day: string): string {
  return wibDayStart(day).toISOString();
}

/** WIB has no daylight saving, so the next day starts exactly 24 h later. */
function dayAfter(day: string): string {
  return new Date(wibDayStart(day).getTime() + DAY_MS).toISOString();
}

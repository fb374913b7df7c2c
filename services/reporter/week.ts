import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { daysBetween, wibDay, wibDayStart, wibWeekStart } from '../../lib/time';

/**
 * ISO weeks on the WIB calendar: a report week runs from Monday 00:00 WIB to the next Monday
 * 00:00 WIB (exclusive). `2026-W47` is 16–22 November 2026; its instants are 2026-11-15T17:00Z up to
 * (not including) 2026-11-22T17:00Z.
 */
export const IsoWeek = z
  .string()
  .trim()
  .regex(/^\d{4}-W\d{2}$/, 'harus minggu ISO YYYY-Www, mis. 2026-W47');
export type IsoWeek = z.infer<typeof IsoWeek>;

export interface WeekRange {
  /** `YYYY-Www`. */
  week: string;
  year: number;
  number: number;
  /** WIB calendar days, YYYY-MM-DD. */
  monday: string;
  sunday: string;
  /** UTC instants: `from` inclusive, `to` exclusive (the next Monday 00:00 WIB). */
  from: string;
  to: string;
  days: string[];
}

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week (year and number) a WIB day belongs to: the week's Thursday decides the year. */
function isoWeekOfDay(monday: string): { year: number; number: number } {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / DAY_MS;
  return { year, number: Math.floor(dayOfYear / 7) + 1 };
}

function rangeFromMonday(monday: string): WeekRange {
  const { year, number } = isoWeekOfDay(monday);
  const sunday = addDays(monday, 6);
  return {
    week: `${year}-W${String(number).padStart(2, '0')}`,
    year,
    number,
    monday,
    sunday,
    from: wibDayStart(monday).toISOString(),
    to: wibDayStart(addDays(monday, 7)).toISOString(),
    days: daysBetween(monday, sunday),
  };
}

/** The week holding an instant (on the WIB clock). */
export function weekOf(instant: Date | number | string): WeekRange {
  return rangeFromMonday(wibWeekStart(instant));
}

/** `2026-W47` → its range; a week that does not exist (W53 of a 52-week year, W00) is a ValidationError. */
export function parseWeek(input: string): WeekRange {
  const parsed = IsoWeek.safeParse(input);
  if (!parsed.success) throw new ValidationError(`minggu: ${parsed.error.issues[0]?.message ?? 'tidak valid'} (diterima "${input}")`);
  const year = Number(parsed.data.slice(0, 4));
  const number = Number(parsed.data.slice(6));
  // Week 1 is the week holding 4 January.
  const week1Monday = wibWeekStart(wibDayStart(`${year}-01-04`));
  const range = rangeFromMonday(addDays(week1Monday, (number - 1) * 7));
  if (number < 1 || range.year !== year || range.number !== number) {
    throw new ValidationError(`minggu: ${parsed.data} tidak ada dalam kalender ISO`);
  }
  return range;
}

export function previousWeek(range: WeekRange): WeekRange {
  return rangeFromMonday(addDays(range.monday, -7));
}

/** The last full week before `now` — what the Monday-morning job reports on. */
export function lastCompletedWeek(now: Date): WeekRange {
  return previousWeek(weekOf(now));
}

export { wibDay };

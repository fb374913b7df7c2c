/**
 * Calendar arithmetic in WIB (Asia/Jakarta). WIB is UTC+7 with no daylight saving, but we still go
 * through Intl for formatting so the zone is named, not assumed, wherever people read times.
 */
export const TIME_ZONE = 'Asia/Jakarta';
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The WIB calendar day of an instant, as YYYY-MM-DD. */
export function wibDay(instant: Date | number | string): string {
  return new Date(new Date(instant).getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** The WIB hour of an instant, as YYYY-MM-DDTHH. */
export function wibHour(instant: Date | number | string): string {
  return new Date(new Date(instant).getTime() + WIB_OFFSET_MS).toISOString().slice(0, 13);
}

/** The UTC instant at which a WIB calendar day (YYYY-MM-DD) starts. */
export function wibDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+07:00`));
}

/** The Monday (YYYY-MM-DD, WIB) of the ISO week that holds an instant. */
export function wibWeekStart(instant: Date | number | string): string {
  const day = wibDay(instant);
  const d = new Date(`${day}T00:00:00Z`);
  const isoDow = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - isoDow);
  return d.toISOString().slice(0, 10);
}

/** Every day from `fromDay` to `toDay` inclusive (both YYYY-MM-DD). */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  const d = new Date(`${fromDay}T00:00:00Z`);
  const end = new Date(`${toDay}T00:00:00Z`);
  while (d <= end) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** "28 Nov 2026 08.15 WIB" for people. */
export function formatWib(instant: Date | number | string): string {
  const text = new Intl.DateTimeFormat('id-ID', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
  return `${text} WIB`;
}

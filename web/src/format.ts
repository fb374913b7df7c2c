/** Labels and times as people in the office read them: Indonesian, WIB. */
export const SENTIMENT_LABEL: Record<string, string> = { positive: 'positif', negative: 'negatif', neutral: 'netral' };
export const SENTIMENT_COLOR: Record<string, string> = { positive: '#1a7f4b', negative: '#c0392b', neutral: '#6b7280' };
export const ROLE_LABEL: Record<string, string> = { viewer: 'pembaca', analyst: 'analis', admin: 'admin' };
export const STATUS_LABEL: Record<string, string> = { baru: 'Baru', ditangani: 'Ditangani', selesai: 'Selesai' };
export { SOURCE_LABELS as SOURCE_LABEL } from '../../lib/domain/sources';

const WIB = 'Asia/Jakarta';

export function formatWib(iso: string): string {
  const text = new Intl.DateTimeFormat('id-ID', { timeZone: WIB, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  return `${text} WIB`;
}

/** Today's date in WIB as YYYY-MM-DD. */
export function wibToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function wibDaysAgo(days: number, now = new Date()): string {
  return wibToday(new Date(now.getTime() - days * 86_400_000));
}

export function shortDay(key: string): string {
  const d = new Date(`${key.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(d);
}

export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} jam`;
  return `${Math.round(hours / 24)} hari`;
}

export function number(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : new Intl.NumberFormat('id-ID').format(n);
}

/** The ISO week (`YYYY-Www`) of a WIB day: the week's Thursday decides the year, as on the server. */
export function isoWeekOfDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Last week on the WIB calendar (what the Monday report covers). */
export function lastIsoWeek(now = new Date()): string {
  return isoWeekOfDay(wibDaysAgo(7, now));
}

export function bytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

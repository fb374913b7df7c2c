/**
 * Dates as Indonesian feeds write them. Most are RFC 822 or ISO 8601, but some name the zone "WIB"
 * (which `Date` does not know) or give no zone at all; both mean Jakarta time, and reading them as
 * the server's zone would shift every post by up to seven hours.
 */

const ZONE_NAMES: Record<string, string> = { WIB: '+0700', WITA: '+0800', WIT: '+0900' };
const MONTHS: Record<string, string> = {
  januari: 'Jan', februari: 'Feb', maret: 'Mar', mei: 'May', juni: 'Jun', juli: 'Jul',
  agustus: 'Aug', agu: 'Aug', agt: 'Aug', oktober: 'Oct', okt: 'Oct', desember: 'Dec', des: 'Dec',
};
const DAYS = /^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad),?\s*/i;
/** Before this a date is a parser accident (V8 reads "bukan tanggal +0700" as year 700), not news. */
const EARLIEST = Date.UTC(1995, 0, 1);
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2}|\b(GMT|UTC|UT|[ECMP][SD]T))\s*$/i;

/** The instant a feed date names, or null when it is empty or unreadable. */
export function parseFeedDate(raw: string | null | undefined): Date | null {
  let text = (raw ?? '').trim();
  if (!text) return null;
  text = text
    .replace(DAYS, '')
    .replace(/\b(januari|februari|maret|mei|juni|juli|agustus|agu|agt|oktober|okt|desember|des)\b/i, (m) => MONTHS[m.toLowerCase()] ?? m);
  text = text.replace(/\b(WIB|WITA|WIT)\s*$/i, (zone) => ZONE_NAMES[zone.toUpperCase()] ?? zone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = `${text}T00:00:00+07:00`;
  else if (!/\d:\d/.test(text) && !HAS_ZONE.test(text)) text = `${text} 00:00 +0700`;
  else if (!HAS_ZONE.test(text)) text = /^\d{4}-\d{2}-\d{2}[T ]/.test(text) ? `${text.replace(' ', 'T')}+07:00` : `${text} +0700`;
  const date = new Date(text);
  const time = date.getTime();
  return Number.isNaN(time) || time < EARLIEST || time > Date.UTC(2100, 0, 1) ? null : date;
}

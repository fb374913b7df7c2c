import { createHmac } from 'node:crypto';
import { SOURCE_LABELS } from '../../lib/domain/sources';

/**
 * Text helpers for the report: Indonesian number formats, and text made safe for the PDF's
 * standard fonts (WinAnsi) and for XLSX's XML.
 */

const NUMBER = new Intl.NumberFormat('id-ID');
const ONE_DECIMAL = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 12345 → "12.345". */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** 12.345 → "12,3%"; null → "–". */
export function formatPct(value: number | null): string {
  return value === null ? '–' : `${ONE_DECIMAL.format(value)}%`;
}

/** Relative change in volume: "+12,0%", "−5,3%", or null when there is nothing to compare with. */
export function formatChange(current: number, previous: number): string | null {
  if (previous === 0) return null;
  const change = ((current - previous) / previous) * 100;
  return `${change >= 0 ? '+' : '−'}${ONE_DECIMAL.format(Math.abs(change))}%`;
}

/** A change in percentage points: "+3,2 poin". */
export function formatPoints(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const d = current - previous;
  return `${d >= 0 ? '+' : '−'}${ONE_DECIMAL.format(Math.abs(d))} poin`;
}

// Characters the standard PDF fonts can show (WinAnsiEncoding): ASCII, Latin-1 and these extras.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = {
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2191': '^',
  '\u2193': 'v',
  '\u25B2': '^',
  '\u25BC': 'v',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
  '\u2022': '•',
  // Letters NFKD does not decompose.
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ø: 'Ø',
};

function winAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n';
}

/**
 * Text for Helvetica: letters with accents the font lacks lose their accent (NFKD), emoji and other
 * symbols are dropped, whitespace is collapsed. Indonesian text is plain Latin, so it survives whole.
 */
export function pdfSafe(text: string, { keepNewlines = false } = {}): string {
  let out = '';
  for (const ch of text) {
    const replaced = REPLACEMENTS[ch];
    if (replaced !== undefined) {
      out += replaced;
    } else if (winAnsi(ch)) {
      out += ch;
    } else if (ch === '\t' || ch === '\r') {
      out += ' ';
    } else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      if ([...base].every(winAnsi)) out += base;
      // Anything else (emoji, CJK, control characters) cannot be drawn: leave it out.
    }
  }
  out = keepNewlines ? out.replace(/[ ]{2,}/g, ' ') : out.replace(/\s+/g, ' ');
  return out.trim();
}

/** Shorten to at most `max` characters on a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Characters XML 1.0 forbids (and lone surrogates) would make Excel refuse the file. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * A stable pseudonym for an author: the same author (per source) always gets the same token, and
 * without the salt nobody can go back from token to handle.
 */
export function pseudonymise(source: string, author: string, salt: string): string {
  return `anon-${createHmac('sha256', salt).update(`${source}\u0000${author.toLowerCase()}`).digest('hex').slice(0, 12)}`;
}

export const SENTIMENT_ID: Record<string, string> = { positive: 'Positif', negative: 'Negatif', neutral: 'Netral' };


export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const DAYS_SHORT = ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'];

/** "16–22 November 2026" (or across months/years) for a Monday and Sunday, YYYY-MM-DD. */
export function formatDayRange(monday: string, sunday: string): string {
  const [y1, m1, d1] = monday.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = sunday.split('-').map(Number) as [number, number, number];
  if (y1 !== y2) return `${d1} ${MONTHS[m1 - 1]} ${y1} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  if (m1 !== m2) return `${d1} ${MONTHS[m1 - 1]} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${d1}–${d2} ${MONTHS[m2 - 1]} ${y2}`;
}

/** "Sen 16/11" for a WIB day YYYY-MM-DD. */
export function formatDayShort(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${DAYS_SHORT[d.getUTCDay()]} ${d.getUTCDate()}/${d.getUTCMonth() + 1}`;
}

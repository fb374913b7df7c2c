/**
 * fingerprintText: a 64-bit SimHash of a post's content (title + text), so the indexer can group
 * copies — retweets, copy-paste campaigns, one story syndicated by many outlets — into one cluster.
 *
 * What copies change is dropped before hashing: URLs, @mentions, a leading "RT @x:",
 * whole hashtags, case, diacritics, punctuation and emoji. Features are word 3-grams: order matters,
 * so two posts reusing the same vocabulary differently stay apart.
 *
 * NOTE: hashtags go whole, not just their `#`: copy-paste campaigns add and vary tags (" #Sumsel",
 * " #Palembang") on one text. On the bench corpus's buzzer campaigns this cut the pieces a campaign
 * fell into at distance ≤ 3 from 7/8/15 to 4/4/5 (see services/indexer/near-duplicates.ts).
 *
 * NOTE: texts of fewer than MIN_WORDS words get no fingerprint: "Mantap Pak Gubernur!" is written
 * independently by hundreds of people, and calling those copies would merge unrelated posts.
 *
 * TRICKY: this runs on every post on the enricher's hot path (budget ≤ 2 µs), so it scans the text
 * once by char code, hashes words as it goes (FNV-1a, 32 bits) and never builds word strings or
 * BigInts; the 64 bits come from two 32-bit mixes of each feature.
 */
import { ok, type StepResult } from '../../../lib/result';
import { contentText, type TextInput } from './content';

/** Below this many words a post gets no fingerprint (see the module note). */
export const MIN_WORDS = 5;
/** Words kept per post: a long article's first words already say which story it is. */
const MAX_WORDS = 400;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Weighted bit counts as bit planes: plane p holds bit p of every bit position's count, so adding a
 * feature's 32 bits is a ripple-carry over a few planes instead of 32 separate increments.
 */
const PLANES = 9; // counts up to 511 ≥ MAX_WORDS 3-grams
const planesHi = new Int32Array(PLANES);
const planesLo = new Int32Array(PLANES); // all zero between calls: majority() clears them
const wordHashes = new Int32Array(MAX_WORDS);

/** The SimHash as 16 lowercase hex digits, or undefined for a text too short to fingerprint. */
export function simHash(text: string): string | undefined {
  const words = hashWords(text);
  if (words < MIN_WORDS) return undefined;
  for (let i = 0; i + 2 < words; i++) {
    // A 3-gram's hash from its words' hashes: order-sensitive, no string built.
    const gram = Math.imul(Math.imul(wordHashes[i]!, FNV_PRIME) ^ wordHashes[i + 1]!, FNV_PRIME) ^ wordHashes[i + 2]!;
    addFeature(gram);
  }
  const total = words - 2;
  return hex32(majority(planesHi, total)) + hex32(majority(planesLo, total));
}

/** Adds a feature's 64 bits: two 32-bit mixes of its hash. */
function addFeature(h: number): void {
  ripple(planesHi, fmix32(h));
  ripple(planesLo, fmix32(h ^ 0x9e3779b9));
}

/** Adds 1 to the count of every bit set in `bits` (a ripple-carry across the planes). */
function ripple(planes: Int32Array, bits: number): void {
  let carry = bits;
  for (let p = 0; carry !== 0 && p < PLANES; p++) {
    const next = planes[p]! & carry;
    planes[p]! ^= carry;
    carry = next;
  }
}

/**
 * Bit b is set when more than half of the `total` features have it set, i.e. when its count exceeds
 * half = ⌊total / 2⌋. All 32 counts are compared with `half` at once, bit-sliced, from the top plane
 * down: `above` marks counts already known to be greater, `equal` those equal so far.
 */
function majority(planes: Int32Array, total: number): number {
  const half = total >>> 1;
  let above = 0;
  let equal = -1;
  for (let p = PLANES - 1; p >= 0; p--) {
    const plane = planes[p]!;
    planes[p] = 0;
    if ((half >>> p) & 1) equal &= plane;
    else {
      above |= equal & plane;
      equal &= ~plane;
    }
  }
  return above;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Two hex digits per byte: `toString(16)` + `padStart` cost ten times as much. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX_BYTE[n >>> 24]! + HEX_BYTE[(n >>> 16) & 0xff]! + HEX_BYTE[(n >>> 8) & 0xff]! + HEX_BYTE[n & 0xff]!;
}

/**
 * Scans the text once and writes each kept word's FNV-1a hash to `wordHashes`; returns the count.
 * A word is a run of letters or digits (lowercased; Latin diacritics folded); a whitespace-separated
 * chunk starting with `@`, `#` or a URL scheme is skipped whole.
 */
function hashWords(text: string): number {
  let n = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  let i = skipRetweetPrefix(text);
  const len = text.length;
  while (i < len && n < MAX_WORDS) {
    let c = text.charCodeAt(i);
    if (!inWord && (c === 64 /* @ */ || c === 35 /* # */ || startsUrl(text, i)) && isChunkStart(text, i)) {
      i = skipChunk(text, i);
      continue;
    }
    c = c < 128 ? ASCII_FOLD[c]! : foldChar(c);
    if (c !== 0) {
      h = Math.imul(h ^ c, FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      wordHashes[n++] = h;
      h = FNV_OFFSET;
      inWord = false;
    }
    i++;
  }
  if (inWord && n < MAX_WORDS) wordHashes[n++] = h;
  return n;
}

/** The lowercase code of a word character (diacritics off for Latin-1/Latin Extended-A), 0 for a separator. */
function foldChar(c: number): number {
  if (c >= 97 && c <= 122) return c;
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return c;
  if (c < 0xc0) return 0;
  // TRICKY: surrogate halves (emoji and other astral symbols) and general punctuation are separators;
  // other non-ASCII letters keep their code, folded through the small table below where we can.
  if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0x2000 && c <= 0x2bff) || c === 0xd7 || c === 0xf7) return 0;
  if (c >= 0xfe00 && c <= 0xfe0f) return 0; // variation selectors (emoji presentation)
  const folded = c < 0x180 ? LATIN_FOLD.charCodeAt(c - 0xc0) : c;
  return folded === 32 ? 0 : folded;
}

/** foldChar for ASCII, as a table: the scan's common case stays a lookup. */
const ASCII_FOLD = Uint8Array.from({ length: 128 }, (_, c) => foldChar(c));

/** U+00C0–U+017F folded to ASCII lowercase (space = not a letter we fold: kept as its own code). */
const LATIN_FOLD = (() => {
  const folded = [];
  for (let c = 0xc0; c < 0x180; c++) {
    const base = String.fromCharCode(c).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    folded.push(base.length === 1 && /[a-z]/.test(base) ? base : String.fromCharCode(c).toLowerCase());
  }
  return folded.join('');
})();

function isChunkStart(text: string, i: number): boolean {
  return i === 0 || isSpace(text.charCodeAt(i - 1));
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function startsUrl(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 104 || c === 72) return text.startsWith('http://', i) || text.startsWith('https://', i);
  return (c === 119 || c === 87) && text.startsWith('www.', i);
}

function skipChunk(text: string, i: number): number {
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** "RT @someone: text" → the index of "@someone" (the scanner skips mentions); 0 when not a retweet. */
function skipRetweetPrefix(text: string): number {
  const first = text.charCodeAt(0);
  if (first !== 82 /* R */ && first !== 114 /* r */ && !isSpace(first)) return 0; // spares the regex
  const m = RETWEET_RE.exec(text);
  return m ? m[0].length : 0;
}

const RETWEET_RE = /^\s*RT\s+(?=@)/i;

export function createNearDuplicateStep() {
  return function fingerprintText<T extends TextInput>(input: T): StepResult<T & { simhash?: string }> {
    const simhash = simHash(contentText(input));
    const post = input as T & { simhash?: string }; // extended in place (see step.ts)
    if (simhash !== undefined) post.simhash = simhash;
    return ok(post);
  };
}

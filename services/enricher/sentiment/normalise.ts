/**
 * Turns a colloquial Indonesian / Palembang post into tokens the lexicon scorer understands:
 * slang and dialect spelled out (gak/dak → tidak, bgt → sangat, yg → yang), stretched letters
 * squeezed (mantappp → mantap), reduplication written out (hati2 → hati-hati), emoji split off,
 * and punctuation kept as clause markers so negation and contrast stay inside their clause.
 *
 * The map is written in-house from domain.md B4 and common usage; the colloquial lexicon by
 * Salsabila et al. is deliberately not used (it has no licence).
 */

/** Clause boundary (comma, semicolon) and sentence boundary (. ! ? newline) markers. */
export const CLAUSE = '|';
export const SENTENCE = '||';

/** Colloquial spelling → standard form. A value may be several words ("katek" → "tidak ada"). */
export const COLLOQUIAL: Readonly<Record<string, string>> = {
  // negation (national slang + Palembang dak/idak)
  gak: 'tidak', ga: 'tidak', gk: 'tidak', g: 'tidak', nggak: 'tidak', ngga: 'tidak', nggk: 'tidak', ngak: 'tidak',
  enggak: 'tidak', engga: 'tidak', egk: 'tidak', kagak: 'tidak', kaga: 'tidak', ndak: 'tidak', nda: 'tidak',
  tdk: 'tidak', tdak: 'tidak', td: 'tidak', dak: 'tidak', idak: 'tidak', endak: 'tidak', ora: 'tidak',
  blm: 'belum', blum: 'belum', belom: 'belum', bkn: 'bukan', jgn: 'jangan', krg: 'kurang', kurg: 'kurang',
  katek: 'tidak ada', gaada: 'tidak ada', gada: 'tidak ada', tak: 'tak',
  // intensifiers
  bgt: 'sangat', bngt: 'sangat', bgtt: 'sangat', banget: 'sangat', bangett: 'sangat', bangeet: 'sangat',
  sgt: 'sangat', sngt: 'sangat', amat: 'amat', skali: 'sekali', sekale: 'sekali', pisan: 'sekali',
  bener2: 'benar-benar', 'bener-bener': 'benar-benar', bnr2: 'benar-benar',
  // contrast
  tp: 'tapi', tpi: 'tapi', tapii: 'tapi', tetapi: 'tapi', namun: 'namun', pdhl: 'padahal', padahl: 'padahal',
  // function words
  yg: 'yang', yng: 'yang', dgn: 'dengan', dg: 'dengan', utk: 'untuk', untk: 'untuk', krn: 'karena', krna: 'karena',
  karna: 'karena', sdh: 'sudah', udh: 'sudah', udah: 'sudah', dah: 'sudah', sudh: 'sudah', jg: 'juga', jga: 'juga',
  aja: 'saja', aj: 'saja', sj: 'saja', bae: 'saja', lg: 'lagi', lgi: 'lagi', dr: 'dari', dri: 'dari', sm: 'sama',
  trs: 'terus', trus: 'terus', bs: 'bisa', bsa: 'bisa', pacak: 'bisa', gmn: 'bagaimana', gimana: 'bagaimana',
  gmna: 'bagaimana', knp: 'kenapa', ngapo: 'kenapa', napa: 'kenapa', apo: 'apa', org: 'orang', wong: 'orang',
  sy: 'saya', gw: 'saya', gue: 'saya', gua: 'saya', aku: 'saya', km: 'kamu', kmu: 'kamu', lu: 'kamu', lo: 'kamu',
  awak: 'kamu', kau: 'kamu', galo: 'semua', aok: 'iya', kagek: 'nanti', gek: 'nanti', jingok: 'lihat',
  klo: 'kalau', kalo: 'kalau', kl: 'kalau', tlg: 'tolong', tolongg: 'tolong', min: 'admin', mimin: 'admin',
  bpk: 'bapak', pak: 'bapak', bu: 'ibu', gub: 'gubernur', pemkot: 'pemerintah kota', pemprov: 'pemerintah provinsi',
  ser: 'suka', sukak: 'suka',
  // evaluative spellings
  bgs: 'bagus', bagusss: 'bagus', mantab: 'mantap', mantep: 'mantap', mantul: 'mantul', kereen: 'keren',
  jelex: 'jelek', jlek: 'jelek', ancur: 'hancur', lemod: 'lemot', lelet: 'lelet', enk: 'enak', enakk: 'enak',
  mksh: 'terima kasih', makasih: 'terima kasih', makasi: 'terima kasih', makacih: 'terima kasih',
  trims: 'terima kasih', trmksh: 'terima kasih', terimakasih: 'terima kasih', mokaseh: 'terima kasih',
  tks: 'terima kasih', thx: 'terima kasih', tq: 'terima kasih', tengkyu: 'terima kasih',
  rekomen: 'rekomendasi', rekomended: 'recommended', recomended: 'recommended', recommend: 'recommended',
  cpt: 'cepat', cepet: 'cepat', lmbt: 'lambat', lama2: 'lama-lama', bnyk: 'banyak', byk: 'banyak',
  gpp: 'tidak apa-apa', gapapa: 'tidak apa-apa', nggapapa: 'tidak apa-apa', gakpapa: 'tidak apa-apa',
  // spoken verb forms and Palembang -o endings
  dapet: 'dapat', nunggu: 'menunggu', ngurus: 'mengurus', ngeluh: 'mengeluh', nyampe: 'sampai', nyari: 'mencari',
  benerin: 'perbaiki', dibenerin: 'diperbaiki', diandelin: 'diandalkan', samo: 'sama', pulo: 'pula', kemano: 'kemana',
  cakmano: 'bagaimana', mano: 'mana',
};

/** COLLOQUIAL as a Map of word lists: a plain-object lookup would also find "constructor". */
const COLLOQUIAL_WORDS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(COLLOQUIAL).map(([slang, standard]) => [slang, standard.split(' ')]),
);

// NOTE: \p{Extended_Pictographic} covers emoji; the modifiers below only change skin tone or style.
const EMOJI = /(\p{Extended_Pictographic})/gu;
const EMOJI_MODIFIERS = /[\u{FE0E}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu;
const URL_PATTERN = /https?:\/\/\S+|www\.\S+/g;
const MENTION = /@[\p{L}\p{N}_.]+/gu;
// Reduplication with a digit: "hati2" → "hati-hati".
const REDUPLICATION = /(\p{L}{2,})2(?!\p{N})/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lowercased, cleaned tokens with `|`/`||` boundary markers; slang spelled out. */
export function normaliseForSentiment(text: string): string[] {
  // NOTE: most posts are plain ASCII and need none of the Unicode passes.
  const unicodeReady = ASCII_ONLY.test(text)
    ? text
    : text.normalize('NFKC').replace(EMOJI_MODIFIERS, '').replace(EMOJI, ' $1 ');
  let lower = unicodeReady.toLowerCase();
  // Each rare pass is skipped when a substring it needs is absent (the regex would find nothing).
  if (lower.includes('://') || lower.includes('www.')) lower = lower.replace(URL_PATTERN, ' ');
  if (lower.includes('@')) lower = lower.replace(MENTION, ' ');
  if (lower.includes('2')) lower = lower.replace(REDUPLICATION, (_m, w: string) => `${w}-${w}`);

  const out: string[] = [];
  scanWords(lower, out);
  return out;
}

/** Appends one word as the scorer should see it: squeezed, slang spelled out, "nya" rejoined. */
function pushWord(out: string[], raw: string): void {
  // The SmSA data and many keyboards split the possessive: "tempat nya" is one word.
  if (raw === 'nya' && out.length > 0 && endsWithLetter(out[out.length - 1] as string)) {
    out[out.length - 1] += 'nya';
    return;
  }
  const token = squeeze(raw);
  const mapped = COLLOQUIAL_WORDS.get(token) ?? (token === raw ? undefined : COLLOQUIAL_WORDS.get(raw));
  if (mapped === undefined) out.push(token);
  else for (const word of mapped) out.push(word);
}

// What the scanner does with one character (code point); 0 marks "not looked up yet".
const LETTER = 1;
const NUMBER = 2;
/** Kept inside a word: emoji and a literal "|". */
const KEPT = 3;
const SPACE = 4;
/** . ! ? … and line breaks end a sentence. */
const SENTENCE_MARK = 5;
/** , ; : end a clause, except between two numbers ("1,5", "10:30"). */
const CLAUSE_MARK = 6;
const HYPHEN = 7;
const DROPPED = 8;

const ASCII_KINDS = new Uint8Array(128).fill(DROPPED);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[a-zA-Z]/.test(ch)) ASCII_KINDS[c] = LETTER;
  else if (/[0-9]/.test(ch)) ASCII_KINDS[c] = NUMBER;
  else if (/[.!?\n\r]/.test(ch)) ASCII_KINDS[c] = SENTENCE_MARK;
  else if (/\s/.test(ch)) ASCII_KINDS[c] = SPACE;
  else if (/[,;:]/.test(ch)) ASCII_KINDS[c] = CLAUSE_MARK;
}
ASCII_KINDS[0x7c] = KEPT; // "|"
ASCII_KINDS[0x2d] = HYPHEN;

// Non-ASCII kinds are found with the Unicode property regexes once per code point, then remembered.
let unicodeKinds: Uint8Array | undefined;

function unicodeKind(cp: number): number {
  unicodeKinds ??= new Uint8Array(0x110000);
  let kind = unicodeKinds[cp] as number;
  if (kind === 0) {
    const ch = String.fromCodePoint(cp);
    kind =
      cp === 0x2026 ? SENTENCE_MARK
      : /\s/u.test(ch) ? SPACE
      : /\p{L}/u.test(ch) ? LETTER
      : /\p{N}/u.test(ch) ? NUMBER
      : /\p{Extended_Pictographic}/u.test(ch) ? KEPT
      : DROPPED;
    unicodeKinds[cp] = kind;
  }
  return kind;
}

/** The kind of the code point starting at `i` (a lone surrogate is one of its own); DROPPED past the end. */
function kindAt(s: string, i: number): number {
  if (i >= s.length) return DROPPED;
  const c = s.charCodeAt(i);
  return c < 128 ? (ASCII_KINDS[c] as number) : unicodeKind(s.codePointAt(i) as number);
}

/** The kind of the code point ending just before `i`; DROPPED at the start. */
function kindBefore(s: string, i: number): number {
  if (i === 0) return DROPPED;
  const c = s.charCodeAt(i - 1);
  if (c < 128) return ASCII_KINDS[c] as number;
  const pairEnd = c >= 0xdc00 && c <= 0xdfff && i >= 2 && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800;
  return unicodeKind(s.codePointAt(pairEnd ? i - 2 : i - 1) as number);
}

function endsWithLetter(token: string): boolean {
  return kindBefore(token, token.length) === LETTER;
}

/**
 * Splits lowercased text into words and boundary markers in one pass: a run of sentence
 * punctuation becomes SENTENCE, a clause mark CLAUSE (none between two numbers), a hyphen survives
 * only between two letters (abu-abu, semena-mena), and anything that is not a letter, number,
 * emoji or "|" separates words.
 * TRICKY: this replaced a chain of regex passes. Each of their replacements began and ended with a
 * space, so their look-behinds and look-aheads saw the neighbours this scanner reads from the input.
 */
function scanWords(s: string, out: string[]): void {
  let start = -1;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let kind: number;
    let width = 1;
    if (c < 128) kind = ASCII_KINDS[c] as number;
    else {
      const cp = s.codePointAt(i) as number;
      kind = unicodeKind(cp);
      if (cp > 0xffff) width = 2;
    }
    const inWord =
      kind === LETTER ||
      kind === NUMBER ||
      kind === KEPT ||
      (kind === HYPHEN && kindBefore(s, i) === LETTER && kindAt(s, i + 1) === LETTER);
    if (inWord) {
      if (start < 0) start = i;
      i += width;
      continue;
    }
    if (start >= 0) pushWord(out, s.slice(start, i));
    start = -1;
    if (kind === SENTENCE_MARK) {
      while (kindAt(s, i) === SENTENCE_MARK) i++;
      out.push(SENTENCE);
      continue;
    }
    if (kind === CLAUSE_MARK && !(kindBefore(s, i) === NUMBER && kindAt(s, i + 1) === NUMBER)) {
      out.push(CLAUSE);
    }
    i += width;
  }
  if (start >= 0) pushWord(out, s.slice(start));
}

/** Letters repeated three or more times are stretched for emphasis: "mantappp" → "mantap". */
function squeeze(token: string): string {
  return hasRepeat(token, 3) ? token.replace(/(\p{L})\1{2,}/gu, '$1') : token;
}

/** Whether some character occurs `run` times in a row; a loop is much cheaper than a regex here. */
export function hasRepeat(token: string, run: number): boolean {
  let count = 1;
  for (let i = 1; i < token.length; i++) {
    count = token.charCodeAt(i) === token.charCodeAt(i - 1) ? count + 1 : 1;
    if (count >= run) return true;
  }
  return false;
}

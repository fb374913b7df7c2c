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
};

// NOTE: \p{Extended_Pictographic} covers emoji; the modifiers below only change skin tone or style.
const EMOJI = /(\p{Extended_Pictographic})/gu;
const EMOJI_MODIFIERS = /[\u{FE0E}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu;

/** Lowercased, cleaned tokens with `|`/`||` boundary markers; slang spelled out. */
export function normaliseForSentiment(text: string): string[] {
  // NOTE: most posts are plain ASCII; skipping the Unicode passes for them roughly doubles throughput.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const unicodeReady = ascii ? text : text.normalize('NFKC').replace(EMOJI_MODIFIERS, '').replace(EMOJI, ' $1 ');
  const cleaned = unicodeReady
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@[\p{L}\p{N}_.]+/gu, ' ')
    // Reduplication with a digit: "hati2" → "hati-hati".
    .replace(ascii ? /([a-z]{2,})2(?![0-9])/g : /(\p{L}{2,})2(?!\p{N})/gu, (_m, w: string) => `${w}-${w}`)
    .replace(/[.!?…\n\r]+/g, ` ${SENTENCE} `)
    .replace(/(?<!\p{N})[,;:]|[,;:](?!\p{N})/gu, ` ${CLAUSE} `)
    // Hyphens survive only inside words (abu-abu, semena-mena).
    .replace(/(?<!\p{L})-|-(?!\p{L})/gu, ' ')
    .replace(ascii ? /[^a-z0-9|\-\s]/g : /[^\p{L}\p{N}\p{Extended_Pictographic}|\-\s]/gu, ' ');

  const out: string[] = [];
  for (const raw of cleaned.split(/\s+/)) {
    if (raw === '') continue;
    // The SmSA data and many keyboards split the possessive: "tempat nya" is one word.
    const last = out[out.length - 1];
    if (raw === 'nya' && last !== undefined && /\p{L}$/u.test(last)) {
      out[out.length - 1] = `${last}nya`;
      continue;
    }
    const token = squeeze(raw);
    const mapped = COLLOQUIAL[token] ?? COLLOQUIAL[raw];
    if (mapped !== undefined) out.push(...mapped.split(' '));
    else out.push(token);
  }
  return out;
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

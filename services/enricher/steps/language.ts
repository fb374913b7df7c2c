/**
 * detectLanguage: id / en / other from stopword hits. Collectors often know the language
 * (Bluesky `langs`, X `lang`), so a given `lang` hint wins; it is mapped onto the same three values.
 * Posts with no stopword at all ("mantap pak gub 👍") count as Indonesian: every source is
 * queried for Indonesian content, so that is the likelier reading.
 */
import { ok, type StepResult } from '../../../lib/result';
import { tokensForMatch } from '../../../lib/domain/match';
import { contentText, contentTokens, type TextInput } from './content';

export type Lang = 'id' | 'en' | 'other';

const ID_WORDS = new Set([
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'tidak', 'dengan', 'untuk', 'pada', 'adalah', 'akan', 'sudah',
  'juga', 'saya', 'kami', 'kita', 'ada', 'atau', 'karena', 'bisa', 'dalam', 'oleh', 'para', 'belum', 'masih',
  'tapi', 'kalau', 'lagi', 'sama', 'gak', 'nggak', 'ga', 'aja', 'yg', 'dgn', 'utk', 'banget', 'bgt', 'sangat',
  'dak', 'idak', 'nian', 'kito', 'galo', 'bae', 'apo', 'nak', 'pak', 'bu', 'warga', 'jalan', 'kota', 'ya', 'kok',
  'tak', 'bukan', 'mereka', 'kamu', 'dia', 'telah', 'agar', 'serta', 'tersebut', 'hari', 'pun', 'lebih',
]);
const EN_WORDS = new Set([
  'the', 'and', 'of', 'to', 'in', 'is', 'are', 'was', 'were', 'for', 'on', 'with', 'that', 'this', 'it', 'be',
  'as', 'at', 'by', 'from', 'have', 'has', 'not', 'but', 'you', 'we', 'they', 'i', 'my', 'our', 'will', 'would',
  'can', 'an', 'or', 'what', 'which', 'there', 'been', 'their', 'about', 'more', 'when', 'who', 'your',
]);

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Maps a source's language hint ("in", "id-ID", "EN", "ind") onto id / en / other. */
export function langFromHint(hint: string): Lang {
  const primary = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'id' || primary === 'in' || primary === 'ind') return 'id';
  if (primary === 'en' || primary === 'eng') return 'en';
  return 'other';
}

export function detectLang(text: string, tokens: readonly string[] = tokensForMatch(text)): Lang {
  // Mostly non-Latin script (Arabic, CJK …) is neither Indonesian nor English. Every ASCII letter is Latin.
  if (!ASCII_ONLY.test(text)) {
    const letters = text.match(/\p{L}/gu) ?? [];
    const latin = text.match(/\p{Script=Latin}/gu) ?? [];
    if (letters.length > 0 && latin.length / letters.length < 0.5) return 'other';
  }
  let id = 0;
  let en = 0;
  for (const token of tokens) {
    if (ID_WORDS.has(token)) id++;
    if (EN_WORDS.has(token)) en++;
  }
  return en > id && en >= 2 ? 'en' : 'id';
}

export function createLanguageStep() {
  return function detectLanguage<T extends TextInput & { lang?: string | undefined }>(
    input: T,
  ): StepResult<T & { lang: Lang }> {
    const lang = input.lang ? langFromHint(input.lang) : detectLang(contentText(input), contentTokens(input));
    const post = input as T & { lang: Lang }; // extended in place (see step.ts)
    post.lang = lang;
    return ok(post);
  };
}

/**
 * Features of one post for the linear sentiment model: word uni/bigrams over the *normalised*
 * tokens (slang spelled out, dialect mapped, lexicon phrases joined) with negation marked, plus the
 * lexicon's own reading (positive and negative mass). Training and inference share this file, so a
 * feature means the same thing in both.
 */
import { NEGATORS, readLexicon } from './lexicon';
import { CLAUSE, SENTENCE } from './normalise';

export interface FeatureSettings {
  /** Word bigrams inside a sentence. */
  bigrams: boolean;
  /** Tokens after a negator (same clause, up to this many) get a `neg:` twin; 0 turns it off. */
  negationScope: number;
  /** Scale of the lexicon mass features (AFINN points are divided by this). */
  lexiconScale: number;
  /**
   * Leave function words (di, ke, yang …) out as unigrams. In SmSA they mark the genre (news-like
   * text is neutral), which does not carry over to tweets; bigrams still see them.
   */
  dropFunctionWords: boolean;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { bigrams: true, negationScope: 3, lexiconScale: 4, dropFunctionWords: true };

/** Indonesian function words (after normalisation: yg → yang, dgn → dengan …). */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ('di ke dari yang dan atau untuk dalam pada dengan ini itu juga akan oleh para karena sebagai bahwa ' +
    'adalah ada saat secara hingga sampai serta agar supaya kepada bagi tersebut yaitu jadi pun lalu ' +
    'kami kita saya kamu mereka dia ia nya se per').split(' '),
);

/** Names of the aggregate lexicon features; model.ts spreads their weight back onto the lexicon terms. */
export const LEX_POSITIVE = '#lex+';
export const LEX_NEGATIVE = '#lex-';
export const LEX_NONE = '#lex0';

/** A lexicon term as the reader saw it and its signed AFINN weight. */
export interface LexiconHit {
  term: string;
  weight: number;
}

export interface PostFeatures {
  /** Feature name → value. N-gram values are 1 (presence); lexicon masses are scaled sums. */
  values: Map<string, number>;
  /** How to show features whose name is not the text itself (negation twins: "belum … puas"). */
  shown: Map<string, string>;
  lexiconHits: LexiconHit[];
  lexiconScore: number;
}

const isMarker = (t: string): boolean => t === CLAUSE || t === SENTENCE;

/** Shown form of a token: lexicon phrases are joined with "+" internally. */
export const displayToken = (t: string): string => t.replace(/\+/g, ' ');

export function extractFeatures(text: string, settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS): PostFeatures {
  const { tokens, score, terms } = readLexicon(text);
  const values = new Map<string, number>();

  const shown = new Map<string, string>();
  let negLeft = 0;
  let negator = '';
  let prev: string | undefined;
  for (const t of tokens) {
    if (isMarker(t)) {
      negLeft = 0;
      // Bigrams stay inside a sentence but may cross a comma ("bagus , tapi").
      if (t === SENTENCE) prev = undefined;
      continue;
    }
    if (!settings.dropFunctionWords || !FUNCTION_WORDS.has(t)) values.set(t, 1);
    if (negLeft > 0) {
      values.set(`neg:${t}`, 1);
      shown.set(`neg:${t}`, `${negator} … ${displayToken(t)}`);
      negLeft--;
    }
    if (settings.bigrams && prev !== undefined) values.set(`${prev} ${t}`, 1);
    if (settings.negationScope > 0 && NEGATORS.has(t)) {
      negLeft = settings.negationScope;
      negator = t;
    }
    prev = t;
  }

  let positive = 0;
  let negative = 0;
  for (const hit of terms) {
    if (hit.weight > 0) positive += hit.weight;
    else negative -= hit.weight;
  }
  if (positive > 0) values.set(LEX_POSITIVE, positive / settings.lexiconScale);
  if (negative > 0) values.set(LEX_NEGATIVE, negative / settings.lexiconScale);
  if (positive === 0 && negative === 0) values.set(LEX_NONE, 1);
  return { values, shown, lexiconHits: terms, lexiconScore: score };
}

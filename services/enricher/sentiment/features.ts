/**
 * Features of one post for the linear sentiment model: word uni/bigrams over the *normalised*
 * tokens (slang spelled out, dialect mapped, lexicon phrases joined) with negation marked, plus the
 * lexicon's own reading (positive and negative mass). Training and inference share `walkFeatures`,
 * so a feature means the same thing in both: training names each feature (`featureValues`), the
 * compiled scorer in model.ts looks the same positions up by integer id without building names.
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
/** A negation twin is named `neg:<token>`; a bigram `<token> <token>` (tokens hold no spaces). */
export const NEGATED_PREFIX = 'neg:';

/** A lexicon term as the reader saw it and its signed AFINN weight. */
export interface LexiconHit {
  term: string;
  weight: number;
}

/** Receives the n-gram features of one post as positions in its token list. */
export interface FeatureVisitor {
  word(at: number): void;
  pair(first: number, second: number): void;
  /** The token at `at` lies in the scope of the negator at `negator`. */
  negated(at: number, negator: number): void;
}

/** What a token is to the feature walk, as bit flags (`tokenRole`); a plain word is 0. */
const ROLE_CLAUSE = 1;
const ROLE_SENTENCE = 2;
const ROLE_FUNCTION_WORD = 4;
const ROLE_NEGATOR = 8;

export function tokenRole(t: string): number {
  if (t === CLAUSE) return ROLE_CLAUSE;
  if (t === SENTENCE) return ROLE_SENTENCE;
  return (FUNCTION_WORDS.has(t) ? ROLE_FUNCTION_WORD : 0) | (NEGATORS.has(t) ? ROLE_NEGATOR : 0);
}

/** Every token whose role is not 0 (the compiled scorer gives each an id; any other token is a plain word). */
export const ROLE_TOKENS: readonly string[] = [CLAUSE, SENTENCE, ...FUNCTION_WORDS, ...NEGATORS];

/** Every token's role, for `walkFeatures`; the compiled scorer keeps one per token id instead. */
export function tokenRoles(tokens: readonly string[]): Uint8Array {
  return Uint8Array.from(tokens, tokenRole);
}

/**
 * Walks a post's `count` tokens once, by their roles (`tokenRole`), and reports every n-gram
 * feature. A feature may be reported twice (a repeated word); values are presence, so consumers
 * count it once.
 */
export function walkFeatures(roles: ArrayLike<number>, count: number, settings: FeatureSettings, visit: FeatureVisitor): void {
  let negLeft = 0;
  let negator = -1;
  let prev = -1;
  for (let i = 0; i < count; i++) {
    const role = roles[i] as number;
    if (role === ROLE_CLAUSE || role === ROLE_SENTENCE) {
      negLeft = 0;
      // Bigrams stay inside a sentence but may cross a comma ("bagus , tapi").
      if (role === ROLE_SENTENCE) prev = -1;
      continue;
    }
    if (!settings.dropFunctionWords || (role & ROLE_FUNCTION_WORD) === 0) visit.word(i);
    if (negLeft > 0) {
      visit.negated(i, negator);
      negLeft--;
    }
    if (settings.bigrams && prev >= 0) visit.pair(prev, i);
    if (settings.negationScope > 0 && (role & ROLE_NEGATOR) !== 0) {
      negLeft = settings.negationScope;
      negator = i;
    }
    prev = i;
  }
}

/** The lexicon features' values: positive and negative AFINN mass, scaled, or "no hit" when both are 0. */
export function lexiconValues(hits: readonly LexiconHit[], settings: FeatureSettings): { positive: number; negative: number; none: number } {
  let positive = 0;
  let negative = 0;
  for (const hit of hits) {
    if (hit.weight > 0) positive += hit.weight;
    else negative -= hit.weight;
  }
  return { positive: positive / settings.lexiconScale, negative: negative / settings.lexiconScale, none: positive === 0 && negative === 0 ? 1 : 0 };
}

/** Every feature of a post by name → value (training; the scorer uses `walkFeatures` directly). */
export function featureValues(text: string, settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS): Map<string, number> {
  const { tokens, terms } = readLexicon(text);
  const values = new Map<string, number>();
  walkFeatures(tokenRoles(tokens), tokens.length, settings, {
    word: (at) => values.set(tokens[at] as string, 1),
    pair: (first, second) => values.set(`${tokens[first]} ${tokens[second]}`, 1),
    negated: (at) => values.set(`${NEGATED_PREFIX}${tokens[at]}`, 1),
  });
  const lex = lexiconValues(terms, settings);
  if (lex.positive > 0) values.set(LEX_POSITIVE, lex.positive);
  if (lex.negative > 0) values.set(LEX_NEGATIVE, lex.negative);
  if (lex.none > 0) values.set(LEX_NONE, lex.none);
  return values;
}

/** Shown form of a token: lexicon phrases are joined with "+" internally. */
export const displayToken = (t: string): string => t.replace(/\+/g, ' ');

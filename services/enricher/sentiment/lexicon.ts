/**
 * Lexicon sentiment for Indonesian posts (the first stage of analyzer.ts, and a standalone analyzer), on the `sentiment` npm package with an Indonesian
 * language registered (`id`): AFINN-ID seed (@nlpjs/lang-id, MIT, loaded from node_modules) plus
 * the in-house lexicon, and a scoring strategy for negation, intensifiers and contrast.
 *
 * The result carries the terms that decided the score with their final weights, so an analyst
 * can see why a post was called negative ("tidak bagus −2.4", "lambat nian −4.5").
 */
import { createHash } from 'node:crypto';
import Sentiment from 'sentiment';
import type { Sentiment as SentimentResult, SentimentTerm } from '../../../schemas/enriched-post';
import { EMOJI, GENERAL, PALEMBANG, PUBLIC_SERVICE, SEED_OVERRIDES, SLANG } from './lexicon-extra';
import { CLAUSE, SENTENCE, hasRepeat, normaliseForSentiment } from './normalise';

export const LEXICON_MODEL_VERSION = 'lexicon-id-0.1.0';
const LANGUAGE = 'id';

/** Words that flip the polarity of what follows (within `negationWindow` tokens, same clause). */
export const NEGATORS: ReadonlySet<string> = new Set(['tidak', 'tak', 'bukan', 'belum', 'jangan', 'kurang', 'tanpa', 'anti']);
/** Amplify the next sentiment word. */
export const PRE_INTENSIFIERS: ReadonlySet<string> = new Set([
  'sangat', 'amat', 'paling', 'sungguh', 'terlalu', 'makin', 'semakin', 'super', 'benar-benar', 'begitu', 'sangatlah',
]);
/** Amplify the previous sentiment word ("lemak nian", "enak banget" → "enak sangat"). */
export const POST_INTENSIFIERS: ReadonlySet<string> = new Set(['sekali', 'nian', 'sangat', 'amat', 'parah', 'abis', 'benar-benar']);
/** The clause after these words carries the writer's verdict. */
export const CONTRAST: ReadonlySet<string> = new Set(['tapi', 'namun', 'sayangnya', 'padahal', 'sedangkan', 'cuma']);
/** Softeners: "agak lambat" is less negative than "lambat". */
const ATTENUATORS: ReadonlySet<string> = new Set(['agak', 'sedikit', 'cukup', 'lumayan']);

/** Tuned on dev.jsonl (see eval.ts); test.jsonl was only scored at the end. */
export const DEFAULT_TUNING = {
  negationWindow: 3,
  /** A negated positive word becomes clearly negative ("tidak enak"). */
  negatedPositive: -0.8,
  /** A negated negative word becomes only mildly positive ("tidak buruk" ≈ lumayan). */
  negatedNegative: -0.4,
  intensifier: 1.5,
  attenuator: 0.6,
  afterContrast: 1.5,
  beforeContrast: 0.5,
  /** Scores strictly between these are neutral. */
  neutralLow: -0.5,
  neutralHigh: 0.5,
};
export type Tuning = typeof DEFAULT_TUNING;

export interface SentimentAnalyzer {
  analyze(text: string): SentimentResult;
  modelVersion: string;
}

interface Phrase {
  words: string[];
  /** The phrase as one token: "terima+kasih". */
  joined: string;
}

/** Every label the package scores with (its emoji list included), for our own lookups. */
type Weights = ReadonlyMap<string, number>;

interface Lexicon {
  labels: Record<string, number>;
  /** First word → phrases starting with it, longest first. */
  phrases: Map<string, Phrase[]>;
}

const SCORED_MODIFIERS: ReadonlySet<string> = new Set(['parah', 'lumayan']);
const MODIFIERS = new Set([...NEGATORS, ...PRE_INTENSIFIERS, ...POST_INTENSIFIERS, ...CONTRAST, ...ATTENUATORS]);

function loadSeed(): Record<string, number> {
  // NOTE: required at run time from node_modules (MIT); not copied into this repository.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const seed: unknown = require('@nlpjs/lang-id/src/sentiment/afinn_id.json');
  const out: Record<string, number> = {};
  if (seed && typeof seed === 'object') {
    for (const [k, v] of Object.entries(seed)) if (typeof v === 'number') out[k] = v;
  }
  return out;
}

function buildLexicon(): Lexicon {
  const merged: Record<string, number> = {};
  for (const [key, weight] of Object.entries(loadSeed())) {
    // Seed phrases with a modifier inside ("kurang baik", "buruk sekali") are left to the strategy.
    const words = key.toLowerCase().split(/\s+/);
    if (words.length > 1 && words.some((w) => MODIFIERS.has(w))) continue;
    merged[key.toLowerCase()] = weight;
  }
  Object.assign(merged, SEED_OVERRIDES, GENERAL, PUBLIC_SERVICE, SLANG, PALEMBANG);

  const labels: Record<string, number> = {};
  const phrases = new Map<string, Phrase[]>();
  for (const [key, weight] of Object.entries(merged)) {
    // NOTE: "parah" (a complaint, or "keren parah") and "lumayan" ("decent", or "lumayan enak") are
    // words and modifiers both, so they keep their own weight.
    if (weight === 0 || (MODIFIERS.has(key) && !SCORED_MODIFIERS.has(key))) continue;
    const words = key.split(/\s+/);
    if (words.length === 1) {
      labels[key] = weight;
      continue;
    }
    const joined = words.join('+');
    labels[joined] = weight;
    const list = phrases.get(words[0] as string) ?? [];
    list.push({ words, joined });
    phrases.set(words[0] as string, list);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { labels, phrases };
}

/** What the lexicon knows about one word; looked up once per token. */
interface WordInfo {
  /** Phrases starting with this word, longest first. */
  phrases: readonly Phrase[] | undefined;
  /** Has a label (the package scores it). */
  scored: boolean;
  modifier: boolean;
  contrast: boolean;
}

function buildVocabulary(lex: Lexicon, weights: Weights): Map<string, WordInfo> {
  const vocabulary = new Map<string, WordInfo>();
  for (const word of new Set([...weights.keys(), ...MODIFIERS, ...lex.phrases.keys()])) {
    vocabulary.set(word, {
      phrases: lex.phrases.get(word),
      scored: weights.has(word),
      modifier: MODIFIERS.has(word),
      contrast: CONTRAST.has(word),
    });
  }
  return vocabulary;
}

/** The tokens the package scores, with where they are. */
interface LexicalTokens {
  tokens: string[];
  /** Indexes (ascending) of the tokens that have a label. */
  scored: number[];
  /** Whether a contrast word ("tapi") occurs at all. */
  contrast: boolean;
}

/** Joins lexicon phrases into one token ("terima kasih" → "terima+kasih") and strips "-nya". */
function lexicalTokens(words: readonly string[], engine: SharedEngine): LexicalTokens {
  const tokens: string[] = [];
  const scored: number[] = [];
  let contrast = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const info = engine.vocabulary.get(word);
    if (info !== undefined) {
      const phrase = phraseAt(words, i, info.phrases);
      if (phrase) {
        scored.push(tokens.length);
        tokens.push(phrase.joined);
        i += phrase.words.length - 1;
        continue;
      }
      if (info.scored || info.modifier) {
        if (info.scored) scored.push(tokens.length);
        contrast ||= info.contrast;
        tokens.push(word);
        continue;
      }
    }
    // An unknown word comes back unchanged; any other form it takes has a label.
    const form = lexiconForm(word, engine.weights);
    if (form !== word) scored.push(tokens.length);
    tokens.push(form);
  }
  return { tokens, scored, contrast };
}

/** The longest candidate phrase whose words start at `tokens[i]`. */
function phraseAt(tokens: readonly string[], i: number, candidates: readonly Phrase[] | undefined): Phrase | undefined {
  if (candidates === undefined) return undefined;
  for (const phrase of candidates) {
    let j = 1; // the first word is the map key
    while (j < phrase.words.length && tokens[i + j] === phrase.words[j]) j++;
    if (j === phrase.words.length) return phrase;
  }
  return undefined;
}

/**
 * A form of an unknown token the lexicon knows: without the possessive "-nya" ("ramahnya") or its
 * Palembang form "-nyo" ("lemaknyo"), or with doubled letters squeezed ("cakeep"). Unknown stays as it is.
 */
function lexiconForm(token: string, weights: Weights): string {
  const stem = token.length > 5 && (token.endsWith('nya') || token.endsWith('nyo')) ? token.slice(0, -3) : token;
  // NOTE: the token itself has no label (the caller's vocabulary lookup said so): only a stem is looked up.
  if (stem !== token && weights.has(stem)) return stem;
  if (!hasRepeat(stem, 2)) return token;
  const squeezed = squeezeDoubles(stem);
  return weights.has(squeezed) ? squeezed : token;
}

/** "cakeep" → "cakep": a run of one letter becomes one letter. */
function squeezeDoubles(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    // NOTE: a loop for ASCII words, which are most; the regex knows which other characters are letters.
    if (c >= 128) return word.replace(/(\p{L})\1+/gu, '$1');
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!(letter && c === word.charCodeAt(i - 1))) out += word[i];
  }
  return out;
}

const isBoundary = (t: string | undefined): boolean => t === CLAUSE || t === SENTENCE;

/** What the scoring strategy needs to know about the analyze() call in progress. */
interface ActiveCall {
  tuning: Tuning;
  terms: SentimentTerm[];
  tokens: readonly string[];
  /** Index in `tokens` of each word handed to the package, in order. */
  scored: readonly number[];
  contrast: boolean;
}

// TRICKY: the package keeps registered languages in one process-wide table, so 'id' is registered
// once, with one lexicon, and its strategy reads the settings of whichever analyze() call is running
// (calls are synchronous, so there is exactly one). The package also calls the strategy once per
// scored token with no way to return extra data: the explained terms are collected the same way.
let activeCall: ActiveCall | null = null;

interface SharedEngine {
  engine: Sentiment;
  lex: Lexicon;
  weights: Weights;
  vocabulary: ReadonlyMap<string, WordInfo>;
}
let shared: SharedEngine | undefined;

function sharedEngine(): SharedEngine {
  if (shared) return shared;
  const lex = buildLexicon();
  const weights = new Map<string, number>();
  const scoringStrategy = {
    apply(tokens: string[], cursor: number, tokenScore: number): number {
      const call = activeCall;
      if (!call) return tokenScore;
      const index = call.scored[cursor] as number;
      const { weight, term } = scoreToken(call.tokens, index, tokenScore, weights, call.tuning, call.contrast);
      if (weight !== 0) call.terms.push({ term, weight: round(weight) });
      return weight;
    },
  };
  const engine = new Sentiment();
  engine.registerLanguage(LANGUAGE, { labels: lex.labels, scoringStrategy });
  // The package merges its own emoji list into our labels on registration; ours take precedence.
  Object.assign(lex.labels, EMOJI);
  // NOTE: looked up as a Map, own keys only: `in` on the labels object would also find "constructor".
  for (const [word, weight] of Object.entries(lex.labels)) weights.set(word, weight);
  shared = { engine, lex, weights, vocabulary: buildVocabulary(lex, weights) };
  return shared;
}

/** One lexicon pass: the tokens it saw, the total score and every scored term (strongest first). */
export interface LexiconReading {
  tokens: string[];
  score: number;
  terms: SentimentTerm[];
}

/** Scores `text` with the lexicon strategy; shared by the lexicon analyzer and the linear model's features. */
export function readLexicon(text: string, tuning: Tuning = DEFAULT_TUNING): LexiconReading {
  const shared = sharedEngine();
  const { tokens, scored, contrast } = lexicalTokens(normaliseForSentiment(text), shared);
  // Nothing to score: the package would return 0 for this post.
  if (scored.length === 0) return { tokens, score: 0, terms: [] };
  // TRICKY: the package would re-tokenise the whole post only to skip the words it has no label
  // for; it gets just the lexicon words, and the strategy maps its cursor back to the full tokens
  // for the context (negation, intensifiers, contrast). Same words, same order, same sum.
  const words = scored.map((i) => tokens[i]).join(' ');
  const call: ActiveCall = { tuning, terms: [], tokens, scored, contrast };
  activeCall = call;
  let score: number;
  try {
    score = shared.engine.analyze(words, { language: LANGUAGE }).score;
  } finally {
    activeCall = null;
  }
  // The package walks tokens from the end; show terms in reading order, strongest first.
  const terms = call.terms.reverse().sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { tokens, score: round(score), terms };
}

/** The lexicon alone: label from the calibrated neutral band. */
export function createLexiconAnalyzer(overrides: Partial<Tuning> = {}): SentimentAnalyzer {
  const tuning: Tuning = Object.freeze({ ...DEFAULT_TUNING, ...overrides });
  return {
    modelVersion: LEXICON_MODEL_VERSION,
    analyze(text: string): SentimentResult {
      const { score, terms } = readLexicon(text, tuning);
      const label = score >= tuning.neutralHigh ? 'positive' : score <= tuning.neutralLow ? 'negative' : 'neutral';
      return { label, score, terms: terms.slice(0, 12) };
    },
  };
}

/**
 * A short hash of the merged lexicon and the scoring settings. The linear model records the one it
 * was trained with, so a lexicon edit without retraining is visible (see model.ts).
 */
export function lexiconFingerprint(): string {
  const { lex } = sharedEngine();
  const entries = Object.keys(lex.labels)
    .sort()
    .map((k) => `${k}=${lex.labels[k]}`);
  const text = [entries.join('\n'), JSON.stringify(DEFAULT_TUNING), [...NEGATORS, ...PRE_INTENSIFIERS, ...POST_INTENSIFIERS, ...CONTRAST].join(',')].join('\n#\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The weight of one lexicon hit after negation, intensifiers and contrast, and how to show it. */
export function scoreToken(
  tokens: readonly string[],
  cursor: number,
  base: number,
  weights: Weights,
  tuning: Tuning = DEFAULT_TUNING,
  /** False when the post has no contrast word, which spares the scan of the sentence. */
  contrastInPost = true,
): { weight: number; term: string } {
  const word = tokens[cursor] as string;
  const prev = tokens[cursor - 1];
  const next = tokens[cursor + 1];
  // "keren parah": after a positive word "parah" is an intensifier, not a complaint.
  if (word === 'parah' && prev !== undefined && (weights.get(prev) ?? 0) !== 0) return { weight: 0, term: word };
  // "lumayan enak": lumayan only softens the next word; alone it means "decent".
  if (word === 'lumayan' && next !== undefined && (weights.get(next) ?? 0) !== 0) return { weight: 0, term: word };

  let weight = base;
  // The shown term: modifiers before the word, the word, a post-intensifier after it.
  let before = '';
  let after = '';

  let negator: string | undefined;
  let softener: string | undefined;
  for (let j = cursor - 1; j >= Math.max(0, cursor - tuning.negationWindow); j--) {
    const t = tokens[j] as string;
    if (isBoundary(t)) break;
    if (NEGATORS.has(t)) {
      negator = t;
      break;
    }
    if (PRE_INTENSIFIERS.has(t)) softener = t;
    if (weights.has(t)) break; // another sentiment word takes the negation for itself
  }

  if (negator) {
    weight *= weight > 0 ? tuning.negatedPositive : tuning.negatedNegative;
    // "tidak terlalu bagus" is milder than "tidak bagus": an intensifier inside a negation softens it.
    if (softener) weight *= tuning.attenuator;
    before = softener ? `${negator} ${softener} ` : `${negator} `;
  } else if (prev !== undefined && PRE_INTENSIFIERS.has(prev)) {
    weight *= tuning.intensifier;
    before = `${prev} `;
  } else if (prev !== undefined && ATTENUATORS.has(prev)) {
    weight *= tuning.attenuator;
    before = `${prev} `;
  }
  if (next !== undefined && POST_INTENSIFIERS.has(next)) {
    weight *= tuning.intensifier;
    after = ` ${next}`;
  }

  if (contrastInPost) weight *= contrastFactor(tokens, cursor, tuning);

  const shown = word.includes('+') ? word.replace(/\+/g, ' ') : word;
  return { weight, term: before + shown + after };
}

/** Within one sentence: words after "tapi" count more, words before it less. */
function contrastFactor(tokens: readonly string[], cursor: number, tuning: Tuning): number {
  for (let j = cursor - 1; j >= 0; j--) {
    const t = tokens[j] as string;
    if (t === SENTENCE) break;
    if (CONTRAST.has(t)) return tuning.afterContrast;
  }
  for (let j = cursor + 1; j < tokens.length; j++) {
    const t = tokens[j] as string;
    if (t === SENTENCE) break;
    if (CONTRAST.has(t)) return tuning.beforeContrast;
  }
  return 1;
}

const round = (n: number): number => Math.round(n * 100) / 100;

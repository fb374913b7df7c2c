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

interface Lexicon {
  labels: Record<string, number>;
  /** First word → phrases (as word arrays) starting with it, longest first. */
  phrases: Map<string, string[][]>;
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
  const phrases = new Map<string, string[][]>();
  for (const [key, weight] of Object.entries(merged)) {
    // NOTE: "parah" (a complaint, or "keren parah") and "lumayan" ("decent", or "lumayan enak") are
    // words and modifiers both, so they keep their own weight.
    if (weight === 0 || (MODIFIERS.has(key) && !SCORED_MODIFIERS.has(key))) continue;
    const words = key.split(/\s+/);
    if (words.length === 1) {
      labels[key] = weight;
      continue;
    }
    labels[words.join('+')] = weight;
    const list = phrases.get(words[0] as string) ?? [];
    list.push(words);
    phrases.set(words[0] as string, list);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.length - a.length);
  return { labels, phrases };
}

/** Joins lexicon phrases into one token ("terima kasih" → "terima+kasih") and strips "-nya". */
function lexicalTokens(tokens: string[], lex: Lexicon): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const candidates = lex.phrases.get(token);
    const phrase = candidates?.find((words) => words.every((w, j) => tokens[i + j] === w));
    if (phrase) {
      out.push(phrase.join('+'));
      i += phrase.length - 1;
      continue;
    }
    out.push(token in lex.labels || MODIFIERS.has(token) ? token : lexiconForm(token, lex.labels));
  }
  return out;
}

/**
 * A form of an unknown token the lexicon knows: without the possessive "-nya" ("ramahnya"),
 * or with doubled letters squeezed ("cakeep"). Unknown stays as it is.
 */
function lexiconForm(token: string, labels: Readonly<Record<string, number>>): string {
  const stem = token.length > 5 && token.endsWith('nya') ? token.slice(0, -3) : token;
  if (stem in labels) return stem;
  if (!hasRepeat(stem, 2)) return token;
  const squeezed = stem.replace(/(\p{L})\1+/gu, '$1');
  return squeezed in labels ? squeezed : token;
}

const isBoundary = (t: string | undefined): boolean => t === CLAUSE || t === SENTENCE;

/** What the scoring strategy needs to know about the analyze() call in progress. */
interface ActiveCall {
  tuning: Tuning;
  terms: SentimentTerm[];
}

// TRICKY: the package keeps registered languages in one process-wide table, so 'id' is registered
// once, with one lexicon, and its strategy reads the settings of whichever analyze() call is running
// (calls are synchronous, so there is exactly one). The package also calls the strategy once per
// scored token with no way to return extra data: the explained terms are collected the same way.
let activeCall: ActiveCall | null = null;
let shared: { engine: Sentiment; lex: Lexicon } | undefined;

function sharedEngine(): { engine: Sentiment; lex: Lexicon } {
  if (shared) return shared;
  const lex = buildLexicon();
  const scoringStrategy = {
    apply(tokens: string[], cursor: number, tokenScore: number): number {
      const call = activeCall;
      if (!call) return tokenScore;
      const { weight, term } = scoreToken(tokens, cursor, tokenScore, lex.labels, call.tuning);
      if (weight !== 0) call.terms.push({ term, weight: round(weight) });
      return weight;
    },
  };
  const engine = new Sentiment();
  engine.registerLanguage(LANGUAGE, { labels: lex.labels, scoringStrategy });
  // The package merges its own emoji list into our labels on registration; ours take precedence.
  Object.assign(lex.labels, EMOJI);
  shared = { engine, lex };
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
  const { engine, lex } = sharedEngine();
  const tokens = lexicalTokens(normaliseForSentiment(text), lex);
  const call: ActiveCall = { tuning, terms: [] };
  activeCall = call;
  let score: number;
  try {
    score = engine.analyze(tokens.join(' '), { language: LANGUAGE }).score;
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
  labels: Readonly<Record<string, number>>,
  tuning: Tuning = DEFAULT_TUNING,
): { weight: number; term: string } {
  const word = tokens[cursor] as string;
  const prev = tokens[cursor - 1];
  const next = tokens[cursor + 1];
  // "keren parah": after a positive word "parah" is an intensifier, not a complaint.
  if (word === 'parah' && prev !== undefined && (labels[prev] ?? 0) !== 0) return { weight: 0, term: word };
  // "lumayan enak": lumayan only softens the next word; alone it means "decent".
  if (word === 'lumayan' && next !== undefined && (labels[next] ?? 0) !== 0) return { weight: 0, term: word };

  let weight = base;
  const before: string[] = [];
  const after: string[] = [];

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
    if (t in labels) break; // another sentiment word takes the negation for itself
  }

  if (negator) {
    weight *= weight > 0 ? tuning.negatedPositive : tuning.negatedNegative;
    // "tidak terlalu bagus" is milder than "tidak bagus": an intensifier inside a negation softens it.
    if (softener) weight *= tuning.attenuator;
    before.push(...(softener ? [negator, softener] : [negator]));
  } else if (prev !== undefined && PRE_INTENSIFIERS.has(prev)) {
    weight *= tuning.intensifier;
    before.push(prev);
  } else if (prev !== undefined && ATTENUATORS.has(prev)) {
    weight *= tuning.attenuator;
    before.push(prev);
  }
  if (next !== undefined && POST_INTENSIFIERS.has(next)) {
    weight *= tuning.intensifier;
    after.push(next);
  }

  const contrast = contrastFactor(tokens, cursor, tuning);
  weight *= contrast;

  const shown = word.replace(/\+/g, ' ');
  return { weight, term: [...before, shown, ...after].join(' ') };
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

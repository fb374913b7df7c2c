/**
 * The learned part of Dengar's sentiment: a multinomial logistic regression over the features in
 * features.ts, stored as a versioned JSON file (`models/sentiment-id.json`, written by
 * `npm run train:sentiment`). This module validates that file, scores posts with it and explains
 * each verdict by the features that pulled hardest towards it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SentimentLabel } from '../../../schemas/common';
import type { SentimentTerm } from '../../../schemas/enriched-post';
import {
  LEX_NEGATIVE,
  LEX_NONE,
  LEX_POSITIVE,
  NEGATED_PREFIX,
  ROLE_TOKENS,
  displayToken,
  lexiconValues,
  tokenRole,
  walkFeatures,
  type FeatureSettings,
  type FeatureVisitor,
} from './features';
import { readLexicon, type LexiconReading } from './lexicon';

export const MODEL_FORMAT = 'dengar-sentiment-linear';
/** Class order of the bias and of every weight triple in the file. */
export const MODEL_LABELS = ['positive', 'negative', 'neutral'] as const;
const K = MODEL_LABELS.length;

const Triple = z.tuple([z.number(), z.number(), z.number()]);
const LabelScores = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() });

export const FeatureSettingsSchema = z.object({
  bigrams: z.boolean(),
  negationScope: z.number().int().min(0),
  lexiconScale: z.number().positive(),
  dropFunctionWords: z.boolean(),
});

export const Hyperparameters = z.object({
  /** L2 penalty on the weights (not the biases), per unit of average loss. */
  l2: z.number().nonnegative(),
  /**
   * The lexicon features' penalty relative to `l2`. Below 1 the model leans on the lexicon (which
   * knows tweet and dialect words) rather than on review vocabulary it only saw in SmSA.
   */
  lexiconL2Factor: z.number().nonnegative(),
  /** Class weight = (n / (k · n_class)) ^ power: 0 = none, 1 = fully balanced. */
  classWeightPower: z.number().min(0).max(2),
  /** An n-gram must occur in this many training rows to become a feature. */
  minCount: z.number().int().min(1),
  maxIterations: z.number().int().min(1),
  /** A relabelled post counts this many times as much as a dataset row. */
  correctionWeight: z.number().positive(),
  /** Features whose three weights are all smaller than this are dropped from the file. */
  pruneBelow: z.number().nonnegative(),
  features: FeatureSettingsSchema,
});
export type Hyperparameters = z.infer<typeof Hyperparameters>;

export const EvalSummary = z.object({
  n: z.number(),
  accuracy: z.number(),
  macroF1: z.number(),
  perLabel: z.record(SentimentLabel, LabelScores),
});
export type EvalSummary = z.infer<typeof EvalSummary>;

export const SentimentModelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(1),
  /** `linear-id-<first 8 hex of sha256 of the rest of the file>`. */
  modelVersion: z.string().regex(/^linear-id-[0-9a-f]{8}$/),
  labels: z.tuple([z.literal('positive'), z.literal('negative'), z.literal('neutral')]),
  lexiconFingerprint: z.string(),
  training: z.object({
    /** sha256 of the rows actually fitted (after corrections), `label\ttext\n` each, in order. */
    dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
    rows: z.number().int().nonnegative(),
    corrections: z.number().int().nonnegative(),
    labelCounts: z.record(SentimentLabel, z.number()),
    source: z.string(),
    iterations: z.number().int(),
    finalLoss: z.number(),
  }),
  hyperparameters: Hyperparameters,
  devMetrics: EvalSummary.nullable(),
  bias: Triple,
  /** Feature name → [positive, negative, neutral] weights. */
  weights: z.record(z.string(), Triple),
});
export type SentimentModelFile = z.infer<typeof SentimentModelFile>;

/**
 * The content hash behind `modelVersion`. The weights go last, as in the written file, so the hash
 * of a loaded file (key order as read) equals the hash taken when it was written.
 */
function versionOf(body: Record<string, unknown>): string {
  const { modelVersion: _version, weights, ...rest } = body;
  const canonical = JSON.stringify({ ...rest, weights });
  return `linear-id-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}`;
}

/** Stamps `modelVersion` from the content: any change to weights, data or settings changes it. */
export function withModelVersion(body: Omit<SentimentModelFile, 'modelVersion'>): SentimentModelFile {
  const { format, formatVersion, weights, ...rest } = body;
  const draft: SentimentModelFile = { format, formatVersion, modelVersion: '', ...rest, weights };
  draft.modelVersion = versionOf(draft);
  return draft;
}

/**
 * Serialises a model: the header pretty-printed, one feature per line (readable diffs, small file).
 * `parseModelFile` of the result gives back an equal object.
 */
export function serialiseModel(model: SentimentModelFile): string {
  const { weights, ...head } = model;
  const headJson = JSON.stringify(head, null, 2);
  const lines = Object.entries(weights).map(([name, w]) => `    ${JSON.stringify(name)}: ${JSON.stringify(w)}`);
  return `${headJson.slice(0, -2)},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/** Validates a model file's text; the error names the path and field that is wrong. */
export function parseModelFile(text: string, source = 'model'): SentimentModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: berkas model bukan JSON yang valid (${(err as Error).message})`);
  }
  const parsed = SentimentModelFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: berkas model tidak valid di ${issue?.path.join('.') || '(akar)'}: ${issue?.message ?? ''}`);
  }
  // TRICKY: the version is checked against the raw object (key order as written), not the zod output.
  const expected = versionOf(raw as Record<string, unknown>);
  if (parsed.data.modelVersion !== expected) {
    throw new Error(`${source}: modelVersion ${parsed.data.modelVersion} tidak cocok dengan isi berkas (${expected}); latih ulang dengan npm run train:sentiment`);
  }
  return parsed.data;
}

/** `models/sentiment-id.json` found from here upwards (works from the sources and from dist/). */
export function defaultModelPath(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'models', 'sentiment-id.json');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('models/sentiment-id.json tidak ditemukan; jalankan npm run train:sentiment');
}

export function loadModelFile(path: string = defaultModelPath()): SentimentModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: berkas model tidak dapat dibaca (${(err as Error).message})`);
  }
  return parseModelFile(text, path);
}

export interface LinearVerdict {
  label: SentimentLabel;
  /** P(positive) − P(negative), in [-1, 1]. */
  score: number;
  probabilities: Record<SentimentLabel, number>;
  terms: SentimentTerm[];
}

export interface LinearScorer {
  modelVersion: string;
  lexiconFingerprint: string;
  settings: FeatureSettings;
  score(text: string, maxTerms?: number): LinearVerdict;
}

/** What a feature row is, for the explanation. */
const enum RowKind {
  Ngram,
  Negated,
  LexPositive,
  LexNegative,
  LexNone,
}

/**
 * The model's features indexed for lookup by integer: every token that occurs in a feature name gets
 * an id, unigrams and negation twins are arrays over token ids, bigrams a Map keyed by the id pair.
 */
interface FeatureTable {
  tokenIds: Map<string, number>;
  tokenCount: number;
  /** Token id → its role in the feature walk (see features.ts `tokenRole`). */
  role: Uint8Array;
  /** Token id → row of its unigram / negation twin, −1 if the model has none. */
  wordRow: Int32Array;
  negatedRow: Int32Array;
  /** first id · tokenCount + second id → row. */
  pairRow: Map<number, number>;
  lexRows: { positive: number; negative: number; none: number };
  kind: Uint8Array;
  /** Row → id of its readable form ("tidak puas", "terima kasih"; a negation twin's without its negator). */
  shownId: Int32Array;
  shownText: string[];
  tally: TermTally;
}

function buildFeatureTable(names: readonly string[]): FeatureTable {
  const tokenIds = new Map<string, number>();
  const idOf = (token: string): number => {
    let id = tokenIds.get(token);
    if (id === undefined) {
      id = tokenIds.size;
      tokenIds.set(token, id);
    }
    return id;
  };
  const parsed = names.map((name) => {
    if (name === LEX_POSITIVE) return { kind: RowKind.LexPositive, tokens: [] as number[] };
    if (name === LEX_NEGATIVE) return { kind: RowKind.LexNegative, tokens: [] as number[] };
    if (name === LEX_NONE) return { kind: RowKind.LexNone, tokens: [] as number[] };
    if (name.startsWith(NEGATED_PREFIX)) return { kind: RowKind.Negated, tokens: [idOf(name.slice(NEGATED_PREFIX.length))] };
    return { kind: RowKind.Ngram, tokens: name.split(' ').map(idOf) };
  });
  // TRICKY: every token with a role gets an id, so a token without one is a plain word (role 0).
  for (const token of ROLE_TOKENS) idOf(token);
  const tokenCount = tokenIds.size;
  const role = Uint8Array.from(tokenIds.keys(), tokenRole);
  const wordRow = new Int32Array(tokenCount).fill(-1);
  const negatedRow = new Int32Array(tokenCount).fill(-1);
  const pairRow = new Map<number, number>();
  const lexRows = { positive: -1, negative: -1, none: -1 };
  const kind = new Uint8Array(names.length);
  const shownIds = new Map<string, number>();
  const shownText: string[] = [];
  const shownId = new Int32Array(names.length);
  parsed.forEach(({ kind: k, tokens }, row) => {
    kind[row] = k;
    const name = names[row] as string;
    const text = displayToken(k === RowKind.Negated ? name.slice(NEGATED_PREFIX.length) : name);
    let id = shownIds.get(text);
    if (id === undefined) {
      id = shownText.push(text) - 1;
      shownIds.set(text, id);
    }
    shownId[row] = id;
    if (k === RowKind.LexPositive) lexRows.positive = row;
    else if (k === RowKind.LexNegative) lexRows.negative = row;
    else if (k === RowKind.LexNone) lexRows.none = row;
    else if (k === RowKind.Negated) negatedRow[tokens[0] as number] = row;
    else if (tokens.length === 1) wordRow[tokens[0] as number] = row;
    else pairRow.set((tokens[0] as number) * tokenCount + (tokens[1] as number), row);
  });
  return { tokenIds, tokenCount, role, wordRow, negatedRow, pairRow, lexRows, kind, shownId, shownText, tally: new TermTally(shownIds, shownText) };
}

/** The features one post hit: rows, their values and (negation twins) the negator's position. */
interface Hits {
  count: number;
  row: Int32Array;
  value: Float64Array;
  negator: Int32Array;
}

/**
 * Compiles a model file into a fast scorer. Per post it maps each token to an id once, then adds
 * the weight rows the feature walk reaches; no feature names or strings are built unless a term is
 * shown. The scorer keeps scratch arrays between calls, so it is not re-entrant (calls are synchronous).
 */
export function compileModel(model: SentimentModelFile): LinearScorer {
  const names = Object.keys(model.weights);
  const table = buildFeatureTable(names);
  const w = new Float64Array(names.length * K);
  // Each weight minus the feature's mean weight: its pull towards one class against the others.
  const pullOf = new Float64Array(names.length * K);
  names.forEach((name, i) => {
    const [a, b, c] = model.weights[name] as [number, number, number];
    const mean = (a + b + c) / K;
    w.set([a, b, c], i * K);
    pullOf.set([a - mean, b - mean, c - mean], i * K);
  });
  const [b0, b1, b2] = model.bias;
  const settings = model.hyperparameters.features;

  let ids = new Int32Array(256);
  let roles = new Uint8Array(256);
  // A row counts once per post: `seen[row] === epoch` marks rows already added for this post.
  const seen = new Int32Array(names.length);
  let epoch = 0;
  const hits: Hits = { count: 0, row: new Int32Array(64), value: new Float64Array(64), negator: new Int32Array(64) };
  const logits = new Float64Array(K);

  const add = (row: number, value: number, negator: number): void => {
    if (row < 0 || seen[row] === epoch) return;
    seen[row] = epoch;
    const o = row * K;
    logits[0] = (logits[0] as number) + value * (w[o] as number);
    logits[1] = (logits[1] as number) + value * (w[o + 1] as number);
    logits[2] = (logits[2] as number) + value * (w[o + 2] as number);
    if (hits.count === hits.row.length) growHits(hits);
    hits.row[hits.count] = row;
    hits.value[hits.count] = value;
    hits.negator[hits.count] = negator;
    hits.count++;
  };
  const visitor: FeatureVisitor = {
    word(at) {
      const id = ids[at] as number;
      if (id >= 0) add(table.wordRow[id] as number, 1, -1);
    },
    pair(first, second) {
      const a = ids[first] as number;
      const b = ids[second] as number;
      if (a < 0 || b < 0) return;
      const row = table.pairRow.get(a * table.tokenCount + b);
      if (row !== undefined) add(row, 1, -1);
    },
    negated(at, negator) {
      const id = ids[at] as number;
      if (id >= 0) add(table.negatedRow[id] as number, 1, negator);
    },
  };

  return {
    modelVersion: model.modelVersion,
    lexiconFingerprint: model.lexiconFingerprint,
    settings,
    score(text: string, maxTerms = 8): LinearVerdict {
      const reading = readLexicon(text);
      const { tokens } = reading;
      if (tokens.length > ids.length) {
        ids = new Int32Array(tokens.length * 2);
        roles = new Uint8Array(tokens.length * 2);
      }
      for (let i = 0; i < tokens.length; i++) {
        const id = table.tokenIds.get(tokens[i] as string) ?? -1;
        ids[i] = id;
        roles[i] = id < 0 ? 0 : (table.role[id] as number);
      }
      if (++epoch === 0x7fffffff) {
        seen.fill(0);
        epoch = 1;
      }
      hits.count = 0;
      logits[0] = b0;
      logits[1] = b1;
      logits[2] = b2;
      walkFeatures(roles, tokens.length, settings, visitor);
      const lex = lexiconValues(reading.terms, settings);
      if (lex.positive > 0) add(table.lexRows.positive, lex.positive, -1);
      if (lex.negative > 0) add(table.lexRows.negative, lex.negative, -1);
      if (lex.none > 0) add(table.lexRows.none, lex.none, -1);

      const l0 = logits[0] as number;
      const l1 = logits[1] as number;
      const l2 = logits[2] as number;
      const max = Math.max(l0, l1, l2);
      const e0 = Math.exp(l0 - max);
      const e1 = Math.exp(l1 - max);
      const e2 = Math.exp(l2 - max);
      const sum = e0 + e1 + e2;
      const [pPos, pNeg, pNeu] = [e0 / sum, e1 / sum, e2 / sum];
      const best = pPos >= pNeg && pPos >= pNeu ? 0 : pNeg >= pNeu ? 1 : 2;
      const label = MODEL_LABELS[best] as SentimentLabel;
      return {
        label,
        score: round(pPos - pNeg),
        probabilities: { positive: round(pPos), negative: round(pNeg), neutral: round(pNeu) },
        terms: maxTerms > 0 ? explain(table, pullOf, hits, reading, best, maxTerms) : [],
      };
    },
  };
}

function growHits(hits: Hits): void {
  const size = hits.row.length * 2;
  const row = new Int32Array(size);
  const value = new Float64Array(size);
  const negator = new Int32Array(size);
  row.set(hits.row);
  value.set(hits.value);
  negator.set(hits.negator);
  Object.assign(hits, { row, value, negator });
}

/**
 * Sums the pull of each shown term for one post. Terms the model knows are interned at compile
 * time (an id per readable form), so n-gram hits add into an array without building strings; only
 * lexicon terms and negation twins ("tidak … puas") are looked up by text.
 */
class TermTally {
  private readonly amount: Float64Array;
  private readonly stamp: Int32Array;
  private epoch = 0;
  private touched: number[] = [];
  /** Texts of this post's terms the table does not know, with ids from `known.size` up. */
  private extra: string[] = [];

  constructor(
    private readonly known: ReadonlyMap<string, number>,
    private readonly texts: readonly string[],
    maxExtra = 4096,
  ) {
    this.amount = new Float64Array(known.size + maxExtra);
    this.stamp = new Int32Array(known.size + maxExtra);
  }

  reset(): void {
    this.epoch++;
    this.touched.length = 0;
    this.extra.length = 0;
  }

  add(id: number, amount: number): void {
    if (this.stamp[id] !== this.epoch) {
      this.stamp[id] = this.epoch;
      this.amount[id] = 0;
      this.touched.push(id);
    }
    this.amount[id] = (this.amount[id] as number) + amount;
  }

  addText(text: string, amount: number): void {
    let id = this.known.get(text);
    if (id === undefined) {
      const at = this.extra.indexOf(text);
      if (at < 0 && this.known.size + this.extra.length >= this.amount.length) return; // absurdly many terms: drop the rest
      id = this.known.size + (at < 0 ? this.extra.push(text) - 1 : at);
    }
    this.add(id, amount);
  }

  private text(id: number): string {
    return id < this.known.size ? (this.texts[id] as string) : (this.extra[id - this.known.size] as string);
  }

  /** The `k` largest sums above `floor`, largest first (ties: alphabetical), signed by `sign`. */
  top(k: number, floor: number, sign: number): SentimentTerm[] {
    // NOTE: an insertion into the k best so far; a post touches a few dozen terms and keeps 8.
    const best: number[] = [];
    for (const id of this.touched) {
      if (!((this.amount[id] as number) > floor)) continue;
      let at = best.length;
      while (at > 0 && this.ranksBefore(id, best[at - 1] as number)) at--;
      if (at >= k) continue;
      // Shift the worse ones down a place (the last falls off when all k are taken); splice is slower.
      if (best.length < k) best.push(id);
      for (let j = best.length - 1; j > at; j--) best[j] = best[j - 1] as number;
      best[at] = id;
    }
    return best.map((id) => ({ term: this.text(id), weight: round(sign * (this.amount[id] as number)) }));
  }

  /** Larger sum first; equal sums alphabetically (texts are distinct, so the order is total). */
  private ranksBefore(a: number, b: number): boolean {
    const x = this.amount[a] as number;
    const y = this.amount[b] as number;
    return x !== y ? x > y : this.text(a) < this.text(b);
  }
}

/**
 * The features that pulled hardest towards class `best`: value · (w_best − mean w), summed per
 * shown term. The lexicon masses are sums of term weights, so their pull is shared out to the
 * lexicon terms in proportion. Weights carry the verdict's sign (negative for a negative verdict),
 * like the lexicon analyzer's terms.
 */
function explain(table: FeatureTable, pullOf: Float64Array, hits: Hits, reading: LexiconReading, best: number, maxTerms: number): SentimentTerm[] {
  const tally = table.tally;
  tally.reset();
  for (let h = 0; h < hits.count; h++) {
    const row = hits.row[h] as number;
    const amount = (hits.value[h] as number) * (pullOf[row * K + best] as number);
    const kind = table.kind[row] as RowKind;
    if (amount <= 0.001 || kind === RowKind.LexNone) continue;
    if (kind === RowKind.LexPositive || kind === RowKind.LexNegative) {
      const positive = kind === RowKind.LexPositive;
      let mass = 0;
      for (const hit of reading.terms) if (hit.weight > 0 === positive) mass += Math.abs(hit.weight);
      for (const hit of reading.terms) if (hit.weight > 0 === positive) tally.addText(hit.term, (amount * Math.abs(hit.weight)) / mass);
    } else if (kind === RowKind.Negated) {
      tally.addText(`${reading.tokens[hits.negator[h] as number]} … ${table.shownText[table.shownId[row] as number]}`, amount);
    } else {
      tally.add(table.shownId[row] as number, amount);
    }
  }
  return tally.top(maxTerms, 0.005, best === 1 ? -1 : 1);
}

const round = (n: number): number => Math.round(n * 100) / 100;

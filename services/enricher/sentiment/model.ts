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
import { LEX_NEGATIVE, LEX_NONE, LEX_POSITIVE, displayToken, extractFeatures, type FeatureSettings, type PostFeatures } from './features';

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

/** Compiles a model file into a fast scorer (one Float64Array, one Map of feature → row). */
export function compileModel(model: SentimentModelFile): LinearScorer {
  const index = new Map<string, number>();
  const names = Object.keys(model.weights);
  const w = new Float64Array(names.length * K);
  // Each weight minus the feature's mean weight: its pull towards one class against the others.
  const pullOf = new Float64Array(names.length * K);
  names.forEach((name, i) => {
    index.set(name, i);
    const [a, b, c] = model.weights[name] as [number, number, number];
    const mean = (a + b + c) / K;
    w.set([a, b, c], i * K);
    pullOf.set([a - mean, b - mean, c - mean], i * K);
  });
  const [b0, b1, b2] = model.bias;
  const settings = model.hyperparameters.features;

  return {
    modelVersion: model.modelVersion,
    lexiconFingerprint: model.lexiconFingerprint,
    settings,
    score(text: string, maxTerms = 8): LinearVerdict {
      const feats = extractFeatures(text, settings);
      let l0 = b0;
      let l1 = b1;
      let l2 = b2;
      const hits: { name: string; value: number; row: number }[] = [];
      for (const [name, value] of feats.values) {
        const row = index.get(name);
        if (row === undefined) continue;
        const o = row * K;
        l0 += value * (w[o] as number);
        l1 += value * (w[o + 1] as number);
        l2 += value * (w[o + 2] as number);
        hits.push({ name, value, row });
      }
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
        terms: maxTerms > 0 ? explain(feats, hits, pullOf, best, maxTerms) : [],
      };
    },
  };
}

/**
 * The features that pulled hardest towards class `best`: value · (w_best − mean w), summed per
 * shown term. The lexicon masses are sums of term weights, so their pull is shared out to the
 * lexicon terms in proportion. Weights carry the verdict's sign (negative for a negative verdict),
 * like the lexicon analyzer's terms.
 */
function explain(
  feats: PostFeatures,
  hits: readonly { name: string; value: number; row: number }[],
  pullOf: Float64Array,
  best: number,
  maxTerms: number,
): SentimentTerm[] {
  const pull = new Map<string, number>();
  const add = (term: string, amount: number): void => {
    pull.set(term, (pull.get(term) ?? 0) + amount);
  };
  for (const { name, value, row } of hits) {
    const amount = value * (pullOf[row * K + best] as number);
    if (amount <= 0.001 || name === LEX_NONE) continue;
    if (name === LEX_POSITIVE || name === LEX_NEGATIVE) {
      const positive = name === LEX_POSITIVE;
      let mass = 0;
      for (const h of feats.lexiconHits) if (h.weight > 0 === positive) mass += Math.abs(h.weight);
      for (const h of feats.lexiconHits) if (h.weight > 0 === positive) add(h.term, (amount * Math.abs(h.weight)) / mass);
    } else {
      add(feats.shown.get(name) ?? displayToken(name), amount);
    }
  }
  const sign = best === 1 ? -1 : 1;
  return [...pull.entries()]
    .filter(([, amount]) => amount > 0.005)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([term, amount]) => ({ term, weight: round(sign * amount) }));
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((s, e) => s + e, 0);
  return exps.map((e) => e / sum);
}

const round = (n: number): number => Math.round(n * 100) / 100;

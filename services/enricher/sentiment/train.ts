/**
 * Fits the linear sentiment model (model.ts) on labelled rows plus analysts' corrections.
 *
 * Multinomial logistic regression, L2-regularised, class-weighted for the rare neutral label, fitted
 * by full-batch L-BFGS. There is no randomness: rows are visited in input order and features are
 * numbered in sorted order, so the same data and settings give a byte-identical model file.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SentimentLabel } from '../../../schemas/common';
import { scorePredictions } from './eval';
import { DEFAULT_FEATURE_SETTINGS, featureValues } from './features';
import { lexiconFingerprint } from './lexicon';
import {
  MODEL_FORMAT,
  MODEL_LABELS,
  compileModel,
  withModelVersion,
  type EvalSummary,
  type Hyperparameters,
  type SentimentModelFile,
} from './model';

export const TrainingRow = z.object({ text: z.string(), label: SentimentLabel });
export type TrainingRow = z.infer<typeof TrainingRow>;

/** An analyst's relabel of a stored post (`POST /api/posts/:id/label`), fed back into training. */
export const LabelCorrection = z.object({
  text: z.string(),
  label: SentimentLabel,
  postId: z.string().optional(),
  labelledBy: z.string().optional(),
  labelledAt: z.string().optional(),
});
export type LabelCorrection = z.infer<typeof LabelCorrection>;

/** Chosen on dev.jsonl (see the report in the model file's devMetrics). */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  l2: 3e-4,
  lexiconL2Factor: 1,
  classWeightPower: 0.5,
  minCount: 2,
  maxIterations: 300,
  correctionWeight: 2,
  pruneBelow: 0.002,
  features: DEFAULT_FEATURE_SETTINGS,
};

export interface TrainInput {
  rows: readonly TrainingRow[];
  /** Override a dataset row with the same text (see `dedupeKey`), or add a new one. */
  corrections?: readonly LabelCorrection[];
  hyperparameters?: Partial<Hyperparameters>;
  /** Scored after fitting and recorded in the file; never used for fitting. */
  dev?: readonly TrainingRow[];
  /** Attribution recorded in the file. */
  source?: string;
  /** Called every few iterations with the loss, for a CLI progress line. */
  onProgress?: (iteration: number, loss: number) => void;
}

export interface WeightedRow extends TrainingRow {
  weight: number;
  fromCorrection: boolean;
}

/** The key two texts share when they are the same post: lowercase, letters and digits only. */
export function dedupeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Rows with corrections applied: a correction replaces every row with the same key (the analyst's
 * label wins), otherwise it is appended; the latest correction of a text wins. Order is kept.
 */
export function applyCorrections(
  rows: readonly TrainingRow[],
  corrections: readonly LabelCorrection[],
  correctionWeight: number,
): { rows: WeightedRow[]; replaced: number; added: number } {
  const latest = new Map<string, LabelCorrection>();
  for (const c of corrections) latest.set(dedupeKey(c.text), c);
  const out: WeightedRow[] = [];
  const used = new Set<string>();
  let replaced = 0;
  for (const row of rows) {
    const key = dedupeKey(row.text);
    const fix = latest.get(key);
    if (fix === undefined) {
      out.push({ text: row.text, label: row.label, weight: 1, fromCorrection: false });
      continue;
    }
    replaced++;
    if (used.has(key)) continue; // one copy of a corrected text is enough
    used.add(key);
    out.push({ text: fix.text, label: fix.label, weight: correctionWeight, fromCorrection: true });
  }
  let added = 0;
  for (const [key, fix] of latest) {
    if (used.has(key)) continue;
    added++;
    out.push({ text: fix.text, label: fix.label, weight: correctionWeight, fromCorrection: true });
  }
  return { rows: out, replaced, added };
}

export function dataSha256(rows: readonly WeightedRow[]): string {
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.label}\t${r.weight}\t${r.text}\n`);
  return hash.digest('hex');
}

/** Sparse design matrix in CSR form. */
interface Design {
  names: string[];
  offsets: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  y: Int32Array;
  rowWeight: Float64Array;
}

function buildDesign(rows: readonly WeightedRow[], hp: Hyperparameters): Design {
  const docs = rows.map((r) => featureValues(r.text, hp.features));
  const counts = new Map<string, number>();
  for (const d of docs) for (const name of d.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  // Aggregate lexicon features (#…) are kept whatever their count.
  const names = [...counts.entries()]
    .filter(([name, c]) => c >= hp.minCount || name.startsWith('#'))
    .map(([name]) => name)
    .sort();
  const index = new Map(names.map((n, i) => [n, i]));

  const labelCounts = MODEL_LABELS.map((l) => rows.reduce((s, r) => s + (r.label === l ? r.weight : 0), 0));
  const total = labelCounts.reduce((s, c) => s + c, 0);
  const classWeight = labelCounts.map((c) => (c === 0 ? 0 : (total / (MODEL_LABELS.length * c)) ** hp.classWeightPower));

  const offsets = new Int32Array(rows.length + 1);
  const cols: number[] = [];
  const values: number[] = [];
  const y = new Int32Array(rows.length);
  const rowWeight = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const entries = [...(docs[i] as Map<string, number>).entries()]
      .map(([name, v]) => [index.get(name), v] as const)
      .filter((e): e is readonly [number, number] => e[0] !== undefined)
      .sort((a, b) => a[0] - b[0]);
    for (const [c, v] of entries) {
      cols.push(c);
      values.push(v);
    }
    offsets[i + 1] = cols.length;
    const k = MODEL_LABELS.indexOf(r.label);
    y[i] = k;
    rowWeight[i] = r.weight * (classWeight[k] as number);
  });
  return { names, offsets, cols: Int32Array.from(cols), values: Float64Array.from(values), y, rowWeight };
}

const K = MODEL_LABELS.length;

/** Weighted mean cross-entropy + l2/2 · |W|² and its gradient; params = [W (F×K) | bias (K)]. */
function objective(d: Design, l2: number, lexiconL2: number, params: Float64Array, grad: Float64Array): number {
  const F = d.names.length;
  grad.fill(0);
  let totalWeight = 0;
  for (let i = 0; i < d.y.length; i++) totalWeight += d.rowWeight[i] as number;
  let loss = 0;
  const logits = new Float64Array(K);
  for (let i = 0; i < d.y.length; i++) {
    for (let k = 0; k < K; k++) logits[k] = params[F * K + k] as number;
    const start = d.offsets[i] as number;
    const end = d.offsets[i + 1] as number;
    for (let j = start; j < end; j++) {
      const base = (d.cols[j] as number) * K;
      const v = d.values[j] as number;
      for (let k = 0; k < K; k++) logits[k] = (logits[k] as number) + v * (params[base + k] as number);
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logits[k] as number);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp((logits[k] as number) - max);
    const yi = d.y[i] as number;
    const rw = (d.rowWeight[i] as number) / totalWeight;
    loss += rw * (Math.log(sum) + max - (logits[yi] as number));
    for (let k = 0; k < K; k++) {
      const p = Math.exp((logits[k] as number) - max) / sum;
      const diff = rw * (p - (k === yi ? 1 : 0));
      grad[F * K + k] = (grad[F * K + k] as number) + diff;
      for (let j = start; j < end; j++) {
        const idx = (d.cols[j] as number) * K + k;
        grad[idx] = (grad[idx] as number) + diff * (d.values[j] as number);
      }
    }
  }
  for (let f = 0; f < F; f++) {
    const penalty = (d.names[f] as string).startsWith('#') ? lexiconL2 : l2;
    for (let p = f * K; p < f * K + K; p++) {
      const wv = params[p] as number;
      loss += 0.5 * penalty * wv * wv;
      grad[p] = (grad[p] as number) + penalty * wv;
    }
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** Plain L-BFGS (memory 10) with a backtracking Armijo line search; deterministic. */
export function minimiseLbfgs(
  f: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  maxIterations: number,
  onProgress?: (iteration: number, loss: number) => void,
): { x: Float64Array; loss: number; iterations: number } {
  const n = x0.length;
  const m = 10;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  let iter = 0;
  for (; iter < maxIterations; iter++) {
    // Two-loop recursion: direction = −H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let i = sList.length - 1; i >= 0; i--) {
      const a = (rho[i] as number) * dot(sList[i] as Float64Array, q);
      alpha[i] = a;
      const yi = yList[i] as Float64Array;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) - a * (yi[j] as number);
    }
    const last = sList.length - 1;
    const gamma = last >= 0 ? dot(sList[last] as Float64Array, yList[last] as Float64Array) / dot(yList[last] as Float64Array, yList[last] as Float64Array) : 1 / Math.sqrt(dot(g, g));
    for (let j = 0; j < n; j++) q[j] = (q[j] as number) * gamma;
    for (let i = 0; i < sList.length; i++) {
      const b = (rho[i] as number) * dot(yList[i] as Float64Array, q);
      const si = sList[i] as Float64Array;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) + (si[j] as number) * ((alpha[i] as number) - b);
    }
    const dir = q.map((v) => -v);
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (curvature went stale): restart from steepest descent.
      sList.length = 0;
      yList.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) dir[j] = -(g[j] as number);
      slope = dot(g, dir);
    }
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) xNew[j] = (x[j] as number) + step * (dir[j] as number);
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx)) break;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = (xNew[j] as number) - (x[j] as number);
      yv[j] = (gNew[j] as number) - (g[j] as number);
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(yv);
      rho.push(1 / sy);
      if (sList.length > m) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
    }
    const improvement = fx - fNew;
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    fx = fNew;
    if (onProgress && iter % 25 === 0) onProgress(iter, fx);
    if (improvement < 1e-9 * Math.max(1, Math.abs(fx))) {
      iter++;
      break;
    }
  }
  return { x, loss: fx, iterations: iter };
}

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

/** Fits a model and returns the file body (write it with `serialiseModel`). */
export function trainSentimentModel(input: TrainInput): SentimentModelFile {
  const hp: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    ...input.hyperparameters,
    features: { ...DEFAULT_HYPERPARAMETERS.features, ...input.hyperparameters?.features },
  };
  const { rows, replaced, added } = applyCorrections(input.rows, input.corrections ?? [], hp.correctionWeight);
  if (rows.length === 0) throw new Error('tidak ada baris latih');
  for (const l of MODEL_LABELS) {
    if (!rows.some((r) => r.label === l)) throw new Error(`tidak ada baris latih berlabel ${l}`);
  }
  const design = buildDesign(rows, hp);
  const F = design.names.length;
  const result = minimiseLbfgs(
    (x, g) => objective(design, hp.l2, hp.l2 * hp.lexiconL2Factor, x, g),
    new Float64Array((F + 1) * K),
    hp.maxIterations,
    input.onProgress,
  );

  const weights: Record<string, [number, number, number]> = {};
  design.names.forEach((name, i) => {
    const triple = [0, 1, 2].map((k) => round4(result.x[i * K + k] as number)) as [number, number, number];
    if (triple.some((v) => Math.abs(v) >= hp.pruneBelow)) weights[name] = triple;
  });
  const bias = [0, 1, 2].map((k) => round4(result.x[F * K + k] as number)) as [number, number, number];
  const labelCounts = Object.fromEntries(MODEL_LABELS.map((l) => [l, rows.filter((r) => r.label === l).length])) as Record<SentimentLabel, number>;

  const draft = withModelVersion({
    format: MODEL_FORMAT,
    formatVersion: 1,
    labels: [...MODEL_LABELS],
    lexiconFingerprint: lexiconFingerprint(),
    training: {
      dataSha256: dataSha256(rows),
      rows: rows.length,
      corrections: replaced + added,
      labelCounts,
      source: input.source ?? 'unspecified',
      iterations: result.iterations,
      finalLoss: round4(result.loss),
    },
    hyperparameters: hp,
    devMetrics: null,
    bias,
    weights,
  });
  if (!input.dev || input.dev.length === 0) return draft;
  const { weights: w, modelVersion: _draftVersion, ...head } = draft;
  return withModelVersion({ ...head, devMetrics: evaluateModel(draft, input.dev), weights: w });
}

/** Accuracy, macro-F1 and per-label scores of a model file on labelled rows. */
export function evaluateModel(model: SentimentModelFile, rows: readonly TrainingRow[]): EvalSummary {
  const scorer = compileModel(model);
  const result = scorePredictions(
    rows.map((r) => r.label),
    rows.map((r) => scorer.score(r.text, 0).label),
  );
  return { n: result.n, accuracy: result.accuracy, macroF1: result.macroF1, perLabel: result.perLabel };
}

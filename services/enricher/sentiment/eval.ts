/**
 * Scores a sentiment analyzer against labelled rows (`dengar eval sentiment <file> --json`).
 * Macro-F1 averages the three labels equally, so a model that ignores "neutral" is penalised even
 * though neutral is the rarest label.
 */
import { z } from 'zod';
import { SentimentLabel } from '../../../schemas/common';
import { createSentimentAnalyzer, type SentimentAnalyzer } from './analyzer';

export const EvalRow = z.object({ text: z.string(), label: SentimentLabel });
export type EvalRow = z.infer<typeof EvalRow>;

const LABELS = SentimentLabel.options;
type Label = SentimentLabel;

export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SentimentEvaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<Label, LabelScore>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<Label, Record<Label, number>>;
}

/** Evaluates `analyzer` (by default the production one: lexicon + linear model) on rows of `{text, label}`. */
export function evaluateSentiment(rows: readonly EvalRow[], analyzer: SentimentAnalyzer = createSentimentAnalyzer()): SentimentEvaluation {
  const predictions = rows.map((r) => analyzer.analyze(r.text).label);
  return scorePredictions(
    rows.map((r) => r.label),
    predictions,
  );
}

export function scorePredictions(gold: readonly Label[], predicted: readonly Label[]): SentimentEvaluation {
  const confusion = Object.fromEntries(
    LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))]),
  ) as Record<Label, Record<Label, number>>;
  gold.forEach((g, i) => {
    const p = predicted[i] as Label;
    confusion[g][p] += 1;
  });

  const n = gold.length;
  const correct = LABELS.reduce((sum, l) => sum + confusion[l][l], 0);
  const perLabel = Object.fromEntries(
    LABELS.map((l) => {
      const tp = confusion[l][l];
      const support = LABELS.reduce((s, p) => s + confusion[l][p], 0);
      const predictedCount = LABELS.reduce((s, g) => s + confusion[g][l], 0);
      const precision = predictedCount === 0 ? 0 : tp / predictedCount;
      const recall = support === 0 ? 0 : tp / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [l, { precision: round(precision), recall: round(recall), f1: round(f1), support }];
    }),
  ) as Record<Label, LabelScore>;
  const macroF1 = LABELS.reduce((s, l) => s + perLabel[l].f1, 0) / LABELS.length;
  return { n, accuracy: round(n === 0 ? 0 : correct / n), macroF1: round(macroF1), perLabel, confusion };
}

/**
 * Parses JSONL eval rows. Bad lines are returned with their line number and reason instead of
 * throwing, so the CLI can report them.
 */
export function parseEvalJsonl(content: string): { rows: EvalRow[]; errors: { line: number; reason: string }[] } {
  const rows: EvalRow[] = [];
  const errors: { line: number; reason: string }[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: i + 1, reason: 'bukan JSON yang valid' });
      return;
    }
    const parsed = EvalRow.safeParse(value);
    if (parsed.success) rows.push(parsed.data);
    else errors.push({ line: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || '(baris)'}: ${x.message}`).join('; ') });
  });
  return { rows, errors };
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

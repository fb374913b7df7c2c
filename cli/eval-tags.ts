/**
 * `dengar eval tags [file.jsonl] [--json]`: precision, recall and F1 of the topic and region taggers
 * per tag, with micro and macro averages, on a labelled JSONL set of
 * `{"text", "topics": [...], "regions": [...]}` (default: tests/fixtures/tags/tags-eval.jsonl).
 * Bad lines go to stderr with their line number and are skipped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../lib/config';
import { tokensForMatch } from '../lib/domain/match';
import { REGION_IDS, matchRegions } from '../lib/domain/regions';
import { TOPIC_IDS, matchTopics } from '../lib/domain/topics';
import { cleanFeedText } from '../services/enricher/steps/normalise';

export const DEFAULT_TAGS_EVAL_FILE = 'tests/fixtures/tags/tags-eval.jsonl';

export const TagEvalRow = z.object({
  text: z.string().min(1, 'teks kosong'),
  topics: z.array(z.enum(TOPIC_IDS)),
  regions: z.array(z.enum(REGION_IDS)),
});
export type TagEvalRow = z.infer<typeof TagEvalRow>;

export interface TagScore {
  tag: string;
  /** Gold posts carrying the tag. */
  support: number;
  predicted: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TagFamilyScore {
  perTag: TagScore[];
  micro: { precision: number; recall: number; f1: number };
  /** Mean over tags that occur in the gold set or the predictions. */
  macro: { precision: number; recall: number; f1: number };
  /** Share of posts whose predicted set equals the gold set exactly. */
  exactMatch: number;
}

export interface TagEvaluation {
  n: number;
  topics: TagFamilyScore;
  regions: TagFamilyScore;
}

export type Tagger = (text: string) => { topics: readonly string[]; regions: readonly string[] };

/** The enricher's own reading: cleaned text, then the dictionary matchers of lib/domain. */
export const enricherTagger: Tagger = (text) => {
  const tokens = tokensForMatch(cleanFeedText(text));
  return { topics: matchTopics(tokens), regions: matchRegions(tokens) };
};

export function parseTagEvalJsonl(content: string): { rows: TagEvalRow[]; errors: { line: number; reason: string }[] } {
  const rows: TagEvalRow[] = [];
  const errors: { line: number; reason: string }[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ line: i + 1, reason: 'bukan JSON yang valid' });
      return;
    }
    const parsed = TagEvalRow.safeParse(value);
    if (parsed.success) rows.push(parsed.data);
    else errors.push({ line: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || '(baris)'}: ${x.message}`).join('; ') });
  });
  return { rows, errors };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const round = (n: number): number => Math.round(n * 10000) / 10000;

export function scoreTagSets(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): TagFamilyScore {
  const counts = new Map<string, { support: number; predicted: number; tp: number }>();
  const entry = (tag: string) => {
    let c = counts.get(tag);
    if (!c) counts.set(tag, (c = { support: 0, predicted: 0, tp: 0 }));
    return c;
  };
  let exact = 0;
  gold.forEach((g, i) => {
    const goldSet = new Set(g);
    const predSet = new Set(predicted[i] ?? []);
    for (const t of goldSet) entry(t).support++;
    for (const t of predSet) {
      const c = entry(t);
      c.predicted++;
      if (goldSet.has(t)) c.tp++;
    }
    if (goldSet.size === predSet.size && [...goldSet].every((t) => predSet.has(t))) exact++;
  });
  const perTag: TagScore[] = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, c]) => {
      const precision = ratio(c.tp, c.predicted);
      const recall = ratio(c.tp, c.support);
      return { tag, ...c, precision: round(precision), recall: round(recall), f1: round(f1Of(precision, recall)) };
    });
  const tp = perTag.reduce((s, t) => s + t.tp, 0);
  const microP = ratio(tp, perTag.reduce((s, t) => s + t.predicted, 0));
  const microR = ratio(tp, perTag.reduce((s, t) => s + t.support, 0));
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  // Macro F1 is the mean of per-tag F1 (not F1 of the mean P and R), the usual reading.
  const raw = [...counts.values()].map((c) => {
    const p = ratio(c.tp, c.predicted);
    const r = ratio(c.tp, c.support);
    return { p, r, f: f1Of(p, r) };
  });
  return {
    perTag,
    micro: { precision: round(microP), recall: round(microR), f1: round(f1Of(microP, microR)) },
    macro: { precision: round(mean(raw.map((x) => x.p))), recall: round(mean(raw.map((x) => x.r))), f1: round(mean(raw.map((x) => x.f))) },
    exactMatch: round(ratio(exact, gold.length)),
  };
}

export function evaluateTags(rows: readonly TagEvalRow[], tagger: Tagger = enricherTagger): TagEvaluation {
  const predictions = rows.map((r) => tagger(r.text));
  return {
    n: rows.length,
    topics: scoreTagSets(rows.map((r) => r.topics), predictions.map((p) => p.topics)),
    regions: scoreTagSets(rows.map((r) => r.regions), predictions.map((p) => p.regions)),
  };
}

function formatFamily(name: string, s: TagFamilyScore): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [
    `${name}: micro P=${pct(s.micro.precision)} R=${pct(s.micro.recall)} F1=${pct(s.micro.f1)} · macro F1=${pct(s.macro.f1)} · tepat sama=${pct(s.exactMatch)}`,
    ...s.perTag.map((t) => `  ${t.tag.padEnd(22)} P=${pct(t.precision)} R=${pct(t.recall)} F1=${pct(t.f1)} (gold ${t.support}, prediksi ${t.predicted})`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function evalTagsCommand(file: string | undefined, opts: { json?: boolean }): Promise<void> {
  const target = file ? path.resolve(file) : path.resolve(PACKAGE_ROOT, DEFAULT_TAGS_EVAL_FILE);
  let content: string;
  try {
    content = readFileSync(target, 'utf8');
  } catch (err) {
    throw new Error(`${target} tidak dapat dibaca: ${(err as Error).message}`);
  }
  const { rows, errors } = parseTagEvalJsonl(content);
  for (const e of errors) process.stderr.write(`baris ${e.line}: ${e.reason}\n`);
  if (rows.length === 0) throw new Error(`${target}: tidak ada baris berlabel yang valid`);
  const result = evaluateTags(rows);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`n=${result.n}\n${formatFamily('topik', result.topics)}${formatFamily('wilayah', result.regions)}`);
}

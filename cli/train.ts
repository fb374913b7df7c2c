/**
 * `dengar train [--out models/sentiment-id.json] [--train …] [--dev …] [--json]`: refits the sentiment
 * model on the SmSA training rows plus the analysts' corrections (`POST /api/posts/:id/label`), read
 * from the labels store with the post text from the post store. Prints the dev figures and the new
 * model version; the enricher picks the new file up at its next start, and
 * `dengar reenrich --since …` rescores stored posts with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../lib/config';
import { openStores } from '../lib/runtime';
import type { PostStore } from '../lib/store/post-store';
import { openControlPlaneFor } from '../services/api/control/control-plane';
import type { LabelStore, PostLabel } from '../services/api/labels/label-store';
import { contentText } from '../services/enricher/steps/content';
import { parseEvalJsonl } from '../services/enricher/sentiment/eval';
import { defaultModelPath, loadModelFile, serialiseModel, type Hyperparameters, type SentimentModelFile } from '../services/enricher/sentiment/model';
import { trainSentimentModel, type LabelCorrection, type TrainingRow } from '../services/enricher/sentiment/train';
import { commandContext } from './context';

// Same attribution as npm run train:sentiment: with no corrections both write the same file (same modelVersion).
const SOURCE = 'SmSA (IndoNLU, Wilie et al. 2020; Purwarianti & Crisdayanti 2019), CC-BY-SA 4.0';
const DEFAULT_TRAIN = '../shared/data/sentiment/train.jsonl';
const DEFAULT_DEV = '../shared/data/sentiment/dev.jsonl';

export interface CollectedCorrections {
  corrections: LabelCorrection[];
  /** Posts whose correction could not be used (post gone from the store: retention, deletion). */
  missing: string[];
}

/**
 * The sentiment corrections in force: the newest label row of each post (rows carry earlier
 * corrections forward), skipping posts whose newest row corrects only topics. The text is the one
 * the enricher scored (title + body), so training sees what the analyzer sees.
 */
export async function collectCorrections(deps: { store: PostStore; labels: LabelStore }, pageSize = 5000): Promise<CollectedCorrections> {
  const newest = new Map<string, PostLabel>();
  let afterSeq = 0;
  for (;;) {
    const page = await deps.labels.listLabels({ afterSeq, limit: pageSize });
    for (const l of page) newest.set(l.postId, l);
    if (page.length < pageSize) break;
    afterSeq = page[page.length - 1]!.seq;
  }
  const corrections: LabelCorrection[] = [];
  const missing: string[] = [];
  // Oldest correction first: when two posts share a text, the later analyst's label wins in training.
  const ordered = [...newest.values()].filter((l) => l.sentiment !== null).sort((a, b) => a.seq - b.seq);
  for (const l of ordered) {
    const post = await deps.store.get(l.postId);
    if (!post) {
      missing.push(l.postId);
      continue;
    }
    corrections.push({ text: contentText(post), label: l.sentiment!, postId: l.postId, labelledBy: l.username, labelledAt: l.at });
  }
  return { corrections, missing };
}

export interface RetrainInput {
  rows: readonly TrainingRow[];
  dev?: readonly TrainingRow[];
  store: PostStore;
  labels: LabelStore;
  hyperparameters?: Partial<Hyperparameters>;
  onProgress?: (iteration: number, loss: number) => void;
}

/** Fits a model on `rows` plus the stored corrections; nothing is written. */
export async function retrainWithCorrections(input: RetrainInput): Promise<{ model: SentimentModelFile; corrections: number; missing: string[] }> {
  const { corrections, missing } = await collectCorrections(input);
  const model = trainSentimentModel({
    rows: input.rows,
    corrections,
    ...(input.dev ? { dev: input.dev } : {}),
    ...(input.hyperparameters ? { hyperparameters: input.hyperparameters } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    source: SOURCE,
  });
  return { model, corrections: corrections.length, missing };
}

function readRows(file: string, what: string): TrainingRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${what} ${file} tidak dapat dibaca: ${(err as Error).message}`);
  }
  const { rows, errors } = parseEvalJsonl(text);
  for (const e of errors) process.stderr.write(`${file} baris ${e.line}: ${e.reason}\n`);
  if (rows.length === 0) throw new Error(`${what} ${file} tidak berisi baris yang valid`);
  return rows;
}

/** Defaults live beside the repository (../shared/data), whatever the working directory. */
const fromRoot = (p: string): string => path.resolve(PACKAGE_ROOT, p);

function previousVersion(out: string): string | null {
  try {
    return loadModelFile(out).modelVersion;
  } catch {
    return null;
  }
}

export async function trainCommand(opts: { out?: string; train?: string; dev?: string; json?: boolean }): Promise<void> {
  const out = opts.out ? path.resolve(opts.out) : defaultModelPathOr(fromRoot('models/sentiment-id.json'));
  const rows = readRows(opts.train ? path.resolve(opts.train) : fromRoot(DEFAULT_TRAIN), 'data latih');
  const dev = readRows(opts.dev ? path.resolve(opts.dev) : fromRoot(DEFAULT_DEV), 'data dev');
  const { config } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  const { store, state } = openStores(config);
  const control = openControlPlaneFor(config);
  const started = Date.now();
  try {
    const before = previousVersion(out);
    const { model, corrections, missing } = await retrainWithCorrections({
      rows,
      dev,
      store,
      labels: control.labels,
      onProgress: (iteration, loss) => process.stderr.write(`latih: iterasi ${iteration}, loss ${loss.toFixed(4)}\n`),
    });
    for (const id of missing) process.stderr.write(`koreksi pos ${id} dilewati: pos tidak ada lagi di penyimpanan\n`);
    writeFileSync(out, serialiseModel(model));
    const summary = {
      out,
      modelVersion: model.modelVersion,
      previousModelVersion: before,
      changed: before !== model.modelVersion,
      rows: model.training.rows,
      corrections,
      dev: model.devMetrics ? { n: model.devMetrics.n, accuracy: model.devMetrics.accuracy, macroF1: model.devMetrics.macroF1 } : null,
      seconds: (Date.now() - started) / 1000,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const dm = summary.dev ? `dev macro-F1 ${summary.dev.macroF1.toFixed(3)}, akurasi ${summary.dev.accuracy.toFixed(3)} (n=${summary.dev.n})` : 'tanpa data dev';
      process.stdout.write(
        `Model ${model.modelVersion} ditulis ke ${out} (${summary.rows} baris, ${corrections} koreksi analis; ${dm}).\n` +
          (summary.changed ? `Versi sebelumnya: ${before ?? '(tidak ada)'}. Jalankan ulang enricher lalu \`dengar reenrich --since …\`.\n` : 'Model tidak berubah.\n'),
      );
    }
  } finally {
    await control.close();
    await state.close();
    await store.close();
  }
}

function defaultModelPathOr(fallback: string): string {
  try {
    return defaultModelPath();
  } catch {
    return fallback;
  }
}

/**
 * `npm run train:sentiment` — fits the linear sentiment model and writes the versioned model file.
 *
 *   node dist/cli/train-sentiment.js [--train path] [--dev path] [--corrections path] [--out path]
 *
 * Paths are relative to the working directory (the repository root under npm). Bad JSONL lines are
 * reported with their line number and skipped; a run with no usable rows fails with exit code 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseEvalJsonl } from '../services/enricher/sentiment/eval';
import { serialiseModel } from '../services/enricher/sentiment/model';
import { LabelCorrection, trainSentimentModel, type TrainingRow } from '../services/enricher/sentiment/train';

const DEFAULTS = {
  train: '../shared/data/sentiment/train.jsonl',
  dev: '../shared/data/sentiment/dev.jsonl',
  out: 'models/sentiment-id.json',
};
const SOURCE = 'SmSA (IndoNLU, Wilie et al. 2020; Purwarianti & Crisdayanti 2019), CC-BY-SA 4.0';

function readRows(path: string, what: string): TrainingRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${what} ${path} tidak dapat dibaca: ${(err as Error).message}`);
  }
  const { rows, errors } = parseEvalJsonl(text);
  for (const e of errors) process.stderr.write(`${path} baris ${e.line}: ${e.reason}\n`);
  return rows;
}

function readCorrections(path: string): LabelCorrection[] {
  const out: LabelCorrection[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        process.stderr.write(`${path} baris ${i + 1}: bukan JSON yang valid\n`);
        return;
      }
      const parsed = LabelCorrection.safeParse(value);
      if (parsed.success) out.push(parsed.data);
      else process.stderr.write(`${path} baris ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}\n`);
    });
  return out;
}

export function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      train: { type: 'string', default: DEFAULTS.train },
      dev: { type: 'string', default: DEFAULTS.dev },
      out: { type: 'string', default: DEFAULTS.out },
      corrections: { type: 'string' },
    },
  });
  const started = Date.now();
  const rows = readRows(values.train, 'data latih');
  const dev = values.dev === '' ? [] : readRows(values.dev, 'data dev');
  const corrections = values.corrections ? readCorrections(values.corrections) : [];
  const model = trainSentimentModel({
    rows,
    corrections,
    dev,
    source: SOURCE,
    onProgress: (iteration, loss) => process.stderr.write(`iterasi ${iteration}: loss ${loss.toFixed(4)}\n`),
  });
  writeFileSync(values.out, serialiseModel(model));
  const summary = {
    out: values.out,
    modelVersion: model.modelVersion,
    rows: model.training.rows,
    corrections: model.training.corrections,
    features: Object.keys(model.weights).length,
    dev: model.devMetrics,
    seconds: (Date.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`train:sentiment gagal: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

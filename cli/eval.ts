import { readFileSync } from 'node:fs';
import { evaluateSentiment, parseEvalJsonl } from '../services/enricher/sentiment/eval';

/**
 * `dengar eval sentiment <file.jsonl>`: accuracy, macro-F1, per label and the confusion matrix.
 * Bad rows are reported on stderr with their line and skipped, like an import.
 */
export async function evalSentimentCommand(file: string, opts: { json?: boolean }): Promise<void> {
  const { rows, errors } = parseEvalJsonl(readFileSync(file, 'utf8'));
  for (const e of errors) process.stderr.write(`baris ${e.line}: ${e.reason}\n`);
  const result = evaluateSentiment(rows);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`n=${result.n} akurasi=${result.accuracy.toFixed(3)} macro-F1=${result.macroF1.toFixed(3)}\n`);
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatZodError } from '../lib/zod-errors';
import { evaluateSentiment } from '../services/enricher/sentiment/eval';

const Row = z.object({ text: z.string(), label: z.enum(['positive', 'negative', 'neutral']) });

/** `dengar eval sentiment <file.jsonl>`: accuracy, macro-F1, per label and the confusion matrix. */
export async function evalSentimentCommand(file: string, opts: { json?: boolean }): Promise<void> {
  const rows: z.infer<typeof Row>[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const parsed = Row.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`baris ${i + 1}: ${formatZodError(parsed.error)}`);
      rows.push(parsed.data);
    });
  const result = evaluateSentiment(rows);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`n=${result.n} akurasi=${result.accuracy.toFixed(3)} macro-F1=${result.macroF1.toFixed(3)}\n`);
}

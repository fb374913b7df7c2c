import type { Bus } from '../../lib/bus/bus';
import { TOPICS } from '../../schemas/topics';
import type { ImportRecord } from './import-file';
import { toRawPostMessage } from './to-raw-post';

export interface ImportProgress {
  lines: number;
  imported: number;
  rejected: number;
}

export interface ImportOutcome extends ImportProgress {
  errors: { line: number; reason: string }[];
}

/**
 * Push import records through the pipeline in batches. Each batch counts as imported only once the
 * bus acknowledged it (embedded: the store has it); a few batches stay in flight so reading, enriching
 * and storing overlap. Bad lines are reported and skipped; they never stop the rest.
 */
export async function runImport(opts: {
  records: AsyncIterable<ImportRecord>;
  bus: Bus;
  origin: string;
  batchSize: number;
  maxInFlight?: number;
  onError?: (line: number, reason: string) => void;
  onProgress?: (p: ImportProgress) => void;
  now?: () => Date;
}): Promise<ImportOutcome> {
  const now = opts.now ?? (() => new Date());
  const maxInFlight = opts.maxInFlight ?? 3;
  const outcome: ImportOutcome = { lines: 0, imported: 0, rejected: 0, errors: [] };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let batch: ReturnType<typeof toRawPostMessage>[] = [];

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    const p = opts.bus
      .publish(TOPICS.raw, messages)
      .then(() => {
        outcome.imported += messages.length;
        opts.onProgress?.(outcome);
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  };

  for await (const record of opts.records) {
    if (failure) break;
    outcome.lines = record.line;
    if ('error' in record) {
      outcome.rejected++;
      if (outcome.errors.length < 1000) outcome.errors.push({ line: record.line, reason: record.error });
      opts.onError?.(record.line, record.error);
      continue;
    }
    batch.push(toRawPostMessage(record.post, opts.origin, now()));
    if (batch.length >= opts.batchSize) await flush();
  }
  if (!failure) await flush();
  await Promise.all(inFlight);
  if (failure) throw failure;
  return outcome;
}

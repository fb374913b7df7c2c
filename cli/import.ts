import path from 'node:path';
import { startRuntime } from '../lib/runtime';
import { formatFromName, openImportInput, readImportRecords } from '../services/collector/import-file';
import { runImport } from '../services/collector/import-runner';
import { commandContext } from './context';

/**
 * `dengar import <file>`: posts through the same pipeline as collected ones. Bad lines go to stderr
 * with their line number and reason; progress goes to stderr; `--json` puts only the totals on stdout.
 */
export async function importCommand(file: string, opts: { format?: 'jsonl' | 'csv'; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  // Embedded: this process enriches and stores what it imports. Kafka: it only publishes to
  // posts.raw, and the enricher and indexer services do the rest.
  const pipeline = await startRuntime(config, logger, config.mode.bus === 'memory' ? ['enricher', 'indexer'] : []);
  const started = Date.now();
  let lastProgress = 0;
  try {
    const outcome = await runImport({
      records: readImportRecords(openImportInput(file), opts.format ?? formatFromName(file)),
      bus: pipeline.bus,
      origin: `import:${file === '-' ? 'stdin' : path.basename(file)}`,
      batchSize: config.import.batchSize,
      onError: (line, reason) => process.stderr.write(`baris ${line}: ${reason}\n`),
      onProgress: (p) => {
        // One progress line every 2 s on long imports: people should see it moving.
        if (Date.now() - lastProgress < 2000) return;
        lastProgress = Date.now();
        const rate = Math.round(p.imported / Math.max(0.001, (Date.now() - started) / 1000));
        process.stderr.write(`impor: ${p.lines} baris dibaca, ${p.imported} tersimpan, ${p.rejected} ditolak (${rate} pos/dtk)\n`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (opts.json) process.stdout.write(`${JSON.stringify({ imported: outcome.imported, rejected: outcome.rejected })}\n`);
    else process.stdout.write(`Selesai dalam ${seconds} dtk: ${outcome.imported} pos diimpor, ${outcome.rejected} baris ditolak.\n`);
  } finally {
    await pipeline.shutdown.shutdown('import_done');
  }
}

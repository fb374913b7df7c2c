import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { formatZodError } from '../../lib/zod-errors';
import { RawPostInput } from '../../schemas';

/** One line of an import: a valid post, or the reason it was refused. */
export type ImportRecord = { line: number; post: RawPostInput } | { line: number; error: string };

export type ImportFormat = 'jsonl' | 'csv';

export function formatFromName(file: string): ImportFormat {
  return /\.csv$/i.test(file) ? 'csv' : 'jsonl';
}

export function openImportInput(file: string): Readable {
  return file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
}

/**
 * Read an export from another tool line by line, never holding the file in memory. JSON Lines
 * follow the import contract in design.md; CSV has a header with the same names, author and
 * engagement flattened (author_handle, likes, …). A bad line is a record with its reason.
 */
export async function* readImportRecords(input: Readable, format: ImportFormat): AsyncGenerator<ImportRecord> {
  if (format === 'jsonl') yield* readJsonl(input);
  else yield* readCsv(input);
}

async function* readJsonl(input: Readable): AsyncGenerator<ImportRecord> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, error: `JSON tidak valid (${(err as Error).message})` };
      continue;
    }
    yield validate(line, value);
  }
}

const CSV_NUMBERS = ['author_followers', 'likes', 'shares', 'replies', 'views'] as const;

async function* readCsv(input: Readable): AsyncGenerator<ImportRecord> {
  const parser = input.pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: false }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield validate(info.lines, csvRowToInput(record));
    }
  } catch (err) {
    // A broken quote makes the rest of a CSV unreadable: report where, keep what came before.
    const lines = (err as { lines?: number }).lines ?? 0;
    yield { line: lines, error: `CSV tidak dapat dibaca lagi dari baris ini (${(err as Error).message})` };
  }
}

function csvRowToInput(row: Record<string, string>): Record<string, unknown> {
  const v = (key: string): string | undefined => (row[key]?.trim() ? row[key]!.trim() : undefined);
  const num = (key: (typeof CSV_NUMBERS)[number]): number | string | undefined => {
    const raw = v(key);
    return raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : raw;
  };
  const author = { id: v('author_id'), handle: v('author_handle'), name: v('author_name'), followers: num('author_followers') };
  const engagement = { likes: num('likes'), shares: num('shares'), replies: num('replies'), views: num('views') };
  return {
    source: v('source'),
    sourceId: v('sourceId'),
    text: v('text'),
    createdAt: v('createdAt'),
    url: v('url'),
    title: v('title'),
    author: Object.values(author).some((x) => x !== undefined) ? author : undefined,
    engagement: Object.values(engagement).some((x) => x !== undefined) ? engagement : undefined,
    replyTo: v('replyTo'),
    lang: v('lang'),
  };
}

function validate(line: number, value: unknown): ImportRecord {
  const parsed = RawPostInput.safeParse(value);
  return parsed.success ? { line, post: parsed.data } : { line, error: formatZodError(parsed.error) };
}

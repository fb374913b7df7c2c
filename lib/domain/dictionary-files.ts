/**
 * The domain dictionaries as data: parsing with entry-naming errors, content versions, and the
 * shipped files in config/dictionaries/ (the default whenever no admin edit is stored).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DICTIONARY_SCHEMAS, type DictionaryData, type DictionaryKind } from '../../schemas/dictionary';
import { PACKAGE_ROOT } from '../config';
import { describeError } from '../errors';
import { formatZodError } from '../zod-errors';

export const DICTIONARY_DIR = path.join(PACKAGE_ROOT, 'config', 'dictionaries');

/** How an entry is named in an error: "topik 4 (banjir)". */
const ENTRY_NOUN: Record<string, string> = { topics: 'topik', regions: 'wilayah', officials: 'pejabat/instansi' };

/**
 * Parses one dictionary. On failure the ZodError keeps zod's paths (`topics.3.keywords.2`) and each
 * message also names the entry by number and id, because an admin finds "topik 4 (banjir)" in a
 * long JSON faster than index 3.
 */
export function parseDictionary<K extends DictionaryKind>(kind: K, input: unknown): DictionaryData[K] {
  const parsed = DICTIONARY_SCHEMAS[kind].safeParse(input);
  if (parsed.success) return parsed.data as DictionaryData[K];
  const issues = parsed.error.issues.map((issue) => {
    const [list, index] = issue.path;
    const noun = typeof list === 'string' ? ENTRY_NOUN[list] : undefined;
    if (typeof list !== 'string' || !noun || typeof index !== 'number') return issue;
    const entries = (input as Record<string, unknown>)[list];
    const id = Array.isArray(entries) ? (entries[index] as { id?: unknown } | undefined)?.id : undefined;
    const who = `${noun} ${index + 1}${typeof id === 'string' && id ? ` (${id})` : ''}`;
    return { ...issue, message: `${who}: ${issue.message}` };
  });
  throw new z.ZodError(issues);
}

/** `path: why; …` for a schema failure, a one-line description for anything else (bad JSON). */
export function describeDictionaryError(err: unknown): string {
  return err instanceof z.ZodError ? formatZodError(err) : describeError(err);
}

/** 12 hex of the SHA-256 of the parsed content (keys in schema order, so key order in the input does not matter). */
export function dictionaryVersion(data: DictionaryData[DictionaryKind]): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 12);
}

export interface VersionedDictionary<K extends DictionaryKind> {
  data: DictionaryData[K];
  version: string;
}

const shipped = new Map<DictionaryKind, VersionedDictionary<DictionaryKind>>();

/** The file shipped with this release, parsed once; a broken file stops the process at start, naming the field. */
export function shippedDictionary<K extends DictionaryKind>(kind: K): VersionedDictionary<K> {
  let entry = shipped.get(kind);
  if (!entry) {
    const file = path.join(DICTIONARY_DIR, `${kind}.json`);
    let data: DictionaryData[K];
    try {
      data = parseDictionary(kind, JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      throw new Error(`${file}: kamus tidak valid — ${describeDictionaryError(err)}`);
    }
    entry = { data, version: dictionaryVersion(data) };
    shipped.set(kind, entry);
  }
  return entry as VersionedDictionary<K>;
}

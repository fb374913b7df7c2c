/**
 * Which dictionaries this process tags and labels with. At start, the shipped files; an admin's
 * stored edit replaces one when `installDictionary` is called (dictionary-sync.ts polls the state
 * store for them). The stamp names the combination in use, so every enriched post records it.
 */
import { createHash } from 'node:crypto';
import type { DictionaryData, DictionaryKind } from '../../schemas/dictionary';
import { shippedDictionary, type VersionedDictionary } from './dictionary-files';
import { useOfficialDictionary } from './officials';
import { useRegionDictionary } from './regions';
import { useTopicDictionary } from './topics';

const versions: Record<DictionaryKind, string> = {
  topics: shippedDictionary('topics').version,
  regions: shippedDictionary('regions').version,
  officials: shippedDictionary('officials').version,
};
let stamp = stampOf(versions);

function stampOf(v: Record<DictionaryKind, string>): string {
  return `dict-${createHash('sha256').update(`${v.topics}:${v.regions}:${v.officials}`).digest('hex').slice(0, 6)}`;
}

/** Compiles and switches to a dictionary; a no-op when that version is already in use. */
export function installDictionary<K extends DictionaryKind>(kind: K, dictionary: VersionedDictionary<K>): boolean {
  if (versions[kind] === dictionary.version) return false;
  const use: { [P in DictionaryKind]: (data: DictionaryData[P]) => void } = {
    topics: useTopicDictionary,
    regions: useRegionDictionary,
    officials: useOfficialDictionary,
  };
  use[kind](dictionary.data);
  versions[kind] = dictionary.version;
  stamp = stampOf(versions);
  return true;
}

/** The version of each dictionary in use. */
export function dictionaryVersions(): Readonly<Record<DictionaryKind, string>> {
  return { ...versions };
}

/**
 * `dict-<6 hex>` over the three versions in use, for the enricher version stamp
 * (`enricher-0.1.0+dict-1a2b3c`): posts tagged with another dictionary show it, and reenrich redoes them.
 */
export function dictionaryStamp(): string {
  return stamp;
}

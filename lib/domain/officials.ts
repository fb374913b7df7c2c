/**
 * Officials whose mentions Humas tracks (shared/domain.md B2), with the names and titles people
 * use for them. The data is config/dictionaries/officials.json or an admin's stored edit (see
 * dictionaries.ts). A joint alias ("HDCU", "RDPS") tags both people.
 */
import type { OfficialDictionary } from '../../schemas/dictionary';
import { shippedDictionary } from './dictionary-files';
import { createPhraseMatcher, tokensForMatch, uniqueKeys, type PatternEntry, type PhraseMatcher } from './match';

export interface Official {
  id: string;
  name: string;
  /** Position in Bahasa Indonesia, shown beside the name. */
  role: string;
  aliases: readonly string[];
}

/** TRICKY: a live binding, reassigned when another dictionary is installed (see topics.ts). */
export let OFFICIALS: readonly Official[];
let byId: ReadonlyMap<string, Official>;
let matcher: PhraseMatcher<string>;

/** Compiles a dictionary and makes it the one every function here answers from. */
export function useOfficialDictionary(data: OfficialDictionary): void {
  const officials = data.officials.map((o): Official => ({ id: o.id, name: o.name, role: o.role, aliases: o.aliases }));
  matcher = createPhraseMatcher(officials.flatMap((o) => o.aliases.map((pattern): PatternEntry<string> => ({ key: o.id, pattern }))));
  byId = new Map(officials.map((o) => [o.id, o]));
  OFFICIALS = officials;
}
useOfficialDictionary(shippedDictionary('officials').data);

export function isOfficialId(id: string): boolean {
  return byId.has(id);
}

/** Display name for an id; the id itself when unknown. */
export function officialLabel(id: string): string {
  return byId.get(id)?.name ?? id;
}

/** Official ids mentioned in a text, in order of first mention. Accepts raw text or tokens. */
export function matchOfficials(text: string | readonly string[]): string[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  return uniqueKeys(matcher.match(tokens));
}

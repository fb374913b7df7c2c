/**
 * The people and agencies whose mentions Humas tracks (shared/domain.md B2): officials with the
 * names and titles people use for them, and agencies (Pemprov Sumsel, BPBD Sumsel, Polda Sumsel …)
 * as entries of kind `instansi`. Both go into a post's `officials`. The data is
 * config/dictionaries/officials.json or an admin's stored edit (see dictionaries.ts). A joint alias
 * ("HDCU", "RDPS") tags both people.
 */
import type { EntityKind, OfficialDictionary } from '../../schemas/dictionary';
import { shippedDictionary } from './dictionary-files';
import { createTagMatcher, tokensForMatch, type TagMatcher } from './match';

export interface Official {
  id: string;
  kind: EntityKind;
  name: string;
  /** Position (or what the agency is) in Bahasa Indonesia, shown beside the name. */
  role: string;
  aliases: readonly string[];
}

/** TRICKY: a live binding, reassigned when another dictionary is installed (see topics.ts). */
export let OFFICIALS: readonly Official[];
let byId: ReadonlyMap<string, Official>;
let matchers: { people: TagMatcher; agencies: TagMatcher };

/** Compiles a dictionary and makes it the one every function here answers from. */
export function useOfficialDictionary(data: OfficialDictionary): void {
  const officials = data.officials.map((o): Official => ({ id: o.id, kind: o.kind, name: o.name, role: o.role, aliases: o.aliases }));
  // NOTE: one matcher per kind, because a longer alias hides the shorter ones inside it: "kepala
  // BPBD Sumsel" names the official and the agency, and must tag both.
  const of = (kind: EntityKind) => createTagMatcher(officials.filter((o) => o.kind === kind).map((o) => ({ tag: o.id, phrases: o.aliases })));
  matchers = { people: of('pejabat'), agencies: of('instansi') };
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

/** Ids of the officials, then the agencies, mentioned in a text, each in order of first mention. Accepts raw text or tokens. */
export function matchOfficials(text: string | readonly string[]): string[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  return [...matchers.people.match(tokens), ...matchers.agencies.match(tokens)];
}

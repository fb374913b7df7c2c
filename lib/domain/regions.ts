/**
 * The 17 kabupaten/kota of Sumatera Selatan (shared/domain.md B1): ids, display names, aliases and
 * place cues, from config/dictionaries/regions.json or an admin's stored edit (see dictionaries.ts).
 * The enricher tags posts with `matchRegions`, the query language resolves `region:palembang` with
 * `resolveRegionId`, the UI shows `regionLabel`.
 *
 * TRICKY: several cues also name places outside the province (Martapura in Kalimantan Selatan,
 * Tebing Tinggi in Sumatera Utara, Tanah Abang in Jakarta, Merapi in Java, Mesuji in Lampung) or are
 * ordinary words. Those are `ambiguousCues`: they count only when the same text also has a Sumsel cue
 * (a province cue, or an unambiguous cue of any region). `exclusions` are phrases that contain a
 * region word but mean something else ("liang lahat"); they hide the shorter match inside them.
 */
import type { RegionDictionary, RegionEntry } from '../../schemas/dictionary';
import { shippedDictionary } from './dictionary-files';
import { createPhraseMatcher, normaliseForMatch, tokensForMatch, type PatternEntry, type PhraseMatcher } from './match';

export type Region = RegionEntry;

/** TRICKY: live bindings, reassigned when another dictionary is installed (see topics.ts). */
export let REGIONS: readonly Region[];
export let REGION_IDS: readonly [string, ...string[]];
/** Province-level cues: they make ambiguous cues count but tag no kabupaten/kota themselves. */
export let PROVINCE_CUES: readonly string[];

type RegionKey = `u:${string}` | `a:${string}` | 'province' | 'exclude';

interface CompiledRegions {
  byId: ReadonlyMap<string, Region>;
  matcher: PhraseMatcher<RegionKey>;
  /** Ambiguous cue → the regions listing it, in dictionary order. */
  ambiguousOwners: ReadonlyMap<string, readonly string[]>;
  /** Normalised name → id, for the query language. */
  resolve: ReadonlyMap<string, string>;
}
let compiled: CompiledRegions;

/** Compiles a dictionary and makes it the one every function here answers from. */
export function useRegionDictionary(data: RegionDictionary): void {
  const entries: PatternEntry<RegionKey>[] = [];
  const ambiguousOwners = new Map<string, string[]>();
  for (const r of data.regions) {
    for (const p of [...r.aliases, ...r.cues]) entries.push({ key: `u:${r.id}`, pattern: p });
    for (const p of r.ambiguousCues) {
      entries.push({ key: `a:${r.id}`, pattern: p });
      ambiguousOwners.set(p, [...(ambiguousOwners.get(p) ?? []), r.id]);
    }
  }
  for (const p of data.provinceCues) entries.push({ key: 'province', pattern: p });
  for (const p of data.exclusions) entries.push({ key: 'exclude', pattern: p });
  compiled = { byId: new Map(data.regions.map((r) => [r.id, r])), matcher: createPhraseMatcher(entries), ambiguousOwners, resolve: resolveTable(data.regions) };
  REGIONS = data.regions;
  REGION_IDS = data.regions.map((r) => r.id) as [string, ...string[]]; // the schema requires at least one region
  PROVINCE_CUES = data.provinceCues;
}

/** Exact lookups for the query language: id, display name, alias, query alias, capital, then place cue. */
function resolveTable(regions: readonly Region[]): Map<string, string> {
  const namesInOrder: [string, string][] = [];
  for (const r of regions) {
    const names = [r.id, r.name, r.name.replace(/^(Kota|Kabupaten) /, ''), ...r.aliases, ...r.queryAliases];
    if (r.capital) names.push(r.capital);
    for (const n of names) namesInOrder.push([n, r.id]);
  }
  // Place cues come last so a name always beats a cue; ambiguous cues are never resolved.
  for (const r of regions) for (const c of r.cues) namesInOrder.push([c, r.id]);
  const table = new Map<string, string>();
  for (const [n, id] of namesInOrder) {
    const key = normaliseForMatch(n);
    // NOTE: first writer wins, so a capital that is also a regency name (Muara Enim) stays with it.
    if (!table.has(key)) table.set(key, id);
  }
  return table;
}
useRegionDictionary(shippedDictionary('regions').data);

export function isRegionId(id: string): boolean {
  return compiled.byId.has(id);
}

/** Display name for an id; the id itself when unknown, so a stale stored tag still shows. */
export function regionLabel(id: string): string {
  return compiled.byId.get(id)?.name ?? id;
}

/** Region ids mentioned in a text, in order of first mention. Accepts raw text or tokens. */
export function matchRegions(text: string | readonly string[]): string[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  const { matcher, ambiguousOwners } = compiled;
  const matches = matcher.match(tokens);
  // NOTE: one pass collects the unambiguous regions; ambiguous cues need a second pass only when
  // the text has one and also a Sumsel cue (most posts have neither).
  const certain: string[] = [];
  let province = false;
  let ambiguous = false;
  for (const m of matches) {
    if (m.key === 'province') province = true;
    else if (m.key.startsWith('a:')) ambiguous = true;
    else if (m.key.startsWith('u:')) {
      const id = m.key.slice(2);
      if (!certain.includes(id)) certain.push(id);
    }
  }
  if (!ambiguous || (certain.length === 0 && !province)) return certain;

  const out: string[] = [];
  for (const m of matches) {
    let id: string | undefined;
    if (m.key.startsWith('u:')) id = m.key.slice(2);
    else if (m.key.startsWith('a:')) {
      // An ambiguous cue shared by several regions (Pendopo) goes to the one the text already
      // names; otherwise to the first region listing it.
      const owners = ambiguousOwners.get(m.pattern) ?? [];
      id = owners.find((o) => certain.includes(o)) ?? owners[0];
    }
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/** "OKI", "palembang", "ogan ilir", "oku_timur" → region id; undefined when unknown. */
export function resolveRegionId(text: string): string | undefined {
  const key = normaliseForMatch(text);
  return key === '' ? undefined : compiled.resolve.get(key);
}

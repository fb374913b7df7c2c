/**
 * The 17 kabupaten/kota of Sumatera Selatan (shared/domain.md B1): ids, display names, aliases and
 * place cues. The enricher tags posts with `matchRegions`, the query language resolves
 * `region:palembang` with `resolveRegionId`, the UI shows `regionLabel`.
 *
 * TRICKY: several cues also name places outside the province (Martapura in Kalimantan Selatan,
 * Tebing Tinggi in Sumatera Utara, Tanah Abang in Jakarta, Merapi in Java, Mesuji in Lampung) or are
 * ordinary words. Those are `ambiguousCues`: they count only when the same text also has a Sumsel cue
 * (the province, or an unambiguous cue of any region).
 */
import { createPhraseMatcher, normaliseForMatch, tokensForMatch, type PatternEntry } from './match';

export const REGION_IDS = [
  'kota_palembang',
  'banyuasin',
  'ogan_komering_ilir',
  'ogan_ilir',
  'ogan_komering_ulu',
  'oku_timur',
  'oku_selatan',
  'muara_enim',
  'lahat',
  'musi_banyuasin',
  'musi_rawas',
  'musi_rawas_utara',
  'pali',
  'empat_lawang',
  'kota_prabumulih',
  'kota_pagar_alam',
  'kota_lubuklinggau',
] as const;
export type RegionId = (typeof REGION_IDS)[number];

export interface Region {
  id: RegionId;
  /** Display name in Bahasa Indonesia. */
  name: string;
  kind: 'kota' | 'kabupaten';
  /** Names and abbreviations that mean this region wherever they appear. */
  aliases: readonly string[];
  capital?: string;
  /** Places inside the region that are not found elsewhere. */
  cues: readonly string[];
  /** Places/words that need a Sumsel cue elsewhere in the text (see module note). */
  ambiguousCues: readonly string[];
  /** Short forms accepted in queries (`region:oi`) but too common as words to tag text with. */
  queryAliases: readonly string[];
}

export const REGIONS: readonly Region[] = [
  {
    id: 'kota_palembang',
    name: 'Kota Palembang',
    kind: 'kota',
    aliases: ['palembang', 'kota palembang', 'plg', 'pelembang'],
    cues: [
      'ampera', 'jembatan ampera', 'benteng kuto besak', 'jakabaring', 'jakabaring sport city', 'plaju',
      'kertapati', 'sukarami', 'kalidoni', 'gandus', 'seberang ulu', 'ilir barat', 'ilir timur', 'pulau kemaro',
      'pasar 16 ilir', 'pasar cinde', 'alang alang lebar', 'sematang borang', 'bukit siguntang',
    ],
    ambiguousCues: ['bkb', 'jsc', 'sako', 'cinde', 'bukit kecil', 'kemuning'],
    queryAliases: [],
  },
  {
    id: 'banyuasin',
    name: 'Kabupaten Banyuasin',
    kind: 'kabupaten',
    aliases: ['banyuasin', 'banyu asin', 'kabupaten banyuasin'],
    capital: 'Pangkalan Balai',
    cues: ['pangkalan balai', 'talang kelapa', 'sungsang', 'tanjung api api', 'kek tanjung api api'],
    ambiguousCues: ['betung'],
    queryAliases: ['ba'],
  },
  {
    id: 'ogan_komering_ilir',
    name: 'Kabupaten Ogan Komering Ilir',
    kind: 'kabupaten',
    aliases: ['ogan komering ilir', 'oki'],
    capital: 'Kayuagung',
    cues: ['kayuagung', 'kayu agung', 'pedamaran', 'tulung selapan', 'air sugihan', 'pangkalan lampam'],
    ambiguousCues: ['mesuji'],
    queryAliases: [],
  },
  {
    id: 'ogan_ilir',
    name: 'Kabupaten Ogan Ilir',
    kind: 'kabupaten',
    aliases: ['ogan ilir'],
    capital: 'Indralaya',
    cues: ['indralaya', 'inderalaya', 'tanjung raja', 'pemulutan', 'unsri indralaya'],
    ambiguousCues: [],
    queryAliases: ['oi'],
  },
  {
    id: 'ogan_komering_ulu',
    name: 'Kabupaten Ogan Komering Ulu',
    kind: 'kabupaten',
    aliases: ['ogan komering ulu', 'oku'],
    capital: 'Baturaja',
    cues: ['baturaja', 'semen baturaja'],
    ambiguousCues: [],
    queryAliases: [],
  },
  {
    id: 'oku_timur',
    name: 'Kabupaten OKU Timur',
    kind: 'kabupaten',
    aliases: ['oku timur', 'okut', 'ogan komering ulu timur'],
    capital: 'Martapura',
    cues: ['belitang', 'gumawang'],
    ambiguousCues: ['martapura'],
    queryAliases: [],
  },
  {
    id: 'oku_selatan',
    name: 'Kabupaten OKU Selatan',
    kind: 'kabupaten',
    aliases: ['oku selatan', 'okus', 'ogan komering ulu selatan'],
    capital: 'Muaradua',
    cues: ['muaradua', 'muara dua', 'danau ranau'],
    ambiguousCues: ['ranau'],
    queryAliases: [],
  },
  {
    id: 'muara_enim',
    name: 'Kabupaten Muara Enim',
    kind: 'kabupaten',
    // NOTE: "Muara Enim" is both the regency and its capital town; both tag the regency.
    aliases: ['muara enim', 'muaraenim'],
    capital: 'Muara Enim',
    cues: ['tanjung enim', 'gelumbang'],
    ambiguousCues: [],
    queryAliases: ['me'],
  },
  {
    id: 'lahat',
    name: 'Kabupaten Lahat',
    kind: 'kabupaten',
    aliases: ['lahat', 'kabupaten lahat'],
    capital: 'Lahat',
    cues: ['muara lawai', 'kikim', 'tanjung jambu', 'bukit serelo', 'merapi barat', 'merapi timur', 'merapi selatan'],
    ambiguousCues: ['merapi'],
    queryAliases: [],
  },
  {
    id: 'musi_banyuasin',
    name: 'Kabupaten Musi Banyuasin',
    kind: 'kabupaten',
    aliases: ['musi banyuasin', 'muba'],
    capital: 'Sekayu',
    cues: ['sekayu', 'bayung lencir', 'sungai lilin', 'babat toman'],
    ambiguousCues: [],
    queryAliases: [],
  },
  {
    id: 'musi_rawas',
    name: 'Kabupaten Musi Rawas',
    kind: 'kabupaten',
    aliases: ['musi rawas', 'mura'],
    capital: 'Muara Beliti',
    cues: ['muara beliti', 'tugumulyo', 'terawas'],
    ambiguousCues: [],
    queryAliases: [],
  },
  {
    id: 'musi_rawas_utara',
    name: 'Kabupaten Musi Rawas Utara',
    kind: 'kabupaten',
    aliases: ['musi rawas utara', 'muratara'],
    capital: 'Rupit',
    cues: ['rupit'],
    ambiguousCues: ['karang jaya'],
    queryAliases: [],
  },
  {
    id: 'pali',
    name: 'Kabupaten Penukal Abab Lematang Ilir',
    kind: 'kabupaten',
    aliases: ['penukal abab lematang ilir', 'pali'],
    capital: 'Talang Ubi',
    cues: ['talang ubi'],
    // NOTE: Pendopo is in PALI and also a kecamatan of Empat Lawang; see `resolveAmbiguous`.
    ambiguousCues: ['pendopo', 'tanah abang'],
    queryAliases: [],
  },
  {
    id: 'empat_lawang',
    name: 'Kabupaten Empat Lawang',
    kind: 'kabupaten',
    aliases: ['empat lawang', 'empatlawang', '4 lawang'],
    capital: 'Tebing Tinggi',
    cues: [],
    ambiguousCues: ['tebing tinggi', 'pendopo'],
    queryAliases: [],
  },
  {
    id: 'kota_prabumulih',
    name: 'Kota Prabumulih',
    kind: 'kota',
    aliases: ['prabumulih', 'kota prabumulih'],
    cues: ['cambai', 'gunung kemala', 'kota nanas'],
    ambiguousCues: [],
    queryAliases: ['prabu'],
  },
  {
    id: 'kota_pagar_alam',
    name: 'Kota Pagar Alam',
    kind: 'kota',
    aliases: ['pagar alam', 'pagaralam', 'kota pagar alam'],
    cues: ['gunung dempo', 'besemah', 'pasemah'],
    ambiguousCues: ['dempo'],
    queryAliases: [],
  },
  {
    id: 'kota_lubuklinggau',
    name: 'Kota Lubuklinggau',
    kind: 'kota',
    aliases: ['lubuklinggau', 'lubuk linggau', 'linggau', 'kota lubuklinggau'],
    cues: ['bukit sulap', 'silampari'],
    ambiguousCues: [],
    queryAliases: [],
  },
];

/** Province-level cues: they make ambiguous cues count but tag no kabupaten/kota themselves. */
export const PROVINCE_CUES: readonly string[] = [
  'sumsel', 'sumatera selatan', 'sumatra selatan', 'pemprov sumsel', 'provinsi sumsel', 'wong kito',
];

/**
 * Phrases that contain a region word but mean something else. Matched like cues, they hide the
 * shorter match inside them ("liang lahat" is a grave, "Gunung Merapi" is in Java).
 */
const EXCLUSIONS: readonly string[] = [
  'liang lahat', 'gunung merapi', 'merapi jawa', 'tanah abang jakarta', 'martapura kalsel',
  'martapura kalimantan', 'tebing tinggi sumut', 'tebing tinggi sumatera utara', 'mesuji lampung',
  'sungai musi', 'sungai ogan', 'sungai komering', 'sungai lematang',
];

const BY_ID = new Map<string, Region>(REGIONS.map((r) => [r.id, r]));

export function isRegionId(id: string): id is RegionId {
  return BY_ID.has(id);
}

/** Display name for an id; the id itself when unknown, so a stale stored tag still shows. */
export function regionLabel(id: string): string {
  return BY_ID.get(id)?.name ?? id;
}

type RegionKey = `u:${RegionId}` | `a:${RegionId}` | 'province' | 'exclude';

const entries: PatternEntry<RegionKey>[] = [];
for (const r of REGIONS) {
  for (const p of [...r.aliases, ...r.cues]) entries.push({ key: `u:${r.id}`, pattern: p });
  for (const p of r.ambiguousCues) entries.push({ key: `a:${r.id}`, pattern: p });
}
for (const p of PROVINCE_CUES) entries.push({ key: 'province', pattern: p });
for (const p of EXCLUSIONS) entries.push({ key: 'exclude', pattern: p });
const matcher = createPhraseMatcher(entries);

/** Region ids mentioned in a text, in order of first mention. Accepts raw text or tokens. */
export function matchRegions(text: string | readonly string[]): RegionId[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  const matches = matcher.match(tokens).filter((m) => m.key !== 'exclude');
  const certain = new Set<RegionId>();
  for (const m of matches) if (m.key.startsWith('u:')) certain.add(m.key.slice(2) as RegionId);
  const inSumsel = certain.size > 0 || matches.some((m) => m.key === 'province');

  const out: RegionId[] = [];
  for (const m of matches) {
    let id: RegionId | undefined;
    if (m.key.startsWith('u:')) id = m.key.slice(2) as RegionId;
    else if (m.key.startsWith('a:') && inSumsel) id = resolveAmbiguous(m.pattern, certain);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * An ambiguous cue shared by several regions (Pendopo) goes to the one the text already names;
 * otherwise to the first region listing it.
 */
function resolveAmbiguous(pattern: string, certain: ReadonlySet<RegionId>): RegionId | undefined {
  const owners = REGIONS.filter((r) => r.ambiguousCues.includes(pattern)).map((r) => r.id);
  return owners.find((id) => certain.has(id)) ?? owners[0];
}

/** Exact lookups for the query language: id, display name, alias, capital, query alias, then place cue. */
const RESOLVE = new Map<string, RegionId>();
const namesInOrder: [string, RegionId][] = [];
for (const r of REGIONS) {
  const names = [r.id, r.name, r.name.replace(/^(Kota|Kabupaten) /, ''), ...r.aliases, ...r.queryAliases];
  if (r.capital) names.push(r.capital);
  for (const n of names) namesInOrder.push([n, r.id]);
}
// Place cues come last so a name always beats a cue; ambiguous cues are never resolved.
for (const r of REGIONS) for (const c of r.cues) namesInOrder.push([c, r.id]);
for (const [n, id] of namesInOrder) {
  const key = normaliseForMatch(n);
  // NOTE: first writer wins, so a capital that is also a regency name (Muara Enim) stays with it.
  if (!RESOLVE.has(key)) RESOLVE.set(key, id);
}

/** "OKI", "palembang", "ogan ilir", "oku_timur" → region id; undefined when unknown. */
export function resolveRegionId(text: string): RegionId | undefined {
  const key = normaliseForMatch(text);
  return key === '' ? undefined : RESOLVE.get(key);
}

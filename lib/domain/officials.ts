/**
 * Officials whose mentions Humas tracks (shared/domain.md B2), with the names and titles people
 * use for them. A joint alias ("HDCU", "RDPS") tags both people. Titles ("wali kota palembang")
 * are tied to the current holder; update this list when an office changes hands.
 */
import { createPhraseMatcher, tokensForMatch, uniqueKeys, type PatternEntry } from './match';

export const OFFICIAL_IDS = [
  'herman_deru',
  'cik_ujang',
  'edward_candra',
  'rika_efianti',
  'ratu_dewa',
  'prima_salam',
  'musni_wijaya',
  'iqbal_alisyahbana',
  'agus_fatoni',
  'elen_setiadi',
] as const;
export type OfficialId = (typeof OFFICIAL_IDS)[number];

export interface Official {
  id: OfficialId;
  name: string;
  /** Position in Bahasa Indonesia, shown beside the name. */
  role: string;
  aliases: readonly string[];
}

export const OFFICIALS: readonly Official[] = [
  {
    id: 'herman_deru',
    name: 'Herman Deru',
    role: 'Gubernur Sumatera Selatan',
    aliases: [
      'herman deru', 'h herman deru', 'gubernur sumsel', 'gubernur sumatera selatan', 'gub sumsel', 'pak gub',
      'pak gubernur', 'gubernur hd', 'hdcu', 'hd cu',
    ],
  },
  {
    id: 'cik_ujang',
    name: 'Cik Ujang',
    role: 'Wakil Gubernur Sumatera Selatan',
    aliases: [
      'cik ujang', 'wagub sumsel', 'wakil gubernur sumsel', 'wakil gubernur sumatera selatan', 'pak wagub', 'hdcu',
      'hd cu',
    ],
  },
  {
    id: 'edward_candra',
    name: 'Edward Candra',
    role: 'Sekretaris Daerah Provinsi Sumatera Selatan',
    aliases: ['edward candra', 'edward chandra', 'sekda sumsel', 'sekda provinsi sumsel', 'sekda pemprov sumsel'],
  },
  {
    id: 'rika_efianti',
    name: 'Rika Efianti',
    role: 'Kepala Dinas Kominfo Sumatera Selatan',
    aliases: ['rika efianti', 'kadiskominfo sumsel', 'kepala diskominfo sumsel'],
  },
  {
    id: 'ratu_dewa',
    name: 'Ratu Dewa',
    role: 'Wali Kota Palembang',
    aliases: ['ratu dewa', 'wali kota palembang', 'walikota palembang', 'wako palembang', 'rdps', 'ratudewa'],
  },
  {
    id: 'prima_salam',
    name: 'Prima Salam',
    role: 'Wakil Wali Kota Palembang',
    aliases: ['prima salam', 'wakil wali kota palembang', 'wakil walikota palembang', 'wawako palembang', 'rdps'],
  },
  {
    id: 'musni_wijaya',
    name: 'Musni Wijaya',
    role: 'Kepala Dinas Perhubungan Sumatera Selatan',
    aliases: ['musni wijaya', 'kadishub sumsel'],
  },
  {
    id: 'iqbal_alisyahbana',
    name: 'M. Iqbal Alisyahbana',
    role: 'Kepala BPBD Sumatera Selatan',
    aliases: ['iqbal alisyahbana', 'kepala bpbd sumsel', 'kalaksa bpbd sumsel'],
  },
  { id: 'agus_fatoni', name: 'Agus Fatoni', role: 'Mantan Pj Gubernur Sumatera Selatan', aliases: ['agus fatoni'] },
  { id: 'elen_setiadi', name: 'Elen Setiadi', role: 'Mantan Pj Gubernur Sumatera Selatan', aliases: ['elen setiadi'] },
];

const BY_ID = new Map<string, Official>(OFFICIALS.map((o) => [o.id, o]));

export function isOfficialId(id: string): id is OfficialId {
  return BY_ID.has(id);
}

/** Display name for an id; the id itself when unknown. */
export function officialLabel(id: string): string {
  return BY_ID.get(id)?.name ?? id;
}

const matcher = createPhraseMatcher<OfficialId>(
  OFFICIALS.flatMap((o) => o.aliases.map((pattern): PatternEntry<OfficialId> => ({ key: o.id, pattern }))),
);

/** Official ids mentioned in a text, in order of first mention. Accepts raw text or tokens. */
export function matchOfficials(text: string | readonly string[]): OfficialId[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  return uniqueKeys(matcher.match(tokens));
}

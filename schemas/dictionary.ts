import { z } from 'zod';
import { IsoInstant } from './common';

/**
 * The domain dictionaries (topics, regions, officials) as data: the shipped files in
 * config/dictionaries/ and what an admin stores through `PUT /api/dictionaries/:kind`. Objects are
 * strict, so a misspelt field ("keyword") is an error rather than silently ignored.
 */
export const DictionaryKind = z.enum(['topics', 'regions', 'officials']);
export type DictionaryKind = z.infer<typeof DictionaryKind>;

/** Ids are what posts carry and queries name (`topic:banjir`): the slugs the query language produces. */
const DictionaryId = z
  .string()
  .max(64, 'id paling panjang 64 karakter')
  .regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, 'id hanya huruf kecil, angka dan _ (mis. tambang_ilegal)');

const Text = (max: number) => z.string().trim().min(1, 'tidak boleh kosong').max(max, `paling panjang ${max} karakter`);

/** A name looked up exactly (capital, query alias): needs a letter or digit, no `*`. */
const Name = Text(100).refine((s) => /[\p{L}\p{N}]/u.test(s) && !s.includes('*'), 'harus memuat huruf atau angka, tanpa *');

/**
 * A word or phrase matched on whole tokens after normalisation; a trailing `*` makes the last word a
 * prefix ("kebakaran hutan*"). A short prefix would swallow unrelated words, hence its minimum.
 */
const Phrase = Text(120).superRefine((phrase, ctx) => {
  if (phrase === '') return; // already reported as empty
  const star = phrase.indexOf('*');
  if (star !== -1 && star !== phrase.length - 1) {
    ctx.addIssue({ code: 'custom', message: 'tanda * hanya boleh di akhir frasa' });
    return;
  }
  if (!/[\p{L}\p{N}]/u.test(phrase)) {
    ctx.addIssue({ code: 'custom', message: 'frasa harus memuat huruf atau angka' });
    return;
  }
  const stem = /([\p{L}\p{N}]*)\s*\*$/u.exec(phrase)?.[1];
  if (stem !== undefined && stem.length < 3) ctx.addIssue({ code: 'custom', message: 'kata sebelum * paling sedikit 3 huruf' });
});

/** A list of phrases without repeats (a repeat is always a slip when editing by hand). */
const PhraseList = z
  .array(Phrase)
  .max(1000, 'paling banyak 1000 frasa')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      const key = p.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `"${p}" sudah ada di daftar ini` });
      seen.add(key);
    });
  });

/** The entries of a dictionary: at least one, and a second entry with the same id is pointed at. */
function entryList<T extends z.ZodType<{ id: string }>>(entry: T, noun: string, max: number) {
  return z
    .array(entry)
    .min(1, `minimal satu ${noun}`)
    .max(max, `paling banyak ${max} ${noun}`)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      (list as { id: string }[]).forEach(({ id }, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id "${id}" dipakai lebih dari sekali` });
        seen.add(id);
      });
    });
}

const Note = z.string().max(4000, 'paling panjang 4000 karakter').optional();

/**
 * Words that tag only together: one phrase of every group within a window of `within` tokens,
 * counted from the first word of the earliest to the last word of the latest ("jalan Gumawang
 * Belitang berlubang" spans 4). Catches what no fixed phrase can ("jalan … rusak") without tagging
 * every "jalan" or every "rusak" (lib/domain/match.ts).
 */
export const NearbyRule = z.strictObject({
  allOf: z.array(PhraseList.min(1, 'minimal satu frasa per kelompok')).min(2, 'minimal dua kelompok kata').max(4, 'paling banyak 4 kelompok kata'),
  within: z.number().int('within harus bilangan bulat').min(2, 'within paling kecil 2').max(20, 'within paling besar 20'),
});
export type NearbyRule = z.infer<typeof NearbyRule>;

export const TopicEntry = z.strictObject({
  id: DictionaryId,
  label: Text(80),
  keywords: PhraseList.min(1, 'minimal satu kata kunci'),
  nearby: z.array(NearbyRule).max(50, 'paling banyak 50 aturan nearby').optional(),
});
export type TopicEntry = z.infer<typeof TopicEntry>;

export const TopicDictionary = z.strictObject({
  note: Note,
  topics: entryList(TopicEntry, 'topik', 500),
  /** Phrases that contain a keyword but mean something else ("jembatan timbang"): they hide it. */
  exclusions: PhraseList.optional(),
});
export type TopicDictionary = z.infer<typeof TopicDictionary>;

export const RegionEntry = z.strictObject({
  id: DictionaryId,
  /** Display name in Bahasa Indonesia ("Kabupaten Ogan Ilir"). */
  name: Text(100),
  kind: z.enum(['kota', 'kabupaten']),
  /** Names and abbreviations that mean this region wherever they appear. */
  aliases: PhraseList.min(1, 'minimal satu alias'),
  capital: Name.optional(),
  /** Places inside the region that are not found elsewhere. */
  cues: PhraseList,
  /** Places/words that count only when the text also has a Sumsel cue (Martapura, Pendopo, Merapi). */
  ambiguousCues: PhraseList,
  /** Short forms accepted in queries (`region:oi`) but too common as words to tag text with. */
  queryAliases: z.array(Name).max(100),
});
export type RegionEntry = z.infer<typeof RegionEntry>;

export const RegionDictionary = z.strictObject({
  note: Note,
  regions: entryList(RegionEntry, 'wilayah', 100),
  /** Province-level cues: they make ambiguous cues count but tag no kabupaten/kota themselves. */
  provinceCues: PhraseList.min(1, 'minimal satu penanda provinsi'),
  /** Phrases containing a region word that mean something else ("liang lahat", "gunung merapi"). */
  exclusions: PhraseList,
});
export type RegionDictionary = z.infer<typeof RegionDictionary>;

/**
 * A person (pejabat) or an agency (instansi) Humas tracks; both go into a post's `officials`.
 * The default keeps edits stored before agencies existed valid.
 */
export const EntityKind = z.enum(['pejabat', 'instansi']);
export type EntityKind = z.infer<typeof EntityKind>;

export const OfficialEntry = z.strictObject({
  id: DictionaryId,
  kind: EntityKind.default('pejabat'),
  name: Text(100),
  /** Position (pejabat) or what the agency is (instansi), in Bahasa Indonesia, shown beside the name. */
  role: Text(120),
  aliases: PhraseList.min(1, 'minimal satu alias'),
});
export type OfficialEntry = z.infer<typeof OfficialEntry>;

export const OfficialDictionary = z.strictObject({ note: Note, officials: entryList(OfficialEntry, 'pejabat atau instansi', 500) });
export type OfficialDictionary = z.infer<typeof OfficialDictionary>;

export const DICTIONARY_SCHEMAS = { topics: TopicDictionary, regions: RegionDictionary, officials: OfficialDictionary } as const;
export interface DictionaryData {
  topics: TopicDictionary;
  regions: RegionDictionary;
  officials: OfficialDictionary;
}

/** 12 hex characters of the SHA-256 of the parsed content: equal content, equal version. */
export const DictionaryVersion = z.string().regex(/^[0-9a-f]{12}$/, 'versi harus 12 karakter heksadesimal');

/** An admin's edit as the state store keeps it: the content, its version, who and when. */
export const StoredDictionary = z.object({
  kind: DictionaryKind,
  version: DictionaryVersion,
  /** Parsed with the schema of `kind` by whoever reads it (see lib/domain/dictionary-files.ts). */
  data: z.unknown(),
  updatedBy: z.string().min(1),
  updatedAt: IsoInstant,
});
export type StoredDictionary = z.infer<typeof StoredDictionary>;

import { z } from 'zod';
import { SourceKind } from '../../../schemas';

export const INBOX_STATUSES = ['baru', 'ditangani', 'selesai'] as const;
export const InboxStatus = z.enum(INBOX_STATUSES);
export type InboxStatus = z.infer<typeof InboxStatus>;

/**
 * A rule is a list of plain words, phrases or @handles — no regular expressions, so an admin cannot
 * write a pattern that hangs the server. A trailing `*` matches a word prefix (`keluh*`).
 */
export const RuleTerm = z
  .string()
  .trim()
  .min(2, 'minimal 2 karakter')
  .max(80, 'maksimal 80 karakter')
  .refine((t) => /[\p{L}\p{N}]/u.test(t), 'harus memuat huruf atau angka')
  .refine((t) => !/[()"\\]/.test(t), 'tanpa tanda kurung, kutip atau garis miring terbalik');

export const InboxRule = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  name: z.string().trim().min(1).max(80),
  kind: z.enum(['mention', 'question', 'complaint']),
  terms: z.array(RuleTerm).min(1).max(200),
  enabled: z.boolean().default(true),
});
export type InboxRule = z.infer<typeof InboxRule>;

export const InboxSettings = z.object({
  rules: z.array(InboxRule).max(50),
  /** News articles are read, not answered: by default only social sources feed the inbox. */
  excludeSources: z.array(SourceKind).default(['rss', 'google_news']),
  /** How far back the inbox looks for matching posts. */
  lookbackDays: z.number().int().min(1).max(365).default(90),
});
export type InboxSettings = z.infer<typeof InboxSettings>;

export const InboxItem = z.object({
  postId: z.string(),
  postCreatedAt: z.string(),
  matched: z.array(z.string()),
  status: InboxStatus,
  assignee: z.string().nullable(),
  dinas: z.string().nullable(),
  notes: z.string(),
  detectedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxPatch = z
  .object({
    status: InboxStatus.optional(),
    assignee: z.string().trim().max(64).nullable().optional(),
    dinas: z.string().trim().max(120).nullable().optional(),
    notes: z.string().max(4000).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'tidak ada yang diubah' });
export type InboxPatch = z.infer<typeof InboxPatch>;

/** Defaults: the placeholder office handles of the sample data; an admin replaces them with the real ones. */
export const DEFAULT_INBOX_SETTINGS: InboxSettings = {
  rules: [
    { id: 'akun-kantor', name: 'Menyebut akun kantor', kind: 'mention', terms: ['@humas_sumsel', '@diskominfo_sumsel', '@sumselprov'], enabled: true },
    {
      id: 'pertanyaan',
      name: 'Pertanyaan',
      kind: 'question',
      terms: ['kapan', 'bagaimana', 'gimana', 'apakah', 'mohon info', 'mohon informasi', 'cak mano', 'kenapa', 'kok belum'],
      enabled: true,
    },
    {
      id: 'keluhan',
      name: 'Keluhan',
      kind: 'complaint',
      terms: ['tolong', 'tlg', 'keluh*', 'rusak', 'mati lampu', 'belum diperbaiki', 'lapor', 'kecewa', 'parah', 'dibenerin'],
      enabled: true,
    },
  ],
  excludeSources: ['rss', 'google_news'],
  lookbackDays: 90,
};

/** Offices a matter can be handed to (suggestions; any text is accepted). */
export const DINAS = [
  'Biro Humas & Protokol',
  'Diskominfo',
  'Dinas PUPR / Bina Marga',
  'Dinas Kesehatan',
  'Dinas Pendidikan',
  'Dinas Perhubungan',
  'BPBD',
  'Dinas Lingkungan Hidup & Pertanahan',
  'Dinas Sosial',
  'Dinas Pariwisata',
  'Dinas Perindustrian & Perdagangan',
  'Dinas Pertanian',
  'Dinas ESDM',
  'Satpol PP',
  'Inspektorat',
] as const;

/** The office a topic usually belongs to: a suggestion shown until someone chooses. */
export const TOPIC_DINAS: Record<string, string> = {
  karhutla_asap: 'BPBD',
  banjir: 'BPBD',
  jalan_jembatan: 'Dinas PUPR / Bina Marga',
  angkutan_batubara: 'Dinas Perhubungan',
  lrt: 'Dinas Perhubungan',
  kesehatan: 'Dinas Kesehatan',
  stunting_gizi: 'Dinas Kesehatan',
  pendidikan: 'Dinas Pendidikan',
  harga_bbm: 'Dinas Perindustrian & Perdagangan',
  korupsi: 'Inspektorat',
  layanan_publik: 'Diskominfo',
  pariwisata: 'Dinas Pariwisata',
  investasi_energi: 'Dinas ESDM',
  pertanian: 'Dinas Pertanian',
  kemiskinan: 'Dinas Sosial',
  keamanan: 'Satpol PP',
};

import { z } from 'zod';

// Validation messages reach analysts (import errors, 400s): zod's own Indonesian locale.
z.config(z.locales.id());

/** Every bus message carries this version; a breaking change to a message adds a new literal. */
export const SchemaVersion = z.literal(1);
export type SchemaVersion = z.infer<typeof SchemaVersion>;

/** The kinds of source a collector can read. `import` and `webhook` are pushed in, the rest are polled. */
export const SourceKind = z.enum([
  'rss',
  'google_news',
  'youtube',
  'x',
  'mastodon',
  'bluesky',
  'reddit',
  'telegram',
  'facebook',
  'instagram',
  'webhook',
  'import',
]);
export type SourceKind = z.infer<typeof SourceKind>;

export const SentimentLabel = z.enum(['positive', 'negative', 'neutral']);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

/** ISO-8601 instant with an explicit offset; normalised to UTC `Z` form by `IsoInstant`. */
export const IsoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)) && /(Z|[+-]\d{2}:?\d{2})$/i.test(s.trim()), {
    message: 'harus waktu ISO-8601 dengan zona (mis. 2026-11-02T08:00:00Z)',
  })
  .transform((s) => new Date(s).toISOString());
export type IsoInstant = z.infer<typeof IsoInstant>;

/**
 * Index layout shared by OpenSearch and Elasticsearch: two component templates (settings with the
 * analyzers; mappings) composed by one `_index_template` that matches `<prefix>-*` and adds every new
 * monthly index to the read alias `<prefix>`.
 *
 * Text analysis, decided for conformance with SQLite FTS5 (`unicode61 remove_diacritics 2`):
 * - `title`/`text` use the built-in `indonesian` analyzer (stemming + stop words). Used for relevance
 *   scoring and, only when a store is created with `stemming: true`, also for matching.
 * - `title.exact`/`text.exact` use `dengar_exact`: split on every character that is not a letter,
 *   digit or private-use char, then lowercase and fold diacritics — the unicode61 rules. We do NOT use
 *   the `standard` tokenizer: UAX#29 keeps `diskominfo_sumsel`, `sumsel.go.id` and `don't` as one
 *   token where FTS5 sees two or three, so `sumsel` would match different posts. Every word, phrase
 *   and prefix node compiles to the `.exact` subfields.
 */
export const EXACT_ANALYZER = 'dengar_exact';
/** The unicode61 token characters (FTS5 default categories `L* N* Co`), as a Java regex split. */
export const EXACT_SPLIT_PATTERN = '[^\\p{L}\\p{N}\\p{Co}]+';

/** Index names are ours; a prefix is lowercase ASCII so it is a valid index name and never a pattern. */
export const INDEX_PREFIX_RE = /^[a-z][a-z0-9_-]{0,100}$/;

/**
 * Deep pages: SQLite serves page 1000 × 200; the engine default (10,000) would refuse past page 50.
 * from+size is memory-bound per request, acceptable for an analyst clicking through pages.
 */
export const MAX_RESULT_WINDOW = 200_000;

export interface TemplateOptions {
  prefix: string;
  shards?: number;
  replicas?: number;
}

const keyword = { type: 'keyword' } as const;
const stemmedWithExact = {
  type: 'text',
  analyzer: 'indonesian',
  fields: { exact: { type: 'text', analyzer: EXACT_ANALYZER } },
} as const;

export function settingsComponent(options: TemplateOptions): Record<string, unknown> {
  return {
    template: {
      settings: {
        number_of_shards: options.shards ?? 1,
        // Unset = the cluster default (infra/opensearch sets 0 on its single node; production keeps 1).
        ...(options.replicas !== undefined ? { number_of_replicas: options.replicas } : {}),
        max_result_window: MAX_RESULT_WINDOW,
      },
    },
  };
}

/**
 * Strict mapping: a field we did not plan for is a bug to surface (a mapping error), not a new column.
 * NOTE: the analysis settings live here, not in the settings component: each component template is
 * validated on its own, and a mapping naming an analyzer defined elsewhere is refused.
 */
export function mappingsComponent(): Record<string, unknown> {
  return {
    template: {
      settings: {
        analysis: {
          tokenizer: { dengar_unicode61: { type: 'pattern', pattern: EXACT_SPLIT_PATTERN } },
          analyzer: {
            [EXACT_ANALYZER]: { type: 'custom', tokenizer: 'dengar_unicode61', filter: ['lowercase', 'asciifolding'] },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: keyword,
          source: keyword,
          createdAt: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
          lang: keyword,
          sentiment: keyword,
          sentimentScore: { type: 'float' },
          topics: keyword,
          regions: keyword,
          officials: keyword,
          engagement: { type: 'long' },
          simhashBands: keyword,
          clusterId: keyword,
          title: stemmedWithExact,
          text: stemmedWithExact,
          author: {
            properties: {
              key: keyword,
              /** `key` + U+001F + source: one terms bucket per (author, source), ordered like SQLite. */
              group: keyword,
              label: { type: 'keyword', index: false },
              idLc: keyword,
              handleLc: keyword,
              nameLc: keyword,
              followers: { type: 'long' },
            },
          },
          // The rest of the post, returned as-is and never searched.
          post: { type: 'object', enabled: false },
        },
      },
    },
  };
}

/**
 * Fields added after the first release, put onto indices that already exist (a template only shapes
 * indices created after it): with `dynamic: strict` an older monthly index would refuse them.
 */
export function addedFieldsMapping(): Record<string, unknown> {
  return { properties: { simhashBands: keyword, clusterId: keyword } };
}

export function templateNames(prefix: string): { settings: string; mappings: string; index: string } {
  return { settings: `${prefix}-settings`, mappings: `${prefix}-mappings`, index: `${prefix}-template` };
}

export function indexTemplate(prefix: string): Record<string, unknown> {
  const names = templateNames(prefix);
  return {
    // NOTE: prefixes must not nest (`a` and `a-b`): both patterns would match `a-b-2026.11`.
    index_patterns: [`${prefix}-*`],
    priority: 200,
    composed_of: [names.settings, names.mappings],
    template: { aliases: { [prefix]: {} } },
    _meta: { owner: 'dengar', description: 'Dengar posts, one index per WIB calendar month' },
  };
}

const WIB_OFFSET_MS = 7 * 3_600_000;

/**
 * The monthly index a post lives in, by its createdAt month in WIB (the month analysts mean). The
 * same post always lands in the same index, so an upsert by id replaces it instead of duplicating it.
 */
export function monthlyIndex(prefix: string, createdAt: string | number): string {
  const wib = new Date(new Date(createdAt).getTime() + WIB_OFFSET_MS);
  return `${prefix}-${wib.getUTCFullYear()}.${String(wib.getUTCMonth() + 1).padStart(2, '0')}`;
}

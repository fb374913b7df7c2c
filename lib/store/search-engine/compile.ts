import type { QueryField, QueryNode, SearchFilters } from '../../../schemas';
import { normaliseFieldValue, normaliseRegion, normaliseSlug } from '../../query';

/**
 * QueryNode + SearchFilters → Elasticsearch/OpenSearch query DSL, with the semantics of the SQLite
 * compiler (lib/store/sqlite/compile.ts). Only structured queries are emitted — `match_phrase`,
 * `prefix`, `span_near`, `term(s)`, `range`, `bool` — never `query_string`, so nothing the analyst
 * typed is ever parsed as engine syntax.
 *
 * Which field each node uses:
 * - word, "phrase": `match_phrase` on `title.exact` OR `text.exact` (FTS5 matches a phrase inside one
 *   column; a multi-token word such as `covid-19` is a phrase there too). Title clauses get boost 2,
 *   like SQLite's bm25 weights. With `stemming`, the stemmed `title`/`text` (indonesian) are ORed in,
 *   so hits are a superset of SQLite's for positive clauses (and a subset under NOT).
 * - word*: `prefix` on the `.exact` subfields for one token; for several tokens (`covid-1*`) a
 *   `span_near` of the leading terms and a prefix on the last, as FTS5 does.
 * - field:value: `term`/`terms` on keyword fields with the same normalisation as SQLite.
 * - date ranges: `range` on createdAt, `from` inclusive, `to` exclusive.
 */
export type Dsl = Record<string, unknown>;

export interface CompileOptions {
  /** Also match words and phrases on the stemmed (indonesian) fields. Off for SQLite parity. */
  stemming?: boolean;
}

const TEXT_FIELDS = [
  { field: 'title', boost: 2 },
  { field: 'text', boost: 1 },
] as const;

/** unicode61 indexes letters and digits only; a value without any would be an empty FTS phrase. */
const HAS_TOKEN_RE = /[\p{L}\p{N}]/u;
/** The `.exact` analyzer's split (see template.ts), in JS, for the prefix queries we build by hand. */
const SPLIT_RE = /[^\p{L}\p{N}\p{Co}]+/u;

const MATCH_ALL: Dsl = { match_all: {} };
const MATCH_NONE: Dsl = { bool: { must_not: [MATCH_ALL] } };

/** Lowercase and strip diacritics like `lowercase` + `asciifolding` on the index side. */
export function foldToken(token: string): string {
  return token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function exactTokens(value: string): string[] {
  return value
    .split(SPLIT_RE)
    .filter((t) => t.length > 0)
    .map(foldToken)
    .filter((t) => t.length > 0);
}

/** The whole scope as one bool query: the query scored in `must`, the form filters in `filter`. */
export function compileScope(query: QueryNode, filters: SearchFilters = {}, options: CompileOptions = {}): Dsl {
  const must = compileNode(query, options);
  const filter = compileFilters(filters);
  if (filter.length === 0) return must === MATCH_ALL ? MATCH_ALL : { bool: { must: [must] } };
  return { bool: { must: [must], filter } };
}

export function compileNode(node: QueryNode, options: CompileOptions = {}): Dsl {
  switch (node.type) {
    case 'all':
      return MATCH_ALL;
    case 'term':
      if (!HAS_TOKEN_RE.test(node.value)) return MATCH_ALL; // indexes nothing; ignored, as in SQLite
      return node.prefix ? prefixQuery(node.value) : textQuery(node.value, options);
    case 'phrase':
      return HAS_TOKEN_RE.test(node.value) ? textQuery(node.value, options) : MATCH_ALL;
    case 'field':
      return fieldQuery(node.field, normaliseFieldValue(node.field, node.value));
    case 'range':
      return rangeQuery(node.from, node.to);
    case 'not':
      return { bool: { must_not: [compileNode(node.child, options)] } };
    case 'and': {
      const children = node.children.map((c) => compileNode(c, options)).filter((c) => c !== MATCH_ALL);
      if (children.length === 0) return MATCH_ALL;
      return children.length === 1 ? children[0]! : { bool: { must: children } };
    }
    case 'or': {
      const children = node.children.map((c) => compileNode(c, options));
      if (children.includes(MATCH_ALL)) return MATCH_ALL;
      return children.length === 1 ? children[0]! : { bool: { should: children, minimum_should_match: 1 } };
    }
  }
}

export function compileFilters(filters: SearchFilters): Dsl[] {
  const out: Dsl[] = [];
  if (filters.from || filters.to) out.push(rangeQuery(filters.from, filters.to));
  if (filters.sentiment) out.push(fieldQuery('sentiment', filters.sentiment));
  if (filters.source) out.push(fieldQuery('source', filters.source));
  if (filters.lang) out.push(fieldQuery('lang', filters.lang.toLowerCase()));
  if (filters.topic) out.push(fieldQuery('topic', normaliseSlug(filters.topic)));
  if (filters.region) out.push(fieldQuery('region', normaliseRegion(filters.region)));
  return out;
}

/** Does the query rank anything (positive text outside a NOT)? Else relevance sorts newest first. */
export function hasPositiveText(node: QueryNode): boolean {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return HAS_TOKEN_RE.test(node.value);
    case 'and':
    case 'or':
      return node.children.some(hasPositiveText);
    default:
      return false;
  }
}

function anyTextField(clause: (field: string, boost: number) => Dsl): Dsl {
  return { bool: { should: TEXT_FIELDS.map(({ field, boost }) => clause(field, boost)), minimum_should_match: 1 } };
}

function textQuery(value: string, options: CompileOptions): Dsl {
  const exact = (field: string, boost: number): Dsl => ({ match_phrase: { [`${field}.exact`]: { query: value, boost } } });
  if (!options.stemming) return anyTextField(exact);
  return {
    bool: {
      should: TEXT_FIELDS.flatMap(({ field, boost }) => [
        exact(field, boost),
        { match_phrase: { [field]: { query: value, boost } } },
      ]),
      minimum_should_match: 1,
    },
  };
}

function prefixQuery(value: string): Dsl {
  const tokens = exactTokens(value);
  if (tokens.length === 0) return MATCH_ALL;
  const last = tokens[tokens.length - 1]!;
  if (tokens.length === 1) return anyTextField((field, boost) => ({ prefix: { [`${field}.exact`]: { value: last, boost } } }));
  return anyTextField((field, boost) => {
    const f = `${field}.exact`;
    return {
      span_near: {
        clauses: [
          ...tokens.slice(0, -1).map((t) => ({ span_term: { [f]: t } })),
          { span_multi: { match: { prefix: { [f]: { value: last } } } } },
        ],
        slop: 0,
        in_order: true,
        boost,
      },
    };
  });
}

/** The keyword field a `field:` filter and a terms aggregation use. */
export const KEYWORD_FIELD: Readonly<Record<Exclude<QueryField, 'author' | 'cluster'>, string>> = {
  sentiment: 'sentiment',
  topic: 'topics',
  region: 'regions',
  source: 'source',
  lang: 'lang',
};

function fieldQuery(field: QueryField, value: string): Dsl {
  if (field === 'author') {
    // Handle, platform id or display name, case-insensitively (values are stored lowercased).
    return {
      bool: {
        should: ['author.handleLc', 'author.idLc', 'author.nameLc'].map((f) => ({ term: { [f]: value } })),
        minimum_should_match: 1,
      },
    };
  }
  if (field === 'cluster') return { term: { clusterId: value } };
  return { term: { [KEYWORD_FIELD[field]]: value } };
}

function rangeQuery(from: string | undefined, to: string | undefined): Dsl {
  if (!from && !to) return MATCH_ALL;
  const range: Dsl = { format: 'epoch_millis' };
  if (from) range.gte = Date.parse(from);
  if (to) range.lt = Date.parse(to);
  // An empty window (from ≥ to) matches nothing in both stores; no need to ask the engine.
  if (from && to && Date.parse(from) >= Date.parse(to)) return MATCH_NONE;
  return { range: { createdAt: range } };
}

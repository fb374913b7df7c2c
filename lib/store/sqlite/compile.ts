import type { QueryField, QueryNode, SearchFilters } from '../../../schemas';
import { normaliseFieldValue, normaliseRegion, normaliseSlug } from '../../query';

/**
 * QueryNode + SearchFilters → a SQL WHERE over `posts p`. Everything the analyst typed travels as a
 * bound parameter; text goes to FTS5 with every token quoted as an FTS5 string, so FTS syntax in user
 * input ("NEAR(", "*", ":", a stray quote) is just text.
 */
export type SqlParam = string | number;

export interface CompiledScope {
  /** A boolean SQL expression over `posts p`; `1` when every post matches. Excludes `match`. */
  sql: string;
  params: SqlParam[];
  /**
   * An FTS5 expression every result must match, lifted out of the top-level AND so the store can
   * rank by bm25 (join on posts_fts) or test membership (`p.rid IN …`).
   */
  match?: string;
}

export type Cond = { sql: string; params: SqlParam[]; nullable?: boolean };
const TRUE: Cond = { sql: '1', params: [] };
const FALSE: Cond = { sql: '0', params: [] };
/** unicode61 indexes letters and digits only; a term without any would be an empty FTS phrase. */
const HAS_TOKEN_RE = /[\p{L}\p{N}]/u;

export function compileScope(query: QueryNode, filters: SearchFilters = {}): CompiledScope {
  const conjuncts = query.type === 'and' ? query.children : [query];
  const { text, others } = splitText(conjuncts);
  const conds = [...others.map(compileNode), ...compileFilters(filters)];
  const rest = and(conds);
  if (text.match) return { sql: rest.sql, params: rest.params, match: text.match };
  return { sql: rest.sql, params: rest.params };
}

/**
 * The scope as one SQL expression, with the lifted FTS match as a rowid membership test.
 * TRICKY: when the match is dense (a common word), `+p.rid` stops SQLite from visiting each match by
 * rowid; it scans an index that already has the wanted order or grouping (created_at, sentiment…)
 * and probes the match set instead, which is several times faster for hundreds of thousands of hits.
 */
export function scopeWhere(scope: CompiledScope, dense = false): Cond {
  if (!scope.match) return scope;
  return and([ftsIn(scope.match, dense ? '+p.rid' : 'p.rid'), scope]);
}

/** Quote a user token as an FTS5 string: inside "…" nothing is an operator; `"` is doubled. */
export function ftsString(value: string): string {
  return `"${value.replace(/\u0000/g, '').replace(/"/g, '""')}"`;
}

/** The FTS5 expression for a subtree made only of text (terms, phrases, and/or, NOT inside an AND); null otherwise. */
export function toFts(node: QueryNode): string | null {
  switch (node.type) {
    case 'term':
      if (!HAS_TOKEN_RE.test(node.value)) return null;
      return node.prefix ? `${ftsString(node.value)}*` : ftsString(node.value);
    case 'phrase':
      return HAS_TOKEN_RE.test(node.value) ? ftsString(node.value) : null;
    case 'or': {
      const parts = node.children.map(toFts);
      return parts.every((p): p is string => p !== null) ? parts.map((p) => `(${p})`).join(' OR ') : null;
    }
    case 'and': {
      const { text, others } = splitText(node.children);
      return others.length === 0 && text.match ? text.match : null;
    }
    default:
      return null;
  }
}

/**
 * Split AND-ed children into one FTS expression (positive text, minus negated text) and the rest.
 * FTS5's NOT is binary, so negated text joins the match only when there is positive text to subtract
 * it from; otherwise it stays in `others` and becomes `rid NOT IN (…)`.
 */
function splitText(children: QueryNode[]): { text: { match?: string }; others: QueryNode[] } {
  const positive: string[] = [];
  const negative: string[] = [];
  const others: QueryNode[] = [];
  for (const child of children) {
    const fts = toFts(child);
    const negFts = child.type === 'not' ? toFts(child.child) : null;
    if (fts) positive.push(fts);
    else if (negFts) negative.push(negFts);
    else others.push(child);
  }
  // Without positive text the negations stay nodes; compileNode turns each into `NOT rid IN (…)`.
  if (positive.length === 0) return { text: {}, others: children };
  let match = positive.length === 1 ? positive[0]! : positive.map((p) => `(${p})`).join(' AND ');
  if (negative.length > 0) {
    match = `(${match}) NOT (${negative.map((n) => `(${n})`).join(' OR ')})`;
  }
  return { text: { match }, others };
}

function compileNode(node: QueryNode): Cond {
  switch (node.type) {
    case 'all':
      return TRUE;
    case 'term':
    case 'phrase': {
      const fts = toFts(node);
      // A term with no letters or digits indexes nothing; ignoring it beats matching nothing.
      return fts ? ftsIn(fts) : TRUE;
    }
    case 'field':
      return fieldCond(node.field, normaliseFieldValue(node.field, node.value));
    case 'range':
      return rangeCond(node.from, node.to);
    case 'not':
      return not(compileNode(node.child));
    case 'and': {
      const { text, others } = splitText(node.children);
      return and([...(text.match ? [ftsIn(text.match)] : []), ...others.map(compileNode)]);
    }
    case 'or': {
      const fts = toFts(node);
      if (fts) return ftsIn(fts);
      const texts = node.children.map(toFts).filter((t): t is string => t !== null);
      const others = node.children.filter((c) => toFts(c) === null).map(compileNode);
      const merged = texts.length > 0 ? [ftsIn(texts.map((t) => `(${t})`).join(' OR '))] : [];
      return or([...merged, ...others]);
    }
  }
}

function compileFilters(filters: SearchFilters): Cond[] {
  const conds: Cond[] = [];
  if (filters.from || filters.to) conds.push(rangeCond(filters.from, filters.to));
  if (filters.sentiment) conds.push(fieldCond('sentiment', filters.sentiment));
  if (filters.source) conds.push(fieldCond('source', filters.source));
  if (filters.lang) conds.push(fieldCond('lang', filters.lang.toLowerCase()));
  if (filters.topic) conds.push(fieldCond('topic', normaliseSlug(filters.topic)));
  if (filters.region) conds.push(fieldCond('region', normaliseRegion(filters.region)));
  return conds;
}

function fieldCond(field: QueryField, value: string): Cond {
  switch (field) {
    case 'sentiment':
      return { sql: 'p.sentiment = ?', params: [value] };
    case 'source':
      return { sql: 'p.source = ?', params: [value] };
    case 'lang':
      return { sql: 'p.lang = ?', params: [value] };
    case 'topic':
      return { sql: 'p.rid IN (SELECT rid FROM post_topics WHERE topic = ?)', params: [value] };
    case 'region':
      return { sql: 'p.rid IN (SELECT rid FROM post_regions WHERE region = ?)', params: [value] };
    case 'cluster':
      return { sql: 'p.cluster_id = ?', params: [value] };
    case 'author':
      // `=` (not IS) so the partial indexes apply; a post without an author makes this NULL.
      return {
        sql: '(p.author_handle_lc = ? OR p.author_id_lc = ? OR p.author_name_lc = ?)',
        params: [value, value, value],
        nullable: true,
      };
  }
}

function rangeCond(from: string | undefined, to: string | undefined): Cond {
  const conds: Cond[] = [];
  if (from) conds.push({ sql: 'p.created_at >= ?', params: [Date.parse(from)] });
  if (to) conds.push({ sql: 'p.created_at < ?', params: [Date.parse(to)] });
  return and(conds);
}

function ftsIn(match: string, column = 'p.rid'): Cond {
  return { sql: `${column} IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)`, params: [match] };
}

function not(cond: Cond): Cond {
  if (cond === TRUE) return FALSE;
  if (cond === FALSE) return TRUE;
  // TRICKY: NOT NULL is NULL, which would drop posts without an author from `-author:x`.
  return { sql: cond.nullable ? `NOT ifnull(${cond.sql}, 0)` : `NOT ${wrap(cond.sql)}`, params: cond.params };
}

function and(conds: Cond[]): Cond {
  if (conds.includes(FALSE)) return FALSE;
  const kept = conds.filter((c) => c !== TRUE && c.sql !== '1');
  if (kept.length === 0) return TRUE;
  if (kept.length === 1) return kept[0]!;
  return {
    sql: kept.map((c) => wrap(c.sql)).join(' AND '),
    params: kept.flatMap((c) => c.params),
    nullable: kept.some((c) => c.nullable),
  };
}

function or(conds: Cond[]): Cond {
  if (conds.includes(TRUE)) return TRUE;
  const kept = conds.filter((c) => c !== FALSE && c.sql !== '0');
  if (kept.length === 0) return FALSE;
  if (kept.length === 1) return kept[0]!;
  return {
    sql: kept.map((c) => wrap(c.sql)).join(' OR '),
    params: kept.flatMap((c) => c.params),
    nullable: kept.some((c) => c.nullable),
  };
}

function wrap(sql: string): string {
  return /^[\w.]+ (=|>=|<|IN) \?$/.test(sql) || sql === '1' || sql === '0' ? sql : `(${sql})`;
}

import type { QueryNode, SearchFilters } from '../../../schemas';
import { normaliseFieldValue, normaliseRegion, normaliseSlug } from '../../query';
import { WIB_OFFSET_MS } from './buckets';
import { compileScope, type SqlParam } from './compile';
import type { Combo } from './facets';

const DAY_MS = 86_400_000;

/**
 * A scope the rollup tables can answer: only dates and sentiment/source/lang equalities, AND-ed.
 * Full WIB days come from the rollups; the partial days at either end (`edges`, `[from, to)` instants)
 * are counted from `posts`, so bounds that are not midnight (the last 30 days up to now) stay exact.
 */
export interface RollupScope {
  /** Conditions on the rollup columns `sentiment`, `source`, `lang`, with the day range. */
  sql: string;
  params: SqlParam[];
  /** WHERE over `posts p` for each partial day: the scope's equalities within that part of the day. */
  edges: { sql: string; params: SqlParam[] }[];
  /** No sentiment or lang condition: rollup_author (keyed by author and source) applies too. */
  authorRollup: boolean;
}

type Eq = { column: 'sentiment' | 'source' | 'lang'; value: string };

/** The rollup form of a scope, or null when some part of it (text, topic, author, OR, NOT…) needs `posts`. */
export function rollupScope(query: QueryNode, filters: SearchFilters = {}): RollupScope | null {
  if (filters.topic || filters.region) return null;
  const eqs: Eq[] = [];
  let from = filters.from ? Date.parse(filters.from) : undefined;
  let to = filters.to ? Date.parse(filters.to) : undefined;
  if (filters.sentiment) eqs.push({ column: 'sentiment', value: filters.sentiment });
  if (filters.source) eqs.push({ column: 'source', value: filters.source });
  if (filters.lang) eqs.push({ column: 'lang', value: filters.lang.toLowerCase() });
  for (const node of query.type === 'and' ? query.children : [query]) {
    if (node.type === 'all') continue;
    if (node.type === 'range') {
      if (node.from) from = Math.max(from ?? -Infinity, Date.parse(node.from));
      if (node.to) to = Math.min(to ?? Infinity, Date.parse(node.to));
      continue;
    }
    if (node.type !== 'field' || (node.field !== 'sentiment' && node.field !== 'source' && node.field !== 'lang')) return null;
    eqs.push({ column: node.field, value: normaliseFieldValue(node.field, node.value) });
  }
  const { days, edges } = splitDays(from, to);
  // TRICKY: the edges get only their own bounds; with the scope's wider range beside them SQLite may
  // walk posts_created over the whole range and filter, instead of over the few hours of the edge.
  const equalities: QueryNode = { type: 'and', children: eqs.map((e) => ({ type: 'field', field: e.column, value: e.value })) };
  const conds = eqs.map((e) => `${e.column} = ?`);
  const params: SqlParam[] = eqs.map((e) => e.value);
  if (days.lo !== undefined) {
    conds.push('day >= ?');
    params.push(days.lo);
  }
  if (days.hi !== undefined) {
    conds.push('day <= ?');
    params.push(days.hi);
  }
  return {
    sql: conds.length ? conds.join(' AND ') : '1',
    params,
    edges: edges.map(([a, b]) => {
      const where = compileScope(equalities, { from: new Date(a).toISOString(), to: new Date(b).toISOString() });
      return { sql: where.sql, params: where.params };
    }),
    authorRollup: eqs.every((e) => e.column === 'source'),
  };
}

/** WIB day number of an instant, and the instant a WIB day starts. */
const dayOf = (ms: number): number => Math.floor((ms + WIB_OFFSET_MS) / DAY_MS);
const dayStart = (day: number): number => day * DAY_MS - WIB_OFFSET_MS;

/** Whole WIB days inside [from, to) and the partial-day instants left over at each end. */
export function splitDays(from?: number, to?: number): { days: { lo?: number; hi?: number }; edges: [number, number][] } {
  if (from !== undefined && to !== undefined) {
    // Within one day (or empty): no whole day; an empty range gives an empty edge that matches nothing.
    if (to <= dayStart(dayOf(from) + 1)) return { days: { lo: 1, hi: 0 }, edges: from < to ? [[from, to]] : [] };
  }
  const days: { lo?: number; hi?: number } = {};
  const edges: [number, number][] = [];
  if (from !== undefined) {
    const d = dayOf(from);
    if (dayStart(d) === from) days.lo = d;
    else {
      edges.push([from, dayStart(d + 1)]);
      days.lo = d + 1;
    }
  }
  if (to !== undefined) {
    const d = dayOf(to);
    if (dayStart(d) !== to) edges.push([dayStart(d), to]);
    days.hi = d - 1;
  }
  return { days, edges };
}

/**
 * A scope made only of dates and equalities on what a combo holds (sentiment, source, lang, a topic,
 * a region): its posts are those whose combo passes `matches`, within [from, to). Counting them walks
 * posts_combo_created once per matching combo, never the posts themselves.
 */
export interface ComboScope {
  matches: (combo: Combo) => boolean;
  from?: number;
  to?: number;
}

export function comboScope(query: QueryNode, filters: SearchFilters = {}): ComboScope | null {
  const tests: ((c: Combo) => boolean)[] = [];
  let from = filters.from ? Date.parse(filters.from) : undefined;
  let to = filters.to ? Date.parse(filters.to) : undefined;
  // Values normalised exactly as compile.ts does for the same filters and fields.
  if (filters.sentiment) tests.push(comboTest('sentiment', filters.sentiment));
  if (filters.source) tests.push(comboTest('source', filters.source));
  if (filters.lang) tests.push(comboTest('lang', filters.lang.toLowerCase()));
  if (filters.topic) tests.push(comboTest('topic', normaliseSlug(filters.topic)));
  if (filters.region) tests.push(comboTest('region', normaliseRegion(filters.region)));
  for (const node of query.type === 'and' ? query.children : [query]) {
    if (node.type === 'all') continue;
    if (node.type === 'range') {
      if (node.from) from = Math.max(from ?? -Infinity, Date.parse(node.from));
      if (node.to) to = Math.min(to ?? Infinity, Date.parse(node.to));
      continue;
    }
    if (node.type !== 'field' || node.field === 'author' || node.field === 'cluster') return null;
    tests.push(comboTest(node.field, normaliseFieldValue(node.field, node.value)));
  }
  return {
    matches: (c) => tests.every((t) => t(c)),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

function comboTest(field: 'sentiment' | 'source' | 'lang' | 'topic' | 'region', value: string): (c: Combo) => boolean {
  if (field === 'topic') return (c) => c.topics.includes(value);
  if (field === 'region') return (c) => c.regions.includes(value);
  return (c) => c[field] === value;
}

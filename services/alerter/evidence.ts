import type { PostStore, Scope } from '../../lib/store/post-store';
import { Query } from '../../schemas';
import type { AlertRule, AlertTopPost, AlertGroup, SignificantTerm } from '../../schemas/alert';
import { ruleScope, searchText } from './rules';
import { significantTerms } from './significant-terms';
import type { TimeWindow } from './windows';

export interface EvidenceParts {
  topPosts: AlertTopPost[];
  terms: SignificantTerm[];
  regions: { key: string; count: number }[];
  searchUrl: string;
  windowTotal: number;
  windowNegative: number;
}

const TOP_POSTS = 5;
const WINDOW_SAMPLE = 200;
/** Per baseline window, so the background sample spreads over the days instead of the last hours. */
const BASELINE_SAMPLE_PER_WINDOW = 60;
const SHORT_TEXT = 200;

/**
 * What an analyst needs to trust an alert without opening the dashboard: the loudest posts, the words
 * that rose, where it happens, and a link to the search that shows exactly these posts. Built only for
 * windows that fired, so its cost (a dozen store calls) does not weigh on evaluation.
 */
export async function buildEvidence(
  posts: PostStore,
  rule: AlertRule,
  group: AlertGroup,
  window: TimeWindow,
  baseline: TimeWindow[],
  publicUrl: string,
): Promise<EvidenceParts> {
  const negativeOnly = rule.metric !== 'volume';
  const base = ruleScope(rule.scope, group);
  const inWindow = (w: TimeWindow, negative: boolean): Required<Scope> => ({
    query: base.query,
    filters: { ...base.filters, from: w.from.toISOString(), to: w.to.toISOString(), ...(negative ? { sentiment: 'negative' as const } : {}) },
  });
  const focus = inWindow(window, negativeOnly);
  const [top, sample, regions, sentiments, ...background] = await Promise.all([
    posts.search(page(focus, TOP_POSTS, 'engagement')),
    posts.search(page(focus, WINDOW_SAMPLE, 'newest')),
    posts.terms(focus, 'region', 5),
    posts.terms(inWindow(window, false), 'sentiment', 3),
    ...baseline.map((w) => posts.search(page(inWindow(w, negativeOnly), BASELINE_SAMPLE_PER_WINDOW, 'newest'))),
  ]);
  const text = (p: { title?: string; text: string }) => (p.title ? `${p.title}. ${p.text}` : p.text);
  const url = new URL('/pencarian', publicUrl);
  url.searchParams.set('q', searchText(rule.scope, group, negativeOnly));
  url.searchParams.set('from', window.from.toISOString());
  url.searchParams.set('to', window.to.toISOString());
  return {
    topPosts: top.hits.map((p) => ({
      id: p.id,
      text: shorten(text(p)),
      source: p.source,
      ...(p.url ? { url: p.url } : {}),
      createdAt: p.createdAt,
    })),
    terms: significantTerms(sample.hits.map(text), background.flatMap((r) => r.hits.map(text))),
    regions: regions.map((b) => ({ key: b.key, count: b.count })),
    searchUrl: url.toString(),
    windowTotal: sentiments.reduce((sum, b) => sum + b.count, 0),
    windowNegative: sentiments.find((b) => b.key === 'negative')?.count ?? 0,
  };
}

function page(scope: Required<Scope>, size: number, sort: 'newest' | 'engagement'): Query {
  return Query.parse({ query: scope.query, filters: scope.filters, size, sort });
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SHORT_TEXT ? flat : `${flat.slice(0, SHORT_TEXT - 1).trimEnd()}…`;
}

import { REGION_IDS, regionLabel } from '../../lib/domain/regions';
import { topicLabel } from '../../lib/domain/topics';
import type { PostStore, Scope } from '../../lib/store/post-store';
import type { EnrichedPost, FacetBucket, HistogramBucket, SentimentLabel } from '../../schemas';
import { previousWeek, type WeekRange } from './week';

/**
 * Everything the PDF and the summary sheet show, gathered from the PostStore's aggregations only
 * (count, histogram, terms, search for the examples) so the numbers are the store's numbers — the
 * same calls `GET /api/stats` makes for the same WIB days.
 */

export interface SentimentSplit {
  total: number;
  positive: number;
  negative: number;
  neutral: number;
}

export interface Breakdown extends SentimentSplit {
  id: string;
  label: string;
}

export interface HeadlineFigures extends SentimentSplit {
  /** Share of negative posts, 0–100; null for an empty week. */
  negativePct: number | null;
  topTopic: Breakdown | null;
  mostNegativeRegion: (Breakdown & { negativePct: number }) | null;
}

export interface IssueExample {
  id: string;
  createdAt: string;
  source: string;
  author: string | null;
  text: string;
  url: string | null;
  sentiment: SentimentLabel;
  engagement: number;
}

export interface TopIssue extends Breakdown {
  previousTotal: number;
  examples: IssueExample[];
}

export interface WeeklyData {
  range: WeekRange;
  previous: WeekRange;
  current: HeadlineFigures;
  prior: HeadlineFigures;
  days: HistogramBucket[];
  /** Topic × sentiment, every topic seen in the week, by volume. */
  topics: Breakdown[];
  /** Region × sentiment, all 17 kabupaten/kota (zeros included), by volume. */
  regions: Breakdown[];
  sources: FacetBucket[];
  topIssues: TopIssue[];
  /** Regions need at least this many posts to be named "most negative". */
  minRegionPosts: number;
}

export interface GatherOptions {
  /** How many topics are shown as top issues (default 5). */
  topIssues?: number;
  examplesPerIssue?: number;
}

const LABELS: SentimentLabel[] = ['positive', 'negative', 'neutral'];
const MAX_TOPICS = 50;

function weekScope(range: WeekRange, extra: Scope['filters'] = {}): Scope {
  return { query: { type: 'all' }, filters: { from: range.from, to: range.to, ...extra } };
}

function split(buckets: FacetBucket[]): SentimentSplit {
  const get = (k: string): number => buckets.find((b) => b.key === k)?.count ?? 0;
  const positive = get('positive');
  const negative = get('negative');
  const neutral = get('neutral');
  return { total: positive + negative + neutral, positive, negative, neutral };
}

export function pct(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** Field × sentiment: one terms call per label, joined on the key. */
async function pivot(store: PostStore, range: WeekRange, field: 'topic' | 'region', size: number, label: (id: string) => string): Promise<Breakdown[]> {
  const [all, ...bySentiment] = await Promise.all([
    store.terms(weekScope(range), field, size),
    ...LABELS.map((s) => store.terms(weekScope(range, { sentiment: s }), field, size)),
  ]);
  const rows = new Map<string, Breakdown>();
  const row = (id: string): Breakdown => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { id, label: label(id), total: 0, positive: 0, negative: 0, neutral: 0 }));
    return r;
  };
  for (const b of all) row(b.key).total = b.count;
  LABELS.forEach((s, i) => {
    for (const b of bySentiment[i]!) row(b.key)[s] = b.count;
  });
  return [...rows.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}

/** The region with the highest negative share among regions with enough posts to mean something. */
export function mostNegative(regions: Breakdown[], minPosts: number): (Breakdown & { negativePct: number }) | null {
  const eligible = regions.filter((r) => r.total >= minPosts && r.negative > 0);
  const pool = eligible.length > 0 ? eligible : regions.filter((r) => r.negative > 0);
  const best = [...pool].sort(
    (a, b) => b.negative / b.total - a.negative / a.total || b.negative - a.negative || a.label.localeCompare(b.label),
  )[0];
  return best ? { ...best, negativePct: (best.negative / best.total) * 100 } : null;
}

/** Regions need ≥ 2 % of the week's region-tagged posts (at least 3) to be named most negative. */
export function regionThreshold(regions: Breakdown[]): number {
  const tagged = regions.reduce((n, r) => n + r.total, 0);
  return Math.max(3, Math.ceil(tagged * 0.02));
}

async function headline(store: PostStore, range: WeekRange): Promise<{ figures: HeadlineFigures; topics: Breakdown[]; regions: Breakdown[]; minRegionPosts: number }> {
  const [sentiments, topics, regions] = await Promise.all([
    store.terms(weekScope(range), 'sentiment', 3),
    pivot(store, range, 'topic', MAX_TOPICS, topicLabel),
    pivot(store, range, 'region', REGION_IDS.length, regionLabel),
  ]);
  const s = split(sentiments);
  // Every kabupaten/kota appears in the table, even with no posts.
  for (const id of REGION_IDS) {
    if (!regions.some((r) => r.id === id)) regions.push({ id, label: regionLabel(id), total: 0, positive: 0, negative: 0, neutral: 0 });
  }
  const minRegionPosts = regionThreshold(regions);
  return {
    figures: {
      ...s,
      negativePct: pct(s.negative, s.total),
      topTopic: topics[0] ?? null,
      mostNegativeRegion: mostNegative(regions, minRegionPosts),
    },
    topics,
    regions,
    minRegionPosts,
  };
}

function toExample(post: EnrichedPost): IssueExample {
  const e = post.engagement ?? {};
  return {
    id: post.id,
    createdAt: post.createdAt,
    source: post.source,
    author: post.author?.handle ?? post.author?.name ?? post.author?.id ?? null,
    text: post.title && !post.text.startsWith(post.title) ? `${post.title} — ${post.text}` : post.text,
    url: post.url ?? null,
    sentiment: post.sentiment.label,
    engagement: (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0),
  };
}

export async function gatherWeeklyData(store: PostStore, range: WeekRange, options: GatherOptions = {}): Promise<WeeklyData> {
  const previous = previousWeek(range);
  const [cur, prev, days, sources, total] = await Promise.all([
    headline(store, range),
    headline(store, previous),
    store.histogram(weekScope(range), 'day'),
    store.terms(weekScope(range), 'source', 50),
    store.count(weekScope(range)),
  ]);
  // NOTE: sentiment buckets and count are separate queries over the same scope; if a post lands
  // between them the totals would disagree, so the count is the one we trust and show.
  cur.figures.total = total;
  const topIssues: TopIssue[] = [];
  for (const topic of cur.topics.slice(0, options.topIssues ?? 5)) {
    // The most engaging posts of the topic, negative ones first: leadership reads what hurts.
    const result = await store.search({
      query: { type: 'all' },
      filters: { from: range.from, to: range.to, topic: topic.id },
      page: 1,
      size: 20,
      sort: 'engagement',
      facets: [],
    });
    const ranked = [...result.hits].sort((a, b) => Number(b.sentiment.label === 'negative') - Number(a.sentiment.label === 'negative'));
    topIssues.push({
      ...topic,
      previousTotal: prev.topics.find((t) => t.id === topic.id)?.total ?? 0,
      examples: ranked.slice(0, options.examplesPerIssue ?? 2).map(toExample),
    });
  }
  return {
    range,
    previous,
    current: cur.figures,
    prior: prev.figures,
    days,
    topics: cur.topics,
    regions: cur.regions,
    sources,
    topIssues,
    minRegionPosts: cur.minRegionPosts,
  };
}

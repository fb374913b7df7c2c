import { createHash } from 'node:crypto';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { PostStore, Scope, TermsField } from '../../lib/store/post-store';
import type { FacetBucket, SearchFilters } from '../../schemas';
import type { AlertEvent, AlertGroup, AlertRule, Delivery } from '../../schemas/alert';
import { groupKey, type AlertStore } from './alert-store';
import { canFire, detect, SENSITIVITY, type LevelCounts, type WindowCounts } from './detector';
import { buildEvidence } from './evidence';
import { ruleScope } from './rules';
import { alignedWindow, baselineWindows, levelWindows, type TimeWindow } from './windows';

export interface EvaluatorDeps {
  posts: PostStore;
  alerts: AlertStore;
  logger: Logger;
  now: () => Date;
  intervalMinutes: number;
  publicUrl: string;
  /** Channel names that exist; a rule naming another gets no delivery for it (logged). */
  channelNames: ReadonlySet<string>;
}

export interface EvaluationReport {
  at: string;
  rules: number;
  groupsChecked: number;
  created: AlertEvent[];
  suppressed: { duplicate: number; cooldown: number; covered: number };
  failedRules: { ruleId: string; error: string }[];
}

type GroupCounts = Map<string, { group: AlertGroup; counts: WindowCounts }>;

/** Regional × topic events come after province-wide ones, so a province-wide event can cover them. */
const GROUP_ORDER: Record<AlertRule['groupBy'], number> = { none: 0, topic: 1, region: 2, region_topic: 3 };
const FACET_SIZE = 100;

/**
 * One evaluation pass over every enabled rule. Per rule: count the aligned window (cheap, one or two
 * store calls), skip groups below the minimum volume, read the baseline windows only for the rest,
 * detect, and for what fired build the evidence and insert the event if the store agrees it is new.
 */
export function createEvaluator(deps: EvaluatorDeps) {
  const log = deps.logger.child({ component: 'alert-evaluator' });

  /**
   * Facet counts, memoised for one evaluation pass. NOTE: a topic or region *filter* makes the SQLite
   * store materialise every post of that topic (~20 ms at 200k posts), while a *facet* over a time
   * range reads only the window (< 1 ms) — and one facet serves every rule on that slice. So rules
   * with plain topic/region scopes are counted through facets, shared across rules.
   */
  type Memo = Map<string, Promise<FacetBucket[]>>;
  function facetOf(memo: Memo, scope: Scope, field: TermsField): Promise<FacetBucket[]> {
    const key = JSON.stringify([scope.query, scope.filters, field]);
    let hit = memo.get(key);
    if (!hit) {
      hit = deps.posts.terms(scope, field, FACET_SIZE);
      memo.set(key, hit);
    }
    return hit;
  }

  async function counts(memo: Memo, rule: AlertRule, base: Scope, w: TimeWindow, regions?: readonly string[]): Promise<GroupCounts> {
    const out: GroupCounts = new Map();
    const filters: SearchFilters = { ...base.filters, from: w.from.toISOString(), to: w.to.toISOString() };
    const add = (group: AlertGroup, field: keyof WindowCounts, n: number) => {
      const key = groupKey(group);
      const entry = out.get(key) ?? { group, counts: { total: 0, negative: 0 } };
      entry.counts[field] += n;
      out.set(key, entry);
    };
    const needNegative = rule.metric !== 'volume';
    const needTotal = rule.metric !== 'negative_count';
    const facet = async (extra: SearchFilters, field: 'topic' | 'region', make: (key: string) => AlertGroup, only?: string) => {
      const pick = (buckets: FacetBucket[]) => (only === undefined ? buckets : buckets.filter((b) => b.key === only));
      if (needNegative) {
        for (const b of pick(await facetOf(memo, { query: base.query, filters: { ...filters, ...extra, sentiment: 'negative' } }, field))) add(make(b.key), 'negative', b.count);
      }
      if (needTotal) {
        for (const b of pick(await facetOf(memo, { query: base.query, filters: { ...filters, ...extra } }, field))) add(make(b.key), 'total', b.count);
      }
    };
    if (rule.groupBy === 'none') {
      const plain = base.query.type === 'all';
      if (plain && (filters.topic || filters.region)) {
        // Pivot the filter into a facet (see facetOf); topic wins when both are set.
        const field = filters.topic ? 'topic' : 'region';
        const value = filters[field]!;
        await facet({ [field]: undefined }, field, () => ({}), value);
        if (!out.size) add({}, 'total', 0);
        return out;
      }
      // One query gives both figures: the sentiment facet sums to the total.
      for (const b of await facetOf(memo, { query: base.query, filters }, 'sentiment')) {
        add({}, 'total', b.count);
        if (b.key === 'negative') add({}, 'negative', b.count);
      }
      if (!out.size) add({}, 'total', 0);
      return out;
    }
    if (rule.groupBy === 'topic') await facet({}, 'topic', (topic) => ({ topic }));
    else if (rule.groupBy === 'region') await facet({}, 'region', (region) => ({ region }));
    else {
      // Only kabupaten/kota that could fire get a per-topic breakdown.
      const active =
        regions ??
        (await facetOf(memo, { query: base.query, filters: needNegative ? { ...filters, sentiment: 'negative' } : filters }, 'region'))
          .filter((b) => b.count >= rule.minVolume)
          .map((b) => b.key);
      for (const region of active) await facet({ region }, 'topic', (topic) => ({ region, topic }));
    }
    return out;
  }

  async function evaluateRule(memo: Memo, rule: AlertRule, at: Date, report: EvaluationReport): Promise<void> {
    const base = ruleScope(rule.scope);
    const window = alignedWindow(at, deps.intervalMinutes, rule.windowMinutes);
    const current = await counts(memo, rule, base, window);
    const candidates = [...current.entries()].filter(([, c]) => canFire(rule.metric, c.counts, rule.minVolume));
    report.groupsChecked += current.size;
    if (!candidates.length) return;

    const windows = baselineWindows(window, rule.baseline);
    const regions = rule.groupBy === 'region_topic' ? [...new Set(candidates.map(([, c]) => c.group.region!))] : undefined;
    const baseline: GroupCounts[] = [];
    for (const w of windows) baseline.push(await counts(memo, rule, base, w, regions));
    // Same-hours baselines also read the hours before each window, so a busy day is not a spike. The
    // level can only raise the expectation, so it is read only when the plain test fires.
    let levels: GroupCounts[] | null = null;
    const readLevels = async (): Promise<GroupCounts[]> => {
      if (levels) return levels;
      levels = [];
      for (const w of levelWindows(window, windows)) levels.push(await counts(memo, rule, base, w, regions));
      return levels;
    };
    const useLevel = rule.baseline === 'same_hours_7d' && rule.metric !== 'negative_share';

    const thresholds = SENSITIVITY[rule.sensitivity];
    for (const [key, { group: slice, counts: observed }] of candidates) {
      // The event names its effective topic/region (rule scope or group), so broader events can cover narrower ones.
      const group = effectiveGroup(rule, slice);
      const of = (m: GroupCounts) => m.get(key)?.counts ?? { total: 0, negative: 0 };
      const history = baseline.map(of);
      let detection = detect(rule.metric, observed, history, rule.minVolume, thresholds);
      if (detection.fired && useLevel) {
        const lv = await readLevels();
        const level: LevelCounts = { current: of(lv[0]!), baseline: lv.slice(1).map(of) };
        detection = detect(rule.metric, observed, history, rule.minVolume, thresholds, level);
      }
      if (!detection.fired) continue;

      const effectiveKey = groupKey(group);
      const eventKey = `${rule.id}|${effectiveKey}|${window.to.toISOString()}`;
      const cooldownMs = rule.cooldownMinutes * 60_000;
      const covers = coverKeys(group);
      const blocked = await deps.alerts.blocked(eventKey, rule.id, effectiveKey, window.to, cooldownMs, covers);
      if (blocked) {
        report.suppressed[blocked]++;
        continue;
      }
      const evidence = await buildEvidence(deps.posts, rule, slice, window, windows, deps.publicUrl);
      const now = deps.now();
      const event: AlertEvent = {
        id: createHash('sha256').update(eventKey).digest('base64url').slice(0, 24),
        key: eventKey,
        ruleId: rule.id,
        ruleName: rule.name,
        metric: rule.metric,
        group,
        windowFrom: window.from.toISOString(),
        windowTo: window.to.toISOString(),
        evidence: {
          observed: round(detection.observed),
          expected: round(detection.expected),
          score: round(detection.score),
          threshold: detection.threshold,
          baselineValues: detection.baselineValues.map(round),
          ...evidence,
        },
        channels: rule.channels,
        state: 'open',
        createdAt: now.toISOString(),
      };
      const outcome = await deps.alerts.createEvent(event, effectiveKey, deliveriesFor(event, now), cooldownMs, covers);
      if (outcome.created) {
        report.created.push(event);
        log.info({ ruleId: rule.id, group: effectiveKey, observed: event.evidence.observed, expected: event.evidence.expected, eventId: event.id }, 'alert_created');
      } else if (outcome.reason) {
        report.suppressed[outcome.reason]++;
      }
    }
  }

  function deliveriesFor(event: AlertEvent, now: Date): Delivery[] {
    return event.channels.flatMap((channel): Delivery[] => {
      if (channel !== 'in_app' && !deps.channelNames.has(channel)) {
        log.warn({ ruleId: event.ruleId, channel }, 'alert_channel_unknown');
        return [];
      }
      // In-app: the stored event is the notification the web app shows.
      const delivered = channel === 'in_app';
      return [
        {
          id: `${event.id}:${channel}`,
          eventId: event.id,
          channel,
          status: delivered ? 'sent' : 'pending',
          attempts: 0,
          nextAttemptAt: now.toISOString(),
          ...(delivered ? { sentAt: now.toISOString() } : {}),
        },
      ];
    });
  }

  return {
    /** Evaluate every enabled rule for the window that ends at `at` (default: now), aligned to the interval. */
    async evaluate(at: Date = deps.now()): Promise<EvaluationReport> {
      const rules = (await deps.alerts.listRules()).filter((r) => r.enabled).sort((a, b) => GROUP_ORDER[a.groupBy] - GROUP_ORDER[b.groupBy] || a.id.localeCompare(b.id));
      const report: EvaluationReport = {
        at: at.toISOString(),
        rules: rules.length,
        groupsChecked: 0,
        created: [],
        suppressed: { duplicate: 0, cooldown: 0, covered: 0 },
        failedRules: [],
      };
      const memo: Memo = new Map();
      for (const rule of rules) {
        try {
          await evaluateRule(memo, rule, at, report);
        } catch (err) {
          // One broken rule (a query the store refuses) must not silence the others.
          report.failedRules.push({ ruleId: rule.id, error: describeError(err) });
          log.warn({ ruleId: rule.id, err: describeError(err) }, 'alert_rule_failed');
        }
      }
      return report;
    },
  };
}
export type Evaluator = ReturnType<typeof createEvaluator>;

function effectiveGroup(rule: AlertRule, slice: AlertGroup): AlertGroup {
  const topic = slice.topic ?? rule.scope.topic;
  const region = slice.region ?? rule.scope.region;
  return { ...(topic ? { topic } : {}), ...(region ? { region } : {}) };
}

/** A regional topic event is covered by a province-wide event for the same topic (one spike, one alert). */
function coverKeys(group: AlertGroup): string[] {
  return group.region && group.topic ? [groupKey({ topic: group.topic })] : [];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

import { ValidationError } from '../../lib/errors';
import { parseQuery } from '../../lib/query';
import type { Scope } from '../../lib/store/post-store';
import { TOPICS } from '../../lib/domain/topics';
import type { SearchFilters } from '../../schemas';
import { AlertRule, AlertRuleInput, type AlertGroup, type AlertScope } from '../../schemas/alert';

/** The issues that historically blow up for the office (domain.md B3): one negative-count rule each. */
export const MAIN_TOPICS = [
  'karhutla_asap', 'banjir', 'jalan_jembatan', 'angkutan_batubara', 'lrt', 'kesehatan', 'stunting_gizi', 'pendidikan',
  'harga_bbm', 'korupsi', 'layanan_publik', 'kemiskinan', 'keamanan',
] as const;

export const REGION_TOPIC_RULE_ID = 'wilayah-topik';

/**
 * Default rules (notifying every configured channel): one per main topic (province-wide), and one that watches every topic in every
 * kabupaten/kota. A province-wide topic event covers the same topic's regional events within the
 * cooldown (see evaluator), so one spike makes one alert.
 */
export function defaultRules(at: Date, channels: readonly string[] = ['in_app']): AlertRule[] {
  const notify = [...new Set(['in_app', ...channels])];
  const stamp = { createdBy: 'sistem', createdAt: at.toISOString(), updatedBy: 'sistem', updatedAt: at.toISOString() };
  const topicRules = MAIN_TOPICS.map((topic) =>
    AlertRule.parse({
      ...AlertRuleInput.parse({ name: `Lonjakan negatif: ${TOPICS.find((t) => t.id === topic)?.label ?? topic}`, scope: { topic }, channels: notify }),
      id: `topik-${topic.replace(/_/g, '-')}`,
      ...stamp,
    }),
  );
  const regional = AlertRule.parse({
    ...AlertRuleInput.parse({
      name: 'Lonjakan negatif: topik apa pun di kabupaten/kota mana pun',
      groupBy: 'region_topic',
      minVolume: 8,
      cooldownMinutes: 360,
      channels: notify,
    }),
    id: REGION_TOPIC_RULE_ID,
    ...stamp,
  });
  return [...topicRules, regional];
}

/** The rule's scope as the store takes it; a bad query is a ValidationError naming the field. */
export function ruleScope(scope: AlertScope, group: AlertGroup = {}): Scope {
  let query;
  try {
    query = parseQuery(scope.query);
  } catch (err) {
    throw new ValidationError(`scope.query: ${(err as Error).message}`);
  }
  const filters: SearchFilters = {};
  if (scope.source) filters.source = scope.source;
  const topic = group.topic ?? scope.topic;
  const region = group.region ?? scope.region;
  if (topic) filters.topic = topic;
  if (region) filters.region = region;
  return { query, filters };
}

/** The query-language text that shows the same posts in the search page (link in messages). */
export function searchText(scope: AlertScope, group: AlertGroup, negativeOnly: boolean): string {
  const topic = group.topic ?? scope.topic;
  const region = group.region ?? scope.region;
  return [
    scope.query.trim() ? `(${scope.query.trim()})` : '',
    topic ? `topik:${topic}` : '',
    region ? `wilayah:${region}` : '',
    scope.source ? `sumber:${scope.source}` : '',
    negativeOnly ? 'sentimen:negatif' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

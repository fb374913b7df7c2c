/**
 * Topic tags for Sumsel public issues (shared/domain.md B3), with Indonesian labels and keywords.
 * The data is config/dictionaries/topics.json, or the edit an admin stored through the API (see
 * dictionaries.ts); this module compiles it into one tag matcher. Keywords are whole words or
 * phrases matched on token boundaries; a trailing `*` makes a prefix stem. `nearby` rules tag from
 * words close together ("jalan" … "berlubang"), and the dictionary's `exclusions` ("jembatan timbang")
 * hide the keywords inside them.
 */
import type { TopicDictionary } from '../../schemas/dictionary';
import { shippedDictionary } from './dictionary-files';
import { createTagMatcher, tokensForMatch, type TagMatcher } from './match';

export interface Topic {
  id: string;
  label: string;
  keywords: readonly string[];
}

/**
 * TRICKY: live bindings. `TOPICS` and `TOPIC_IDS` are reassigned when another dictionary is
 * installed, and importers see the new value on their next read (ES module semantics, kept by the
 * CommonJS output). Read them where they are needed: a copy taken at module load goes stale.
 */
export let TOPICS: readonly Topic[];
export let TOPIC_IDS: readonly [string, ...string[]];
let byId: ReadonlyMap<string, Topic>;
let matcher: TagMatcher;

/** Compiles a dictionary and makes it the one every function here answers from. */
export function useTopicDictionary(data: TopicDictionary): void {
  const topics = data.topics.map((t): Topic => ({ id: t.id, label: t.label, keywords: t.keywords }));
  matcher = createTagMatcher(
    data.topics.map((t) => ({ tag: t.id, phrases: t.keywords, nearby: t.nearby })),
    data.exclusions,
  );
  byId = new Map(topics.map((t) => [t.id, t]));
  TOPICS = topics;
  TOPIC_IDS = topics.map((t) => t.id) as [string, ...string[]]; // the schema requires at least one topic
}
useTopicDictionary(shippedDictionary('topics').data);

export function isTopicId(id: string): boolean {
  return byId.has(id);
}

/** Indonesian label for an id; the id itself when unknown. */
export function topicLabel(id: string): string {
  return byId.get(id)?.label ?? id;
}

/** Topic ids whose keywords occur in a text, in order of first mention. Accepts raw text or tokens. */
export function matchTopics(text: string | readonly string[]): string[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  return matcher.match(tokens);
}

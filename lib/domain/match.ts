/**
 * Word-boundary phrase matching over normalised text, shared by the topic, region and official
 * dictionaries. Text and patterns go through the same `normaliseForMatch`, so "Kayu-Agung",
 * "kayu agung" and "KAYU AGUNG" are one thing, and a pattern only ever matches whole tokens
 * ("lrt" matches "LRT Sumsel" but never "alert"). `createTagMatcher` adds, on top, tags from words
 * that occur near each other ("jalan … rusak") and phrases that hide a tag ("jembatan timbang").
 */
import type { NearbyRule } from '../../schemas/dictionary';

/** Lowercase, NFKC, diacritics off, every run of non-letters/digits becomes one space. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokensForMatch(text: string): string[] {
  // NOTE: posts are mostly ASCII plus emoji and typographic punctuation, none of which NFKD or the
  // mark pass changes: those are scanned here by char code (the enricher tokenises every post).
  // Any other non-ASCII character sends the whole text through normaliseForMatch.
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (c >= 0x80) {
      // Separators whatever the normalisation: no-break space, U+2000–U+203D bar ‗ (it decomposes
      // into a mark), and the emoji blocks U+1F300–U+1F6D8 and U+1F900–U+1FA57 (a surrogate pair).
      const next = lower.charCodeAt(i + 1);
      const cp = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000 : c;
      const separator =
        cp === 0xa0 || (cp >= 0x2000 && cp <= 0x203d && cp !== 0x2017) || (cp >= 0x1f300 && cp <= 0x1f6d8) || (cp >= 0x1f900 && cp <= 0x1fa57);
      if (!separator) {
        const norm = normaliseForMatch(text);
        return norm === '' ? [] : norm.split(' ');
      }
      if (start >= 0) tokens.push(lower.slice(start, i));
      start = -1;
      if (cp > 0xffff) i++;
      continue;
    }
    if (start >= 0) tokens.push(lower.slice(start, i));
    start = -1;
  }
  if (start >= 0) tokens.push(lower.slice(start));
  return tokens;
}

/**
 * One dictionary pattern. A trailing `*` on the last word makes it a prefix stem
 * ("kebakar*" matches "kebakaran"), otherwise every word must match exactly.
 */
export interface PatternEntry<K extends string> {
  key: K;
  pattern: string;
}

export interface PhraseMatch<K extends string> {
  key: K;
  pattern: string;
  start: number;
  /** Exclusive token index. */
  end: number;
}

interface CompiledPattern<K extends string> {
  key: K;
  pattern: string;
  words: string[];
  prefixLast: boolean;
}

export interface PhraseMatcher<K extends string> {
  /** All matches, with matches lying inside a longer match removed ("oku timur" hides "oku"). */
  match(tokens: readonly string[]): PhraseMatch<K>[];
}

export function createPhraseMatcher<K extends string>(entries: readonly PatternEntry<K>[]): PhraseMatcher<K> {
  // NOTE: indexed by first word so a post costs one map lookup per token, not one regex per pattern.
  // One-word stems ("banjir*") cannot be looked up by the whole token, so they are indexed by their
  // first letter, and a token shorter than every stem skips them.
  const byFirst = new Map<string, CompiledPattern<K>[]>();
  const stemsByLetter = new Map<string, CompiledPattern<K>[]>();
  let shortestStem = Infinity;
  for (const entry of entries) {
    const prefixLast = entry.pattern.trim().endsWith('*');
    const words = tokensForMatch(entry.pattern.replace(/\*\s*$/, ''));
    if (words.length === 0) continue;
    const compiled = { key: entry.key, pattern: entry.pattern, words, prefixLast };
    if (prefixLast && words.length === 1) {
      const stem = words[0] as string;
      shortestStem = Math.min(shortestStem, stem.length);
      const list = stemsByLetter.get(stem[0] as string) ?? [];
      list.push(compiled);
      stemsByLetter.set(stem[0] as string, list);
      continue;
    }
    const first = words[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(compiled);
    byFirst.set(first, list);
  }

  function matchesAt(p: CompiledPattern<K>, tokens: readonly string[], i: number): boolean {
    if (i + p.words.length > tokens.length) return false;
    for (let j = 0; j < p.words.length; j++) {
      const token = tokens[i + j] as string;
      const word = p.words[j] as string;
      const last = j === p.words.length - 1;
      if (last && p.prefixLast ? !token.startsWith(word) : token !== word) return false;
    }
    return true;
  }

  return {
    match(tokens) {
      const found: PhraseMatch<K>[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as string;
        const phrases = byFirst.get(token);
        if (phrases) {
          for (const p of phrases) {
            if (matchesAt(p, tokens, i)) found.push({ key: p.key, pattern: p.pattern, start: i, end: i + p.words.length });
          }
        }
        const stems = token.length >= shortestStem ? stemsByLetter.get(token[0] as string) : undefined;
        if (stems) {
          for (const p of stems) {
            if (token.startsWith(p.words[0] as string)) found.push({ key: p.key, pattern: p.pattern, start: i, end: i + 1 });
          }
        }
      }
      return found.length < 2 ? found : dropContained(found);
    },
  };
}

/** Keeps a match only if no strictly longer match covers its whole span. */
function dropContained<K extends string>(matches: PhraseMatch<K>[]): PhraseMatch<K>[] {
  return matches.filter(
    (m) =>
      !matches.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
  );
}

export interface TagPatterns {
  tag: string;
  /** Each phrase tags on its own. */
  phrases: readonly string[];
  /** Each rule tags when one phrase of every group lies within its window (see NearbyRule). */
  nearby?: readonly NearbyRule[];
}

export interface TagMatcher {
  /** Distinct tags in order of first mention (a nearby rule counts where its window starts). */
  match(tokens: readonly string[]): string[];
}

/** Phrase-matcher keys: a tag id for a phrase, `r<rule>:<group>` for a rule's group, `!` for an exclusion. */
const EXCLUDE = '!';
const groupKey = (rule: number, group: number): string => `r${rule}:${group}`;

/**
 * One matcher for a set of tags. TRICKY: everything shares one phrase matcher, so a longer phrase
 * hides a shorter one inside it across tags and rules: an exclusion ("jembatan timbang") hides the
 * keyword "jembatan", and a keyword of one tag ("sawit terbakar") hides a shorter one of another
 * ("sawit"). Tag ids never contain `:` or `!`, so the keys cannot collide.
 */
export function createTagMatcher(tags: readonly TagPatterns[], exclusions: readonly string[] = []): TagMatcher {
  const entries: PatternEntry<string>[] = [];
  const rules: { tag: string; groups: string[]; within: number }[] = [];
  for (const t of tags) {
    for (const pattern of t.phrases) entries.push({ key: t.tag, pattern });
    for (const rule of t.nearby ?? []) {
      const r = rules.length;
      const groups = rule.allOf.map((phrases, g) => {
        for (const pattern of phrases) entries.push({ key: groupKey(r, g), pattern });
        return groupKey(r, g);
      });
      rules.push({ tag: t.tag, groups, within: rule.within });
    }
  }
  for (const pattern of exclusions) entries.push({ key: EXCLUDE, pattern });
  const phrases = createPhraseMatcher(entries);
  const groupKeys = new Set(rules.flatMap((r) => r.groups));

  return {
    match(tokens) {
      // NOTE: this runs on every post, so the common case (no rule word) allocates next to nothing.
      const matches = phrases.match(tokens);
      if (matches.length === 0) return [];
      const first = new Map<string, number>();
      let byGroup: Map<string, PhraseMatch<string>[]> | undefined;
      for (const m of matches) {
        if (m.key === EXCLUDE) continue;
        if (!groupKeys.has(m.key)) {
          if (!first.has(m.key)) first.set(m.key, m.start);
          continue;
        }
        byGroup ??= new Map();
        const list = byGroup.get(m.key);
        if (list) list.push(m);
        else byGroup.set(m.key, [m]);
      }
      if (!byGroup) return [...first.keys()];
      for (const rule of rules) {
        // Most posts hit a word of a few rules only: skip a rule before gathering its groups.
        if (!rule.groups.every((g) => byGroup.has(g))) continue;
        const at = windowStart(rule.groups.map((g) => byGroup.get(g) as PhraseMatch<string>[]), rule.within);
        const known = first.get(rule.tag);
        if (at !== undefined && (known === undefined || at < known)) first.set(rule.tag, at);
      }
      // Map order is insertion order; sorting by position (stable) puts rule tags where they start.
      return [...first.entries()].sort((a, b) => a[1] - b[1]).map(([tag]) => tag);
    },
  };
}

/**
 * Start of the earliest window of `within` tokens holding one match of every group (each group
 * has at least one match), if any.
 * NOTE: an optimal window can always begin at some match, so trying each match start suffices;
 * posts have a handful of matches, which keeps this quadratic scan cheap.
 */
function windowStart(groups: readonly (readonly PhraseMatch<string>[])[], within: number): number | undefined {
  const starts = [...new Set(groups.flat().map((m) => m.start))].sort((a, b) => a - b);
  return starts.find((s) => groups.every((g) => g.some((m) => m.start >= s && m.end <= s + within)));
}

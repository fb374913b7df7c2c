/**
 * Word-boundary phrase matching over normalised text, shared by the topic, region and official
 * dictionaries. Text and patterns go through the same `normaliseForMatch`, so "Kayu-Agung",
 * "kayu agung" and "KAYU AGUNG" are one thing, and a pattern only ever matches whole tokens
 * ("lrt" matches "LRT Sumsel" but never "alert").
 */

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
  const norm = normaliseForMatch(text);
  return norm === '' ? [] : norm.split(' ');
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
  const byFirst = new Map<string, CompiledPattern<K>[]>();
  const prefixFirst: CompiledPattern<K>[] = [];
  for (const entry of entries) {
    const prefixLast = entry.pattern.trim().endsWith('*');
    const words = tokensForMatch(entry.pattern.replace(/\*\s*$/, ''));
    if (words.length === 0) continue;
    const compiled = { key: entry.key, pattern: entry.pattern, words, prefixLast };
    if (prefixLast && words.length === 1) {
      prefixFirst.push(compiled);
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
        for (const p of byFirst.get(token) ?? []) {
          if (matchesAt(p, tokens, i)) found.push({ key: p.key, pattern: p.pattern, start: i, end: i + p.words.length });
        }
        for (const p of prefixFirst) {
          if (token.startsWith(p.words[0] as string)) found.push({ key: p.key, pattern: p.pattern, start: i, end: i + 1 });
        }
      }
      return dropContained(found);
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

/** Distinct keys in first-seen order. */
export function uniqueKeys<K extends string>(matches: readonly PhraseMatch<K>[]): K[] {
  return [...new Set(matches.map((m) => m.key))];
}

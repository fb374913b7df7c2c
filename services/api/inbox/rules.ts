import type { QueryNode } from '../../../schemas';
import type { InboxRule, InboxSettings } from './inbox-schemas';

/** Lowercase words of letters and digits, as the FTS tokenizer (unicode61) sees them. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** One rule term as a query node: `keluh*` a prefix term, one word a term, several a phrase (`@humas_sumsel` → "humas sumsel"). */
export function termNode(term: string): QueryNode {
  const prefix = term.endsWith('*');
  const w = words(prefix ? term.slice(0, -1) : term);
  if (w.length === 1) return prefix ? { type: 'term', value: w[0]!, prefix: true } : { type: 'term', value: w[0]! };
  return { type: 'phrase', value: w.join(' ') };
}

/** The store query that finds candidates for the inbox: any enabled rule's term, outside the excluded sources. */
export function inboxQuery(settings: InboxSettings): QueryNode | null {
  const terms = settings.rules.filter((r) => r.enabled).flatMap((r) => r.terms.map(termNode));
  if (terms.length === 0) return null;
  const anyTerm: QueryNode = { type: 'or', children: terms };
  const excluded: QueryNode[] = settings.excludeSources.map((s) => ({ type: 'not', child: { type: 'field', field: 'source', value: s } }));
  return excluded.length ? { type: 'and', children: [anyTerm, ...excluded] } : anyTerm;
}

/** Which rules a text matches (by id), checked in JS on the same word boundaries the store uses. */
export function matchingRules(rules: readonly InboxRule[], text: string): string[] {
  const list = words(text);
  const joined = ` ${list.join(' ')} `;
  return rules
    .filter((r) => r.enabled)
    .filter((r) =>
      r.terms.some((t) => {
        if (t.endsWith('*')) {
          const stem = words(t.slice(0, -1)).join(' ');
          return stem.length > 0 && (joined.includes(` ${stem}`));
        }
        const phrase = words(t).join(' ');
        return phrase.length > 0 && joined.includes(` ${phrase} `);
      }),
    )
    .map((r) => r.id);
}

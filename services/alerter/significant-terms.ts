import type { SignificantTerm } from '../../schemas/alert';

/** Words that carry no topic in Indonesian posts (and Palembang fillers); never "driving" a rise. */
const STOPWORDS = new Set(
  (
    'yang dan di ke dari ini itu untuk dengan pada adalah dalam tidak akan juga sudah ada atau karena oleh saat bisa ' +
    'kami kita saya aku kamu anda dia mereka jadi lagi masih harus agar para sangat lebih telah belum pun hanya ' +
    'tak gak ga nggak enggak dak idak bae nian galo kito wong apo ngapo cak mano yg dgn utk aja saja kok sih deh dong ' +
    'nya nih tuh banget bgt min pak bu ibu bapak mas mbak the and for http https www com'
  ).split(' '),
);

/** Lower-cased letter/digit runs of 3+ characters, minus stopwords and pure numbers; a set per post. */
export function postTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || raw.length > 40 || STOPWORDS.has(raw) || /^\p{N}+$/u.test(raw)) continue;
    out.add(raw);
  }
  return out;
}

/**
 * Terms that rose in the window against a baseline sample, scored with JLH (Elasticsearch's
 * significant_terms default): (fg% − bg%) × (fg% / bg%), on document frequencies so one long post
 * cannot dominate. bg% is add-one smoothed, so a term absent from the baseline scores high but finite.
 * A term must appear in at least 2 window posts.
 */
export function significantTerms(windowTexts: readonly string[], baselineTexts: readonly string[], size = 10): SignificantTerm[] {
  const fg = documentFrequencies(windowTexts);
  const bg = documentFrequencies(baselineTexts);
  const fgN = Math.max(windowTexts.length, 1);
  const bgN = baselineTexts.length;
  const out: SignificantTerm[] = [];
  for (const [term, count] of fg) {
    if (count < 2) continue;
    const fgP = count / fgN;
    const bgCount = bg.get(term) ?? 0;
    const bgP = (bgCount + 1) / (bgN + 2);
    if (fgP <= bgP) continue;
    const score = (fgP - bgP) * (fgP / bgP);
    out.push({ term, window: count, baseline: bgCount, score: Math.round(score * 1000) / 1000 });
  }
  return out.sort((a, b) => b.score - a.score || b.window - a.window || a.term.localeCompare(b.term)).slice(0, size);
}

function documentFrequencies(texts: readonly string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const text of texts) for (const term of postTerms(text)) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/**
 * `dengar reenrich --since <YYYY-MM-DD|ISO> [--model path] [--json]`: rescores stored posts created
 * since a date with the current enricher (model, lexicon, dictionaries) and writes back the ones
 * whose analysis changed. Analysts' corrections stay in force: a relabelled post keeps its
 * corrected sentiment/topics. Progress on stderr every 2 s; `--json` prints {"rescored","changed"}.
 */
import { isDeepStrictEqual } from 'node:util';
import { applyStoredDictionaries } from '../lib/domain/dictionary-sync';
import { openStores } from '../lib/runtime';
import { assignClusters } from '../services/indexer/near-duplicates';
import { SearchParams, toFilters } from '../lib/search-params';
import type { PostStore } from '../lib/store/post-store';
import { EnrichedPost, RawPost } from '../schemas';
import { openControlPlaneFor } from '../services/api/control/control-plane';
import { withCorrection } from '../services/api/labels/api-post';
import type { LabelStore } from '../services/api/labels/label-store';
import { createEnrichment, type Enrich } from '../services/enricher/enrich';
import { createSentimentAnalyzer } from '../services/enricher/sentiment/analyzer';
import { commandContext } from './context';

export interface ReenrichProgress {
  rescored: number;
  changed: number;
  failed: number;
}

export interface ReenrichInput {
  store: PostStore;
  labels: LabelStore;
  enrich: Enrich;
  /** Posts created at or after this WIB day (YYYY-MM-DD) or ISO instant. */
  since: string;
  pageSize?: number;
  onProgress?: (p: ReenrichProgress) => void;
  /** Posts the enricher rejected or the store refused, with the reason (they keep their stored copy). */
  onFailure?: (id: string, reason: string) => void;
}

/** The fields an enrichment decides; `enrichedAt` alone changing is not a change. */
function analysis(p: EnrichedPost): unknown {
  return [p.lang, p.sentiment, p.topics, p.regions, p.officials, p.simhash, p.modelVersion, p.enricherVersion];
}

/** The post as it arrived: every RawPost field survives in the stored copy (zod drops the rest). */
export function toRawPost(post: EnrichedPost): RawPost {
  return RawPost.parse({ ...post, type: 'raw_post' });
}

/**
 * Pages oldest-first with a moving `from` (keyset), not page numbers: page numbers stop at 1000
 * and a store of a year of posts has more. Posts sharing the cursor's instant are remembered so a
 * page boundary inside one timestamp neither skips nor repeats them.
 */
export async function reenrichPosts(input: ReenrichInput): Promise<ReenrichProgress> {
  const size = input.pageSize ?? 200;
  const totals: ReenrichProgress = { rescored: 0, changed: 0, failed: 0 };
  let cursor = parseSince(input.since);
  let page = 1;
  let seenAtCursor = new Set<string>();
  for (;;) {
    const result = await input.store.search({ query: { type: 'all' }, filters: { from: cursor }, page, size, sort: 'oldest', facets: [] });
    const fresh = result.hits.filter((p) => !seenAtCursor.has(p.id));
    const corrections = await input.labels.latest(fresh.map((p) => p.id));
    const writes: EnrichedPost[] = [];
    for (const stored of fresh) {
      const outcome = input.enrich(toRawPost(stored));
      if (outcome.kind !== 'ok') {
        totals.failed++;
        input.onFailure?.(stored.id, outcome.reason);
        continue;
      }
      totals.rescored++;
      // The analyst's label beats the model's, as in the relabel route.
      const { correction: _c, ...next } = withCorrection(outcome.value, corrections.get(stored.id));
      if (!isDeepStrictEqual(analysis(next), analysis(stored))) writes.push(next);
    }
    if (writes.length > 0) {
      // Written straight to the store, so clusters are assigned here as the indexer would.
      const res = await input.store.upsert(await assignClusters(input.store, writes));
      totals.changed += res.stored;
      totals.failed += res.failed.length;
      for (const f of res.failed) input.onFailure?.(f.id, f.reason);
    }
    input.onProgress?.({ ...totals });
    if (result.hits.length < size) break;
    const last = result.hits[result.hits.length - 1]!.createdAt;
    if (Date.parse(last) === Date.parse(cursor)) {
      // A whole page at one instant: step through it by page number.
      page++;
    } else {
      cursor = last;
      page = 1;
      seenAtCursor = new Set();
    }
    for (const p of result.hits) if (Date.parse(p.createdAt) === Date.parse(cursor)) seenAtCursor.add(p.id);
  }
  return totals;
}

/** `--since` as people write it (a WIB day or an ISO instant) → the UTC instant it starts at. */
export function parseSince(text: string): string {
  const parsed = SearchParams.pick({ from: true }).safeParse({ from: text });
  if (!parsed.success || !parsed.data.from) throw new Error(`--since: ${parsed.error?.issues[0]?.message ?? 'wajib diisi'}`);
  return toFilters({ from: parsed.data.from }).from!;
}

export async function reenrichCommand(opts: { since: string; model?: string; json?: boolean }): Promise<void> {
  const since = parseSince(opts.since);
  const { config } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  const analyzer = createSentimentAnalyzer(opts.model ? { modelPath: opts.model } : {});
  const enrich = createEnrichment({ analyzer });
  const { store, state } = openStores(config);
  // Retag with the dictionaries an admin stored, not only the shipped files.
  await applyStoredDictionaries(state);
  const control = openControlPlaneFor(config);
  const started = Date.now();
  let lastProgress = started;
  try {
    const totals = await reenrichPosts({
      store,
      labels: control.labels,
      enrich,
      since,
      onFailure: (id, reason) => process.stderr.write(`pos ${id}: ${reason}\n`),
      onProgress: (p) => {
        if (Date.now() - lastProgress < 2000) return;
        lastProgress = Date.now();
        const rate = Math.round(p.rescored / Math.max(0.001, (Date.now() - started) / 1000));
        process.stderr.write(`reenrich: ${p.rescored} dinilai ulang, ${p.changed} berubah, ${p.failed} gagal (${rate} pos/dtk)\n`);
      },
    });
    if (opts.json) process.stdout.write(`${JSON.stringify({ rescored: totals.rescored, changed: totals.changed })}\n`);
    else
      process.stdout.write(
        `Selesai dalam ${((Date.now() - started) / 1000).toFixed(1)} dtk: ${totals.rescored} pos dinilai ulang dengan model ${analyzer.modelVersion}, ${totals.changed} berubah` +
          (totals.failed > 0 ? `, ${totals.failed} gagal` : '') +
          '.\n',
      );
    if (totals.failed > 0) process.exitCode = 1;
  } finally {
    await control.close();
    await state.close();
    await store.close();
  }
}

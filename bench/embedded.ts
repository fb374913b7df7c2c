import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sentiment from 'sentiment';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import type { StepResult } from '../lib/result';
import { startRuntime } from '../lib/runtime';
import { createSqlitePostStore } from '../lib/store/sqlite';
import type { EnrichedPost, RawPost, RawPostInput } from '../schemas';
import { runImport } from '../services/collector/import-runner';
import { toRawPostMessage } from '../services/collector/to-raw-post';
import { createEnrichment } from '../services/enricher/enrich';
import { createSentimentAnalyzer } from '../services/enricher/sentiment/analyzer';
import { createLanguageStep } from '../services/enricher/steps/language';
import { createNearDuplicateStep } from '../services/enricher/steps/near-duplicates';
import { createNormaliseStep } from '../services/enricher/steps/normalise';
import { andThen } from '../services/enricher/steps/run-step';
import { createSentimentStep } from '../services/enricher/steps/sentiment';
import { createOfficialsStep, createRegionsStep, createTopicsStep } from '../services/enricher/steps/tags';
import { iteratePosts } from './corpus';
import { percentile, progress, round, timeMs } from './stats';

const CORPUS = { seed: 20261127, start: new Date('2026-05-01T00:00:00+07:00'), days: 210 };
const COLLECTED_AT = new Date('2026-11-28T00:00:00Z');

/** Ten searches an analyst at Humas typically runs, each with the four facets the UI shows. */
export const ANALYST_QUERIES: Record<string, string>[] = [
  { q: 'banjir' },
  { q: 'banjir DAN palembang' },
  { q: '"jalan rusak"' },
  { q: 'topic:karhutla_asap sentiment:negatif' },
  { q: 'region:ogan_ilir' },
  { q: 'banjir* ATAU genangan' },
  { q: '(lrt ATAU "jembatan ampera") -hoaks' },
  { q: 'sentiment:negatif', from: '2026-11-20', to: '2026-11-26' },
  { q: 'pak gub', sort: 'engagement' },
  { q: '' },
];

function rawPost(input: RawPostInput): RawPost {
  return toRawPostMessage(input, 'bench', COLLECTED_AT).value as RawPost;
}

/** Median of `rounds` wall times of `fn`, in milliseconds. */
async function medianMs(rounds: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await timeMs(fn));
  return percentile(times, 50);
}

/** The ok outputs of one step over every input (the bench corpus has no bad posts). */
function okValues<I, O>(inputs: readonly I[], step: (input: I) => StepResult<O>): O[] {
  const out: O[] = [];
  for (const input of inputs) {
    const r = step(input);
    if (r.kind === 'ok') out.push(r.value);
  }
  return out;
}

/**
 * Enrichment on one core next to bare `sentiment.analyze` (English AFINN) on the same texts, with
 * the time per post of each step. Every figure is the median of `rounds` passes (shared machines
 * are noisy). A step is timed over all posts at once, fed the previous step's outputs, so `other`
 * is what the chain adds around them (result objects, the final stamp).
 * TRICKY: steps extend the post they are given (steps/step.ts). The normalise figure copies each
 * raw post first, as the chain does once per post, so the bench's raw posts stay raw; the later
 * steps rewrite the fields they add with the same values on every round.
 */
export async function benchEnrichment(count: number, rounds = 5) {
  progress(`enrichment: ${count} posts, median of ${rounds} rounds`);
  const posts = [...iteratePosts({ ...CORPUS, count })].map(rawPost);
  const texts = posts.map((p) => (p.title ? `${p.title}. ${p.text}` : p.text));
  const analyzer = createSentimentAnalyzer();
  const enrich = createEnrichment({ now: () => COLLECTED_AT, analyzer });
  const bare = new Sentiment();
  const normalise = createNormaliseStep();
  const language = createLanguageStep();
  const sentiment = createSentimentStep({ analyzer });
  const [topics, regions, officials] = [createTopicsStep(), createRegionsStep(), createOfficialsStep()];
  const fingerprint = createNearDuplicateStep();
  const copyOf = (post: RawPost): RawPost => ({ ...post });

  // Warm up the JIT on a slice of each before timing.
  for (let i = 0; i < 2000; i++) {
    enrich(posts[i % posts.length]!);
    analyzer.analyze(texts[i % texts.length]!);
    bare.analyze(texts[i % texts.length]!);
  }
  const normalised = okValues(posts.map(copyOf), normalise);
  const withLang = okValues(normalised, language);
  const withSentiment = okValues(withLang, sentiment);

  const bareMs = await medianMs(rounds, () => texts.forEach((t) => bare.analyze(t)));
  const analyzerMs = await medianMs(rounds, () => texts.forEach((t) => analyzer.analyze(t)));
  let ok = 0;
  const chainMs = await medianMs(rounds, () => {
    ok = 0;
    for (const p of posts) if (enrich(p).kind === 'ok') ok++;
  });
  const stepMs = {
    normalise: await medianMs(rounds, () => posts.forEach((p) => normalise(copyOf(p)))),
    language: await medianMs(rounds, () => okValues(normalised, language)),
    sentiment: await medianMs(rounds, () => okValues(withLang, sentiment)),
    // Post by post, as in the chain: the three tag steps share the post's tokens.
    tags: await medianMs(rounds, () => withSentiment.forEach((p) => andThen(andThen(topics(p), regions), officials))),
    fingerprint: await medianMs(rounds, () => okValues(withSentiment, fingerprint)),
  };
  const micros = (ms: number) => round((ms * 1000) / count, 2);
  const perSec = (ms: number) => Math.round((count / ms) * 1000);
  const stepsMs = stepMs.normalise + stepMs.language + stepMs.sentiment + stepMs.tags + stepMs.fingerprint;
  return {
    posts: count,
    rounds,
    enrichedOk: ok,
    bareSentimentAnalyzePostsPerSec: perSec(bareMs),
    indonesianAnalyzerPostsPerSec: perSec(analyzerMs),
    fullEnrichmentChainPostsPerSec: perSec(chainMs),
    chainVsBareRatio: round(bareMs / chainMs, 3),
    microsPerPost: {
      bareSentimentAnalyze: micros(bareMs),
      chain: micros(chainMs),
      normalise: micros(stepMs.normalise),
      language: micros(stepMs.language),
      sentiment: micros(stepMs.sentiment),
      tags: micros(stepMs.tags),
      fingerprint: micros(stepMs.fingerprint),
      other: micros(chainMs - stepsMs),
    },
    modelVersion: analyzer.modelVersion,
  };
}

/**
 * Embedded ingest through the whole pipeline (import → in-process bus → enricher → indexer →
 * SQLite), next to the raw limit: bulk upserts of the same, already enriched posts into SQLite.
 */
export async function benchIngest(dir: string, count: number) {
  progress(`ingest: ${count} posts through the embedded pipeline`);
  const config = loadConfig({ DENGAR_DATA_DIR: path.join(dir, 'pipeline'), DENGAR_COLLECT: 'false', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const pipeline = await startRuntime(config, logger);
  let n = 0;
  async function* records() {
    for (const post of iteratePosts({ ...CORPUS, count })) yield { line: ++n, post };
  }
  const pipelineMs = await timeMs(() => runImport({ records: records(), bus: pipeline.bus, origin: 'bench', batchSize: config.import.batchSize }));
  await pipeline.shutdown.shutdown('bench');

  progress(`ingest: raw limit, bare SQLite upserts of ${count} enriched posts`);
  const enrich = createEnrichment({ now: () => COLLECTED_AT });
  const enriched: EnrichedPost[] = [];
  for (const input of iteratePosts({ ...CORPUS, count })) {
    const r = enrich(rawPost(input));
    if (r.kind === 'ok') enriched.push(r.value);
  }
  const bare = createSqlitePostStore({ file: path.join(dir, 'bare', 'dengar.db') });
  const bareMs = await timeMs(async () => {
    for (let i = 0; i < enriched.length; i += 500) await bare.upsert(enriched.slice(i, i + 500));
  });
  await bare.close();
  return {
    posts: count,
    pipelinePostsPerSec: Math.round((count / pipelineMs) * 1000),
    bareSqliteUpsertPostsPerSec: Math.round((enriched.length / bareMs) * 1000),
    note: 'the pipeline enriches on the same core; the bare upsert gets posts already enriched',
  };
}

export function benchDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-bench-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

import path from 'node:path';
import { createLogger } from '../lib/logger';
import { REGION_IDS } from '../lib/domain/regions';
import { TOPIC_IDS } from '../lib/domain/topics';
import { postId } from '../lib/ids';
import { createSqlitePostStore } from '../lib/store/sqlite';
import type { EnrichedPost, SentimentLabel } from '../schemas';
import { AlertRule, type AlertRuleInput } from '../schemas/alert';
import { createAlerterService } from '../services/alerter/app';
import { defaultRules } from '../services/alerter/rules';
import { createSqliteAlertStore } from '../services/alerter/sqlite-alert-store';
import { createRng } from './corpus';
import { progress, round, timeMs } from './stats';

const HOUR = 3_600_000;
const WORDS = ['banjir', 'asap', 'macet', 'jalan', 'rusak', 'harga', 'beras', 'pelayanan', 'rumah', 'sakit', 'sekolah', 'jembatan', 'lampu', 'air', 'warga', 'pemkot', 'pemprov', 'lambat', 'bagus', 'parah'];

/**
 * Evaluating N alert rules over a store of M posts (`npm run bench`; goal: 200 rules over 1M posts in
 * under 2 s). Posts are generated already enriched, with a daily rhythm over 30 days, so loading the
 * store costs only the upserts; the evaluation is timed at the end of the corpus, cold and warm.
 */
export async function benchAlerter(dir: string, opts: { posts?: number; rules?: number } = {}) {
  const count = opts.posts ?? 1_000_000;
  const ruleCount = opts.rules ?? 200;
  const file = path.join(dir, 'alerter', 'dengar.db');
  const posts = createSqlitePostStore({ file });
  const alerts = createSqliteAlertStore(file);
  const end = Date.parse('2026-11-30T10:00:00+07:00');
  const start = end - 30 * 24 * HOUR;
  const r = createRng(8);
  progress(`alerter: loading ${count} enriched posts`);
  const loadMs = await timeMs(async () => {
    let batch: EnrichedPost[] = [];
    for (let i = 0; i < count; i++) {
      // Daily rhythm by rejection sampling: busier mornings and evenings (WIB).
      let t = 0;
      for (;;) {
        t = start + r.next() * (end - start);
        const hour = new Date(t + 7 * HOUR).getUTCHours();
        if (r.next() < 0.3 + 0.7 * Math.exp(-((hour - 9) ** 2) / 8) + 0.8 * Math.exp(-((hour - 20) ** 2) / 6)) break;
      }
      const sentiment: SentimentLabel = r.chance(0.35) ? 'negative' : r.chance(0.5) ? 'neutral' : 'positive';
      const at = new Date(t).toISOString();
      batch.push({
        schemaVersion: 1,
        type: 'enriched_post',
        id: postId('x', `b${i}`),
        source: r.chance(0.5) ? 'x' : 'rss',
        sourceId: `b${i}`,
        // Filler from a 2,000-word vocabulary plus one issue word: query words hit ~5% of posts, as real ones do.
        text: `${Array.from({ length: 8 }, () => `kata${r.int(2000)}`).join(' ')} ${r.pick(WORDS)}`,
        createdAt: at,
        collectedAt: at,
        lang: 'id',
        sentiment: { label: sentiment, score: sentiment === 'negative' ? -1 : sentiment === 'positive' ? 1 : 0, terms: [] },
        topics: [r.pick(TOPIC_IDS)],
        regions: r.chance(0.7) ? [r.pick(REGION_IDS)] : [],
        officials: [],
        enricherVersion: 'bench',
        modelVersion: 'bench',
        enrichedAt: at,
      });
      if (batch.length === 2000) {
        await posts.upsert(batch);
        batch = [];
        if ((i + 1) % 200_000 === 0) progress(`  loaded ${i + 1}`);
      }
    }
    if (batch.length) await posts.upsert(batch);
  });

  // The defaults, then topic × region rules, query rules, and share/volume rules up to `ruleCount`.
  const at = new Date(end).toISOString();
  const rules: AlertRule[] = defaultRules(new Date(end));
  const extra: AlertRuleInput[] = [];
  for (const topic of TOPIC_IDS) for (const region of REGION_IDS) extra.push({ name: `${topic} di ${region}`, scope: { topic, region } });
  for (const word of WORDS) extra.push({ name: `kata ${word}`, scope: { query: word }, metric: 'negative_share', minVolume: 30 });
  for (const topic of TOPIC_IDS) extra.push({ name: `volume ${topic}`, scope: { topic }, metric: 'volume', minVolume: 50 });
  for (let i = 0; rules.length < ruleCount; i++) {
    const input = extra[(i * 7919) % extra.length]!;
    rules.push(AlertRule.parse({ ...input, id: `bench-${i}`, createdBy: 'bench', createdAt: at, updatedBy: 'bench', updatedAt: at }));
  }
  for (const rule of rules.slice(0, ruleCount)) await alerts.putRule(rule);

  const service = createAlerterService({ posts, alerts, logger: createLogger('silent'), options: { seedDefaultRules: false }, now: () => new Date(end) });
  progress(`alerter: evaluating ${ruleCount} rules`);
  let report = await service.evaluator.evaluate(new Date(end));
  const coldMs = await timeMs(async () => (report = await service.evaluator.evaluate(new Date(end - 5 * 60_000))));
  const warmMs = await timeMs(async () => (report = await service.evaluator.evaluate(new Date(end - 10 * 60_000))));
  await service.stop();
  await alerts.close();
  await posts.close();
  return {
    posts: count,
    rules: ruleCount,
    loadPostsPerSec: Math.round((count / loadMs) * 1000),
    evaluateMs: round(coldMs),
    evaluateAgainMs: round(warmMs),
    groupsChecked: report.groupsChecked,
    failedRules: report.failedRules.length,
    goalMs: 2000,
    note: 'first evaluation (page cache warm-up) is not timed; the timed runs are the next two 5-minute windows',
  };
}

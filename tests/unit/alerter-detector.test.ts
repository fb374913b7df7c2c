/**
 * The detector on simulated count series: many weeks of negative-post counts with a daily rhythm
 * (morning and evening peaks), a weekly rhythm (quieter weekends), day-to-day overdispersion and
 * Poisson noise, evaluated exactly as the alerter does (1-hour window sliding every 5 minutes,
 * baseline = the same hour on the previous 7 days, 3-hour cooldown). Going through SQLite for 60+
 * simulated weeks would take minutes; alerter-evaluator.test.ts runs one week end-to-end through the store.
 *
 * Documented detectable size (medium sensitivity, minVolume 10): a burst adding, within an hour, at
 * least max(15, 3 × the usual count for that hour) negative posts.
 */
import { mulberry32 } from '../../bench/corpus';
import { detectCount, SENSITIVITY, median } from '../../services/alerter/detector';

const BIN_MIN = 5;
const BINS_PER_HOUR = 60 / BIN_MIN;
const BINS_PER_DAY = 24 * BINS_PER_HOUR;
const LEVEL_BINS = 6 * BINS_PER_HOUR;
const COOLDOWN_BINS = (180 / BIN_MIN) | 0;

function poisson(lambda: number, rnd: () => number): number {
  if (lambda > 30) {
    const u = Math.max(rnd(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l);
  return k - 1;
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
}

/** Hourly shape: night trough, morning and evening peaks (mean ≈ 1). */
function daily(hour: number): number {
  const morning = Math.exp(-((hour - 9) ** 2) / 6);
  const evening = Math.exp(-((hour - 20) ** 2) / 5);
  return 0.25 + 1.1 * morning + 1.3 * evening;
}

interface Series {
  bins: number[];
  /** Usual hourly count at each bin's hour (for spike sizing). */
  hourlyMean: number[];
}

function simulate(weeks: number, base: number, rnd: () => number): Series {
  const days = weeks * 7;
  const bins: number[] = [];
  const hourlyMean: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekend = d % 7 >= 5 ? 0.65 : 1;
    const dayNoise = Math.exp(0.2 * gaussian(rnd)); // overdispersion: some days are just busier
    for (let b = 0; b < BINS_PER_DAY; b++) {
      const hour = Math.floor(b / BINS_PER_HOUR);
      const mean = base * daily(hour) * weekend;
      hourlyMean.push(mean);
      bins.push(poisson((mean * dayNoise) / BINS_PER_HOUR, rnd));
    }
  }
  return { bins, hourlyMean };
}

/** Every 5-minute evaluation from day 7 on; returns the bins at which an alert was created (cooldown applied). */
function run(bins: number[], from = 7 * BINS_PER_DAY, sensitivity: 'low' | 'medium' | 'high' = 'medium'): number[] {
  const prefix = [0];
  for (const c of bins) prefix.push(prefix[prefix.length - 1]! + c);
  const windowSum = (end: number) => prefix[end]! - prefix[end - BINS_PER_HOUR]!;
  const alerts: number[] = [];
  let last = -Infinity;
  for (let end = from; end <= bins.length; end++) {
    const observed = windowSum(end);
    if (observed < 10) continue;
    const baseline = [7, 6, 5, 4, 3, 2, 1].map((k) => windowSum(end - k * BINS_PER_DAY));
    const pre = (e: number) => prefix[e - BINS_PER_HOUR]! - prefix[e - BINS_PER_HOUR - LEVEL_BINS]!;
    const level = { current: pre(end), baseline: [7, 6, 5, 4, 3, 2, 1].map((k) => pre(end - k * BINS_PER_DAY)) };
    if (!detectCount(observed, baseline, 10, SENSITIVITY[sensitivity], level).fired) continue;
    if (end - last < COOLDOWN_BINS) continue;
    last = end;
    alerts.push(end);
  }
  return alerts;
}

describe('alert detector on simulated weeks', () => {
  const levels = [1, 4, 15, 60]; // usual negative posts per hour at the daily mean

  it('raises at most 1 false alarm per simulated week of normal traffic', () => {
    const rnd = mulberry32(20261102);
    const weeks = 20;
    const perLevel: Record<number, number> = {};
    let total = 0;
    for (const base of levels) {
      const series = simulate(weeks + 1, base, rnd);
      const alarms = run(series.bins).length;
      perLevel[base] = alarms / weeks;
      total += alarms;
    }
    const perWeek = total / (weeks * levels.length);
    console.log(`alerter false alarms per simulated week (per series): ${perWeek.toFixed(3)} — by hourly level ${JSON.stringify(perLevel)}`);
    expect(perWeek).toBeLessThanOrEqual(1);
    for (const base of levels) expect(perLevel[base]).toBeLessThanOrEqual(1);
  });

  it('detects ≥ 95% of spikes at or above the documented size', () => {
    const rnd = mulberry32(7);
    const multipliers = [1, 2, 3, 5];
    const found: Record<number, { hit: number; n: number }> = {};
    for (const m of multipliers) found[m] = { hit: 0, n: 0 };
    for (const base of levels) {
      for (const m of multipliers) {
        const weeks = 6;
        const series = simulate(weeks + 1, base, rnd);
        const spikes: { start: number; end: number }[] = [];
        // One spike every ~36 h from day 8, at varying hours, spread over 20–60 minutes.
        for (let at = 8 * BINS_PER_DAY; at < series.bins.length - BINS_PER_DAY; at += Math.round(1.5 * BINS_PER_DAY) + Math.floor(rnd() * BINS_PER_HOUR * 6)) {
          const usual = series.hourlyMean[at]!;
          const extra = Math.max(15, Math.round(m * usual));
          const spread = 4 + Math.floor(rnd() * 9);
          for (let i = 0; i < extra; i++) series.bins[at + Math.floor(rnd() * spread)]!++;
          spikes.push({ start: at, end: at + spread });
        }
        const alerts = run(series.bins);
        for (const s of spikes) {
          found[m]!.n++;
          if (alerts.some((a) => a > s.start && a <= s.end + BINS_PER_HOUR)) found[m]!.hit++;
        }
      }
    }
    const recall = (ms: number[]) => {
      const hit = ms.reduce((n, m) => n + found[m]!.hit, 0);
      const n = ms.reduce((k, m) => k + found[m]!.n, 0);
      return { recall: hit / n, n };
    };
    const documented = recall([3, 5]);
    console.log(
      `alerter recall at ≥ documented size (extra ≥ max(15, 3×usual)/h): ${(documented.recall * 100).toFixed(1)}% of ${documented.n}; ` +
        `by size: ${multipliers.map((m) => `${m}×: ${((found[m]!.hit / found[m]!.n) * 100).toFixed(0)}%`).join(', ')}`,
    );
    expect(documented.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('is robust to one earlier spike in the baseline and to zero baselines', () => {
    expect(median([1, 2, 100, 3, 2, 1, 2])).toBe(2);
    expect(detectCount(30, [5, 6, 60, 5, 4, 6, 5], 10, SENSITIVITY.medium).fired).toBe(true);
    // Low counts: 3 posts where there were none is not a spike (below minimum volume)…
    expect(detectCount(3, [0, 0, 0, 0, 0, 0, 0], 10, SENSITIVITY.medium).fired).toBe(false);
    // …and 12 where there were none is.
    expect(detectCount(12, [0, 0, 0, 0, 0, 0, 0], 10, SENSITIVITY.medium).fired).toBe(true);
  });
});

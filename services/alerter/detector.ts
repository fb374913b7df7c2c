import type { AlertMetric, AlertSensitivity } from '../../schemas/alert';

/**
 * The spike test, as pure functions over numbers so it can be checked on long simulated series.
 *
 * Robust z-score: the expected value is the MEDIAN of the baseline windows (one earlier spike in the
 * baseline does not move it) and the spread is 1.4826 × MAD (the normal-consistent MAD). Counts are
 * small and Poisson-like, where MAD is often 0: the spread is floored at √expected (Poisson) and 1,
 * so a move from 1 to 4 posts is not "infinite sigma". A rise must also clear a ratio over the
 * expected value and the rule's minimum volume: analysts asked for few alerts that are clearly real.
 */
export interface Thresholds {
  /** Minimum robust z. */
  z: number;
  /** Counts: observed ≥ ratio × max(expected, 1). */
  ratio: number;
  /** Shares: observed − expected ≥ this (absolute share points). */
  shareRise: number;
}

export const SENSITIVITY: Record<AlertSensitivity, Thresholds> = {
  low: { z: 5, ratio: 3, shareRise: 0.25 },
  medium: { z: 4, ratio: 2, shareRise: 0.15 },
  high: { z: 3, ratio: 1.5, shareRise: 0.1 },
};

export interface WindowCounts {
  total: number;
  negative: number;
}

export interface Detection {
  fired: boolean;
  observed: number;
  expected: number;
  spread: number;
  score: number;
  threshold: number;
  baselineValues: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

const MAD_TO_SIGMA = 1.4826;

/**
 * How busy today is compared with the baseline days, from the hours just before the window: busy
 * days are common (a news cycle lifts a whole day) and are not spikes. Only a clearly busier day
 * counts: the current count's lower Poisson bound (count − 2√count) over the baseline median,
 * clamped to [1, 2], so noisy night counts do not inflate the expectation.
 */
export function levelFactor(level: { current: number; baseline: readonly number[] } | undefined): number {
  if (!level || level.baseline.length === 0) return 1;
  const lower = Math.max(0, level.current - 2 * Math.sqrt(level.current));
  const ratio = (lower + 1) / (median(level.baseline) + 1);
  return Math.min(LEVEL_MAX, Math.max(LEVEL_MIN, ratio));
}
/** Never below 1: a quiet morning must not make a small rise look like a spike. */
const LEVEL_MIN = 1;
const LEVEL_MAX = 2;

/**
 * The baseline's usual value: the mean of the windows that are not outliers (above median + 4 robust
 * sigmas). Plain medians of small Poisson counts run low ([3,0,5,1,1,6,1] → 1, mean 2.4), which
 * made quiet night hours alarm; the trimmed mean keeps the efficiency and drops an earlier spike.
 */
export function usualValue(baseline: readonly number[]): { center: number; sigma: number } {
  if (baseline.length === 0) return { center: 0, sigma: 1 };
  const mid = median(baseline);
  const sigma = Math.max(MAD_TO_SIGMA * mad(baseline, mid), Math.sqrt(mid + 1), 1);
  const kept = baseline.filter((v) => v <= mid + 4 * sigma);
  const center = kept.reduce((a, b) => a + b, 0) / kept.length;
  const spread = MAD_TO_SIGMA * mad(kept, median(kept));
  return { center, sigma: spread };
}

/**
 * A count series (negative posts or all posts); `level` = counts in the hours before the window,
 * today and on the baseline days. Two scores, and the smaller counts:
 *  - robust z against the day-to-day spread of the baseline (1.4826 × MAD, scaled by the level);
 *  - the Poisson score 2(√observed − √expected) (Anscombe), right for low counts where MAD is 0 or 1.
 */
export function detectCount(
  observed: number,
  baseline: readonly number[],
  minVolume: number,
  t: Thresholds,
  level?: { current: number; baseline: readonly number[] },
): Detection {
  const factor = levelFactor(level);
  const usual = usualValue(baseline);
  const expected = usual.center * factor;
  const spread = Math.max(usual.sigma * factor, 1);
  const robust = (observed - expected) / spread;
  const poisson = 2 * (Math.sqrt(observed) - Math.sqrt(expected));
  const score = Math.min(robust, poisson);
  const fired = observed >= minVolume && score >= t.z && observed >= t.ratio * Math.max(expected, 1);
  return { fired, observed, expected, spread, score, threshold: t.z, baselineValues: [...baseline] };
}

/** Negative share: the binomial standard error at the expected share is the floor for the spread. */
export function detectShare(window: WindowCounts, baseline: readonly WindowCounts[], minVolume: number, t: Thresholds): Detection {
  const shares = baseline.filter((b) => b.total > 0).map((b) => b.negative / b.total);
  const expected = median(shares);
  const observed = window.total > 0 ? window.negative / window.total : 0;
  const binomial = Math.sqrt((Math.max(expected, 0.05) * (1 - Math.min(expected, 0.95))) / Math.max(window.total, 1));
  const spread = Math.max(MAD_TO_SIGMA * mad(shares, expected), binomial, 0.02);
  const score = (observed - expected) / spread;
  const fired = window.total >= minVolume && score >= t.z && observed - expected >= t.shareRise;
  return { fired, observed, expected, spread, score, threshold: t.z, baselineValues: shares };
}

/** Counts in the hours before the window: today's, and on each baseline day. */
export interface LevelCounts {
  current: WindowCounts;
  baseline: readonly WindowCounts[];
}

export function detect(
  metric: AlertMetric,
  window: WindowCounts,
  baseline: readonly WindowCounts[],
  minVolume: number,
  t: Thresholds,
  level?: LevelCounts,
): Detection {
  const pick = (field: keyof WindowCounts) => (level ? { current: level.current[field], baseline: level.baseline.map((b) => b[field]) } : undefined);
  switch (metric) {
    case 'negative_count':
      return detectCount(window.negative, baseline.map((b) => b.negative), minVolume, t, pick('negative'));
    case 'volume':
      return detectCount(window.total, baseline.map((b) => b.total), minVolume, t, pick('total'));
    case 'negative_share':
      return detectShare(window, baseline, minVolume, t);
  }
}

/** Whether a window can fire at all, before any baseline is read (the cheap pre-filter). */
export function canFire(metric: AlertMetric, window: WindowCounts, minVolume: number): boolean {
  return (metric === 'negative_count' ? window.negative : window.total) >= minVolume;
}

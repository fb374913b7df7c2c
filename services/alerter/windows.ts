import type { AlertBaseline } from '../../schemas/alert';

export interface TimeWindow {
  from: Date;
  to: Date;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** previous_24h with short windows would mean dozens of queries per rule: sample at most this many. */
const MAX_PREVIOUS_WINDOWS = 24;

/**
 * The window a run at `now` evaluates: it ends at `now` rounded down to the evaluation step.
 * NOTE: two replicas firing a few seconds apart round to the same end, hence the same event key.
 * WIB is a whole-hour offset from UTC, so steps aligned in UTC are aligned in WIB too.
 */
export function alignedWindow(now: Date, stepMinutes: number, windowMinutes: number): TimeWindow {
  const step = stepMinutes * MINUTE;
  const to = Math.floor(now.getTime() / step) * step;
  return { from: new Date(to - windowMinutes * MINUTE), to: new Date(to) };
}

/** Baseline windows, oldest first. */
export function baselineWindows(window: TimeWindow, baseline: AlertBaseline): TimeWindow[] {
  const length = window.to.getTime() - window.from.getTime();
  const out: TimeWindow[] = [];
  if (baseline === 'same_hours_7d') {
    for (let k = 7; k >= 1; k--) out.push(shift(window, -k * DAY));
    return out;
  }
  const n = Math.max(1, Math.floor(DAY / length));
  // Evenly spaced over the previous 24 h when there are more windows than we want to read.
  const stride = n > MAX_PREVIOUS_WINDOWS ? Math.floor(n / MAX_PREVIOUS_WINDOWS) : 1;
  for (let k = n; k >= 1; k -= stride) out.push(shift(window, -k * length));
  return out;
}

function shift(w: TimeWindow, ms: number): TimeWindow {
  return { from: new Date(w.from.getTime() + ms), to: new Date(w.to.getTime() + ms) };
}

/** Hours before a window that tell how busy the day is (see detector `levelFactor`). */
export const LEVEL_HOURS = 6;

/** The level windows: before the current window first, then before each baseline window. */
export function levelWindows(window: TimeWindow, baseline: TimeWindow[]): TimeWindow[] {
  return [window, ...baseline].map((w) => ({ from: new Date(w.from.getTime() - LEVEL_HOURS * 60 * MINUTE), to: w.from }));
}

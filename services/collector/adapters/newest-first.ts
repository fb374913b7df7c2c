import { z } from 'zod';

/**
 * Most platform endpoints list newest first and page backwards (YouTube comments, X, Bluesky,
 * Reddit, Telegram, Graph comments). Reading "what is new" means paging back until the watermark;
 * this module does that without ever losing the gap between the top and the old watermark:
 * - the watermark moves only when the walk reached it (or the list ended);
 * - when a poll must stop early (page cap, budget) it returns what it read plus `pending`
 *   (the next page token and the newest key seen); the next poll continues from that token,
 *   and only when it reaches the old watermark does the watermark jump to the remembered top;
 * - `edge` holds the ids whose key equals the watermark, so equal timestamps are neither lost
 *   nor taken twice.
 * A failed page throws: the caller's poll fails, its cursor is not saved, nothing is skipped.
 */

export const PagingState = z.object({
  watermark: z.string().max(64).optional(),
  edge: z.array(z.string().max(256)).max(1000).default([]),
  pending: z
    .object({ token: z.string().max(4096), top: z.string().max(64), topEdge: z.array(z.string().max(256)).max(1000) })
    .optional(),
});
export type PagingState = z.infer<typeof PagingState>;

export interface Keyed {
  id: string;
  /** What the watermark compares: an ISO instant or a numeric id (see `compareKeys`). */
  key: string;
}

export interface DrainOptions<T extends Keyed> {
  state: PagingState;
  /** Used when there is no watermark yet (first poll): older items are not taken. */
  floor?: string;
  maxPages: number;
  /** Checked before each request (budget left); false stops like the page cap does. */
  canFetch?: () => boolean;
  fetchPage: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>;
}

export interface DrainResult<T> {
  items: T[];
  state: PagingState;
  /** `page-cap` or `budget` when the walk stopped before reaching the watermark. */
  stoppedBy: 'done' | 'page-cap' | 'budget';
}

export function readPagingState(raw: unknown): PagingState {
  const parsed = PagingState.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { edge: [] };
}

/** Numeric ids compare by length then digits (snowflakes exceed 2^53); ISO instants compare as instants. */
export function compareKeys(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function drainNewestFirst<T extends Keyed>(options: DrainOptions<T>): Promise<DrainResult<T>> {
  const { state } = options;
  const watermark = state.watermark ?? options.floor;
  const edge = new Set(state.watermark ? state.edge : []);
  let top = state.pending?.top;
  let topEdge = new Set(state.pending?.topEdge ?? []);
  let token = state.pending?.token;
  const items: T[] = [];
  const taken = new Set<string>();

  for (let pages = 0; ; pages++) {
    const stop = pages >= options.maxPages ? 'page-cap' : options.canFetch && !options.canFetch() ? 'budget' : null;
    if (stop) {
      // Nothing read at all this time: keep the old state untouched.
      if (pages === 0 && token === undefined && top === undefined) return { items, state, stoppedBy: stop };
      const pending = token !== undefined && top !== undefined ? { token, top, topEdge: [...topEdge] } : undefined;
      return { items, state: { ...withWatermark(state), ...(pending ? { pending } : {}) }, stoppedBy: stop };
    }
    const page = await options.fetchPage(token);
    let reached = false;
    for (const item of page.items) {
      const vsMark = watermark === undefined ? 1 : compareKeys(item.key, watermark);
      if (vsMark < 0 || (vsMark === 0 && edge.has(item.id))) {
        reached = true;
        continue; // older items may follow out of order on the same page; none is taken
      }
      if (taken.has(item.id)) continue;
      taken.add(item.id);
      items.push(item);
      const vsTop = top === undefined ? 1 : compareKeys(item.key, top);
      if (vsTop > 0) {
        top = item.key;
        topEdge = new Set([item.id]);
      } else if (vsTop === 0) topEdge.add(item.id);
    }
    if (reached || !page.next || page.items.length === 0) break;
    token = page.next;
  }

  // Reached the old watermark (or the end of the list): everything between is read.
  if (top === undefined) return { items, state: withWatermark(state), stoppedBy: 'done' };
  const keep = state.watermark !== undefined && compareKeys(top, state.watermark) < 0;
  if (keep) return { items, state: withWatermark(state), stoppedBy: 'done' };
  const same = state.watermark !== undefined && compareKeys(top, state.watermark) === 0;
  const nextEdge = same ? new Set([...state.edge, ...topEdge]) : topEdge;
  return { items, state: { watermark: top, edge: [...nextEdge].slice(-1000) }, stoppedBy: 'done' };
}

function withWatermark(state: PagingState): PagingState {
  return state.watermark !== undefined ? { watermark: state.watermark, edge: state.edge } : { edge: [] };
}

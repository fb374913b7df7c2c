import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RawPostInput } from '../../../schemas';
import type { Cursor, PollResult } from '../adapter';
import { fetchText, type FetchTextResult, type HttpOptions } from '../http';

/**
 * What RSS, Atom, Google News and news sitemaps share: one conditional GET, a parse into
 * candidates, and a selection that drops what an earlier poll already returned. Feeds have no
 * "since" parameter, so "new" is decided here from the cursor:
 * - `etag`/`lastModified`: a conditional GET; 304 means nothing changed.
 * - `seen`: hashes of the last N item keys returned (bounded); exact re-delivery is dropped.
 * - `watermark`: newest `createdAt` returned. Items older than `watermark - graceMs` are dropped
 *   because they fell out of `seen` long ago; the grace absorbs feeds that re-order or publish late.
 */

export const FeedCursor = z.object({
  etag: z.string().max(1024).optional(),
  lastModified: z.string().max(256).optional(),
  watermark: z.iso.datetime({ offset: true }).optional(),
  seen: z.array(z.string().max(64)).max(100_000).default([]),
  /** The feed URL found by autodiscovery (rss sources configured with `site`), and for which site. */
  feedUrl: z.string().max(2048).optional(),
  feedSite: z.string().max(2048).optional(),
});
export type FeedCursor = z.infer<typeof FeedCursor>;

/** One payload item: a key that identifies it across polls plus the post fields, or why it was skipped. */
export type Candidate = { key: string; input: Record<string, unknown> } | { skip: string };

export interface FeedPollOptions {
  url: string;
  http: HttpOptions;
  cursor: Cursor | null;
  signal?: AbortSignal;
  accept?: string;
  /** Turn the body into candidates; throw DengarError(SOURCE_PARSE) when nothing can be read. */
  parse: (body: string, finalUrl: string) => Candidate[];
  graceMs: number;
  seenLimit: number;
  now: () => Date;
  /** Cursor fields the caller wants carried (e.g. a discovered feed URL). */
  carry?: Partial<FeedCursor>;
}

export const DEFAULT_GRACE_MS = 3 * 24 * 60 * 60 * 1000;
export const DEFAULT_SEEN_LIMIT = 500;
/** Dates further ahead than this are a mislabelled zone (WIB sent as +0000): we clamp them to now. */
const FUTURE_TOLERANCE_MS = 15 * 60 * 1000;

/** A stored cursor we cannot read is treated as none: re-reading a feed only re-upserts the same ids. */
export function readFeedCursor(cursor: Cursor | null): FeedCursor {
  const parsed = FeedCursor.safeParse(cursor ?? {});
  return parsed.success ? parsed.data : { seen: [] };
}

export async function pollFeed(options: FeedPollOptions): Promise<PollResult> {
  const previous = readFeedCursor(options.cursor);
  const response = await conditionalGet(options.url, previous, options);
  if (response.status === 304) {
    return { posts: [], next: toCursor({ ...previous, ...options.carry }), skipped: [] };
  }
  // A parse error throws before any cursor is built, so the caller keeps the old one.
  const candidates = options.parse(response.body, response.finalUrl);
  const selection = selectNew(candidates, previous, options);
  const next: FeedCursor = { ...selection.cursor, ...options.carry, ...validatorsOf(response) };
  return { posts: selection.posts, next: toCursor(next), skipped: selection.skipped };
}

/** The validators a URL answered with last time; a 304 answer means the payload has not changed. */
export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export function conditionalGet(
  url: string,
  validators: Validators,
  options: Pick<FeedPollOptions, 'http' | 'signal' | 'accept'> & { sameHost?: string },
): Promise<FetchTextResult> {
  return fetchText(url, {
    ...options.http,
    ...(options.sameHost !== undefined ? { sameHost: options.sameHost } : {}),
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.accept ? { accept: options.accept } : {}),
  });
}

/** The validators of a 200 answer, to send with the next request to the same URL. */
export function validatorsOf(response: Validators): Validators {
  const out: Validators = {};
  if (response.etag) out.etag = response.etag;
  if (response.lastModified) out.lastModified = response.lastModified;
  return out;
}

interface Selection {
  posts: RawPostInput[];
  skipped: PollResult['skipped'];
  cursor: FeedCursor;
}

/** Pure: decide which candidates are new posts and the cursor that covers exactly those. */
export function selectNew(
  candidates: Candidate[],
  previous: FeedCursor,
  options: Pick<FeedPollOptions, 'graceMs' | 'seenLimit' | 'now'>,
): Selection {
  const seen = new Set(previous.seen);
  const floor = previous.watermark ? Date.parse(previous.watermark) - options.graceMs : Number.NEGATIVE_INFINITY;
  const now = options.now().getTime();
  const skipped = new Map<string, number>();
  const skip = (reason: string): void => void skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  const stillPresent = new Set<string>();
  const taken = new Map<string, RawPostInput>();

  for (const candidate of candidates) {
    if ('skip' in candidate) {
      skip(candidate.skip);
      continue;
    }
    const hash = keyHash(candidate.key);
    if (taken.has(hash)) {
      skip('duplikat dalam payload');
      continue;
    }
    if (seen.has(hash)) {
      stillPresent.add(hash);
      skip('sudah pernah diambil');
      continue;
    }
    const parsed = RawPostInput.safeParse(candidate.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skip(`tidak valid: ${issue?.path.join('.') || '(item)'}`);
      continue;
    }
    const post = parsed.data;
    if (Date.parse(post.createdAt) > now + FUTURE_TOLERANCE_MS) post.createdAt = new Date(now).toISOString();
    if (Date.parse(post.createdAt) < floor) {
      skip('lebih lama dari watermark');
      continue;
    }
    taken.set(hash, post);
  }

  const entries = [...taken.entries()].sort(([, a], [, b]) => a.createdAt.localeCompare(b.createdAt));
  // Keys still in the payload move to the end so they are evicted last; new keys follow.
  const seenNext = [
    ...previous.seen.filter((h) => !stillPresent.has(h)),
    ...previous.seen.filter((h) => stillPresent.has(h)),
    ...entries.map(([hash]) => hash),
  ].slice(-options.seenLimit);
  const newest = entries.at(-1)?.[1].createdAt;
  const watermark =
    newest && (!previous.watermark || Date.parse(newest) > Date.parse(previous.watermark)) ? newest : previous.watermark;

  const cursor: FeedCursor = { seen: seenNext };
  if (watermark) cursor.watermark = watermark;
  return {
    posts: entries.map(([, post]) => post),
    skipped: [...skipped.entries()].map(([reason, count]) => ({ reason, count })),
    cursor,
  };
}

/** Seen keys are stored hashed: URLs can be 2 KB, and the cursor is written on every poll. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/** A plain JSON object without undefined fields. */
export function toCursor(cursor: object): Cursor {
  const out: Cursor = {};
  for (const [field, value] of Object.entries(cursor)) if (value !== undefined) out[field] = value;
  return out;
}

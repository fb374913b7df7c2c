import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Bus } from '../../lib/bus/bus';
import { ERROR_CODES } from '../../lib/errors';
import { RawPostInput } from '../../schemas';
import { TOPICS } from '../../schemas/topics';
import { toRawPostMessage } from './to-raw-post';

/**
 * `POST /api/ingest`: posts pushed by other tools (a monitoring vendor, a form, a script).
 * Not behind the login: the sender proves itself with an HMAC-SHA256 over `<timestamp>.<raw body>`
 * (`X-Dengar-Timestamp`: unix seconds, `X-Dengar-Signature: sha256=<hex>`), Stripe/Slack style.
 * A request older or newer than the replay window is refused, and so is a signature already used
 * inside the window. The body is one post, a JSON array of posts, or NDJSON; each post is checked
 * on its own and the answer lists the bad ones by index. Good posts go to `posts.raw` exactly as
 * collected posts do (`toRawPostMessage`), and the answer waits for the bus to acknowledge them.
 */

export interface IngestDeps {
  bus: Bus;
  /** The shared secret (from env, e.g. DENGAR_INGEST_SECRET); without it the route answers 503. */
  secret: string | undefined;
  /** Default 5 minutes. */
  replayWindowMs?: number;
  /** Posts per request (default 1000). */
  maxPosts?: number;
  /** The `origin` stamped on ingested posts (default `webhook`). */
  origin?: string;
  now?: () => Date;
}

/** A pushed post may leave `source` out; it is then `webhook`. */
const IngestPost = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && !('source' in v) ? { ...v, source: 'webhook' } : v),
  RawPostInput,
);

export const IngestResult = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), errors: z.array(z.object({ field: z.string(), message: z.string() })) })),
});
export type IngestResult = z.infer<typeof IngestResult>;

export function signIngestBody(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export async function registerIngestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  const windowMs = deps.replayWindowMs ?? 5 * 60_000;
  const maxPosts = deps.maxPosts ?? 1000;
  const now = deps.now ?? (() => new Date());
  /** signature → when it may be forgotten (it is outside the window by then anyway). */
  const seen = new Map<string, number>();

  await app.register(async (scope) => {
    // The HMAC is over the exact bytes sent: keep the body raw in this scope only.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post('/api/ingest', async (request, reply) => {
      if (!deps.secret) return refuse(reply, 503, 'Ingest belum dikonfigurasi (rahasia webhook belum diisi).');
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const timestamp = header(request.headers['x-dengar-timestamp']);
      const signature = header(request.headers['x-dengar-signature']);
      if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) {
        return refuse(reply, 401, 'Header X-Dengar-Timestamp dan X-Dengar-Signature wajib.');
      }
      const at = Number(timestamp) * 1000;
      const t = now().getTime();
      if (Math.abs(t - at) > windowMs) return refuse(reply, 401, 'Tanda waktu di luar jendela (permintaan lama atau jam pengirim salah).');
      if (!sameSignature(signature, signIngestBody(deps.secret, timestamp, raw))) return refuse(reply, 401, 'Tanda tangan tidak cocok.');
      for (const [sig, until] of seen) if (until < t) seen.delete(sig);
      if (seen.has(signature)) return refuse(reply, 409, 'Permintaan ini sudah pernah diterima (replay).');
      seen.set(signature, at + windowMs);

      const items = splitBody(raw.toString('utf8'), header(request.headers['content-type']) ?? '');
      if ('error' in items) {
        seen.delete(signature); // a fixed body will carry a new signature anyway; keep the cache small
        return refuse(reply, 400, items.error);
      }
      if (items.values.length > maxPosts) {
        seen.delete(signature);
        return refuse(reply, 413, `Terlalu banyak post dalam satu permintaan (maksimal ${maxPosts}).`);
      }
      const result: IngestResult = { accepted: 0, rejected: [] };
      const posts: RawPostInput[] = [];
      items.values.forEach((value, index) => {
        if (value === INVALID_LINE) {
          result.rejected.push({ index, errors: [{ field: '(baris)', message: 'bukan JSON yang valid' }] });
          return;
        }
        const parsed = IngestPost.safeParse(value);
        if (parsed.success) posts.push(parsed.data);
        else result.rejected.push({ index, errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(post)', message: i.message })) });
      });
      if (posts.length) {
        const collectedAt = now();
        try {
          await deps.bus.publish(TOPICS.raw, posts.map((p) => toRawPostMessage(p, deps.origin ?? 'webhook', collectedAt)));
        } catch (err) {
          seen.delete(signature); // not taken: the sender may retry the very same request
          throw err;
        }
      }
      result.accepted = posts.length;
      return reply.status(result.rejected.length && !posts.length ? 400 : 200).send(IngestResult.parse(result));
    });
  });
}

const INVALID_LINE = Symbol('invalid-json-line');

/** JSON object, JSON array, or NDJSON (one JSON value per line; a bad line is a per-index error). */
function splitBody(text: string, contentType: string): { values: unknown[] } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'Badan permintaan kosong.' };
  const ndjson = /ndjson|jsonl|jsonlines/i.test(contentType);
  if (!ndjson) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return { values: Array.isArray(value) ? value : [value] };
    } catch {
      if (!trimmed.includes('\n')) return { error: 'Badan permintaan bukan JSON yang valid.' };
    }
  }
  return {
    values: trimmed
      .split(/\r?\n/)
      .filter((line) => line.trim())
      .map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return INVALID_LINE; // reported at its index, the other lines still count
        }
      }),
  };
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  // NOTE: the catalogue has no "unauthorised" code yet; VALIDATION with the HTTP status says enough.
  return reply.status(status).send({ error: { code: ERROR_CODES.VALIDATION, message } });
}

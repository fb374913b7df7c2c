import { z } from 'zod';
import { SentimentLabel } from '../../../schemas';
import { isTopicId } from '../../../lib/domain/topics';
import type { Logger } from '../../../lib/logger';
import type { PostStore } from '../../../lib/store/post-store';
import type { AccountStore } from '../accounts/account-store';
import { notFound } from '../errors';
import { defineRoute, type RouteContext } from '../route';
import { ApiPost, POST_ID, withCorrection } from './api-post';
import { PostLabel, type LabelStore } from './label-store';

const RelabelBody = z
  .object({
    sentiment: SentimentLabel.optional(),
    // NOTE: checked per request against the dictionary in force, so a topic an admin added is accepted.
    topics: z.array(z.string().refine(isTopicId, 'topik tidak dikenal')).max(100).optional(),
  })
  .refine((b) => b.sentiment !== undefined || b.topics !== undefined, { message: 'isi sentiment atau topics' });

/** Post detail with its correction history, and relabelling (analyst) that feeds the training loop. */
export function registerLabelRoutes(ctx: RouteContext, deps: { store: PostStore; labels: LabelStore; accounts: AccountStore; logger: Logger }): void {
  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/posts/:id',
      role: 'viewer',
      tags: ['pos'],
      summary: 'Satu pos dengan label yang berlaku, penjelasan sentimen (sentiment.terms) dan riwayat koreksinya',
      params: z.object({ id: POST_ID }),
      response: z.object({ post: ApiPost, labels: z.array(PostLabel) }),
    },
    async ({ params }) => {
      const post = await deps.store.get(params.id);
      if (!post) throw notFound('Pos tidak ditemukan.');
      const history = await deps.labels.history(params.id);
      return { post: withCorrection(post, history.at(-1)), labels: history };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/posts/:id/label',
      role: 'analyst',
      tags: ['pos'],
      summary: 'Koreksi sentimen dan/atau topik sebuah pos (dicatat siapa dan kapan; dibaca loop pelatihan)',
      params: z.object({ id: POST_ID }),
      body: RelabelBody,
      response: ApiPost,
    },
    async ({ params, body, request }) => {
      const me = request.user!;
      const post = await deps.store.get(params.id);
      if (!post) throw notFound('Pos tidak ditemukan.');
      const [prev] = (await deps.labels.latest([params.id])).values();
      // The enricher's verdict is taken from the first correction: later the stored copy is already corrected.
      const machineSentiment = prev?.machineSentiment ?? post.sentiment.label;
      const machineTopics = prev?.machineTopics ?? post.topics;
      const label = await deps.labels.addLabel({
        postId: post.id,
        sentiment: body.sentiment ?? prev?.sentiment ?? null,
        topics: body.topics ? [...new Set(body.topics)] : prev?.topics ?? null,
        machineSentiment,
        machineTopics,
        userId: me.id,
        username: me.username,
      });
      await deps.accounts.audit({
        actorId: me.id,
        actor: me.username,
        action: 'label.set',
        target: post.id,
        details: {
          sentiment: body.sentiment ? [post.sentiment.label, body.sentiment] : undefined,
          topics: body.topics ? [post.topics, label.topics] : undefined,
        },
      });
      const corrected = withCorrection(post, label);
      // Write the corrected labels into the store too, so filters, facets and trends count them.
      const { correction: _c, ...stored } = corrected;
      const result = await deps.store.upsert([stored]).catch((err: unknown) => ({ stored: 0, failed: [{ id: post.id, reason: String(err), retriable: true }] }));
      if (result.failed.length > 0) deps.logger.warn({ postId: post.id, reason: result.failed[0]!.reason }, 'relabel_store_update_failed');
      return corrected;
    },
  );
}

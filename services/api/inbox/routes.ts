import { z } from 'zod';
import type { PostStore } from '../../../lib/store/post-store';
import type { AccountStore } from '../accounts/account-store';
import { notFound } from '../errors';
import { applyCorrections, ApiPost, POST_ID } from '../labels/api-post';
import type { LabelStore } from '../labels/label-store';
import { defineRoute, type RouteContext } from '../route';
import { DINAS, InboxItem, InboxPatch, InboxSettings, TOPIC_DINAS } from './inbox-schemas';
import type { InboxStore } from './inbox-store';
import type { InboxSync } from './sync';

const InboxEntry = z.object({ item: InboxItem, post: ApiPost.nullable(), suggestedDinas: z.string().nullable() });
const InboxList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  entries: z.array(InboxEntry),
  summary: z.object({
    counts: z.object({ baru: z.number().int(), ditangani: z.number().int(), selesai: z.number().int() }),
    medianFirstResponseMs: z.number().nullable(),
    oldestOpenCreatedAt: z.string().nullable(),
  }),
  dinas: z.array(z.string()),
  added: z.number().int(),
});

/** Kotak Masuk: posts that mention the office, ask or complain; status, assignee, dinas and notes per item. */
export function registerInboxRoutes(
  ctx: RouteContext,
  deps: { store: PostStore; inbox: InboxStore; sync: InboxSync; labels: LabelStore; accounts: AccountStore },
): void {
  const suggest = (post: ApiPost | null): string | null => {
    for (const t of post?.topics ?? []) if (TOPIC_DINAS[t]) return TOPIC_DINAS[t]!;
    return null;
  };

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/inbox',
      role: 'viewer',
      tags: ['kotak masuk'],
      summary: 'Butir kotak masuk (terbaru dulu) dengan posnya, ringkasan status, waktu respons pertama dan umur butir terbuka',
      query: z.object({
        status: z.enum(['baru', 'ditangani', 'selesai', 'terbuka', 'semua']).default('terbuka'),
        assignee: z.string().max(64).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        size: z.coerce.number().int().min(1).max(100).default(25),
      }),
      response: InboxList,
    },
    async ({ query }) => {
      const added = await deps.sync.sync();
      const { items, total } = await deps.inbox.list({ ...query, status: query.status === 'semua' ? undefined : query.status });
      const posts = (await Promise.all(items.map((i) => deps.store.get(i.postId)))).filter((p): p is NonNullable<typeof p> => p !== null);
      const byId = new Map((await applyCorrections(posts, deps.labels)).map((p) => [p.id, p]));
      const entries = items.map((item) => {
        const post = byId.get(item.postId) ?? null;
        return { item, post, suggestedDinas: suggest(post) };
      });
      return { total, page: query.page, size: query.size, entries, summary: await deps.inbox.summary(), dinas: [...DINAS], added };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'PATCH',
      url: '/api/inbox/:postId',
      role: 'analyst',
      tags: ['kotak masuk'],
      summary: 'Mengubah status (baru/ditangani/selesai), penanggung jawab, dinas atau catatan sebuah butir',
      params: z.object({ postId: POST_ID }),
      body: InboxPatch,
      response: InboxItem,
    },
    async ({ params, body, request }) => {
      const me = request.user!;
      const before = await deps.inbox.get(params.postId);
      if (!before) throw notFound('Butir kotak masuk tidak ditemukan.');
      const item = (await deps.inbox.update(params.postId, body, me.username))!;
      await deps.accounts.audit({
        actorId: me.id,
        actor: me.username,
        action: 'inbox.update',
        target: params.postId,
        details: { status: body.status ? [before.status, body.status] : undefined, assignee: body.assignee, dinas: body.dinas, notes: body.notes !== undefined },
      });
      return item;
    },
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/inbox/sync', role: 'analyst', tags: ['kotak masuk'], summary: 'Mencari pos baru yang cocok dengan aturan sekarang juga', response: z.object({ added: z.number().int() }) },
    async () => ({ added: await deps.sync.sync(true) }),
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/inbox/settings', role: 'viewer', tags: ['kotak masuk'], summary: 'Aturan kotak masuk', response: InboxSettings },
    async () => deps.inbox.getSettings(),
  );

  defineRoute(
    ctx,
    {
      method: 'PUT',
      url: '/api/inbox/settings',
      role: 'admin',
      tags: ['kotak masuk'],
      summary: 'Mengganti aturan kotak masuk (kata, frasa, @akun, awalan dengan *; tanpa regex)',
      body: InboxSettings,
      response: InboxSettings,
    },
    async ({ body, request }) => {
      const me = request.user!;
      await deps.inbox.saveSettings(body);
      await deps.accounts.audit({ actorId: me.id, actor: me.username, action: 'inbox.rules', target: null, details: { rules: body.rules.map((r) => r.id) } });
      await deps.sync.sync(true);
      return deps.inbox.getSettings();
    },
  );

}

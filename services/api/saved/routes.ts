import { z } from 'zod';
import { notFound } from '../errors';
import { defineRoute, type RouteContext } from '../route';
import { SavedSearch, SavedSearchParams, type SavedSearchStore } from './saved-search-store';

const MAX_PER_USER = 100;

/** Saved searches of the logged-in user (any role: saving a search changes nothing shared). */
export function registerSavedSearchRoutes(ctx: RouteContext, deps: { saved: SavedSearchStore }): void {
  defineRoute(
    ctx,
    { method: 'GET', url: '/api/saved-searches', role: 'viewer', tags: ['pencarian'], summary: 'Pencarian tersimpan milik sendiri', response: z.array(SavedSearch) },
    async ({ request }) => deps.saved.list(request.user!.id),
  );
  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/saved-searches',
      role: 'viewer',
      tags: ['pencarian'],
      summary: 'Menyimpan pencarian',
      body: z.object({ name: z.string().trim().min(1, 'nama wajib diisi').max(80), params: SavedSearchParams }),
      response: SavedSearch,
      status: 201,
    },
    async ({ body, request }) => {
      const existing = await deps.saved.list(request.user!.id);
      if (existing.length >= MAX_PER_USER) throw new z.ZodError([{ code: 'custom', path: ['name'], message: `maksimal ${MAX_PER_USER} pencarian tersimpan`, input: body.name }]);
      return deps.saved.create(request.user!.id, body.name, body.params);
    },
  );
  defineRoute(
    ctx,
    {
      method: 'DELETE',
      url: '/api/saved-searches/:id',
      role: 'viewer',
      tags: ['pencarian'],
      summary: 'Menghapus pencarian tersimpan',
      params: z.object({ id: z.string().uuid() }),
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ params, request }) => {
      if (!(await deps.saved.remove(request.user!.id, params.id))) throw notFound('Pencarian tersimpan tidak ditemukan.');
      return { ok: true as const };
    },
  );
}

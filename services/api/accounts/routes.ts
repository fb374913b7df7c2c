import { z } from 'zod';
import { conflict, forbidden, notFound } from '../errors';
import type { Role } from '../guard';
import { defineRoute, type RouteContext } from '../route';
import { FIRST_ADMIN_HINT, type Auth } from './auth';
import { readCookie, setCookie } from './cookie';
import { MAX_PASSWORD_LENGTH } from './password';
import { ApiTokenInfo, AuditEntry, PublicUser, Role as RoleSchema, Username } from './schemas';

const Me = z.object({
  user: z.object({ id: z.string(), username: z.string(), role: RoleSchema }),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().nullable(),
});
const Ok = z.object({ ok: z.literal(true) });
const IdParams = z.object({ id: z.string().min(1).max(64) });
const Password = z.string().max(MAX_PASSWORD_LENGTH);

/** Login, logout, who am I, CSRF token, own password and API tokens; users and the audit log for admins. */
export function registerAccountRoutes(ctx: RouteContext, auth: Auth): void {
  const { store } = auth;

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/auth/status',
      role: 'public',
      tags: ['akun'],
      summary: 'Apakah sudah ada pengguna (bila belum: perintah membuat admin pertama) dan siapa yang masuk',
      response: z.object({ setupRequired: z.boolean(), setupCommand: z.string().nullable(), user: Me.shape.user.nullable() }),
    },
    async ({ request }) => {
      const setupRequired = await auth.setupRequired();
      const who = await auth.authenticate(request);
      return { setupRequired, setupCommand: setupRequired ? FIRST_ADMIN_HINT : null, user: who?.user ?? null };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/auth/login',
      role: 'public',
      tags: ['akun'],
      summary: 'Masuk: membuat sesi (cookie HttpOnly, SameSite=Strict) dan mengembalikan token CSRF',
      body: z.object({ username: z.string().min(1).max(64), password: Password }),
      response: z.object({ user: PublicUser, csrfToken: z.string(), expiresAt: z.string() }),
    },
    async ({ body, request, reply }) => {
      const session = await auth.login(body.username, body.password, request.ip);
      setCookie(reply, auth.cookieName, session.sessionId, { secure: auth.options.secureCookies, maxAge: Math.floor(auth.options.sessionTtlMs / 1000) });
      return { user: session.user, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  defineRoute(
    ctx,
    { method: 'POST', url: '/api/auth/logout', role: 'viewer', tags: ['akun'], summary: 'Keluar: mengakhiri sesi ini', response: Ok },
    async ({ request, reply }) => {
      const cookie = readCookie(request, auth.cookieName);
      if (cookie) await auth.logout(cookie);
      setCookie(reply, auth.cookieName, '', { secure: auth.options.secureCookies, maxAge: 0 });
      return { ok: true as const };
    },
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/auth/me', role: 'viewer', tags: ['akun'], summary: 'Pengguna yang masuk dan token CSRF sesi ini', response: Me },
    async ({ request }) => {
      const who = (await auth.authenticate(request))!;
      return { user: who.user, via: who.via, csrfToken: who.csrfToken ?? null };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/auth/password',
      role: 'viewer',
      tags: ['akun'],
      summary: 'Mengganti kata sandi sendiri (semua sesi lain berakhir; perlu masuk lagi)',
      body: z.object({ currentPassword: Password, newPassword: Password }),
      response: Ok,
    },
    async ({ body, request }) => {
      const me = request.user!;
      // Verifying through login() also applies the lockout to guesses made from a stolen session.
      await auth.login(me.username, body.currentPassword, request.ip).then((s) => auth.logout(s.sessionId));
      await auth.setPassword(me.id, body.newPassword);
      await store.audit({ actorId: me.id, actor: me.username, action: 'user.password', target: me.username, details: { self: true } });
      return { ok: true as const };
    },
  );

  defineRoute(
    ctx,
    { method: 'GET', url: '/api/auth/tokens', role: 'viewer', tags: ['akun'], summary: 'Token API milik sendiri (tanpa nilainya)', response: z.array(ApiTokenInfo) },
    async ({ request }) => store.listTokens(request.user!.id),
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/auth/tokens',
      role: 'viewer',
      tags: ['akun'],
      summary: 'Membuat token API untuk skrip (nilai token hanya ditampilkan sekali; peran = peran pemiliknya)',
      body: z.object({ name: z.string().trim().min(1).max(64) }),
      response: z.object({ token: z.string(), info: ApiTokenInfo }),
      status: 201,
    },
    async ({ body, request }) => {
      const me = request.user!;
      const created = await auth.createToken(me.id, body.name);
      await store.audit({ actorId: me.id, actor: me.username, action: 'token.create', target: me.username, details: { tokenId: created.info.id, name: body.name } });
      return created;
    },
  );

  defineRoute(
    ctx,
    { method: 'DELETE', url: '/api/auth/tokens/:id', role: 'viewer', tags: ['akun'], summary: 'Mencabut token API milik sendiri', params: IdParams, response: Ok },
    async ({ params, request }) => {
      const me = request.user!;
      if (!(await store.deleteToken(me.id, params.id))) throw notFound('Token tidak ditemukan.');
      await store.audit({ actorId: me.id, actor: me.username, action: 'token.revoke', target: me.username, details: { tokenId: params.id } });
      return { ok: true as const };
    },
  );

  // ---- Users (admin) ----
  defineRoute(
    ctx,
    { method: 'GET', url: '/api/users', role: 'admin', tags: ['pengguna'], summary: 'Daftar pengguna', response: z.array(PublicUser) },
    async () => store.listUsers(),
  );

  defineRoute(
    ctx,
    {
      method: 'POST',
      url: '/api/users',
      role: 'admin',
      tags: ['pengguna'],
      summary: 'Menambah pengguna',
      body: z.object({ username: Username, role: RoleSchema, password: Password }),
      response: PublicUser,
      status: 201,
    },
    async ({ body, request }) => {
      const user = await auth.createUser(body);
      const me = request.user!;
      await store.audit({ actorId: me.id, actor: me.username, action: 'user.create', target: user.username, details: { role: user.role } });
      return user;
    },
  );

  /** Refuse changes that would leave nobody able to administer the app. */
  async function keepOneAdmin(userId: string, next: { role?: Role; disabled?: boolean; deleted?: boolean }): Promise<void> {
    const users = await store.listUsers();
    const target = users.find((u) => u.id === userId);
    if (!target || target.role !== 'admin' || target.disabled) return;
    const losesAdmin = next.deleted || next.disabled === true || (next.role !== undefined && next.role !== 'admin');
    if (!losesAdmin) return;
    const otherAdmins = users.filter((u) => u.role === 'admin' && !u.disabled && u.id !== userId);
    if (otherAdmins.length === 0) throw conflict('Tidak bisa: ini admin aktif terakhir. Tambahkan admin lain dulu.');
  }

  defineRoute(
    ctx,
    {
      method: 'PATCH',
      url: '/api/users/:id',
      role: 'admin',
      tags: ['pengguna'],
      summary: 'Mengubah peran, menonaktifkan atau mengatur ulang kata sandi pengguna',
      params: IdParams,
      body: z.object({ role: RoleSchema.optional(), disabled: z.boolean().optional(), password: Password.optional() }),
      response: PublicUser,
    },
    async ({ params, body, request }) => {
      const target = await store.getUser(params.id);
      if (!target) throw notFound('Pengguna tidak ditemukan.');
      await keepOneAdmin(params.id, body);
      if (body.password !== undefined) await auth.setPassword(params.id, body.password);
      const updated = await store.updateUser(params.id, { ...(body.role ? { role: body.role } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}) });
      // A demoted or disabled user must not keep acting with a session opened under the old rights.
      if (body.disabled || (body.role && body.role !== target.role)) await store.deleteUserSessions(params.id);
      const me = request.user!;
      await store.audit({
        actorId: me.id,
        actor: me.username,
        action: 'user.update',
        target: target.username,
        details: { ...(body.role ? { role: [target.role, body.role] } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}), passwordReset: body.password !== undefined },
      });
      return updated!;
    },
  );

  defineRoute(
    ctx,
    { method: 'DELETE', url: '/api/users/:id', role: 'admin', tags: ['pengguna'], summary: 'Menghapus pengguna (sesi dan tokennya ikut berakhir)', params: IdParams, response: Ok },
    async ({ params, request }) => {
      const me = request.user!;
      if (params.id === me.id) throw forbidden('Tidak bisa menghapus akun sendiri.');
      const target = await store.getUser(params.id);
      if (!target) throw notFound('Pengguna tidak ditemukan.');
      await keepOneAdmin(params.id, { deleted: true });
      await store.deleteUser(params.id);
      await store.audit({ actorId: me.id, actor: me.username, action: 'user.delete', target: target.username, details: {} });
      return { ok: true as const };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/audit',
      role: 'admin',
      tags: ['pengguna'],
      summary: 'Log audit: perubahan label, ekspor, perubahan pengguna, kotak masuk',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().positive().optional(),
        action: z.string().max(64).optional(),
      }),
      response: z.array(AuditEntry),
    },
    async ({ query }) => store.listAudit(query),
  );
}

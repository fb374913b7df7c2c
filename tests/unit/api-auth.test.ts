import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { hashPassword, verifyPassword } from '../../services/api/accounts/password';
import { PASSWORD, TEST_SCRYPT, startHarness, type Harness } from './api-harness';

const post = buildEnrichedPost({ sourceId: 'jalan-1', text: 'Jalan rusak di Plaju belum diperbaiki', sentiment: 'negative' });

let h: Harness;
afterEach(async () => h?.close());

describe('passwords', () => {
  test('scrypt hashes carry their parameters and salt, and verify only the right password', async () => {
    const a = await hashPassword(PASSWORD, TEST_SCRYPT);
    const b = await hashPassword(PASSWORD, TEST_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b); // a fresh salt each time
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('salah-sandi-123', a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'bukan-hash')).toBe(false);
  });
});

describe('before the first user exists', () => {
  test('protected routes answer 401 naming the first-admin command; health stays open', async () => {
    h = await startHarness([post]);
    const res = await h.app.inject({ url: '/api/search' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'DENGAR_ERR_SETUP_REQUIRED', message: expect.stringContaining('npx dengar user add admin --role admin') } });
    expect((await h.app.inject({ url: '/api/auth/status' })).json()).toMatchObject({ setupRequired: true, setupCommand: 'npx dengar user add admin --role admin' });
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  beforeEach(async () => {
    h = await startHarness([post]);
    await h.addUser('admin', 'admin');
    await h.addUser('vera', 'viewer');
    await h.addUser('andi', 'analyst');
  });

  test('login sets an HttpOnly SameSite=Strict cookie and returns a CSRF token; logged out is 401', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Vera', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ name: 'dengar_sesi', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(res.json()).toMatchObject({ user: { username: 'vera', role: 'viewer' }, csrfToken: expect.any(String) });
    expect(JSON.stringify(res.json())).not.toMatch(/scrypt|passwordHash/);

    expect((await h.app.inject({ url: '/api/search' })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/search', headers: { cookie: 'dengar_sesi=palsu' } })).statusCode).toBe(401);
    const session = await h.login('vera');
    expect((await session.call({ url: '/api/search' })).statusCode).toBe(200);
    expect((await session.call({ url: '/api/stats' })).statusCode).toBe(200);
    expect((await session.call({ url: '/api/auth/me' })).json()).toMatchObject({ user: { username: 'vera' }, via: 'session', csrfToken: session.csrf });
  });

  test('behind TLS the cookie is Secure and __Host- prefixed', async () => {
    await h.close();
    h = await startHarness([], { auth: { secureCookies: true } });
    await h.addUser('admin', 'admin');
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(res.cookies[0]).toMatchObject({ name: '__Host-dengar_sesi', secure: true, httpOnly: true, sameSite: 'Strict' });
  });

  test('wrong password and unknown user get the same 401', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vera', password: 'salah-sandi-123' } });
    const unknown = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'siapa', password: 'salah-sandi-123' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  test('logout ends the session; sessions expire after their lifetime', async () => {
    const s = await h.login('vera');
    expect((await s.call({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect((await s.call({ url: '/api/search' })).statusCode).toBe(401);

    const t = await h.login('vera');
    h.clock.now = new Date(h.clock.now.getTime() + 12 * 3600_000 + 1000);
    expect((await t.call({ url: '/api/search' })).statusCode).toBe(401);
  });

  test('a viewer cannot relabel (403); an analyst can; CSRF missing or wrong is 403', async () => {
    const viewer = await h.login('vera');
    const analyst = await h.login('andi');
    const url = `/api/posts/${post.id}/label`;
    const payload = { sentiment: 'neutral' };
    const denied = await viewer.call({ method: 'POST', url, payload });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'DENGAR_ERR_FORBIDDEN' } });

    const noCsrf = await analyst.call({ method: 'POST', url, payload, csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ error: { code: 'DENGAR_ERR_CSRF' } });
    const otherCsrf = await analyst.call({ method: 'POST', url, payload, csrf: viewer.csrf });
    expect(otherCsrf.statusCode).toBe(403);

    expect((await h.app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
    expect((await analyst.call({ method: 'POST', url, payload })).statusCode).toBe(200);
  });

  test('five failed logins lock the username for 15 minutes, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vera', password: `salah-sandi-${i}xx` } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vera', password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'DENGAR_ERR_RATE_LIMITED', message: expect.stringContaining('15 menit') } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Other users from the same IP are not locked out by one user's lock.
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'andi', password: PASSWORD } })).statusCode).toBe(200);

    h.clock.now = new Date(h.clock.now.getTime() + 15 * 60_000 + 1000);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vera', password: PASSWORD } })).statusCode).toBe(200);
  });

  test('too many failures from one IP are refused whatever the username', async () => {
    for (let i = 0; i < 30; i++) {
      await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `tamu${i}`, password: 'salah-sandi-123' } });
    }
    const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'andi', password: PASSWORD } });
    expect(r.statusCode).toBe(429);
    const other = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'andi', password: PASSWORD }, remoteAddress: '10.0.0.9' });
    expect(other.statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  test('a Bearer token acts as its owner without CSRF, is stored hashed, and stops working when revoked', async () => {
    h = await startHarness([post]);
    await h.addUser('andi', 'analyst');
    const s = await h.login('andi');
    const created = await s.call({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'skrip laporan' } });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json() as { token: string; info: { id: string; prefix: string } };
    expect(token).toMatch(/^dgr_[\w-]{43}$/);
    expect(token.startsWith(info.prefix)).toBe(true);
    expect(JSON.stringify((await s.call({ url: '/api/auth/tokens' })).json())).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.app.inject({ url: '/api/search', headers: bearer })).statusCode).toBe(200);
    const relabel = await h.app.inject({ method: 'POST', url: `/api/posts/${post.id}/label`, headers: bearer, payload: { sentiment: 'neutral' } });
    expect(relabel.statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/search', headers: { authorization: 'Bearer dgr_palsu' } })).statusCode).toBe(401);
    // A bad token is not rescued by a valid cookie.
    expect((await h.app.inject({ url: '/api/search', headers: { authorization: 'Bearer dgr_palsu', cookie: s.cookie } })).statusCode).toBe(401);

    expect((await s.call({ method: 'DELETE', url: `/api/auth/tokens/${info.id}` })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/search', headers: bearer })).statusCode).toBe(401);
  });
});

describe('users (admin)', () => {
  beforeEach(async () => {
    h = await startHarness();
    await h.addUser('admin', 'admin');
    await h.addUser('vera', 'viewer');
  });

  test('only admins manage users; changes are audited; a demoted user loses the open session', async () => {
    const viewer = await h.login('vera');
    expect((await viewer.call({ url: '/api/users' })).statusCode).toBe(403);
    const admin = await h.login('admin');
    const created = await admin.call({ method: 'POST', url: '/api/users', payload: { username: 'Budi.S', role: 'analyst', password: PASSWORD } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'budi.s', role: 'analyst', disabled: false });
    const dup = await admin.call({ method: 'POST', url: '/api/users', payload: { username: 'budi.s', role: 'viewer', password: PASSWORD } });
    expect(dup.statusCode).toBe(409);
    const short = await admin.call({ method: 'POST', url: '/api/users', payload: { username: 'cici', role: 'viewer', password: 'pendek' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/minimal 10 karakter/);

    const budi = await h.login('budi.s');
    const id = (created.json() as { id: string }).id;
    expect((await admin.call({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'viewer' } })).statusCode).toBe(200);
    expect((await budi.call({ url: '/api/search' })).statusCode).toBe(401);

    const audit = (await admin.call({ url: '/api/audit' })).json() as { action: string; actor: string; target: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'user.update']));
    expect(audit.find((a) => a.action === 'user.create')).toMatchObject({ actor: 'admin', target: 'budi.s' });
  });

  test('the last active admin cannot be demoted, disabled or deleted', async () => {
    const admin = await h.login('admin');
    const me = (await admin.call({ url: '/api/auth/me' })).json() as { user: { id: string } };
    const r = await admin.call({ method: 'PATCH', url: `/api/users/${me.user.id}`, payload: { role: 'analyst' } });
    expect(r.statusCode).toBe(409);
    expect((await admin.call({ method: 'PATCH', url: `/api/users/${me.user.id}`, payload: { disabled: true } })).statusCode).toBe(409);
  });

  test('changing one\'s own password needs the current one and ends other sessions', async () => {
    const s1 = await h.login('vera');
    const s2 = await h.login('vera');
    const bad = await s1.call({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'salah-sandi-123', newPassword: 'sandi-baru-yang-panjang' } });
    expect(bad.statusCode).toBe(401);
    const ok = await s1.call({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'sandi-baru-yang-panjang' } });
    expect(ok.statusCode).toBe(200);
    expect((await s2.call({ url: '/api/search' })).statusCode).toBe(401);
    await h.login('vera', 'sandi-baru-yang-panjang');
  });
});

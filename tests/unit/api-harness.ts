/**
 * A real API over real SQLite (posts and control plane in one temp file), a movable clock, and
 * helpers to log in and call routes as a browser would (cookie + X-CSRF-Token) or as a script (Bearer).
 * Cheap scrypt parameters keep the tests quick; production uses DEFAULT_SCRYPT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { EnrichedPost } from '../../schemas';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import type { PostStore } from '../../lib/store/post-store';
import { buildApi, type ApiDeps } from '../../services/api/app';
import { createAuth } from '../../services/api/accounts/auth';
import { openSqliteControlPlane, type ControlPlane } from '../../services/api/control/control-plane';
import type { Role } from '../../services/api/guard';
import { silentLogger } from '../fixtures/logger';

export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'rahasia-panjang-123';

export interface Harness {
  app: FastifyInstance;
  store: PostStore;
  control: ControlPlane;
  clock: { now: Date };
  addUser(username: string, role: Role, password?: string): Promise<{ id: string }>;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  cookie: string;
  csrf: string;
  /** inject() with the session cookie, and the CSRF header unless `csrf: false`. */
  call(opts: InjectOptions & { csrf?: false | string }): Promise<LightMyRequestResponse>;
}

export async function startHarness(posts: EnrichedPost[] = [], extra: Partial<ApiDeps> = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-api-'));
  const file = path.join(dir, 'dengar.db');
  const clock = { now: new Date('2026-11-28T03:00:00Z') };
  const now = () => clock.now;
  const store = createSqlitePostStore({ file });
  if (posts.length) {
    const r = await store.upsert(posts);
    if (r.failed.length) throw new Error(`fixture posts refused: ${r.failed[0]!.reason}`);
  }
  const control = openSqliteControlPlane(file, now);
  const authOptions = { scrypt: TEST_SCRYPT, ...(extra.auth ?? {}) };
  const app = buildApi({ store, logger: silentLogger, services: [], now, control, webRoot: null, ...extra, auth: authOptions });
  await app.ready();
  const auth = createAuth(control.accounts, authOptions, now);

  const harness: Harness = {
    app,
    store,
    control,
    clock,
    async addUser(username, role, password = PASSWORD) {
      return auth.createUser({ username, role, password });
    },
    async login(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const setCookie = res.cookies[0]!;
      const cookie = `${setCookie.name}=${setCookie.value}`;
      const csrf = (res.json() as { csrfToken: string }).csrfToken;
      return {
        cookie,
        csrf,
        call: ({ csrf: token, headers, ...opts }) =>
          app.inject({
            ...opts,
            headers: { ...(headers ?? {}), cookie, ...(token === false ? {} : { 'x-csrf-token': token ?? csrf }) },
          }),
      };
    },
    async close() {
      await app.close();
      await control.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { API_ERROR_CODES, HttpProblem, unauthorized } from '../errors';
import { readCookie } from './cookie';
import type { RequestUser, Role } from '../guard';
import type { AccountStore } from './account-store';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, verifyPassword, type ScryptParams } from './password';
import type { ApiTokenInfo, PublicUser } from './schemas';
import { API_TOKEN_PREFIX, newApiToken, randomSecret, sha256 } from './secrets';
import { ValidationError } from '../../../lib/errors';

/** Settings for sessions and login throttling; the caller maps config onto these (defaults below). */
export interface AuthOptions {
  /** Absolute session lifetime. */
  sessionTtlMs: number;
  /** Mark cookies Secure (set when the app is reached over TLS, directly or behind a proxy). */
  secureCookies: boolean;
  /** Failed logins for one username within `lockoutMs` before that username is locked for `lockoutMs`. */
  maxFailuresPerUser: number;
  /** Failed logins from one IP within `lockoutMs` before that IP is refused for `lockoutMs`. */
  maxFailuresPerIp: number;
  lockoutMs: number;
  scrypt: ScryptParams;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 12 * 3600_000,
  secureCookies: false,
  maxFailuresPerUser: 5,
  maxFailuresPerIp: 30,
  lockoutMs: 15 * 60_000,
  scrypt: DEFAULT_SCRYPT,
};

export const FIRST_ADMIN_HINT = 'npx dengar user add admin --role admin';

/** Who made a request and how: a session (then CSRF applies) or an API token (scripts; no CSRF). */
export interface Authenticated {
  user: RequestUser;
  via: 'session' | 'token';
  csrfToken?: string;
  sessionHash?: string;
}

export interface Auth {
  readonly options: AuthOptions;
  readonly cookieName: string;
  login(username: string, password: string, ip: string): Promise<{ user: PublicUser; sessionId: string; csrfToken: string; expiresAt: number }>;
  logout(sessionId: string): Promise<void>;
  /** Reads the Bearer token or the session cookie; cached on the request. Null when neither is valid. */
  authenticate(request: FastifyRequest): Promise<Authenticated | null>;
  setupRequired(): Promise<boolean>;
  createUser(input: { username: string; role: Role; password: string }): Promise<PublicUser>;
  setPassword(userId: string, password: string): Promise<void>;
  createToken(userId: string, name: string): Promise<{ token: string; info: ApiTokenInfo }>;
  store: AccountStore;
}

const authCache = new WeakMap<FastifyRequest, Authenticated | null>();

export function createAuth(store: AccountStore, options: Partial<AuthOptions> = {}, now: () => Date = () => new Date()): Auth {
  const opts: AuthOptions = { ...DEFAULT_AUTH_OPTIONS, ...options };
  // The __Host- prefix pins a Secure cookie to this host and path "/", so a sibling subdomain cannot plant one.
  const cookieName = opts.secureCookies ? '__Host-dengar_sesi' : 'dengar_sesi';
  let dummyHash: Promise<string> | null = null;

  async function lockedFor(key: string, max: number): Promise<number> {
    const t = now().getTime();
    const { count, last } = await store.countFailures(key, t - opts.lockoutMs);
    if (count < max || last === null) return 0;
    return Math.max(1, Math.ceil((last + opts.lockoutMs - t) / 1000));
  }

  function lockedProblem(seconds: number): HttpProblem {
    const minutes = Math.ceil(seconds / 60);
    return new HttpProblem(429, API_ERROR_CODES.RATE_LIMITED, `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.`, seconds);
  }

  async function checkPassword(password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationError(`Kata sandi tidak diterima: ${problem}.`, { field: 'password' });
  }

  const auth: Auth = {
    options: opts,
    cookieName,
    store,
    async login(rawUsername, password, ip) {
      const username = rawUsername.trim().toLowerCase();
      const userKey = `u:${username}`;
      const ipKey = `ip:${ip}`;
      // Throttle before checking the password, so a locked account cannot be guessed even slowly.
      const wait = Math.max(await lockedFor(userKey, opts.maxFailuresPerUser), await lockedFor(ipKey, opts.maxFailuresPerIp));
      if (wait > 0) throw lockedProblem(wait);
      const user = await store.findUser(username);
      // TRICKY: unknown users still cost one scrypt, so timing does not tell which usernames exist.
      dummyHash ??= hashPassword(randomSecret(), opts.scrypt);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok || user.disabled) {
        await store.recordFailure([userKey, ipKey], now().getTime());
        throw unauthorized('Nama pengguna atau kata sandi salah.');
      }
      await store.clearFailures(userKey);
      const sessionId = randomSecret();
      const csrfToken = randomSecret();
      const expiresAt = now().getTime() + opts.sessionTtlMs;
      await store.createSession(sha256(sessionId), { userId: user.id, csrfToken, expiresAt });
      const { passwordHash: _hash, ...pub } = user;
      return { user: pub, sessionId, csrfToken, expiresAt };
    },
    async logout(sessionId) {
      await store.deleteSession(sha256(sessionId));
    },
    async authenticate(request) {
      if (authCache.has(request)) return authCache.get(request) ?? null;
      const result = await resolve(request);
      authCache.set(request, result);
      return result;
    },
    async setupRequired() {
      return (await store.countUsers()) === 0;
    },
    async createUser({ username, role, password }) {
      await checkPassword(password);
      return store.createUser({ username, role, passwordHash: await hashPassword(password, opts.scrypt) });
    },
    async setPassword(userId, password) {
      await checkPassword(password);
      await store.updateUser(userId, { passwordHash: await hashPassword(password, opts.scrypt) });
      // A new password ends every open session of that user (a stolen cookie stops working).
      await store.deleteUserSessions(userId);
    },
    async createToken(userId, name) {
      const token = newApiToken();
      const info = await store.createToken({
        id: randomUUID(),
        userId,
        name,
        tokenHash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      });
      return { token, info };
    },
  };

  async function resolve(request: FastifyRequest): Promise<Authenticated | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      // A request that presents a token is judged by it alone; a bad token is not rescued by a cookie.
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) return null;
      const used = await store.useToken(sha256(match[1]!));
      if (!used) return null;
      const user = await store.getUser(used.userId);
      if (!user || user.disabled) return null;
      return { user: { id: user.id, username: user.username, role: user.role }, via: 'token' };
    }
    const cookie = readCookie(request, cookieName);
    if (!cookie) return null;
    const sessionHash = sha256(cookie);
    const session = await store.getSession(sessionHash, now().getTime());
    if (!session) return null;
    const user = await store.getUser(session.userId);
    if (!user || user.disabled) return null;
    return { user: { id: user.id, username: user.username, role: user.role }, via: 'session', csrfToken: session.csrfToken, sessionHash };
  }

  return auth;
}

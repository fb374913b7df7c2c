import { randomUUID } from 'node:crypto';
import type { EngineClient } from '../../../lib/store/search-engine/engine-client';
import { DependencyUnavailableError } from '../../../lib/errors';
import { CONFLICT, controlIndex, controlSequence, field, MAX_PAGE, retryOnConflict, searchAll } from '../control/engine-control';
import { conflict } from '../errors';
import { FAILURE_MEMORY_MS, normaliseUsername, SESSION_SWEEP_MS, type AccountStore, type StoredUser } from './account-store';
import { ApiTokenInfo, AuditEntry, PublicUser } from './schemas';

const USER_ID_CACHE_MAX = 10_000;
/** A user under attack from many IPs at once: every failure is a conditional write of one document. */
const FAILURE_TRIES = 100;
/** Failure times kept per key: well above the largest lockout threshold config allows (100). */
const MAX_REMEMBERED_FAILURES = 1_000;

/**
 * Accounts in the search engine (distributed mode), so any api replica can log a user in and serve
 * the session it made. Document ids carry the uniqueness: a user is `<username>` (create-only, so
 * two replicas adding one name give one user and a 409), a session or API token is the SHA-256 of
 * its secret (never the secret), login failures are one document per key (`u:<name>`, `ip:<addr>`)
 * appended to under `if_seq_no`, audit entries take numbers from the shared counter.
 * Reads on the login path are by id (real-time); writes that a search reads later wait for a refresh.
 */
export function createEngineAccountStore(client: EngineClient, prefix: string, now: () => Date = () => new Date()): AccountStore {
  const users = controlIndex(client, prefix, 'users', {
    id: field.keyword,
    username: field.keyword,
    role: field.keyword,
    passwordHash: field.text,
    disabled: field.boolean,
    createdAt: field.date,
    updatedAt: field.date,
  });
  const sessions = controlIndex(client, prefix, 'sessions', { userId: field.keyword, csrfToken: field.text, createdAt: field.date, expiresAt: field.long });
  const tokens = controlIndex(client, prefix, 'tokens', {
    id: field.keyword,
    userId: field.keyword,
    name: field.text,
    prefix: field.text,
    createdAt: field.date,
    lastUsedAt: field.date,
  });
  const failures = controlIndex(client, prefix, 'login-failures', { at: field.long, last: field.long });
  const audits = controlIndex(client, prefix, 'audit', {
    seq: field.long,
    at: field.date,
    actorId: field.keyword,
    actor: field.keyword,
    action: field.keyword,
    target: field.keyword,
    details: field.blob,
  });
  const nextAuditSeq = controlSequence(client, prefix, 'audit');
  const ready = () => Promise.all([users.ready(), sessions.ready(), tokens.ready(), failures.ready(), audits.ready()]).then(() => undefined);
  const toStored = (source: Record<string, unknown>): StoredUser => ({ ...PublicUser.parse(source), passwordHash: String(source.passwordHash) });
  const toToken = (source: Record<string, unknown>): ApiTokenInfo => ApiTokenInfo.parse(source);
  let sessionsSweptAt = 0;
  let failuresPrunedAt = 0;

  // NOTE: a user id never changes its username and is never reused, so this map can only be
  // missing entries, never wrong ones; it saves a search on every authenticated request.
  const usernameOf = new Map<string, string>();
  async function userDocById(id: string) {
    let username = usernameOf.get(id);
    if (username === undefined) {
      const found = await client.search(users.name, { size: 1, query: { term: { id } }, _source: false });
      username = found.hits[0]?._id;
      if (username === undefined) return null;
      if (usernameOf.size >= USER_ID_CACHE_MAX) usernameOf.clear();
      usernameOf.set(id, username);
    }
    // Real-time read: role, disabled and password as they are now, not as of the last refresh.
    const stored = await client.getDocument(users.name, username);
    return stored && stored.source.id === id ? stored : null;
  }

  /** Create-only: a secret's hash is never written over (a collision of 256-bit secrets means a bug). */
  async function insert(index: string, id: string, doc: unknown): Promise<void> {
    const outcome = await client.putDocument(index, id, doc, { create: true, refresh: 'wait_for' });
    if (!outcome.written) throw new Error(`${index}: dokumen dengan id yang sama sudah ada`);
  }

  async function deleteOwned(index: string, userId: string): Promise<void> {
    await client.deleteByQuery(index, { term: { userId } }, { refresh: true });
  }

  return {
    async countUsers() {
      await ready();
      return client.count(users.name, { match_all: {} });
    },
    async listUsers() {
      await ready();
      const hits = await searchAll(client, users.name, { query: { match_all: {} }, sort: [{ username: 'asc' }], _source: { excludes: ['passwordHash'] } });
      return hits.map((h) => PublicUser.parse(h._source));
    },
    async getUser(id) {
      await ready();
      const stored = await userDocById(id);
      return stored ? toStored(stored.source) : null;
    },
    async findUser(username) {
      await ready();
      const stored = await client.getDocument(users.name, normaliseUsername(username));
      return stored ? toStored(stored.source) : null;
    },
    async createUser({ username, role, passwordHash }) {
      await ready();
      const name = normaliseUsername(username);
      const at = now().toISOString();
      const user = { id: randomUUID(), username: name, role, disabled: false, createdAt: at, updatedAt: at };
      // wait_for: the user list, the user count (first-admin check) and getUser by id search for it.
      const outcome = await client.putDocument(users.name, name, { ...user, passwordHash }, { create: true, refresh: 'wait_for' });
      if (!outcome.written) throw conflict(`Pengguna "${name}" sudah ada.`);
      return PublicUser.parse(user);
    },
    async updateUser(id, patch) {
      await ready();
      return retryOnConflict('pengguna', async () => {
        const stored = await userDocById(id);
        if (!stored) return null;
        const next = {
          ...stored.source,
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(patch.passwordHash ? { passwordHash: patch.passwordHash } : {}),
          updatedAt: now().toISOString(),
        };
        const outcome = await client.putDocument(users.name, stored.id, next, { ifMatch: stored, refresh: 'wait_for' });
        return outcome.written ? PublicUser.parse(next) : CONFLICT;
      });
    },
    async deleteUser(id) {
      await ready();
      const stored = await userDocById(id);
      if (!stored) return false;
      // Sessions and tokens first: a crash in between leaves a user without them, never the reverse.
      await deleteOwned(sessions.name, id);
      await deleteOwned(tokens.name, id);
      usernameOf.delete(id);
      return client.deleteDocument(users.name, stored.id, { refresh: 'wait_for' });
    },

    async createSession(idHash, s) {
      await ready();
      // wait_for: "end every session of this user" (password change, demotion) finds it by search.
      await insert(sessions.name, idHash, { userId: s.userId, csrfToken: s.csrfToken, createdAt: now().toISOString(), expiresAt: s.expiresAt });
    },
    async getSession(idHash, at) {
      await ready();
      // Expired sessions are swept at most once a minute per replica, not on every request.
      // Detached: a sweep that fails must not fail the request (expiry is checked below anyway); the next one retries.
      if (at - sessionsSweptAt > SESSION_SWEEP_MS) {
        sessionsSweptAt = at;
        void client.deleteByQuery(sessions.name, { range: { expiresAt: { lte: at } } }).catch(() => undefined);
      }
      const stored = await client.getDocument(sessions.name, idHash);
      if (!stored || Number(stored.source.expiresAt) <= at) return null;
      return { userId: String(stored.source.userId), csrfToken: String(stored.source.csrfToken), expiresAt: Number(stored.source.expiresAt) };
    },
    async deleteSession(idHash) {
      await ready();
      await client.deleteDocument(sessions.name, idHash, { refresh: 'wait_for' });
    },
    async deleteUserSessions(userId) {
      await ready();
      await deleteOwned(sessions.name, userId);
    },

    async createToken({ id, userId, name, tokenHash, prefix: shown }) {
      await ready();
      const info = ApiTokenInfo.parse({ id, name, prefix: shown, createdAt: now().toISOString(), lastUsedAt: null });
      await insert(tokens.name, tokenHash, { ...info, userId });
      return info;
    },
    async listTokens(userId) {
      await ready();
      const hits = await searchAll(client, tokens.name, { query: { term: { userId } }, sort: [{ createdAt: 'asc' }, { id: 'asc' }] });
      // TRICKY: `lastUsedAt` is written without waiting for a refresh (every API call stamps it),
      // so read each token by id for the current value rather than the searched copy.
      const current = await Promise.all(hits.map((h) => client.getDocument(tokens.name, h._id)));
      return current.flatMap((doc) => (doc ? [toToken(doc.source)] : []));
    },
    async useToken(tokenHash) {
      await ready();
      const stored = await client.getDocument(tokens.name, tokenHash);
      if (!stored) return null;
      // Conditional, so a token revoked in the meantime is not written back; losing to another
      // replica's stamp of the same instant is fine.
      await client.putDocument(tokens.name, tokenHash, { ...stored.source, lastUsedAt: now().toISOString() }, { ifMatch: stored });
      return { userId: String(stored.source.userId), tokenId: String(stored.source.id) };
    },
    async deleteToken(userId, tokenId) {
      await ready();
      const found = await client.search(tokens.name, { size: 1, query: { bool: { filter: [{ term: { id: tokenId } }, { term: { userId } }] } }, _source: false });
      const hash = found.hits[0]?._id;
      return hash !== undefined && client.deleteDocument(tokens.name, hash, { refresh: 'wait_for' });
    },

    async countFailures(key, since) {
      await ready();
      const stored = await client.getDocument(failures.name, key);
      const times = ((stored?.source.at as number[] | undefined) ?? []).filter((t) => t >= since);
      return { count: times.length, last: times.length ? Math.max(...times) : null };
    },
    async recordFailure(keys, at) {
      await ready();
      const keepFrom = at - FAILURE_MEMORY_MS;
      // Keys nobody failed on for a day never matter for a lockout window: at most once a minute.
      if (at - failuresPrunedAt > SESSION_SWEEP_MS) {
        failuresPrunedAt = at;
        void client.deleteByQuery(failures.name, { range: { last: { lt: keepFrom } } }).catch(() => undefined);
      }
      for (const key of keys) {
        await retryOnConflict(
          'percobaan masuk',
          async () => {
            const stored = await client.getDocument(failures.name, key);
            // Only the newest are kept: far more than any lockout threshold, and a flood cannot grow the document.
            const times = [...((stored?.source.at as number[] | undefined) ?? []).filter((t) => t >= keepFrom), at].slice(-MAX_REMEMBERED_FAILURES);
            const doc = { at: times, last: Math.max(...times) };
            const outcome = await client.putDocument(failures.name, key, doc, stored ? { ifMatch: stored } : { create: true });
            return outcome.written ? undefined : CONFLICT;
          },
          FAILURE_TRIES,
        );
      }
    },
    async clearFailures(key) {
      await ready();
      await client.deleteDocument(failures.name, key);
    },

    async audit(entry) {
      await ready();
      const seq = await nextAuditSeq();
      const doc = AuditEntry.parse({ ...entry, seq, at: entry.at ?? now().toISOString() });
      // wait_for: the admin who just acted finds it at the top of the log.
      const outcome = await client.putDocument(audits.name, String(seq), doc, { create: true, refresh: 'wait_for' });
      if (!outcome.written) throw new DependencyUnavailableError(`catatan audit ${seq} tidak tersimpan (nomor sudah dipakai)`);
    },
    async listAudit({ limit, before, action }) {
      await ready();
      const filter: unknown[] = [];
      if (before !== undefined) filter.push({ range: { seq: { lt: before } } });
      if (action) filter.push({ term: { action } });
      const found = await client.search(audits.name, { size: Math.min(limit, MAX_PAGE), query: { bool: { filter } }, sort: [{ seq: 'desc' }] });
      return found.hits.map((h) => AuditEntry.parse(h._source));
    },
    async close() {
      // The client belongs to the control plane, which closes it once for every store.
    },
  };
}

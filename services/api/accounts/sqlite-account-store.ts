import { randomUUID } from 'node:crypto';
import type { ControlDb } from '../control/sqlite-db';
import { conflict } from '../errors';
import type { Role } from '../guard';
import { FAILURE_MEMORY_MS, normaliseUsername, SESSION_SWEEP_MS, type AccountStore, type AuditInput, type SessionRecord, type StoredUser } from './account-store';
import { ApiTokenInfo, AuditEntry, PublicUser, Role as RoleSchema } from './schemas';

type UserRow = { id: string; username: string; role: string; password_hash: string; disabled: number; created_at: string; updated_at: string };
type TokenRow = { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null };
type AuditRow = { seq: number; at: string; actor_id: string | null; actor: string; action: string; target: string | null; details: string };

const toStored = (r: UserRow): StoredUser => ({
  id: r.id,
  username: r.username,
  role: RoleSchema.parse(r.role),
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  passwordHash: r.password_hash,
});
const toPublic = (r: UserRow): PublicUser => PublicUser.parse(toStored(r));
const toToken = (r: TokenRow): ApiTokenInfo => ApiTokenInfo.parse({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at });

/** AccountStore over the control-plane SQLite connection (tables in control/sqlite-db.ts). */
export function createSqliteAccountStore(db: ControlDb, now: () => Date = () => new Date()): AccountStore {
  const q = {
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM api_users'),
    list: db.prepare<[], UserRow>('SELECT * FROM api_users ORDER BY username'),
    byId: db.prepare<[string], UserRow>('SELECT * FROM api_users WHERE id = ?'),
    byName: db.prepare<[string], UserRow>('SELECT * FROM api_users WHERE username = ?'),
    insert: db.prepare('INSERT INTO api_users (id, username, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)'),
    remove: db.prepare<[string]>('DELETE FROM api_users WHERE id = ?'),
    sessionPut: db.prepare('INSERT INTO api_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    sessionGet: db.prepare<[string], { user_id: string; csrf_token: string; expires_at: number }>(
      'SELECT user_id, csrf_token, expires_at FROM api_sessions WHERE id_hash = ?',
    ),
    sessionDel: db.prepare<[string]>('DELETE FROM api_sessions WHERE id_hash = ?'),
    sessionsDelUser: db.prepare<[string]>('DELETE FROM api_sessions WHERE user_id = ?'),
    sessionsExpire: db.prepare<[number]>('DELETE FROM api_sessions WHERE expires_at <= ?'),
    tokenPut: db.prepare('INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    tokenList: db.prepare<[string], TokenRow>('SELECT id, name, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY created_at'),
    tokenGet: db.prepare<[string], { id: string; user_id: string }>('SELECT id, user_id FROM api_tokens WHERE token_hash = ?'),
    tokenUsed: db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    tokenDel: db.prepare<[string, string]>('DELETE FROM api_tokens WHERE id = ? AND user_id = ?'),
    tokensDelUser: db.prepare<[string]>('DELETE FROM api_tokens WHERE user_id = ?'),
    failCount: db.prepare<[string, number], { n: number; last: number | null }>(
      'SELECT count(*) AS n, max(at) AS last FROM api_login_failures WHERE key = ? AND at >= ?',
    ),
    failPut: db.prepare<[string, number]>('INSERT INTO api_login_failures (key, at) VALUES (?, ?)'),
    failClear: db.prepare<[string]>('DELETE FROM api_login_failures WHERE key = ?'),
    failPrune: db.prepare<[number]>('DELETE FROM api_login_failures WHERE at < ?'),
    auditPut: db.prepare('INSERT INTO api_audit (at, actor_id, actor, action, target, details) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  let sessionsSweptAt = 0;

  return {
    async countUsers() {
      return q.count.get()!.n;
    },
    async listUsers() {
      return q.list.all().map(toPublic);
    },
    async getUser(id) {
      const row = q.byId.get(id);
      return row ? toStored(row) : null;
    },
    async findUser(username) {
      const row = q.byName.get(normaliseUsername(username));
      return row ? toStored(row) : null;
    },
    async createUser({ username, role, passwordHash }) {
      const at = now().toISOString();
      const id = randomUUID();
      const name = normaliseUsername(username);
      try {
        q.insert.run(id, name, role, passwordHash, at, at);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict(`Pengguna "${name}" sudah ada.`);
        throw err;
      }
      return toPublic(q.byId.get(id)!);
    },
    async updateUser(id, patch) {
      const row = q.byId.get(id);
      if (!row) return null;
      const sets: string[] = [];
      const values: (string | number)[] = [];
      if (patch.role) (sets.push('role = ?'), values.push(patch.role satisfies Role));
      if (patch.disabled !== undefined) (sets.push('disabled = ?'), values.push(patch.disabled ? 1 : 0));
      if (patch.passwordHash) (sets.push('password_hash = ?'), values.push(patch.passwordHash));
      sets.push('updated_at = ?');
      values.push(now().toISOString());
      db.prepare(`UPDATE api_users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      return toPublic(q.byId.get(id)!);
    },
    async deleteUser(id) {
      return db.transaction(() => {
        q.sessionsDelUser.run(id);
        q.tokensDelUser.run(id);
        return q.remove.run(id).changes > 0;
      })();
    },

    async createSession(idHash, s: SessionRecord) {
      q.sessionPut.run(idHash, s.userId, s.csrfToken, now().toISOString(), s.expiresAt);
    },
    async getSession(idHash, at) {
      // Expired sessions are swept at most once a minute, not on every request.
      if (at - sessionsSweptAt > SESSION_SWEEP_MS) {
        sessionsSweptAt = at;
        q.sessionsExpire.run(at);
      }
      const row = q.sessionGet.get(idHash);
      if (!row || row.expires_at <= at) return null;
      return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
    },
    async deleteSession(idHash) {
      q.sessionDel.run(idHash);
    },
    async deleteUserSessions(userId) {
      q.sessionsDelUser.run(userId);
    },

    async createToken({ id, userId, name, tokenHash, prefix }) {
      q.tokenPut.run(id, userId, name, tokenHash, prefix, now().toISOString());
      return q.tokenList.all(userId).map(toToken).find((t) => t.id === id)!;
    },
    async listTokens(userId) {
      return q.tokenList.all(userId).map(toToken);
    },
    async useToken(tokenHash) {
      const row = q.tokenGet.get(tokenHash);
      if (!row) return null;
      q.tokenUsed.run(now().toISOString(), row.id);
      return { userId: row.user_id, tokenId: row.id };
    },
    async deleteToken(userId, tokenId) {
      return q.tokenDel.run(tokenId, userId).changes > 0;
    },

    async countFailures(key, since) {
      const row = q.failCount.get(key, since)!;
      return { count: row.n, last: row.last };
    },
    async recordFailure(keys, at) {
      db.transaction(() => {
        q.failPrune.run(at - FAILURE_MEMORY_MS);
        for (const key of keys) q.failPut.run(key, at);
      })();
    },
    async clearFailures(key) {
      q.failClear.run(key);
    },

    async audit(entry: AuditInput) {
      q.auditPut.run(entry.at ?? now().toISOString(), entry.actorId, entry.actor, entry.action, entry.target, JSON.stringify(entry.details));
    },
    async listAudit({ limit, before, action }) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (before !== undefined) (where.push('seq < ?'), params.push(before));
      if (action) (where.push('action = ?'), params.push(action));
      const sql = `SELECT * FROM api_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      const rows = db.prepare<(string | number)[], AuditRow>(sql).all(...params, limit);
      return rows.map((r) =>
        AuditEntry.parse({ seq: r.seq, at: r.at, actorId: r.actor_id, actor: r.actor, action: r.action, target: r.target, details: JSON.parse(r.details) }),
      );
    },
    async close() {
      // The connection belongs to the control plane, which closes it once for every store.
    },
  };
}

import type { Role } from '../guard';
import type { ApiTokenInfo, AuditEntry, PublicUser } from './schemas';

export interface StoredUser extends PublicUser {
  passwordHash: string;
}

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

/** Expired sessions are swept at most this often per store (not on every request). */
export const SESSION_SWEEP_MS = 60_000;
/** Failures older than this never matter for a lockout window: both stores forget them. */
export const FAILURE_MEMORY_MS = 86_400_000;

/** One account per name whatever its case or surrounding spaces ("Admin" = "admin"). */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'at'> & { at?: string };

/**
 * Accounts, sessions, API tokens, login failures and the audit log. Embedded mode keeps them in the
 * SQLite file (sqlite-account-store.ts), distributed mode in the search engine
 * (engine-account-store.ts). Secrets arrive here already hashed (sessions, tokens) or as
 * scrypt strings (passwords): the store never sees a usable credential.
 */
export interface AccountStore {
  countUsers(): Promise<number>;
  listUsers(): Promise<PublicUser[]>;
  getUser(id: string): Promise<StoredUser | null>;
  findUser(username: string): Promise<StoredUser | null>;
  /** Throws ConflictError when the username exists. */
  createUser(input: { username: string; role: Role; passwordHash: string }): Promise<PublicUser>;
  updateUser(id: string, patch: { role?: Role; disabled?: boolean; passwordHash?: string }): Promise<PublicUser | null>;
  deleteUser(id: string): Promise<boolean>;

  createSession(idHash: string, session: SessionRecord): Promise<void>;
  getSession(idHash: string, now: number): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<void>;

  createToken(input: { id: string; userId: string; name: string; tokenHash: string; prefix: string }): Promise<ApiTokenInfo>;
  listTokens(userId: string): Promise<ApiTokenInfo[]>;
  /** The token's owner, and marks it used. */
  useToken(tokenHash: string): Promise<{ userId: string; tokenId: string } | null>;
  deleteToken(userId: string, tokenId: string): Promise<boolean>;

  /** Failures recorded under `key` (a username or an IP) since `since` (epoch ms). */
  countFailures(key: string, since: number): Promise<{ count: number; last: number | null }>;
  recordFailure(keys: string[], at: number): Promise<void>;
  clearFailures(key: string): Promise<void>;

  audit(entry: AuditInput): Promise<void>;
  listAudit(opts: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

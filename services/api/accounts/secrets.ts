import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random secrets (session ids, CSRF tokens, API tokens) and how they are kept at rest: only a
 * SHA-256 of a session id or API token is stored, so a copy of the database opens no session.
 * (A fast hash is right here: these are 256-bit random values, not guessable passwords.)
 */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API tokens look like `dgr_<43 chars>` so they are recognisable in a leaked log or a secret scanner. */
export const API_TOKEN_PREFIX = 'dgr_';
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret(32)}`;
}

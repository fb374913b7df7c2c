import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The contract between the accounts module and every route: a route declares the least role it
 * needs with `guard('analyst')`; the guard answers 401 (not logged in) or 403 (role too low) before
 * the handler runs, and otherwise sets `request.user`, so handlers can record who did what.
 */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RequestUser {
  id: string;
  username: string;
  role: Role;
}

export type Guard = (least: Role) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: RequestUser;
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Guard, Role } from './guard';

/**
 * Routes declared with zod in and out, recorded for the OpenAPI document. `defineRoute` parses
 * query, params and body before the handler runs (a ZodError becomes a 400 naming the field) and
 * parses what the handler returns, so a response never carries a field its schema does not name.
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDoc {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  /** 'public' routes are open (health, login); every other route names the least role. */
  role: Role | 'public';
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Non-JSON answers (CSV, XLSX) name their media type instead of a schema. */
  produces?: string;
  status?: number;
}

/** Everything registered, in registration order; plain Fastify routes are listed without schemas. */
export class RouteRegistry {
  readonly docs: RouteDoc[] = [];
  readonly plain: { method: string; url: string }[] = [];
}

export interface RouteContext {
  app: FastifyInstance;
  guard: Guard;
  registry: RouteRegistry;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function defineRoute<Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined>(
  ctx: RouteContext,
  spec: Omit<RouteDoc, 'query' | 'params' | 'body' | 'response' | 'tags'> & { tags?: string[]; query?: Q; params?: P; body?: B; response?: R },
  handler: (input: RouteInput<Out<Q>, Out<P>, Out<B>>) => Promise<R extends z.ZodType ? z.input<R> : void>,
): void {
  ctx.registry.docs.push({ ...spec, tags: spec.tags ?? [] });
  ctx.app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.role === 'public' ? {} : { preHandler: ctx.guard(spec.role) }),
    handler: async (request, reply) => {
      const input = {
        query: (spec.query ? spec.query.parse(request.query ?? {}) : undefined) as Out<Q>,
        params: (spec.params ? spec.params.parse(request.params ?? {}) : undefined) as Out<P>,
        body: (spec.body ? spec.body.parse(request.body ?? {}) : undefined) as Out<B>,
        request,
        reply,
      };
      const result = await handler(input);
      // Streams (exports) were sent by the handler itself.
      if (!spec.response) return reply;
      if (spec.status) void reply.status(spec.status);
      return spec.response.parse(result);
    },
  });
}

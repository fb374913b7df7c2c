import { z } from 'zod';
import type { RouteDoc, RouteRegistry } from './route';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with (z.toJSONSchema,
 * JSON Schema 2020-12 as OpenAPI 3.1 uses). Built once on first request; routes do not change at run time.
 */
type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

function operation(doc: RouteDoc): JsonSchema {
  const op: JsonSchema = {
    summary: doc.summary,
    tags: doc.tags,
    parameters: [...parameters(doc.params, 'path'), ...parameters(doc.query, 'query')],
    'x-dengar-role': doc.role,
    responses: {
      [String(doc.status ?? 200)]: doc.produces
        ? { description: 'OK', content: { [doc.produces]: { schema: { type: 'string', format: 'binary' } } } }
        : { description: 'OK', content: { 'application/json': { schema: doc.response ? toSchema(doc.response, 'output') : {} } } },
      '400': { $ref: '#/components/responses/Error' },
      ...(doc.role === 'public' ? {} : { '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' } }),
    },
  };
  if (doc.role !== 'public') op.security = [{ session: [], csrf: [] }, { bearer: [] }];
  if (doc.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(doc.body, 'input') } } };
  return op;
}

const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function buildOpenApi(registry: RouteRegistry, info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const doc of registry.docs) {
    const p = (paths[openApiPath(doc.url)] ??= {});
    p[doc.method.toLowerCase()] = operation(doc);
  }
  for (const route of registry.plain) {
    const p = (paths[openApiPath(route.url)] ??= {});
    const method = route.method.toLowerCase();
    p[method] ??= { summary: '(tanpa skema terdaftar)', responses: { '200': { description: 'OK' } } };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dengar API', version: info.version, description: 'API Dengar: pencarian, statistik, akun, koreksi label, kotak masuk, suara lokal.' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'dengar_sesi', description: 'Sesi dari POST /api/auth/login (HttpOnly, SameSite=Strict).' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'Wajib untuk permintaan yang mengubah data bila memakai sesi.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Token API (dgr_…) untuk skrip.' },
      },
      responses: {
        Error: {
          description: 'Galat dengan kode stabil dan pesan berbahasa Indonesia',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  error: {
                    type: 'object',
                    properties: {
                      code: { type: 'string' },
                      message: { type: 'string' },
                      fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
                      position: { type: 'integer' },
                      expected: { type: 'string' },
                    },
                    required: ['code', 'message'],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

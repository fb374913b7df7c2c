import { z } from 'zod';
import { OFFICIALS } from '../../lib/domain/officials';
import { REGIONS } from '../../lib/domain/regions';
import { TOPICS } from '../../lib/domain/topics';
import { parseQuery } from '../../lib/query';
import { SourceKind, type QueryNode } from '../../schemas';
import { defineRoute, type RouteContext } from './route';

/** The words and phrases a query looks for (not those under NOT): what the results page highlights. */
export function highlightTerms(node: QueryNode, negated = false): { value: string; prefix: boolean }[] {
  switch (node.type) {
    case 'term':
      return negated ? [] : [{ value: node.value, prefix: node.prefix ?? false }];
    case 'phrase':
      return negated ? [] : [{ value: node.value, prefix: false }];
    case 'and':
    case 'or':
      return node.children.flatMap((c) => highlightTerms(c, negated));
    case 'not':
      return highlightTerms(node.child, !negated);
    default:
      return [];
  }
}

/** Query checking (errors with their position, for the search box) and the domain dictionaries. */
export function registerMetaRoutes(ctx: RouteContext): void {
  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/query/parse',
      role: 'viewer',
      tags: ['pencarian'],
      summary: 'Memeriksa kueri: 200 dengan kata yang disorot, atau 400 DENGAR_ERR_QUERY_SYNTAX dengan posisi galat',
      query: z.object({ q: z.string().max(1000).default('') }),
      response: z.object({ ok: z.literal(true), highlight: z.array(z.object({ value: z.string(), prefix: z.boolean() })) }),
    },
    async ({ query }) => ({ ok: true as const, highlight: highlightTerms(parseQuery(query.q)) }),
  );

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/dictionaries',
      role: 'viewer',
      tags: ['kamus'],
      summary: 'Kamus topik, wilayah (17 kabupaten/kota), pejabat dan jenis sumber (hanya baca)',
      response: z.object({
        topics: z.array(z.object({ id: z.string(), label: z.string(), keywords: z.array(z.string()) })),
        regions: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), aliases: z.array(z.string()), capital: z.string().nullable() })),
        officials: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
        sources: z.array(z.string()),
      }),
    },
    async () => ({
      topics: TOPICS.map((t) => ({ id: t.id, label: t.label, keywords: [...t.keywords] })),
      regions: REGIONS.map((r) => ({ id: r.id, name: r.name, kind: r.kind, aliases: [...r.aliases], capital: r.capital ?? null })),
      officials: OFFICIALS.map((o) => ({ id: o.id, name: o.name, role: o.role })),
      sources: [...SourceKind.options],
    }),
  );
}

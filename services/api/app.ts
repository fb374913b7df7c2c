import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Bus } from '../../lib/bus/bus';
import type { Logger } from '../../lib/logger';
import { SearchParams, toFilters, toQuery } from '../../lib/search-params';
import type { Service } from '../../lib/service';
import type { PostStore } from '../../lib/store/post-store';
import { parseQuery } from '../../lib/query';
import { SearchResult, Stats } from '../../schemas';
import { toHttpError } from './errors';

export interface ApiDeps {
  store: PostStore;
  /** The bus, when this process has one: /readyz reports whether its broker is reachable. */
  bus?: Bus;
  logger: Logger;
  /** Everything whose health `/readyz` reports (bus consumers, collector, the store itself). */
  services: Service[];
  /** `health`: only /healthz and /readyz, for processes that run one pipeline service. */
  routes?: 'all' | 'health';
  now?: () => Date;
}

const StatsParams = SearchParams.pick({ q: true, from: true, to: true, sentiment: true, topic: true, region: true, source: true, lang: true }).extend({
  interval: z.enum(['hour', 'day', 'week']).default('day'),
  days: z.coerce.number().int().min(1).max(366).default(30),
  top: z.coerce.number().int().min(1).max(50).default(10),
});

/**
 * Builds the HTTP app without listening, so tests drive it with `inject()` and the runner decides
 * the port. Every input is parsed with zod, every response with its schema on the way out.
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({ loggerInstance: deps.logger.child({ service: 'api' }) as FastifyBaseLogger, bodyLimit: 1_048_576 });

  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toHttpError(err);
    if (status >= 500) request.log.error({ err, url: request.url }, 'request_failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ error: { code: 'DENGAR_ERR_NOT_FOUND', message: 'Alamat tidak ditemukan.' } });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    const store = await deps.store.health().catch((err: unknown) => ({ ok: false, details: { error: String(err) } }));
    checks.store = store;
    ready &&= store.ok;
    if (deps.bus) {
      const bus = await deps.bus.health().catch((err: unknown) => ({ ok: false, details: { error: String(err) } }));
      checks.bus = bus;
      ready &&= bus.ok;
    }
    for (const service of deps.services) {
      const health = await service.health().catch(() => ({ status: 'error' as const, details: {} }));
      checks[service.name] = health;
      ready &&= health.status !== 'error';
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  if (deps.routes === 'health') return app;

  app.get('/api/search', async (request) => {
    const params = SearchParams.parse(request.query);
    return SearchResult.parse(await deps.store.search(toQuery(params)));
  });

  app.get('/api/stats', async (request) => {
    const p = StatsParams.parse(request.query);
    // Without bounds, the last `days` WIB days up to now, so the trend always has its empty days.
    const from = p.from ?? new Date(now().getTime() - p.days * 86_400_000).toISOString();
    const to = p.to ?? now().toISOString();
    const scope = { query: parseQuery(p.q), filters: toFilters({ ...p, from, to }) };
    const [total, histogram, bySentiment, byTopic, byRegion, bySource, topAuthors] = await Promise.all([
      deps.store.count(scope),
      deps.store.histogram(scope, p.interval),
      deps.store.terms(scope, 'sentiment', 3),
      deps.store.terms(scope, 'topic', p.top),
      deps.store.terms(scope, 'region', 17),
      deps.store.terms(scope, 'source', p.top),
      deps.store.topAuthors(scope, p.top),
    ]);
    return Stats.parse({ timeZone: 'Asia/Jakarta', interval: p.interval, total, histogram, bySentiment, byTopic, byRegion, bySource, topAuthors });
  });

  return app;
}

import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Bus } from '../../lib/bus/bus';
import type { Logger } from '../../lib/logger';
import { SearchParams, toFilters, toQuery } from '../../lib/search-params';
import type { Service } from '../../lib/service';
import type { PostStore } from '../../lib/store/post-store';
import { parseQuery } from '../../lib/query';
import { Stats } from '../../schemas';
import { createAuth, type AuthOptions } from './accounts/auth';
import { createGuard } from './accounts/guard';
import { registerAccountRoutes } from './accounts/routes';
import type { ControlPlane } from './control/control-plane';
import { API_ERROR_CODES, HttpProblem, toHttpError } from './errors';
import { registerExportRoutes } from './export/routes';
import type { Guard } from './guard';
import { createInboxSync } from './inbox/sync';
import { registerInboxRoutes } from './inbox/routes';
import { applyCorrections, ApiSearchResult } from './labels/api-post';
import { registerLabelRoutes } from './labels/routes';
import { registerMetaRoutes } from './meta-routes';
import { buildOpenApi } from './openapi';
import { defineRoute, RouteRegistry, type RouteContext } from './route';
import { registerSavedSearchRoutes } from './saved/routes';
import { registerVoicesRoutes } from './voices/routes';
import { registerWeb } from './web/static';

/** What another module hands buildApi to mount its routes: `(app, { guard }) => registerXRoutes(app, { …, guard })`. */
export type ExtraRoutes = (app: FastifyInstance, ctx: { guard: Guard; logger: Logger }) => void | Promise<void>;

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
  /**
   * Users, sessions, labels, saved searches, inbox (`openSqliteControlPlane(sqliteFile(config))`).
   * Without it every protected route answers 503: the API fails closed rather than open.
   */
  control?: ControlPlane;
  auth?: Partial<AuthOptions>;
  /** The built web app (dist/web). Null or a missing folder: the API only, and / says how to build it. */
  webRoot?: string | null;
  /** Believe X-Forwarded-For/-Proto from a reverse proxy (client IP for login throttling). */
  trustProxy?: boolean;
  /** Routes of other modules (alerts, reports, sources, …), mounted after the built-in ones. */
  extraRoutes?: ExtraRoutes[];
  version?: string;
}

const StatsParams = SearchParams.pick({ q: true, from: true, to: true, sentiment: true, topic: true, region: true, source: true, lang: true }).extend({
  interval: z.enum(['hour', 'day', 'week']).default('day'),
  days: z.coerce.number().int().min(1).max(366).default(30),
  top: z.coerce.number().int().min(1).max(50).default(10),
});

/** Headers on every answer: no framing, no sniffing, scripts and styles only from this origin (no CDN). */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/**
 * Builds the HTTP app without listening, so tests drive it with `inject()` and the runner decides
 * the port. Every input is parsed with zod, every response with its schema on the way out.
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    loggerInstance: deps.logger.child({ service: 'api' }) as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    trustProxy: deps.trustProxy ?? false,
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toHttpError(err);
    if (status >= 500) request.log.error({ err, url: request.url }, 'request_failed');
    if (err instanceof HttpProblem && err.retryAfterSeconds) void reply.header('retry-after', String(err.retryAfterSeconds));
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ error: { code: 'DENGAR_ERR_NOT_FOUND', message: 'Alamat tidak ditemukan.' } });
  });
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) void reply.header(k, v);
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
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

  const registry = new RouteRegistry();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/')) return;
    for (const method of methods) if (method !== 'HEAD') registry.plain.push({ method, url: route.url });
  });

  const control = deps.control;
  const auth = control ? createAuth(control.accounts, deps.auth, now) : null;
  const guard: Guard = auth
    ? createGuard(auth)
    : () => async () => {
        throw new HttpProblem(503, API_ERROR_CODES.SETUP_REQUIRED, 'Penyimpanan akun belum dikonfigurasi pada layanan ini.');
      };
  const ctx: RouteContext = { app, guard, registry };

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/search',
      role: 'viewer',
      tags: ['pencarian'],
      summary: 'Mencari pos dengan bahasa kueri analis dan filter; hasil memuat label terkoreksi dan facet',
      query: SearchParams,
      response: ApiSearchResult,
    },
    async ({ query }) => {
      const result = await deps.store.search(toQuery(query));
      // One grouped count for the page, so each hit can say "N salinan serupa".
      const clusterSizes = await deps.store.clusterSizes(result.hits.flatMap((h) => (h.clusterId ? [h.clusterId] : [])));
      return { ...result, clusterSizes, hits: control ? await applyCorrections(result.hits, control.labels) : result.hits.map((h) => ({ ...h, correction: null })) };
    },
  );

  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/stats',
      role: 'viewer',
      tags: ['pencarian'],
      summary: 'Volume dan sentimen per interval (WIB) dan rincian per sentimen, topik, wilayah, sumber, penulis',
      query: StatsParams,
      response: Stats,
    },
    async ({ query: p }) => {
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
      return { timeZone: 'Asia/Jakarta' as const, interval: p.interval, total, histogram, bySentiment, byTopic, byRegion, bySource, topAuthors };
    },
  );

  registerMetaRoutes(ctx);
  registerVoicesRoutes(ctx, { store: deps.store, now });
  if (control && auth) {
    registerAccountRoutes(ctx, auth);
    registerLabelRoutes(ctx, { store: deps.store, labels: control.labels, accounts: control.accounts, logger: deps.logger });
    registerSavedSearchRoutes(ctx, { saved: control.saved });
    registerExportRoutes(ctx, { store: deps.store, labels: control.labels, accounts: control.accounts, logger: deps.logger, now });
    const sync = createInboxSync({ store: deps.store, inbox: control.inbox, now });
    registerInboxRoutes(ctx, { store: deps.store, inbox: control.inbox, sync, labels: control.labels, accounts: control.accounts });
  }
  for (const extra of deps.extraRoutes ?? []) {
    void app.register(async (child) => {
      await extra(child, { guard, logger: deps.logger });
    });
  }

  let openapi: Record<string, unknown> | null = null;
  app.get('/api/openapi.json', async () => (openapi ??= buildOpenApi(registry, { version: deps.version ?? '0.1.0' })));

  registerWeb(app, deps.webRoot && existsSync(deps.webRoot) ? deps.webRoot : null);
  return app;
}

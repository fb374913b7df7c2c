import type { FastifyInstance } from 'fastify';
import type { ExtraRoutes } from '../services/api/app';
import { serveApi } from '../services/api/serve';
import { registerSourceRoutes } from '../services/collector/status-routes';
import { registerIngestRoutes } from '../services/collector/webhook';
import { createReporterService, type ReporterService } from '../services/reporter/app';
import type { ReportHistoryStore } from '../services/reporter/history';
import { createAlerterService, type AlerterService } from '../services/alerter/app';
import { describeChannels } from '../services/alerter/channels';
import { alerterOptionsOf, openAlertStore } from '../services/alerter/open';
import { registerAlertRoutes } from '../services/alerter/routes';
import type { AlertStore } from '../services/alerter/alert-store';
import { reporterOptionsFromEnv } from '../services/reporter/options';
import { registerReportRoutes } from '../services/reporter/routes';
import { openHistoryStore } from '../services/reporter/engine-history';
import { registerDictionaryRoutes } from '../services/api/dictionaries/routes';
import { createFileCollector, type FileCollector } from '../services/collector/file-collector';
import type { Bus } from './bus/bus';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Service } from './service';
import type { ShutdownRegistry } from './shutdown';
import type { StateStore } from './state/state-store';
import { startRuntime, type PipelineRole, type Runtime } from './runtime';

export interface Running {
  runtime: Runtime;
  collector: FileCollector | null;
  api: FastifyInstance;
  /** The address the HTTP server listens on, e.g. http://127.0.0.1:8080. */
  address: string;
  stop(): Promise<void>;
}

/**
 * The environment the process was started with: platform credentials are named in the sources
 * file (`"tokenEnv": "X_BEARER_TOKEN"`) and read from here by the adapters, never from the file.
 */
export type SecretEnv = Readonly<Record<string, string | undefined>>;

/** The process's collectors, from the sources file, publishing to the bus. */
export async function startCollector(config: Config, logger: Logger, bus: Bus, state: StateStore, shutdown: ShutdownRegistry, env: SecretEnv): Promise<FileCollector> {
  const http = { timeoutMs: config.collector.httpTimeoutMs, maxBytes: config.collector.maxResponseBytes, userAgent: config.collector.userAgent };
  const collector = createFileCollector({
    sourcesFile: config.collector.sourcesFile,
    reloadIntervalMs: config.collector.sourcesReloadMs,
    adapterDeps: { http, env },
    bus,
    state,
    logger,
    schedule: config.collector.schedule,
    pollOnStart: config.collector.pollOnStart,
  });
  await collector.start();
  shutdown.register('collector', () => collector.stop());
  return collector;
}

/**
 * The weekly report: on its schedule (DENGAR_REPORT_SCHEDULE), and on demand through the API.
 * The history is in SQLite beside the posts, or in the search engine (services/reporter/engine-history.ts).
 */
async function startReporter(config: Config, logger: Logger, runtime: Runtime, env: SecretEnv): Promise<Reporting> {
  const options = reporterOptionsFromEnv(env, config.data.dir);
  const history = openHistoryStore(config);
  const reporter = createReporterService({ store: runtime.store, history, logger, options });
  await reporter.start();
  runtime.shutdown.register('reporter', async () => {
    await reporter.stop();
    await history.close();
  });
  return { service: reporter, history };
}

interface Alerting {
  service: AlerterService;
  alerts: AlertStore;
}

/** The alerter: rules evaluated on node-cron; events and deliveries in SQLite or the engine (open.ts). */
async function startAlerter(config: Config, logger: Logger, runtime: Runtime, env: SecretEnv): Promise<Alerting> {
  const alerts = openAlertStore(config);
  const service = createAlerterService({ posts: runtime.store, alerts, logger, options: alerterOptionsOf(env) });
  await service.start();
  runtime.shutdown.register('alerter', async () => {
    await service.stop();
    await alerts.close();
  });
  return { service, alerts };
}

interface Reporting {
  service: ReporterService;
  history: ReportHistoryStore;
}

/**
 * The HTTP side of a process: the whole API and web app for `run` and the api service (accounts and
 * control plane beside the posts), health only for the pipeline services. Modules mount their
 * routes here, one line each, behind the shared role guard.
 */
async function listen(
  config: Config,
  logger: Logger,
  runtime: Runtime,
  services: Service[],
  routes: 'all' | 'health',
  collector: FileCollector | null,
  env: SecretEnv,
  reporter: Reporting | null,
  alerter: Alerting | null,
): Promise<{ api: FastifyInstance; address: string }> {
  const extraRoutes: ExtraRoutes[] = [
    (app, { guard }) => registerSourceRoutes(app, { sourcesFile: config.collector.sourcesFile, state: runtime.state, collector, env, guard }),
    (app) => registerIngestRoutes(app, { bus: runtime.bus, secret: config.api.ingestSecret }),
  ];
  if (alerter) {
    const a = alerter;
    extraRoutes.push((app, { guard }) => registerAlertRoutes(app, { alerts: a.alerts, guard, channels: describeChannels(a.service.channels) }));
  }
  if (reporter) {
    const r = reporter;
    extraRoutes.push((app, { guard }) => registerReportRoutes(app, { guard, generator: r.service.generator, history: r.history }));
  }
  return serveApi(config, logger, runtime, services, routes, {
    auth: {
      secureCookies: config.api.secureCookies,
      sessionTtlMs: config.api.sessionHours * 3_600_000,
      maxFailuresPerUser: config.api.loginMaxFailures,
      lockoutMs: config.api.loginLockMinutes * 60_000,
    },
    trustProxy: config.api.trustProxy,
    webRoot: config.api.webDir,
    extraRoutes,
    controlRoutes: (control) => [
      (app, { guard }) =>
        registerDictionaryRoutes(app, { guard, state: runtime.state, accounts: control.accounts, sync: runtime.dictionaries, alertRules: async () => (alerter ? alerter.alerts.listRules() : []) }),
    ],
  });
}

/**
 * Everything in one process — what `dengar run` (and so `npm start`) starts: the pipeline, the
 * collectors on their schedule and the API. Tests start exactly this, with their own config.
 */
export async function startEmbedded(config: Config, logger: Logger, env: SecretEnv = {}): Promise<Running> {
  const runtime = await startRuntime(config, logger);
  try {
    const services = [...runtime.services];
    const collector = config.collector.enabled ? await startCollector(config, logger, runtime.bus, runtime.state, runtime.shutdown, env) : null;
    if (collector) services.push(collector);
    const reporter = await startReporter(config, logger, runtime, env);
    const alerter = await startAlerter(config, logger, runtime, env);
    services.push(reporter.service, alerter.service);
    const { api, address } = await listen(config, logger, runtime, services, 'all', collector, env, reporter, alerter);
    return { runtime, collector, api, address, stop: () => runtime.shutdown.shutdown('stop') };
  } catch (err) {
    await runtime.shutdown.shutdown('start_failed');
    throw err;
  }
}

export const SERVICE_NAMES = ['collector', 'enricher', 'indexer', 'api', 'alerter', 'reporter'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * One service in its own process (distributed mode): the consumers scale by running more processes
 * in the same consumer group. Every process serves `/healthz` and `/readyz` on PORT; the api service
 * serves the whole API.
 */
export async function startService(name: ServiceName, config: Config, logger: Logger, env: SecretEnv = {}): Promise<Running> {
  const roles: PipelineRole[] = name === 'enricher' || name === 'indexer' ? [name] : [];
  const runtime = await startRuntime(config, logger, roles);
  try {
    const services = [...runtime.services];
    const collector = name === 'collector' ? await startCollector(config, logger, runtime.bus, runtime.state, runtime.shutdown, env) : null;
    if (collector) services.push(collector);
    // The api process builds reports on demand and, like a dedicated reporter process, runs the
    // weekly schedule unless DENGAR_REPORT_SCHEDULE_ENABLED=false (keep one scheduler per deployment).
    const reporter = name === 'reporter' || name === 'api' ? await startReporter(config, logger, runtime, env) : null;
    if (reporter) services.push(reporter.service);
    // The api process also evaluates alerts. With an engine store the alert store is shared
    // (services/alerter/open.ts), so a separate `service alerter` or several replicas are safe.
    const alerter = name === 'alerter' || name === 'api' ? await startAlerter(config, logger, runtime, env) : null;
    if (alerter) services.push(alerter.service);
    const { api, address } = await listen(config, logger, runtime, services, name === 'api' ? 'all' : 'health', collector, env, reporter, alerter);
    return { runtime, collector, api, address, stop: () => runtime.shutdown.shutdown('stop') };
  } catch (err) {
    await runtime.shutdown.shutdown('start_failed');
    throw err;
  }
}

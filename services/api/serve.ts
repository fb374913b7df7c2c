import type { FastifyInstance } from 'fastify';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import type { Runtime } from '../../lib/runtime';
import type { Service } from '../../lib/service';
import type { AuthOptions } from './accounts/auth';
import { buildApi, type ExtraRoutes } from './app';
import { openControlPlaneFor, type ControlPlane } from './control/control-plane';
import { DEFAULT_WEB_ROOT } from './web/static';

export interface ApiServeOptions {
  auth?: Partial<AuthOptions>;
  trustProxy?: boolean;
  /** Default: dist/web of the package; null serves the API only. */
  webRoot?: string | null;
  extraRoutes?: ExtraRoutes[];
  /** Routes that need the control plane (to write the audit log); mounted only where it is open. */
  controlRoutes?: (control: ControlPlane) => ExtraRoutes[];
}

/**
 * Build and listen, with the control plane opened beside the posts: what lib/embedded.ts `listen()`
 * does for `dengar run` and `dengar service api`. The control plane is registered for shutdown
 * before the api, so it closes after the last request finished.
 */
export async function serveApi(
  config: Readonly<Config>,
  logger: Logger,
  runtime: Pick<Runtime, 'store' | 'bus' | 'shutdown'>,
  services: Service[],
  routes: 'all' | 'health',
  options: ApiServeOptions = {},
): Promise<{ api: FastifyInstance; address: string }> {
  const control = routes === 'all' ? openControlPlaneFor(config) : undefined;
  if (control) runtime.shutdown.register('control-plane', () => control.close());
  const api = buildApi({
    store: runtime.store,
    bus: runtime.bus,
    logger,
    services,
    routes,
    ...(control ? { control } : {}),
    webRoot: options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    extraRoutes: [...(options.extraRoutes ?? []), ...(control && options.controlRoutes ? options.controlRoutes(control) : [])],
  });
  runtime.shutdown.register('api', () => api.close());
  const address = await api.listen({ port: config.http.port, host: config.http.host });
  logger.info({ address, store: config.mode.store, bus: config.mode.bus, routes }, 'http_listening');
  return { api, address };
}

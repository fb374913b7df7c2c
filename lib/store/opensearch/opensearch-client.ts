import { Client, type ClientOptions } from '@opensearch-project/opensearch';
import { createEngineClient, type EngineClient } from '../search-engine';

export interface OpenSearchClientOptions {
  node: string;
  auth?: { username: string; password: string };
  requestTimeoutMs?: number;
  /** Extra options for the underlying client (TLS, agent). */
  clientOptions?: Omit<ClientOptions, 'node' | 'auth'>;
}

/**
 * The EngineClient over `@opensearch-project/opensearch`: only the transport call lives here.
 * Retries are ours (bulk items, per status), so the library's own retry is off.
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): EngineClient {
  const client = new Client({
    node: options.node,
    ...(options.auth ? { auth: options.auth } : {}),
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    maxRetries: 0,
    ...options.clientOptions,
  });
  return createEngineClient({
    kind: 'opensearch',
    node: options.node,
    async send(req) {
      const res = await client.transport.request(
        {
          method: req.method,
          path: req.path,
          ...(req.ndjson ? { bulkBody: req.ndjson as Record<string, unknown>[] } : req.body !== undefined ? { body: req.body as Record<string, unknown> } : {}),
          ...(req.querystring ? { querystring: req.querystring } : {}),
        },
        req.ignore ? { ignore: req.ignore } : {},
      );
      return { status: res.statusCode ?? 200, body: res.body };
    },
    close: () => client.close(),
  });
}

import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { TransportRequestOptionsWithMeta } from '@elastic/transport';
import { createEngineClient, type EngineClient } from '../search-engine';

export interface ElasticsearchClientOptions {
  node: string;
  auth?: { username: string; password: string } | { apiKey: string };
  requestTimeoutMs?: number;
  clientOptions?: Omit<ClientOptions, 'node' | 'auth'>;
}

/**
 * The EngineClient over `@elastic/elasticsearch` (~9.4; 9.5 needs Node 22). It checks that it talks
 * to Elasticsearch and sends vendor media types, so it cannot serve OpenSearch — that engine has its
 * own client. Retries are ours, so the library's own retry is off.
 */
export function createElasticsearchClient(options: ElasticsearchClientOptions): EngineClient {
  const client = new Client({
    node: options.node,
    ...(options.auth ? { auth: options.auth } : {}),
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    maxRetries: 0,
    ...options.clientOptions,
  });
  return createEngineClient({
    kind: 'elasticsearch',
    node: options.node,
    async send(req) {
      const options: TransportRequestOptionsWithMeta = { meta: true, ...(req.ignore ? { ignore: req.ignore } : {}) };
      const res = await client.transport.request<unknown>(
        {
          method: req.method,
          path: req.path,
          ...(req.ndjson ? { bulkBody: req.ndjson as Record<string, unknown>[] } : req.body !== undefined ? { body: req.body as Record<string, unknown> } : {}),
          ...(req.querystring ? { querystring: req.querystring } : {}),
        },
        options,
      );
      return { status: res.statusCode ?? 200, body: res.body };
    },
    close: () => client.close(),
  });
}

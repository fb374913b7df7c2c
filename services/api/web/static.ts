import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../../lib/config';

/** Where `npm run build:web` writes the web app. */
export const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serve the built web app (dist/web) from this process — no CDN: the offices may be offline. The app
 * routes with the URL hash (#/pencarian), so only real files are served; anything else is a 404.
 * NOTE: a few lines instead of @fastify/static: v10 requires content-disposition 3, an ESM-only
 * package that jest's CommonJS runtime cannot load, and the browser tests run the app inside jest.
 */
export function registerWeb(app: FastifyInstance, root: string | null): void {
  if (!root) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="id"><meta charset="utf-8"><title>Dengar</title><body><h1>Dengar</h1><p>Aplikasi web belum dibangun. Jalankan <code>npm run build:web</code> lalu muat ulang halaman ini. API tersedia di <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>',
        ),
    );
    return;
  }
  const base = path.resolve(root);
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (request, reply) => {
      const wanted = decodeURIComponent((request.params as { '*': string })['*'] || 'index.html');
      const file = path.resolve(base, wanted);
      // Refuse anything that resolves outside the web root (../, absolute paths, encoded tricks).
      if (file !== base && !file.startsWith(base + path.sep)) return reply.callNotFound();
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return reply.callNotFound();
      void reply
        .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
        .header('content-length', String(info.size))
        // Bundles are rebuilt in place (not hashed): always revalidate.
        .header('cache-control', 'no-cache')
        .header('last-modified', info.mtime.toUTCString());
      if (request.method === 'HEAD') return reply.send();
      return reply.send(createReadStream(file));
    },
  });
}

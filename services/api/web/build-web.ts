import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../lib/config';

/**
 * Build the web app: web/src/main.ts (plain TypeScript + DOM, chart.js) bundled by esbuild into
 * dist/web/app.js, beside index.html and styles.css. Everything is local: no CDN at run time.
 * `npm run build:web` runs this file from dist/; tests call buildWeb() with their own folder.
 */
export async function buildWeb(outDir = path.join(PACKAGE_ROOT, 'dist', 'web')): Promise<string> {
  // esbuild is a dev dependency: loaded only when building, never by the server.
  const esbuild = await import('esbuild');
  const webDir = path.join(PACKAGE_ROOT, 'web');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(webDir, 'src', 'main.ts')],
    bundle: true,
    outfile: path.join(outDir, 'app.js'),
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(path.join(webDir, 'index.html'), path.join(outDir, 'index.html'));
  copyFileSync(path.join(webDir, 'styles.css'), path.join(outDir, 'styles.css'));
  return outDir;
}

if (require.main === module) {
  buildWeb().then(
    (dir) => process.stdout.write(`web app dibangun di ${dir}\n`),
    (err: unknown) => {
      process.stderr.write(`build:web gagal: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

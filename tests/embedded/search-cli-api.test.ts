import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startEmbedded } from '../../lib/embedded';
import { SearchResult } from '../../schemas';
import { assertBuilt, dengar, ROOT } from '../fixtures/cli';
import { silentLogger } from '../fixtures/logger';

/**
 * The sample data imported with the real CLI; then the same analyst query through `dengar search`
 * and through `GET /api/search` must give the same hits, and a malformed query a 400 with the
 * position of the error.
 */
test('dengar search and GET /api/search agree on the sample data', async () => {
  assertBuilt();
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dengar-cli-api-')), 'data');
  const imported = dengar(['import', path.join(ROOT, 'samples', 'posts.sample.jsonl'), '--json'], { DENGAR_DATA_DIR: dataDir });
  expect((await imported.exited).code).toBe(0);
  expect(JSON.parse(imported.stdout())).toEqual({ imported: 2000, rejected: 0 });

  // A viewer and an API token, made with the real CLI as an operator would.
  const add = dengar(['user', 'add', 'pemantau', '--role', 'viewer'], { DENGAR_DATA_DIR: dataDir, DENGAR_USER_PASSWORD: 'sandi-pemantau-uji' });
  expect((await add.exited).code).toBe(0);
  const tokenRun = dengar(['user', 'token', 'pemantau', 'uji-cli-api'], { DENGAR_DATA_DIR: dataDir });
  expect((await tokenRun.exited).code).toBe(0);
  const headers = { authorization: `Bearer ${tokenRun.stdout().trim()}` };

  const query = 'banjir DAN (palembang ATAU "ogan ilir") -hoaks';
  const cli = dengar(['search', query, '--json', '--size', '200'], { DENGAR_DATA_DIR: dataDir });
  expect((await cli.exited).code).toBe(0);
  const fromCli = SearchResult.parse(JSON.parse(cli.stdout()));

  const running = await startEmbedded(loadConfig({ DENGAR_DATA_DIR: dataDir, PORT: '0', DENGAR_COLLECT: 'false' }), silentLogger);
  try {
    const res = await fetch(`${running.address}/api/search?q=${encodeURIComponent(query)}&size=200`, { headers });
    expect(res.status).toBe(200);
    const fromApi = SearchResult.parse(await res.json());
    expect(fromApi.total).toBeGreaterThan(0);
    expect(fromApi.total).toBe(fromCli.total);
    expect(fromApi.hits.map((h) => h.id)).toEqual(fromCli.hits.map((h) => h.id));
    for (const hit of fromApi.hits) {
      expect(hit.topics).toContain('banjir');
      expect(`${hit.title ?? ''} ${hit.text}`.toLowerCase()).not.toContain('hoaks');
    }

    const bad = await fetch(`${running.address}/api/search?q=${encodeURIComponent('banjir DAN (palembang')}`, { headers });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; position: number; message: string } };
    expect(body.error.code).toBe('DENGAR_ERR_QUERY_SYNTAX');
    expect(body.error.position).toBe('banjir DAN (palembang'.length);
  } finally {
    await running.stop();
  }
});

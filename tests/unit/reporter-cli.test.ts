import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runWeeklyReport } from '../../cli/report';
import { loadConfig } from '../../lib/config';
import { sqliteFile } from '../../lib/runtime';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import { Stats } from '../../schemas';
import { createAuth } from '../../services/api/accounts/auth';
import { buildApi } from '../../services/api/app';
import { openSqliteControlPlane } from '../../services/api/control/control-plane';
import { formatCount, formatPct } from '../../services/reporter/text';
import { SHEETS } from '../../services/reporter/xlsx';
import { assertBuilt, dengar, ROOT } from '../fixtures/cli';
import { silentLogger } from '../fixtures/logger';

const SCRYPT = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'rahasia-panjang-123';

/**
 * The sample data end to end: imported with the real `dengar import`, reported for 2026-W47, and the
 * report's numbers checked against `GET /api/stats?from=<Monday>&to=<Sunday>` of the real API.
 * NOTE: the report runs in-process through `runWeeklyReport` (what `dengar report weekly` calls)
 * until cli/main.ts registers the command.
 */
describe('weekly report on samples/posts.sample.jsonl matches GET /api/stats', () => {
  let dir: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-report-sample-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('2026-W47', async () => {
    const imported = dengar(['import', path.join(ROOT, 'samples', 'posts.sample.jsonl'), '--json'], { DENGAR_DATA_DIR: dir });
    expect((await imported.exited).code).toBe(0);
    expect(JSON.parse(imported.stdout())).toEqual({ imported: 2000, rejected: 0 });

    const config = loadConfig({ DENGAR_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const out = path.join(dir, 'r');
    const stages: string[] = [];
    const record = await runWeeklyReport(config, silentLogger, { week: '2026-W47', out, env: {}, onProgress: (p) => stages.push(p.message) });
    expect(record.error).toBeUndefined();
    expect(record.files.map((f) => path.basename(f.path)).sort()).toEqual(['dengar-laporan-mingguan-2026-W47.pdf', 'dengar-laporan-mingguan-2026-W47.xlsx']);
    expect(stages.some((s) => s.includes('XLSX'))).toBe(true);

    const stats = await fetchStats(config, '2026-11-16', '2026-11-22');
    expect(stats.total).toBeGreaterThan(100);
    expect(record.totals!.posts).toBe(stats.total);
    const negative = stats.bySentiment.find((b) => b.key === 'negative')?.count ?? 0;
    expect(record.totals!.negative).toBe(negative);

    const text = execFileSync('pdftotext', ['-layout', record.files.find((f) => f.kind === 'pdf')!.path, '-']).toString();
    expect(text).toContain(formatCount(stats.total));
    expect(text).toContain(formatPct((negative / stats.total) * 100));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(record.files.find((f) => f.kind === 'xlsx')!.path);
    const summary = new Map<string, unknown>();
    wb.getWorksheet(SHEETS.summary)!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('Jumlah pos')).toBe(stats.total);
    expect(summary.get('Pos negatif')).toBe(negative);
    for (const day of stats.histogram) expect(summary.get(day.key)).toBe(day.total);
    expect(wb.getWorksheet(SHEETS.posts)!.rowCount - 1).toBe(stats.total);
    const pivotTotals = (name: string): Map<string, unknown> => {
      const m = new Map<string, unknown>();
      wb.getWorksheet(name)!.eachRow((row, i) => void (i > 1 && m.set(String(row.getCell(1).value), row.getCell(6).value)));
      return m;
    };
    const topics = pivotTotals(SHEETS.topics);
    for (const b of stats.byTopic) expect([b.key, topics.get(b.key)]).toEqual([b.key, b.count]);
    const regions = pivotTotals(SHEETS.regions);
    for (const b of stats.byRegion) expect([b.key, regions.get(b.key)]).toEqual([b.key, b.count]);
  });
});

/** The real API over the same data file, logged in as a viewer; called over loopback HTTP. */
async function fetchStats(config: ReturnType<typeof loadConfig>, from: string, to: string): Promise<Stats> {
  const file = sqliteFile(config);
  const store = createSqlitePostStore({ file });
  const control = openSqliteControlPlane(file);
  const app = buildApi({ store, logger: silentLogger, services: [], control, webRoot: null, auth: { scrypt: SCRYPT } });
  try {
    await createAuth(control.accounts, { scrypt: SCRYPT }).createUser({ username: 'pimpinan', role: 'viewer', password: PASSWORD });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'pimpinan', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const res = await fetch(`${address}/api/stats?from=${from}&to=${to}&top=50`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return Stats.parse(await res.json());
  } finally {
    await app.close();
    await control.close();
    await store.close();
  }
}

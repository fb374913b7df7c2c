import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, type E2eApp } from './support/start-app';
import { logIn, screenshot } from './support/browser';
import { logInNewUser, startSession, type E2eSession } from './support/session';

/**
 * The analyst's day in a real headless Chromium against the real app (embedded pipeline, SQLite,
 * the 2,000-post sample): log in, search with filters, read why a post is negative, correct a label,
 * close an inbox item, export CSV, build the weekly report, handle an alert and its rules. Every page
 * is photographed into tests/e2e/screenshots/.
 */
let session: E2eSession | undefined;
let app: E2eApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  session = await startSession({ acceptDownloads: true });
  ({ app, browser, context, page } = session);
}, 180_000);
afterAll(() => session?.close(), 60_000);
// Real browser, real pipeline, a shared 2-core machine: generous per-test limits (no sleeps anywhere).
jest.setTimeout(120_000);

const open = async (hash: string, heading: string) => {
  await page.goto(`${app.address}/#/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};

test('the sample is in the store', () => {
  expect(app.imported).toBe(2000);
});

test('logging in leads to Beranda with its charts', async () => {
  await page.goto(app.address);
  await page.getByLabel('Nama pengguna').waitFor();
  await screenshot(page, '01-masuk');
  await page.getByLabel('Nama pengguna').fill(ADMIN.username);
  await page.getByLabel('Kata sandi').fill('salah-sekali-123');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByText('Nama pengguna atau kata sandi salah.').waitFor();
  await page.getByLabel('Kata sandi').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('heading', { level: 1, name: 'Beranda' }).waitFor();
  await page.locator('canvas').first().waitFor();
  await page.getByRole('button', { name: '90 hari' }).click();
  await page.waitForURL(/hari=90/);
  await page.getByText(/pos dalam 90 hari terakhir/).waitFor();
  expect(await page.locator('canvas').count()).toBe(3);
  await page.locator('.post').first().waitFor();
  await screenshot(page, '02-beranda');
});

test('a search with filters highlights matches, and the badge explains the sentiment', async () => {
  await open('pencarian', 'Pencarian');
  await page.getByRole('searchbox', { name: 'Kueri' }).fill('banjir');
  await page.locator('select[name=sentiment]').selectOption('negatif');
  await page.locator('select[name=region]').selectOption('kota_palembang');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.waitForURL(/region=kota_palembang/);
  await page.locator('.post').first().waitFor();
  const total = Number((await page.locator('.total').innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThan(0);
  expect(await page.locator('.post mark').count()).toBeGreaterThan(0);
  expect(await page.locator('.post .badge-button.badge-negative').count()).toBe(await page.locator('.post').count());

  const first = page.locator('.post').first();
  await first.locator('.badge-button').click();
  const explain = first.locator('.explain');
  await explain.waitFor({ state: 'visible' });
  expect(await explain.innerText()).toMatch(/Skor mesin/);
  await screenshot(page, '03-pencarian');

  // A query the parser cannot read is shown inline with a caret at the position.
  await page.getByRole('searchbox', { name: 'Kueri' }).fill('banjir DAN (palembang');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.locator('.query-error').waitFor();
  expect(await page.locator('.query-error pre').innerText()).toMatch(/\^$/);
  await screenshot(page, '04-pencarian-galat');
});

test('exporting the result set as CSV downloads every row', async () => {
  await open('pencarian?q=banjir&sentiment=negatif', 'Pencarian');
  await page.locator('.post').first().waitFor();
  const total = Number((await page.locator('.total').innerText()).replace(/\D/g, ''));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^dengar-ekspor-.*\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  expect(text.split('\r\n')[0]).toMatch(/^id,waktu \(WIB\)/);
  // Rows may hold quoted newlines: count ids instead of lines.
  const ids = text.split('\r\n').slice(1).filter((l) => /^[A-Za-z0-9_-]{24},/.test(l));
  expect(ids).toHaveLength(total);
  const audit = await app.control.accounts.listAudit({ limit: 10, action: 'export.csv' });
  expect(audit[0]).toMatchObject({ actor: 'admin', details: { rows: total } });
});

test('an analyst relabels a post and the page shows who corrected it', async () => {
  await open('koreksi?q=macet', 'Koreksi label');
  const card = page.locator('.relabel').first();
  await card.waitFor();
  const id = (await card.locator('.post').getAttribute('data-id'))!;
  const current = await card.locator('select[name=sentiment]').inputValue();
  const next = current === 'positive' ? 'negative' : 'positive';
  await card.locator('select[name=sentiment]').selectOption(next);
  await card.getByRole('button', { name: 'Simpan koreksi' }).click();
  await card.getByText('Koreksi tersimpan oleh admin.').waitFor();
  expect(await card.locator('.post .badge-button').getAttribute('class')).toContain(`badge-${next}`);
  await screenshot(page, '05-koreksi');
  const labels = await app.control.labels.listLabels();
  expect(labels.at(-1)).toMatchObject({ postId: id, sentiment: next, username: 'admin' });
});

test('an inbox item moves to selesai', async () => {
  await open('kotak-masuk', 'Kotak Masuk');
  const item = page.locator('.inbox-item').first();
  await item.waitFor();
  const postId = (await item.getAttribute('data-post'))!;
  await screenshot(page, '06-kotak-masuk');
  await item.locator('select[name=status]').selectOption('selesai');
  await item.locator('textarea[name=notes]').fill('Sudah dibalas dan diteruskan ke dinas.');
  await item.getByRole('button', { name: 'Simpan' }).click();
  await item.getByText('Tersimpan: selesai.').waitFor();
  const stored = await app.control.inbox.get(postId);
  expect(stored).toMatchObject({ status: 'selesai', updatedBy: 'admin', notes: 'Sudah dibalas dan diteruskan ke dinas.' });
  expect(stored!.firstResponseAt).not.toBeNull();
  await open('kotak-masuk?status=selesai', 'Kotak Masuk');
  await page.locator(`.inbox-item[data-post="${postId}"]`).waitFor();
});

test('Suara Lokal, Sumber and Admin render with real data', async () => {
  await open('suara-lokal?days=90&sort=posts', 'Suara Lokal');
  await page.locator('table.voices tbody tr').first().waitFor();
  expect(await page.locator('table.voices tbody tr').count()).toBeGreaterThan(5);
  // The sample's buzzer accounts post near-identical praise within an hour or two.
  expect(await page.locator('table.voices .flag').count()).toBeGreaterThanOrEqual(3);
  await screenshot(page, '07-suara-lokal');

  await open('sumber', 'Sumber');
  // Collectors are off in this app: every configured source is listed, none has run.
  await page.locator('table tbody tr').first().waitFor();
  const states = await page.locator('table tbody tr td:nth-child(3)').allInnerTexts();
  expect(states.length).toBeGreaterThan(0);
  for (const state of states) expect(state).toMatch(/^(nonaktif|belum berjalan|kunci belum diisi: .+)$/);
  await screenshot(page, '08-sumber');

  await open('admin', 'Admin');
  await page.getByRole('cell', { name: 'admin (Anda)' }).waitFor();
  await page.getByText('Log audit (50 terakhir)').waitFor();
  await screenshot(page, '09-admin');
});

test('Laporan builds the sample week and offers the PDF and XLSX', async () => {
  await open('laporan', 'Laporan');
  await page.getByText('Riwayat laporan').waitFor();
  await page.getByLabel('Minggu').fill('2026-W47');
  await page.getByRole('button', { name: 'Buat laporan' }).click();
  // The page polls the history until the run is no longer `generating`.
  await page.getByText('Laporan 2026-W47 selesai.').waitFor({ timeout: 90_000 });
  const row = page.locator('table.reports tr[data-status=ready]').first();
  await row.waitFor();
  expect(await row.locator('td').first().innerText()).toMatch(/2026-W47/);
  const pdf = row.getByRole('link', { name: 'PDF', exact: true });
  await row.getByRole('link', { name: 'XLSX', exact: true }).waitFor();
  // The browser's session cookie fetches the file: it must really be a PDF.
  const res = await context.request.get(`${app.address}${(await pdf.getAttribute('href'))!}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
  await screenshot(page, '12-laporan');
});

test('Peringatan: an event is acknowledged with a note, a new rule is created and disabled', async () => {
  const at = new Date();
  const from = new Date(at.getTime() - 3_600_000).toISOString();
  await app.alerts.createEvent(
    {
      id: 'e2e-event-1',
      key: 'e2e|*|1',
      ruleId: 'e2e',
      ruleName: 'Lonjakan keluhan banjir',
      metric: 'negative_count',
      group: { region: 'kota_palembang', topic: 'banjir' },
      windowFrom: from,
      windowTo: at.toISOString(),
      evidence: {
        observed: 42,
        expected: 6,
        score: 7.5,
        threshold: 3.5,
        baselineValues: [5, 6, 7, 6, 5, 6, 7],
        windowTotal: 60,
        windowNegative: 42,
        topPosts: [{ id: 'p1', text: 'Banjir lagi di Sekip, air masuk rumah warga', source: 'x', createdAt: from }],
        terms: [{ term: 'banjir', window: 30, baseline: 4, score: 2.1 }],
        regions: [{ key: 'kota_palembang', count: 38 }],
        searchUrl: `http://localhost:8080/pencarian?q=banjir&from=${from}&to=${at.toISOString()}`,
      },
      channels: ['in_app'],
      state: 'open',
      createdAt: at.toISOString(),
    },
    'region=kota_palembang;topic=banjir',
    [],
    0,
  );
  await open('peringatan', 'Peringatan');
  const card = page.locator('.alert-event[data-event="e2e-event-1"]');
  await card.waitFor();
  expect(await card.innerText()).toMatch(/42[\s\S]*teramati vs 6 biasanya/);
  expect(await card.getByRole('link', { name: /Lihat pos lonjakan/ }).getAttribute('href')).toMatch(/^#\/pencarian\?q=banjir&from=/);
  await card.getByLabel('Catatan').fill('Sudah diteruskan ke BPBD.');
  await card.getByRole('button', { name: 'Akui' }).click();
  await card.getByText(/Diakui oleh admin/).first().waitFor();
  expect(await app.alerts.getEvent('e2e-event-1')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin', note: 'Sudah diteruskan ke BPBD.' });

  await page.getByLabel('Nama aturan').fill('Uji e2e jalan rusak');
  await page.getByLabel('Kueri', { exact: true }).fill('jalan rusak');
  await page.locator('.rule-form select[name=region]').selectOption('kota_palembang');
  await page.locator('.rule-form select[name=sensitivity]').selectOption('high');
  await page.getByRole('button', { name: 'Simpan aturan' }).click();
  await page.getByText('Aturan Uji e2e jalan rusak dibuat.').waitFor();
  const stored = (await app.alerts.listRules()).find((r) => r.name === 'Uji e2e jalan rusak');
  expect(stored).toMatchObject({ enabled: true, createdBy: 'admin', sensitivity: 'high', scope: { query: 'jalan rusak', region: 'kota_palembang' }, channels: ['in_app'] });
  const row = page.locator(`tr[data-rule="${stored!.id}"]`);
  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  await page.getByText('Uji e2e jalan rusak dinonaktifkan.').waitFor();
  await row.getByRole('button', { name: 'Aktifkan' }).waitFor();
  expect((await app.alerts.getRule(stored!.id))?.enabled).toBe(false);
  await screenshot(page, '13-peringatan');
});

test('a viewer reads Laporan and Peringatan without any buttons', async () => {
  const { context: ctx, page: p } = await logInNewUser(session!, { username: 'pembaca', password: 'kata-sandi-pembaca-1', role: 'viewer' });
  await p.goto(`${app.address}/#/laporan`);
  await p.locator('table.reports tr[data-status=ready]').first().waitFor();
  expect(await p.locator('main button').count()).toBe(0);
  expect(await p.locator('main a.button', { hasText: 'PDF' }).count()).toBeGreaterThan(0);
  await p.goto(`${app.address}/#/peringatan?state=acknowledged`);
  await p.locator('.alert-event').first().waitFor();
  await p.locator('table.rules tbody tr').first().waitFor();
  expect(await p.locator('main button').count()).toBe(0);
  expect(await p.locator('main form').count()).toBe(0);
  await ctx.close();
});

test('on a phone the pages stay usable', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'id-ID' });
  const p = await phone.newPage();
  await logIn(p, app.address, ADMIN);
  await p.locator('canvas').first().waitFor();
  await screenshot(p, '10-ponsel-beranda');
  await p.goto(`${app.address}/#/pencarian?q=jalan`);
  await p.locator('.post').first().waitFor();
  // Nothing wider than the screen: no sideways scrolling on a phone.
  expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await screenshot(p, '11-ponsel-pencarian');
  await phone.close();
});

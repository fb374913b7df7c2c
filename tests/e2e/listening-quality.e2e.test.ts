import type { Page } from 'playwright-core';
import { ADMIN, type E2eApp } from './support/start-app';
import { logIn, screenshot } from './support/browser';
import { logInNewUser, startSession, type E2eSession } from './support/session';
import { shippedDictionary } from '../../lib/domain/dictionary-files';
import type { RawPostInput } from '../../schemas';

/**
 * What keeps the listening accurate, in a real headless Chromium against the real app (embedded
 * pipeline, SQLite, the 2,000-post sample): an admin edits the topic dictionary (a bad edit is refused
 * field by field, a good one tags the next posts), an analyst cannot, and Pencarian folds a
 * copy-paste campaign into "N salinan serupa".
 */
let session: E2eSession | undefined;
let app: E2eApp;
let page: Page;

beforeAll(async () => {
  session = await startSession();
  ({ app, page } = session);
  await logIn(page, app.address, ADMIN);
}, 180_000);
afterAll(() => session?.close(), 60_000);
jest.setTimeout(120_000);

/**
 * A fresh document per page: the web app caches the dictionaries per load (a new topic label needs a
 * reload, as the page says), and nothing left from the previous page can satisfy a wait.
 */
const open = async (hash: string, heading: string) => {
  await page.goto(`${app.address}/#/${hash}`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const tweet = (sourceId: string, handle: string, text: string, createdAt: string): RawPostInput => ({
  source: 'x',
  sourceId,
  text,
  createdAt,
  author: { id: handle, handle, name: handle },
  lang: 'id',
});

test('an admin edits the topic dictionary: a bad edit is refused by field, a new topic tags the next posts, reset restores the file', async () => {
  const shipped = shippedDictionary('topics');
  await open('admin', 'Admin');
  const editor = page.locator('section', { has: page.getByRole('heading', { name: 'Kamus topik & wilayah' }) });
  const area = editor.getByLabel('Isi kamus (JSON)');
  await editor.getByText(`Versi ${shipped.version} — berkas bawaan (config/dictionaries).`).waitFor();
  expect(JSON.parse(await area.inputValue())).toEqual(shipped.data);

  // A `*` inside a phrase and a misspelt field: both named by path, in Indonesian, and nothing stored.
  const entry = { id: 'tambang_ilegal', label: 'Tambang ilegal', keywords: ['tambang ilegal', 'penambangan liar'] };
  const index = shipped.data.topics.length;
  const who = `topik ${index + 1} (tambang_ilegal)`;
  const broken = { ...shipped.data, topics: [...shipped.data.topics, { ...entry, keywords: ['tambang*ilegal', 'penambangan liar'], kata: ['tambang'] }] };
  await area.fill(JSON.stringify(broken, null, 2));
  await editor.getByRole('button', { name: 'Simpan kamus' }).click();
  const refusal = editor.locator('.msg-error');
  await refusal.waitFor();
  expect(await refusal.innerText()).toMatch(/^Kamus tidak disimpan:/);
  const reasons = await refusal.locator('li').allInnerTexts();
  expect(reasons).toHaveLength(2);
  expect(reasons).toContain(`topics.${index}.keywords.0 — ${who}: tanda * hanya boleh di akhir frasa`);
  expect(reasons.find((r) => r.startsWith(`topics.${index} — `))).toMatch(new RegExp(`^topics\\.${index} — ${who.replace(/[()]/g, '\\$&')}: Kunci tidak dikenali.*"kata"`));
  await screenshot(page, 'admin-kamus-galat');
  expect(await app.runtime.state.getDictionary('topics')).toBeNull();
  // The admin's text stays in the box to be fixed, not replaced by the stored version.
  expect(await area.inputValue()).toContain('tambang*ilegal');

  await area.fill(JSON.stringify({ ...shipped.data, topics: [...shipped.data.topics, entry] }, null, 2));
  await editor.getByRole('button', { name: 'Simpan kamus' }).click();
  await editor.getByText(/^Tersimpan\./).waitFor();
  const stored = (await app.runtime.state.getDictionary('topics'))!;
  expect(stored).toMatchObject({ updatedBy: 'admin', data: { topics: expect.arrayContaining([entry]) } });
  expect(stored.version).not.toBe(shipped.version);
  const status = await editor.getByText(/^Versi /).innerText();
  expect(status).toMatch(new RegExp(`^Versi ${stored.version} — diubah oleh admin pada .+ WIB\\.$`));
  const audit = await app.control.accounts.listAudit({ limit: 5, action: 'dictionary.update' });
  expect(audit[0]).toMatchObject({ actor: 'admin', target: 'topics', details: { from: shipped.version, to: stored.version } });
  await screenshot(page, 'admin-kamus');

  // The next post through the pipeline carries the new topic; the sample, enriched before, does not.
  const mining = tweet('e2e-tambang-1', 'warga_lematang', 'Aktivitas tambang ilegal di hulu Sungai Lematang bikin air keruh, warga minta aparat tertibkan penambangan liar itu', hoursAgo(1));
  expect(await app.importPosts('tambang', [mining])).toBe(1);
  await open('pencarian?q=topik%3Atambang_ilegal', 'Pencarian');
  await page.locator('.total').waitFor();
  expect(await page.locator('.post .text').allInnerTexts()).toEqual([mining.text]);
  expect(await page.locator('.post footer a.chip').allInnerTexts()).toContain('Tambang ilegal');

  await open('admin', 'Admin');
  await editor.getByText(`Versi ${stored.version} — diubah oleh admin`, { exact: false }).waitFor();
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  await editor.getByRole('button', { name: 'Kembalikan ke bawaan' }).click();
  await editor.getByText('Dikembalikan ke berkas bawaan.').waitFor();
  expect(asked).toEqual(['Kembalikan kamus ini ke berkas bawaan? Perubahan yang tersimpan hilang.']);
  expect(await editor.getByText(/^Versi /).innerText()).toBe(`Versi ${shipped.version} — berkas bawaan (config/dictionaries).`);
  expect(JSON.parse(await area.inputValue())).toEqual(shipped.data);
  expect(await app.runtime.state.getDictionary('topics')).toBeNull();
});

test('an analyst sees no dictionary editor, and the API refuses the edit with 403', async () => {
  const { context: ctx, page: p } = await logInNewUser(session!, { username: 'analis', password: 'kata-sandi-analis-1', role: 'analyst' });
  expect(await p.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await p.goto(`${app.address}/#/admin`);
  await p.getByText('Halaman Admin hanya untuk peran admin ke atas.').waitFor();
  expect(await p.locator('textarea').count()).toBe(0);

  // Past the page, straight at the API with the analyst's own session and CSRF token.
  const me = (await (await ctx.request.get(`${app.address}/api/auth/me`)).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': me.csrfToken };
  const put = await ctx.request.put(`${app.address}/api/dictionaries/topics`, { headers, data: shippedDictionary('topics').data });
  expect(put.status()).toBe(403);
  expect(await put.json()).toMatchObject({ error: { code: 'DENGAR_ERR_FORBIDDEN' } });
  expect((await ctx.request.post(`${app.address}/api/dictionaries/topics/reset`, { headers })).status()).toBe(403);
  expect(await app.runtime.state.getDictionary('topics')).toBeNull();
  await ctx.close();
});

test('Pencarian folds a copy-paste campaign into "N salinan serupa", and the chip opens exactly the campaign', async () => {
  // One 20-word complaint posted by five accounts, varied only by what copies vary: mentions,
  // hashtags, links, a retweet prefix.
  const complaint = 'Jalan utama Kelurahan Pulokerto rusak parah berlubang dan tergenang setiap hujan, anak sekolah terpaksa lewat lumpur, tolong Pemkot segera perbaiki';
  const campaign = [
    complaint,
    `${complaint} #PalembangBerbenah`,
    `@pemkotplg ${complaint}`,
    `${complaint} https://t.co/pLk7Qx2`,
    `RT @wargagandus: ${complaint} #Sumsel`,
  ].map((text, i) => tweet(`e2e-kampanye-${i}`, `akun_kampanye_${i}`, text, hoursAgo(5 - i)));
  // Three unrelated posts; the first shares the campaign's place name, so the search finds it too.
  const unrelated = [
    tweet('e2e-lain-0', 'kader_posyandu', 'Posyandu di Pulokerto membagikan makanan tambahan untuk balita setiap Kamis pagi, ibu-ibu diminta membawa buku KIA', hoursAgo(3)),
    tweet('e2e-lain-1', 'pedagang_kertapati', 'Harga cabai di Pasar Kertapati naik lagi minggu ini, pedagang bilang pasokan dari Pagar Alam berkurang karena hujan', hoursAgo(2)),
    tweet('e2e-lain-2', 'penonton_bidar', 'Festival perahu bidar di Sungai Musi meriah sekali tahun ini, penonton memadati Benteng Kuto Besak sampai sore', hoursAgo(1)),
  ];
  expect(await app.importPosts('kampanye', [...campaign, ...unrelated])).toBe(campaign.length + unrelated.length);

  await open('pencarian?q=Pulokerto', 'Pencarian');
  const hits = campaign.length + 1;
  await page.locator('.total', { hasText: new RegExp(`^${hits} pos$`) }).waitFor();
  expect(await page.locator('.post').count()).toBe(hits);
  const chips = page.locator('.post a.chip-copies');
  // Every campaign post has the other four as copies; the Posyandu post has none.
  expect(await chips.allInnerTexts()).toEqual(campaign.map(() => `${campaign.length - 1} salinan serupa`));
  expect(await page.locator('.post', { hasText: 'Posyandu' }).locator('a.chip-copies').count()).toBe(0);
  await screenshot(page, 'pencarian-salinan');

  const href = (await chips.first().getAttribute('href'))!;
  const clusterQuery = new URLSearchParams(href.split('?')[1]).get('q')!;
  expect(clusterQuery).toMatch(/^klaster:\S+$/);
  await chips.first().click();
  await page.locator('.total', { hasText: new RegExp(`^${campaign.length} pos$`) }).waitFor();
  expect(await page.getByRole('searchbox', { name: 'Kueri' }).inputValue()).toBe(clusterQuery);
  expect((await page.locator('.post .text').allInnerTexts()).sort()).toEqual(campaign.map((p) => p.text).sort());
  await screenshot(page, 'pencarian-klaster');
});

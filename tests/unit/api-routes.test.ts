import ExcelJS from 'exceljs';
import type { EnrichedPost } from '../../schemas';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { detectCoordination } from '../../services/api/voices/coordination';
import { startHarness, type Harness, type Session } from './api-harness';

const flood = buildEnrichedPost({
  source: 'x',
  sourceId: 'banjir-1',
  text: '@humas_sumsel tolong banjir di Plaju sudah tiga hari, kapan ditangani?',
  createdAt: '2026-11-27T01:00:00Z',
  sentiment: { label: 'negative', score: -2, terms: [{ term: 'banjir', weight: -1 }, { term: 'tolong', weight: -1 }] },
  topics: ['banjir'],
  regions: ['kota_palembang'],
  author: { handle: 'warga_plaju', followers: 120 },
  engagement: { likes: 40, shares: 5, replies: 3 },
});
const news = buildEnrichedPost({ source: 'rss', sourceId: 'berita-1', title: 'Warga mengeluhkan banjir', text: 'Warga Plaju mengeluhkan banjir.', createdAt: '2026-11-27T02:00:00Z' });
const formula = buildEnrichedPost({ source: 'x', sourceId: 'rumus', text: '=HYPERLINK("http://jahat") harga cabai naik', createdAt: '2026-11-26T02:00:00Z', sentiment: 'negative' });
/** A buzzer: the same praise four times within an hour. */
const buzz: EnrichedPost[] = [0, 1, 2, 3].map((i) =>
  buildEnrichedPost({
    source: 'x',
    sourceId: `buzz-${i}`,
    text: `Mantap pak gub, pembangunan jalan di Sumsel makin maju! #SumselMaju ${i % 2 ? 'luar biasa' : ''}`,
    createdAt: `2026-11-25T0${i}:1${i}:00Z`.replace(/T0(\d):1/, (_m, h: string) => `T10:${h}`),
    sentiment: 'positive',
    author: { handle: 'pendukung_maju', followers: 50 },
    engagement: { likes: 100 },
  }),
);

let h: Harness;
let admin: Session;
let analyst: Session;
let viewer: Session;

beforeEach(async () => {
  h = await startHarness([flood, news, formula, ...buzz]);
  await h.addUser('admin', 'admin');
  await h.addUser('andi', 'analyst');
  await h.addUser('vera', 'viewer');
  [admin, analyst, viewer] = [await h.login('admin'), await h.login('andi'), await h.login('vera')];
});
afterEach(async () => h.close());

describe('relabelling', () => {
  test('the correction is what the API returns, shows who made it, is counted by filters, and is listed for training', async () => {
    const r = await analyst.call({ method: 'POST', url: `/api/posts/${flood.id}/label`, payload: { sentiment: 'neutral', topics: ['banjir', 'layanan_publik'] } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ sentiment: { label: 'neutral' }, topics: ['banjir', 'layanan_publik'], correction: { by: 'andi', machineSentiment: 'negative', machineTopics: ['banjir'] } });

    const detail = (await viewer.call({ url: `/api/posts/${flood.id}` })).json() as { post: { sentiment: { label: string; terms: unknown[] }; correction: { by: string } }; labels: unknown[] };
    expect(detail.post.sentiment.label).toBe('neutral');
    expect(detail.post.sentiment.terms).toHaveLength(2); // the explanation of the machine verdict stays
    expect(detail.post.correction.by).toBe('andi');
    expect(detail.labels).toHaveLength(1);

    const neutral = (await viewer.call({ url: '/api/search?sentiment=netral&q=plaju' })).json() as { hits: { id: string; correction: unknown }[] };
    expect(neutral.hits.map((x) => x.id)).toContain(flood.id);

    // A second correction carries the first one's topics forward and keeps the machine verdict.
    await analyst.call({ method: 'POST', url: `/api/posts/${flood.id}/label`, payload: { sentiment: 'negative' } });
    const labels = await h.control.labels.listLabels();
    expect(labels).toHaveLength(2);
    expect(labels[1]).toMatchObject({ sentiment: 'negative', topics: ['banjir', 'layanan_publik'], machineSentiment: 'negative', username: 'andi' });

    const audit = (await admin.call({ url: '/api/audit?action=label.set' })).json() as unknown[];
    expect(audit).toHaveLength(2);
  });

  test('bad input names the field; an unknown post is 404', async () => {
    const bad = await analyst.call({ method: 'POST', url: `/api/posts/${flood.id}/label`, payload: { topics: ['bukan_topik'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/topics/);
    expect((await analyst.call({ method: 'POST', url: `/api/posts/${flood.id}/label`, payload: {} })).statusCode).toBe(400);
    expect((await analyst.call({ method: 'POST', url: '/api/posts/tidakada/label', payload: { sentiment: 'neutral' } })).statusCode).toBe(404);
  });
});

describe('export', () => {
  test('CSV streams every row of the result set, neutralises formulas, and is audited; viewers may not export', async () => {
    expect((await viewer.call({ url: '/api/export?format=csv' })).statusCode).toBe(403);
    const res = await analyst.call({ url: '/api/export?format=csv&source=x' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dengar-ekspor-.*\.csv"/);
    expect(res.headers['x-dengar-rows']).toBe('6');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,waktu \(WIB\),/);
    expect(lines).toHaveLength(7);
    expect(res.body).toContain(`"'=HYPERLINK(""http://jahat"") harga cabai naik"`);
    const audit = (await admin.call({ url: '/api/audit?action=export.csv' })).json() as { details: { rows: number } }[];
    expect(audit[0]!.details.rows).toBe(6);
  });

  test('XLSX is a real workbook with a header and one row per post', async () => {
    const res = await analyst.call({ url: '/api/export?format=xlsx&q=plaju' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Hasil')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('id');
    expect(sheet.rowCount).toBe(3); // header + the tweet + the news item
  });
});

describe('inbox', () => {
  test('mentions and complaints from social sources arrive as baru; closing one records the first response', async () => {
    const list = (await viewer.call({ url: '/api/inbox' })).json() as { entries: { item: { postId: string; matched: string[] }; suggestedDinas: string | null }[]; summary: { counts: Record<string, number> } };
    const ids = list.entries.map((e) => e.item.postId);
    expect(ids).toContain(flood.id);
    expect(ids).not.toContain(news.id); // news is read, not answered
    const entry = list.entries.find((e) => e.item.postId === flood.id)!;
    expect(entry.item.matched).toEqual(expect.arrayContaining(['akun-kantor', 'pertanyaan', 'keluhan']));
    expect(entry.suggestedDinas).toBe('BPBD');

    expect((await viewer.call({ method: 'PATCH', url: `/api/inbox/${flood.id}`, payload: { status: 'selesai' } })).statusCode).toBe(403);
    h.clock.now = new Date('2026-11-28T04:00:00Z');
    const done = await analyst.call({ method: 'PATCH', url: `/api/inbox/${flood.id}`, payload: { status: 'selesai', assignee: 'andi', dinas: 'BPBD', notes: 'Diteruskan ke BPBD' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'selesai', assignee: 'andi', firstResponseAt: '2026-11-28T04:00:00.000Z', closedAt: '2026-11-28T04:00:00.000Z', updatedBy: 'andi' });

    const closed = (await viewer.call({ url: '/api/inbox?status=selesai' })).json() as { entries: unknown[]; summary: { counts: Record<string, number>; medianFirstResponseMs: number } };
    expect(closed.entries).toHaveLength(1);
    expect(closed.summary.counts.selesai).toBe(1);
    expect(closed.summary.medianFirstResponseMs).toBe(27 * 3600_000);
  });

  test('only admins change the rules; rules are words, not regular expressions', async () => {
    const settings = (await viewer.call({ url: '/api/inbox/settings' })).json() as { rules: unknown[] };
    expect((await analyst.call({ method: 'PUT', url: '/api/inbox/settings', payload: settings })).statusCode).toBe(403);
    const bad = await admin.call({ method: 'PUT', url: '/api/inbox/settings', payload: { rules: [{ id: 'x', name: 'x', kind: 'complaint', terms: ['(a+)+$'] }] } });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.call({ method: 'PUT', url: '/api/inbox/settings', payload: { rules: [{ id: 'harga', name: 'Harga', kind: 'complaint', terms: ['cabai'] }] } });
    expect(ok.statusCode).toBe(200);
    const list = (await viewer.call({ url: '/api/inbox?status=semua' })).json() as { entries: { item: { postId: string } }[] };
    expect(list.entries.map((e) => e.item.postId)).toContain(formula.id);
  });
});

describe('local voices', () => {
  test('top authors with sentiment mix; the buzzer looks coordinated, the citizen does not', async () => {
    const res = await viewer.call({ url: '/api/voices?from=2026-11-01' });
    expect(res.statusCode).toBe(200);
    const voices = (res.json() as { voices: { author: string; coordinated: boolean; largestCluster: number; sentiment: { positive: number } }[] }).voices;
    const buzzer = voices.find((v) => v.author === 'pendukung_maju')!;
    expect(buzzer).toMatchObject({ coordinated: true, largestCluster: 4, sentiment: { positive: 4 } });
    expect(voices.find((v) => v.author === 'warga_plaju')).toMatchObject({ coordinated: false });
  });

  test('near-duplicates far apart in time are not coordination', () => {
    const text = 'Mantap pak gub, pembangunan jalan di Sumsel makin maju';
    const posts = [0, 1, 2].map((d) => ({ id: `p${d}`, text, createdAt: new Date(Date.UTC(2026, 10, 1 + d * 2)).toISOString() }));
    expect(detectCoordination(posts)).toMatchObject({ coordinated: false, largestCluster: 1 });
  });
});

describe('saved searches, query check, dictionaries, OpenAPI', () => {
  test('saved searches are private to their owner', async () => {
    const saved = await viewer.call({ method: 'POST', url: '/api/saved-searches', payload: { name: 'Banjir Plaju', params: { q: 'banjir plaju', sentiment: 'negatif' } } });
    expect(saved.statusCode).toBe(201);
    expect((await viewer.call({ url: '/api/saved-searches' })).json()).toHaveLength(1);
    expect((await analyst.call({ url: '/api/saved-searches' })).json()).toHaveLength(0);
    const id = (saved.json() as { id: string }).id;
    expect((await analyst.call({ method: 'DELETE', url: `/api/saved-searches/${id}` })).statusCode).toBe(404);
    expect((await viewer.call({ method: 'DELETE', url: `/api/saved-searches/${id}` })).statusCode).toBe(200);
  });

  test('a bad query answers 400 with the position; a good one lists the words to highlight', async () => {
    const bad = await viewer.call({ url: `/api/query/parse?q=${encodeURIComponent('banjir DAN (plaju')}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'DENGAR_ERR_QUERY_SYNTAX', position: expect.any(Number) } });
    const good = (await viewer.call({ url: `/api/query/parse?q=${encodeURIComponent('banjir "jalan rusak" -hoaks')}` })).json() as { highlight: { value: string }[] };
    expect(good.highlight.map((x) => x.value)).toEqual(['banjir', 'jalan rusak']);
    const dict = (await viewer.call({ url: '/api/dictionaries' })).json() as { regions: unknown[]; topics: unknown[] };
    expect(dict.regions).toHaveLength(17);
    expect(dict.topics.length).toBeGreaterThanOrEqual(18);
  });

  test('/api/openapi.json documents every route with its role and schemas', async () => {
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, Record<string, { 'x-dengar-role': string; requestBody?: unknown; parameters: { name: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/posts/{id}/label']!.post!['x-dengar-role']).toBe('analyst');
    expect(doc.paths['/api/posts/{id}/label']!.post!.requestBody).toBeDefined();
    expect(doc.paths['/api/search']!.get!.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'from', 'sentiment', 'page']));
    expect(doc.paths['/api/users']!.post!['x-dengar-role']).toBe('admin');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/export', '/api/inbox', '/api/voices', '/api/auth/login']));
  });

  test('routes of other modules mount with one line and use the same guard', async () => {
    await h.close();
    h = await startHarness([], {
      extraRoutes: [
        (app, { guard }) => {
          app.get('/api/alerts', { preHandler: guard('viewer') }, async () => ({ alerts: [] }));
        },
      ],
    });
    await h.addUser('vera', 'viewer');
    expect((await h.app.inject({ url: '/api/alerts' })).statusCode).toBe(401);
    const s = await h.login('vera');
    expect((await s.call({ url: '/api/alerts' })).json()).toEqual({ alerts: [] });
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(doc.paths['/api/alerts']).toBeDefined();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installDictionary } from '../../lib/domain/dictionaries';
import { shippedDictionary } from '../../lib/domain/dictionary-files';
import { createDictionarySync } from '../../lib/domain/dictionary-sync';
import { matchTopics, topicLabel } from '../../lib/domain/topics';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import type { StateStore } from '../../lib/state/state-store';
import { AlertRule, AlertRuleInput } from '../../schemas/alert';
import type { AlertStore } from '../../services/alerter/alert-store';
import { createSqliteAlertStore } from '../../services/alerter/sqlite-alert-store';
import { DictionaryDocument, registerDictionaryRoutes } from '../../services/api/dictionaries/routes';
import { silentLogger } from '../fixtures/logger';
import { startHarness, type Harness, type Session } from './api-harness';

let h: Harness;
let dir: string;
let state: StateStore;
let alerts: AlertStore;
let admin: Session;
let analyst: Session;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-dict-api-'));
  state = createSqliteStateStore(path.join(dir, 'state.db'));
  alerts = createSqliteAlertStore(path.join(dir, 'alerts.db'));
  const sync = createDictionarySync({ state, logger: silentLogger, pollMs: 60_000 });
  h = await startHarness([], {
    extraRoutes: [
      (app, { guard }) =>
        registerDictionaryRoutes(app, {
          guard,
          state,
          // The harness opens the control plane while it builds the app: audit through it lazily.
          accounts: { audit: (entry) => h.control.accounts.audit(entry) },
          sync,
          alertRules: () => alerts.listRules(),
          now: () => h.clock.now,
        }),
    ],
  });
  await h.addUser('admin', 'admin');
  await h.addUser('analis', 'analyst');
  admin = await h.login('admin');
  analyst = await h.login('analis');
});

afterEach(async () => {
  for (const kind of ['topics', 'regions', 'officials'] as const) installDictionary(kind, shippedDictionary(kind));
  await h.close();
  await state.close();
  await alerts.close();
  rmSync(dir, { recursive: true, force: true });
});

function withMining() {
  const data = structuredClone(shippedDictionary('topics').data);
  data.topics.push({ id: 'tambang_ilegal', label: 'Tambang ilegal', keywords: ['tambang ilegal', 'penambangan liar*'] });
  return data;
}

describe('GET /api/dictionaries/:kind', () => {
  it('needs a login (401), then serves the shipped file to any role', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/dictionaries/topics' })).statusCode).toBe(401);
    const res = await analyst.call({ method: 'GET', url: '/api/dictionaries/regions' });
    expect(res.statusCode).toBe(200);
    const doc = DictionaryDocument.parse(res.json());
    expect(doc).toMatchObject({ kind: 'regions', source: 'file', version: shippedDictionary('regions').version, updatedBy: null });
    expect((doc.data as { regions: unknown[] }).regions).toHaveLength(17);
  });

  it('answers 404 for an unknown kind', async () => {
    const res = await analyst.call({ method: 'GET', url: '/api/dictionaries/hewan' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('topics, regions, officials');
  });
});

describe('PUT /api/dictionaries/:kind', () => {
  it('is for admins only (403), and wants the CSRF token of a session (403)', async () => {
    const body = withMining();
    const byAnalyst = await analyst.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: body });
    expect(byAnalyst.statusCode).toBe(403);
    expect(byAnalyst.json().error.code).toBe('DENGAR_ERR_FORBIDDEN');
    const noCsrf = await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: body, csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('DENGAR_ERR_CSRF');
    expect(await state.getDictionary('topics')).toBeNull();
  });

  it('answers 400 naming entry, field and reason, and stores nothing', async () => {
    const body = withMining();
    body.topics[18]!.keywords = ['tambang ilegal', 'tam*bang'];
    const res = await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: body });
    expect(res.statusCode).toBe(400);
    const error = res.json().error as { code: string; fields: { field: string; message: string }[] };
    expect(error.code).toBe('DENGAR_ERR_VALIDATION');
    expect(error.fields).toEqual([{ field: 'topics.18.keywords.1', message: 'topik 19 (tambang_ilegal): tanda * hanya boleh di akhir frasa' }]);
    expect(await state.getDictionary('topics')).toBeNull();
  });

  it('stores the edit with who, when and version, audits it, and tags with it at once', async () => {
    const res = await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: withMining() });
    expect(res.statusCode).toBe(200);
    const doc = DictionaryDocument.parse(res.json());
    expect(doc).toMatchObject({ kind: 'topics', source: 'stored', updatedBy: 'admin', updatedAt: '2026-11-28T03:00:00.000Z' });
    expect(doc.version).not.toBe(shippedDictionary('topics').version);
    expect(await state.getDictionary('topics')).toMatchObject({ version: doc.version, updatedBy: 'admin' });

    const read = DictionaryDocument.parse((await analyst.call({ method: 'GET', url: '/api/dictionaries/topics' })).json());
    expect(read).toEqual(doc);
    expect(matchTopics('Penambangan liar di hulu sungai')).toEqual(['tambang_ilegal']);
    expect(topicLabel('tambang_ilegal')).toBe('Tambang ilegal');
    // The labels the web app loads come from the dictionary in use.
    const labels = (await analyst.call({ method: 'GET', url: '/api/dictionaries' })).json() as { topics: { id: string; label: string }[] };
    expect(labels.topics).toContainEqual(expect.objectContaining({ id: 'tambang_ilegal', label: 'Tambang ilegal' }));

    const audit = (await admin.call({ method: 'GET', url: '/api/audit?limit=5' })).json() as { action: string; actor: string; target: string; details: Record<string, string> }[];
    expect(audit[0]).toMatchObject({ action: 'dictionary.update', actor: 'admin', target: 'topics', details: { from: shippedDictionary('topics').version, to: doc.version } });
  });

  it('refuses (409) dropping a topic an alert rule watches, by scope or by query', async () => {
    const at = '2026-11-28T03:00:00.000Z';
    const stamp = { createdBy: 'admin', createdAt: at, updatedBy: 'admin', updatedAt: at };
    await alerts.putRule(AlertRule.parse({ ...AlertRuleInput.parse({ name: 'LRT', scope: { topic: 'lrt' } }), id: 'r-lrt', ...stamp }));
    await alerts.putRule(AlertRule.parse({ ...AlertRuleInput.parse({ name: 'Narkoba di kota', scope: { query: 'topik:narkoba wilayah:palembang' } }), id: 'r-nar', ...stamp }));
    const body = structuredClone(shippedDictionary('topics').data);
    body.topics = body.topics.filter((t) => t.id !== 'lrt' && t.id !== 'narkoba' && t.id !== 'pariwisata');
    const res = await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: body });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe(
      'Kamus tidak disimpan: lrt (aturan "LRT"), narkoba (aturan "Narkoba di kota") masih dipakai aturan peringatan. Ubah atau hapus aturannya dulu.',
    );
    expect(await state.getDictionary('topics')).toBeNull();
    // Dropping a topic no rule watches is fine.
    const fine = structuredClone(shippedDictionary('topics').data);
    fine.topics = fine.topics.filter((t) => t.id !== 'pariwisata');
    expect((await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: fine })).statusCode).toBe(200);
  });
});

describe('POST /api/dictionaries/:kind/reset', () => {
  it('goes back to the shipped file (admin only), audited', async () => {
    expect((await admin.call({ method: 'PUT', url: '/api/dictionaries/topics', payload: withMining() })).statusCode).toBe(200);
    expect((await analyst.call({ method: 'POST', url: '/api/dictionaries/topics/reset' })).statusCode).toBe(403);
    const res = await admin.call({ method: 'POST', url: '/api/dictionaries/topics/reset' });
    expect(res.statusCode).toBe(200);
    expect(DictionaryDocument.parse(res.json())).toMatchObject({ source: 'file', version: shippedDictionary('topics').version });
    expect(await state.getDictionary('topics')).toBeNull();
    expect(matchTopics('Penambangan liar di hulu sungai')).toEqual([]);
    const audit = (await admin.call({ method: 'GET', url: '/api/audit?limit=1' })).json() as { action: string }[];
    expect(audit[0]!.action).toBe('dictionary.reset');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { installDictionary } from '../../lib/domain/dictionaries';
import { shippedDictionary } from '../../lib/domain/dictionary-files';
import { topicLabel } from '../../lib/domain/topics';
import { startEmbedded } from '../../lib/embedded';
import { TOPICS } from '../../schemas/topics';
import { createAuth } from '../../services/api/accounts/auth';
import { openControlPlaneFor } from '../../services/api/control/control-plane';
import { buildRawPost } from '../fixtures/build-raw-post';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/**
 * The whole embedded process on real SQLite: an admin adds a topic through the API, the next post
 * the pipeline enriches carries it, and a restarted process starts with the stored dictionary.
 */
test('a topic added through the API tags newly enriched posts, and survives a restart', async () => {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dengar-dict-')), 'data');
  const config = loadConfig({ DENGAR_DATA_DIR: dataDir, PORT: '0', DENGAR_COLLECT: 'false' });
  const control = openControlPlaneFor(config);
  await createAuth(control.accounts).createUser({ username: 'admin', role: 'admin', password: 'sandi-admin-uji-123' });
  await control.close();

  let running = await startEmbedded(config, silentLogger);
  try {
    const login = await fetch(`${running.address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'sandi-admin-uji-123' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const topics = structuredClone(shippedDictionary('topics').data);
    topics.topics.push({ id: 'tambang_ilegal', label: 'Tambang ilegal', keywords: ['tambang ilegal', 'penambangan liar*'] });
    const put = await fetch(`${running.address}/api/dictionaries/topics`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(topics),
    });
    expect(put.status).toBe(200);

    const raw = buildRawPost({ sourceId: 'tambang-1', text: 'Penambangan liar di Muara Enim makin parah, sungai jadi keruh' });
    await running.runtime.bus.publish(TOPICS.raw, [{ key: raw.id, value: raw }]);
    const stored = await waitFor(() => running.runtime.store.get(raw.id), { what: 'pos tersimpan' });
    expect(stored.topics).toEqual(['tambang_ilegal']);
    expect(stored.regions).toEqual(['muara_enim']);
  } finally {
    await running.stop();
  }

  // A new process (here: the shipped dictionary put back first) starts with what the admin stored.
  installDictionary('topics', shippedDictionary('topics'));
  expect(topicLabel('tambang_ilegal')).toBe('tambang_ilegal');
  running = await startEmbedded(config, silentLogger);
  try {
    expect(topicLabel('tambang_ilegal')).toBe('Tambang ilegal');
  } finally {
    await running.stop();
    installDictionary('topics', shippedDictionary('topics'));
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});

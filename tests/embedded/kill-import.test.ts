import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postId } from '../../lib/ids';
import { buildRawPostInput } from '../fixtures/build-raw-post';
import { assertBuilt, dengar, storedIds } from '../fixtures/cli';
import { waitFor } from '../fixtures/wait-for';

/**
 * Nothing lost, nothing doubled: kill -9 an import mid-stream, run it again, and the store holds
 * every post exactly once. The witness is the SQLite file itself, read by a separate connection.
 */
const TOTAL = 12_000;

test('kill -9 in the middle of an import, then rerun: each post stored exactly once', async () => {
  assertBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-kill-import-'));
  const file = path.join(dir, 'posts.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const region = ['Plaju', 'Kayuagung', 'Lahat', 'Sekayu'][i % 4];
    lines.push(JSON.stringify(buildRawPostInput({ sourceId: `p${i}`, text: `Laporan warga nomor ${i}: jalan rusak di ${region}, mohon perbaikan` })));
    if (i % 1000 === 500) lines.push('{"rusak": '); // malformed lines must not disturb the rest
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const env = { DENGAR_DATA_DIR: path.join(dir, 'data'), DENGAR_IMPORT_BATCH: '200' };

  const first = dengar(['import', file, '--json'], env);
  const atKill = await waitFor(() => {
    const n = storedIds(env.DENGAR_DATA_DIR).length;
    return n > 0 ? n : 0;
  }, { timeoutMs: 60_000, what: 'pos pertama tersimpan' });
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const afterKill = storedIds(env.DENGAR_DATA_DIR).length;
  expect(afterKill).toBeGreaterThanOrEqual(atKill);
  expect(afterKill).toBeLessThan(TOTAL); // it really died mid-stream

  const second = dengar(['import', file, '--json'], env);
  expect((await second.exited).code).toBe(0);
  expect(JSON.parse(second.stdout())).toEqual({ imported: TOTAL, rejected: 12 });
  expect(second.stderr()).toMatch(/baris 502: JSON tidak valid/);

  const ids = storedIds(env.DENGAR_DATA_DIR);
  expect(ids).toHaveLength(TOTAL);
  const expected = new Set(Array.from({ length: TOTAL }, (_, i) => postId('x', `p${i}`)));
  expect(new Set(ids)).toEqual(expected);
}, 180_000);

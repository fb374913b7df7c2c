import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import { createRetentionJob } from '../../services/indexer/retention';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { silentLogger } from '../fixtures/logger';

test('retention deletes exactly the posts older than the configured days', async () => {
  const store = createSqlitePostStore({ file: path.join(mkdtempSync(path.join(os.tmpdir(), 'dengar-ret-')), 'dengar.db') });
  const now = new Date('2026-11-28T00:00:00Z');
  const ages = [0, 10, 29, 31, 100];
  await store.upsert(ages.map((d) => buildEnrichedPost({ sourceId: `d${d}`, createdAt: new Date(now.getTime() - d * 86_400_000).toISOString() })));
  const job = createRetentionJob({ store, logger: silentLogger, days: 30, schedule: '0 3 * * *', now: () => now });
  expect(await job.runOnce()).toBe(2);
  expect(await store.count({ query: { type: 'all' } })).toBe(3);
  expect(await job.runOnce()).toBe(0);
  expect((await job.health()).details).toMatchObject({ days: 30, last: { deleted: 0 } });
  await store.close();
});

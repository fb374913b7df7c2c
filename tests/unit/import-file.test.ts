import { Readable } from 'node:stream';
import { readImportRecords, type ImportRecord } from '../../services/collector/import-file';
import { runImport } from '../../services/collector/import-runner';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { RawPost } from '../../schemas';
import { postId } from '../../lib/ids';
import { silentLogger } from '../fixtures/logger';
import { buildRawPostInput } from '../fixtures/build-raw-post';

async function collect(text: string, format: 'jsonl' | 'csv'): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for await (const r of readImportRecords(Readable.from([text]), format)) out.push(r);
  return out;
}

describe('import file reading', () => {
  test('JSONL: good lines become posts, bad lines carry their line number and reason', async () => {
    const good = JSON.stringify(buildRawPostInput());
    const text = [good, '{bukan json', '', JSON.stringify(buildRawPostInput({ text: '   ' })), JSON.stringify({ ...buildRawPostInput(), createdAt: 'kemarin' })].join('\n');
    const records = await collect(text, 'jsonl');
    expect(records).toHaveLength(4); // the blank line is not a record
    expect('post' in records[0]!).toBe(true);
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringContaining('JSON tidak valid') });
    expect(records[2]).toMatchObject({ line: 4, error: expect.stringContaining('text') });
    expect(records[3]).toMatchObject({ line: 5, error: expect.stringContaining('createdAt') });
  });

  test('CSV: flattened author and engagement columns map to the import contract', async () => {
    const csv = [
      'source,sourceId,text,createdAt,url,title,author_handle,author_name,author_followers,likes,shares,replies,views,replyTo,lang',
      'x,1,"Banjir lagi di Plaju, ""parah""",2026-11-01T02:00:00Z,,,wongplaju,Wong Plaju,250,10,2,1,,,id',
      'x,2,,2026-11-01T02:00:00Z,,,,,,,,,,,id',
      'youtube,3,Mantap pak gub,2026-11-01T03:00:00Z,,,,,,banyak,,,,,id',
    ].join('\n');
    const records = await collect(csv, 'csv');
    expect(records).toHaveLength(3);
    const first = records[0]!;
    expect('post' in first && first.post).toMatchObject({
      text: 'Banjir lagi di Plaju, "parah"',
      author: { handle: 'wongplaju', name: 'Wong Plaju', followers: 250 },
      engagement: { likes: 10, shares: 2, replies: 1 },
    });
    expect(records[1]).toMatchObject({ line: 3, error: expect.stringContaining('text') });
    expect(records[2]).toMatchObject({ line: 4, error: expect.stringContaining('engagement.likes') });
  });
});

describe('import runner', () => {
  test('publishes valid posts with deterministic ids, counts rejects, acknowledges per batch', async () => {
    const bus = createMemoryBus({ topicPrefix: '', queueSize: 100, maxBatchSize: 50, logger: silentLogger });
    const received: RawPost[] = [];
    await bus.subscribe({ topic: 'posts.raw', groupId: 'g', handler: async (b) => void received.push(...b.map((m) => RawPost.parse(m.value))) });
    async function* records(): AsyncGenerator<ImportRecord> {
      for (let i = 1; i <= 25; i++) {
        if (i % 10 === 0) yield { line: i, error: 'rusak' };
        else yield { line: i, post: buildRawPostInput({ sourceId: `s${i}` }) };
      }
    }
    const errors: number[] = [];
    const outcome = await runImport({ records: records(), bus, origin: 'import:test', batchSize: 4, onError: (line) => errors.push(line) });
    expect(outcome).toMatchObject({ imported: 23, rejected: 2, lines: 25 });
    expect(errors).toEqual([10, 20]);
    expect(received).toHaveLength(23);
    expect(new Set(received.map((p) => p.id)).size).toBe(23);
    expect(received.find((p) => p.sourceId === 's1')!.id).toBe(postId('x', 's1'));
    await bus.close();
  });
});

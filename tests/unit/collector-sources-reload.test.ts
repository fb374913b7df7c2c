import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bus } from '../../lib/bus/bus';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { createLogger } from '../../lib/logger';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import type { StateStore } from '../../lib/state/state-store';
import { RawPost } from '../../schemas';
import { TOPICS } from '../../schemas/topics';
import { createFileCollector, type FileCollector } from '../../services/collector/file-collector';
import type { HttpOptions } from '../../services/collector/http';
import { parseSourcesText } from '../../services/collector/sources';
import { feedFixture, startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { waitFor } from '../fixtures/wait-for';

/**
 * The collector follows an edited sources file without a restart: real files in a temp dir, a
 * loopback news site, real SQLite checkpoints and the in-process bus. The file is checked every
 * 20 ms here; tests wait for what must happen, never for a time.
 */

const http: HttpOptions = { timeoutMs: 5_000, maxBytes: 512 * 1024, userAgent: 'Dengar-test/1.0' };
const now = (): Date => new Date('2026-11-03T00:00:00Z');

let dir: string;
let file: string;
let server: FeedServer;
let state: StateStore;
let bus: Bus;
let published: RawPost[];
let logs: { msg?: string; err?: string }[];
let collector: FileCollector | null;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dengar-reload-'));
  file = path.join(dir, 'sources.json');
  server = await startFeedServer();
  server.setRoute('/antara', { body: feedFixture('antara-sumsel.rss.xml') });
  server.setRoute('/sumselprov', { body: feedFixture('sumselprov.atom.xml'), contentType: 'application/atom+xml' });
  state = createSqliteStateStore(path.join(dir, 'state.db'));
  bus = createMemoryBus({ topicPrefix: 't.', queueSize: 100, maxBatchSize: 50, logger: createLogger('silent'), retryBaseMs: 1 });
  published = [];
  logs = [];
  collector = null;
  await bus.subscribe({ topic: TOPICS.raw, groupId: 'g', handler: async (batch) => void published.push(...batch.map((m) => RawPost.parse(m.value))) });
});
afterEach(async () => {
  await collector?.stop();
  await bus.close();
  await state.close();
  await server.close();
});

/** Temp file + rename, as the API and most editors save: the watcher never sees half a file. */
function save(content: unknown): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  renameSync(temp, file);
}

const rss = (id: string, route: string) => ({ id, kind: 'rss', url: `${server.url}${route}` });

async function start(sources: unknown[]): Promise<FileCollector> {
  save({ sources });
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
  collector = createFileCollector({
    sourcesFile: file,
    adapterDeps: { http, now },
    bus,
    state,
    logger,
    // Never due during a test: polls come from pollOnStart and from reloads.
    schedule: '0 0 1 1 *',
    pollOnStart: true,
    reloadIntervalMs: 20,
    // A clock that moves on each reading, so every check has its own `checkedAt`.
    now: ((tick) => () => new Date(now().getTime() + tick++ * 1000))(0),
  });
  await collector.start();
  return collector;
}

const ids = (c: FileCollector): string[] => c.status().map((s) => s.id).sort();
const from = (origin: string): RawPost[] => published.filter((p) => p.origin === origin);

describe('reloading the sources file', () => {
  it('starts an added source, restarts a changed one with its checkpoint, stops a removed one', async () => {
    const c = await start([rss('antara', '/antara')]);
    await waitFor(() => from('antara').length === 4 && c.status()[0]?.lastSuccessAt, { what: 'antara terkumpul' });

    save({ sources: [rss('antara', '/antara'), rss('sumselprov', '/sumselprov')] });
    await waitFor(() => from('sumselprov').length > 0 && c.status().find((s) => s.id === 'sumselprov')?.lastSuccessAt, { what: 'sumber baru terkumpul' });
    expect(ids(c)).toEqual(['antara', 'sumselprov']);

    // Changed: a new URL serving the same feed plus one article. The checkpoint (seen keys) is
    // the same source's, so only the new article is published.
    const grown = feedFixture('antara-sumsel.rss.xml').replace(
      '<item>',
      '<item><title>Sungai Musi meluap</title><link>https://sumsel.antaranews.com/berita/512399/sungai-musi-meluap</link><pubDate>Mon, 02 Nov 2026 18:00:00 +0700</pubDate><description>Air setinggi lutut.</description></item><item>',
    );
    server.setRoute('/antara-baru', { body: grown });
    save({ sources: [{ ...rss('antara', '/antara-baru'), name: 'ANTARA Sumsel' }, rss('sumselprov', '/sumselprov')] });
    await waitFor(() => from('antara').length === 5, { what: 'artikel baru dari URL baru' });
    expect(from('antara').at(-1)?.title).toBe('Sungai Musi meluap');
    expect(c.sourcesFile.current().sources[0]).toMatchObject({ name: 'ANTARA Sumsel' });

    save({ sources: [rss('sumselprov', '/sumselprov')] });
    await waitFor(() => ids(c).join() === 'sumselprov', { what: 'sumber dihapus' });
    const polls = server.requests.length;
    await c.pollAll();
    expect(server.requests.slice(polls).map((r) => r.pathname)).toEqual(['/sumselprov']);
    expect(logs.filter((l) => l.msg === 'sources_file_reloaded')).toHaveLength(3);
  });

  it('a removed source whose poll is in flight finishes it and keeps its checkpoint', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.setRoute('/lambat', async () => {
      await gate;
      return { body: feedFixture('antara-sumsel.rss.xml') };
    });
    const c = await start([rss('lambat', '/lambat')]);
    await waitFor(() => server.requests.some((r) => r.pathname === '/lambat'), { what: 'poll berjalan' });

    save({ sources: [] });
    await waitFor(() => c.status().length === 0, { what: 'sumber dihapus' });
    release();
    const checkpoint = await waitFor(() => state.getCheckpoint('lambat'), { what: 'checkpoint tersimpan' });
    expect((checkpoint.cursor as { seen: string[] }).seen).toHaveLength(4);
    expect(from('lambat')).toHaveLength(4);
  });

  it('an invalid file keeps the old set running and says why, once; a fixed file is applied', async () => {
    const c = await start([rss('antara', '/antara')]);
    await waitFor(() => c.status()[0]?.lastSuccessAt, { what: 'antara terkumpul' });

    // A trailing comma on line 3.
    save('{\n  "sources": [\n    { "id": "antara", "kind": "rss", "url": "http://127.0.0.1/x", },\n  ]\n}\n');
    const broken = await waitFor(() => c.sourcesFile.status().error, { what: 'galat JSON terlihat' });
    expect(broken).toMatch(/JSON tidak valid di baris 3 kolom \d+/);
    // Checked again (and again) without logging again.
    const since = c.sourcesFile.status().checkedAt;
    await waitFor(() => c.sourcesFile.status().checkedAt !== since, { what: 'diperiksa lagi' });
    expect(logs.filter((l) => l.msg === 'sources_file_invalid')).toHaveLength(1);
    expect(ids(c)).toEqual(['antara']);

    save({ sources: [{ id: 'antara', kind: 'rss', url: 'ftp://127.0.0.1/x' }] });
    await waitFor(() => /sources\[0\] \(id "antara"\)\.url: harus URL http\(s\)/.test(c.sourcesFile.status().error ?? ''), { what: 'galat kolom terlihat' });
    expect(logs.filter((l) => l.msg === 'sources_file_invalid')).toHaveLength(2);
    const before = server.requests.length;
    await c.pollAll();
    expect(server.requests.slice(before).map((r) => r.pathname)).toEqual(['/antara']);

    // A missing file is an error too; the same good text coming back clears it.
    rmSync(file);
    await waitFor(() => /tidak dapat dibaca/.test(c.sourcesFile.status().error ?? ''), { what: 'berkas hilang terlihat' });
    save({ sources: [rss('antara', '/antara')] });
    await waitFor(() => c.sourcesFile.status().error === null, { what: 'galat hilang' });
    expect(c.sourcesFile.status().errorSince).toBeNull();
    expect(ids(c)).toEqual(['antara']);
  });

  it('an rss source whose `site` was edited finds the new site\'s feed instead of the remembered one', async () => {
    server.setRoute('/lama/', { body: `<html><head><link rel="alternate" type="application/rss+xml" href="${server.url}/antara"></head></html>`, contentType: 'text/html' });
    server.setRoute('/baru/', { body: '<html><head><link rel="alternate" type="application/atom+xml" href="/sumselprov"></head></html>', contentType: 'text/html' });
    const c = await start([{ id: 'situs', kind: 'rss', site: `${server.url}/lama/` }]);
    await waitFor(() => from('situs').length === 4, { what: 'feed situs lama' });
    save({ sources: [{ id: 'situs', kind: 'rss', site: `${server.url}/baru/` }] });
    await waitFor(() => from('situs').length === 7, { what: 'feed situs baru' });
    const checkpoint = await state.getCheckpoint('situs');
    expect(checkpoint?.cursor).toMatchObject({ feedUrl: `${server.url}/sumselprov`, feedSite: `${server.url}/baru/` });
    expect(c.status()[0]?.lastError).toBeNull();
  });

  it('with reloading off the file is still applied on demand (the API save path)', async () => {
    save({ sources: [rss('antara', '/antara')] });
    collector = createFileCollector({ sourcesFile: file, adapterDeps: { http, now }, bus, state, logger: createLogger('silent'), schedule: '0 0 1 1 *', pollOnStart: false, reloadIntervalMs: 0, now });
    await collector.start();
    save({ sources: [rss('antara', '/antara'), rss('sumselprov', '/sumselprov')] });
    expect(ids(collector)).toEqual(['antara']);
    expect(collector.sourcesFile.reload().error).toBeNull();
    expect(ids(collector)).toEqual(['antara', 'sumselprov']);
  });

  it('refuses to start on an invalid file', () => {
    save('{"sources": [{"id": "x", "kind": "rss"}]}');
    expect(() => createFileCollector({ sourcesFile: file, adapterDeps: { http }, bus, state, logger: createLogger('silent'), schedule: '* * * * *', pollOnStart: false })).toThrow(
      /sources\[0\] \(id "x"\)\.url: isi tepat satu dari "url" atau "site"/,
    );
  });
});

describe('parseSourcesText', () => {
  it('names the line and column of a JSON error', () => {
    expect(() => parseSourcesText('{\n  "sources": [\n    {"id": "a",}\n  ]\n}', 'sources.json')).toThrow(
      'Berkas sumber sources.json: JSON tidak valid di baris 3 kolom 16',
    );
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bus } from '../../lib/bus/bus';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { createLogger } from '../../lib/logger';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import type { StateStore } from '../../lib/state/state-store';
import { RawPost } from '../../schemas';
import { TOPICS } from '../../schemas/topics';
import type { SourceAdapter } from '../../services/collector/adapter';
import { keyHash } from '../../services/collector/adapters/feed-poll';
import { createGoogleNewsAdapter } from '../../services/collector/adapters/google-news';
import { createRssAdapter } from '../../services/collector/adapters/rss';
import { createCollector } from '../../services/collector/app';
import { DIRECT_FEED_HAS_IT } from '../../services/collector/direct-articles';
import type { HttpOptions } from '../../services/collector/http';
import { feedFixture, startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { silentLogger } from '../fixtures/logger';

/**
 * The same article from the publisher's feed (headline + teaser) and from Google News (headline
 * only) is one post id; the teaser must be what stays. Real fetches from a loopback server, real
 * SQLite checkpoints, the in-process bus; the published messages are what the store would upsert.
 */

const http: HttpOptions = { timeoutMs: 2_000, maxBytes: 512 * 1024, userAgent: 'Dengar-test/1.0' };
const now = (): Date => new Date('2026-11-03T00:00:00Z');
const KABUT_ASAP = 'https://sumsel.antaranews.com/berita/512288/kabut-asap-selimuti-palembang-ispu-masuk-kategori-tidak-sehat';

let server: FeedServer;
let state: StateStore;
let bus: Bus;
let published: RawPost[];

beforeEach(async () => {
  server = await startFeedServer();
  server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
  server.setRoute('/rss/search', { body: feedFixture('gnews-karhutla.rss.xml') });
  state = createSqliteStateStore(path.join(mkdtempSync(path.join(tmpdir(), 'dengar-direct-')), 'state.db'));
  bus = createMemoryBus({ topicPrefix: 't.', queueSize: 100, maxBatchSize: 50, logger: silentLogger, retryBaseMs: 1 });
  published = [];
  await bus.subscribe({ topic: TOPICS.raw, groupId: 'g', handler: async (batch) => void published.push(...batch.map((m) => RawPost.parse(m.value))) });
});
afterEach(async () => {
  await bus.close();
  await state.close();
  await server.close();
});

const antara = (): SourceAdapter => createRssAdapter({ id: 'antara-sumsel', url: `${server.url}/rss`, http, now });
const gnews = (): SourceAdapter => createGoogleNewsAdapter({ id: 'gnews-karhutla', query: 'karhutla', baseUrl: server.url, http, now });
const collectorOf = (adapters: SourceAdapter[]) =>
  createCollector({ adapters, bus, state, logger: silentLogger, schedule: '* * * * *', pollOnStart: false, now });
const kabutAsap = (): RawPost[] => published.filter((p) => p.url === KABUT_ASAP || p.url?.startsWith(`${KABUT_ASAP}?`));

describe('a Google News headline never replaces a direct feed teaser', () => {
  it('Google News skips the article the direct feed has, whatever the order of the sources', async () => {
    // Google News listed first: the collector still polls full-text feeds before headline-only ones.
    const collector = collectorOf([gnews(), antara()]);
    const statuses = await collector.pollAll();

    const [post, ...more] = kabutAsap();
    expect(more).toEqual([]);
    expect(post).toMatchObject({ origin: 'antara-sumsel', text: expect.stringContaining('Warga diimbau mengenakan masker') });
    // Google News' other articles (not in the antara feed) still arrive.
    expect(published.filter((p) => p.origin === 'gnews-karhutla').length).toBeGreaterThan(0);
    expect(statuses.find((s) => s.id === 'gnews-karhutla')).toMatchObject({ lastError: null, consecutiveFailures: 0 });

    // The skipped key stays in Google News' own cursor, so it is not offered again after the
    // direct feed's bounded `seen` list has moved on.
    const cursor = (await state.getCheckpoint('gnews-karhutla'))?.cursor as { seen: string[] };
    expect(cursor.seen).toContain(keyHash(post!.sourceId));
  });

  it('the skip is logged with its reason on the Google News poll', async () => {
    const lines: { msg?: string; source?: string; skipped?: { reason: string; count: number }[] }[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    await createCollector({ adapters: [antara(), gnews()], bus, state, logger, schedule: '* * * * *', pollOnStart: false, now }).pollAll();
    const polled = lines.find((l) => l.msg === 'source_polled' && l.source === 'gnews-karhutla');
    expect(polled?.skipped).toContainEqual({ reason: DIRECT_FEED_HAS_IT, count: 1 });
  });

  it('Google News first, direct feed later: the teaser is the last upsert, so it wins', async () => {
    const collector = collectorOf([gnews()]);
    await collector.pollAll();
    expect(kabutAsap().map((p) => p.origin)).toEqual(['gnews-karhutla']);
    collector.setSources([gnews(), antara()]);
    await collector.pollAll();
    const versions = kabutAsap();
    expect(versions.map((p) => p.origin)).toEqual(['gnews-karhutla', 'antara-sumsel']);
    expect(versions.at(-1)?.text).toContain('Warga diimbau mengenakan masker');
    expect(new Set(versions.map((p) => p.id)).size).toBe(1);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { ERROR_CODES } from '../../lib/errors';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import { RawPostInput } from '../../schemas';
import { TOPICS } from '../../schemas/topics';
import type { Cursor, SourceAdapter } from '../../services/collector/adapter';
import { createCollector } from '../../services/collector/app';
import { nextReset, periodKey } from '../../services/collector/adapters/budget';
import { createYoutubeAdapter, type YoutubeAdapterOptions } from '../../services/collector/adapters/youtube';
import { startFeedServer, type FeedServer, type RecordedRequest, type RouteResponse } from '../fixtures/feed-server';
import { silentLogger } from '../fixtures/logger';
import { JSON_TYPE, failure, fastRetry, platformFixture, skippedCount, testHttp } from '../fixtures/platforms/platform-fixture';

const CHANNEL = 'UCdiskominfoSumsel0000001';
let clock = new Date('2026-11-03T00:00:00Z');
const now = (): Date => clock;

let server: FeedServer;
beforeEach(async () => {
  clock = new Date('2026-11-03T00:00:00Z');
  server = await startFeedServer();
  server.setRoute('/youtube/v3/channels', { body: platformFixture('youtube-channels.json'), contentType: JSON_TYPE });
  server.setRoute('/youtube/v3/playlistItems', { body: platformFixture('youtube-playlist-items.json'), contentType: JSON_TYPE });
  server.setRoute('/youtube/v3/commentThreads', threads);
});
afterEach(async () => {
  await server.close();
});

function threads(request: RecordedRequest): RouteResponse {
  const page = request.query.get('pageToken') === 'QURTSl9pMg' ? 'p2' : 'p1';
  return { body: platformFixture(`youtube-comment-threads-${page}.json`), contentType: JSON_TYPE };
}

function youtube(overrides: Partial<YoutubeAdapterOptions> = {}, env: Record<string, string> = { YOUTUBE_API_KEY: 'kunci-rahasia' }): SourceAdapter {
  return createYoutubeAdapter(
    { id: 'yt-diskominfo', channelId: CHANNEL, apiKeyEnv: 'YOUTUBE_API_KEY', uploads: true, comments: true, dailyQuotaUnits: 100, maxPages: 5, lookbackHours: 72, baseUrl: server.url, ...overrides },
    { http: testHttp, env, now, retry: fastRetry },
  );
}

const calls = (pathname: string): RecordedRequest[] => server.requests.filter((r) => r.pathname === `/youtube/v3/${pathname}`);
const budgetOf = (cursor: Cursor): { used: number; period: string; resetsAt?: string } => cursor.budget as { used: number; period: string };

describe('YouTube Data API v3', () => {
  it('reads uploads and comment threads (with replies) across pages, mapped to RawPostInput', async () => {
    const result = await youtube().poll(null);

    expect(result.posts.map((p) => p.sourceId).sort()).toEqual(
      ['UgzKomentar0001', 'UgzKomentar0001.balasan01', 'UgzKomentar0002', 'UgzKomentar0003', 'iNflAsi0002', 'kArHutLa001'].sort(),
    );
    for (const post of result.posts) expect(RawPostInput.safeParse(post).success).toBe(true);
    expect(result.posts.find((p) => p.sourceId === 'UgzKomentar0001')).toEqual({
      source: 'youtube',
      sourceId: 'UgzKomentar0001',
      text: 'Asapnyo lah parah nian di Indralaya, tolong cepat ditangani pak.',
      createdAt: '2026-11-02T11:30:00.000Z',
      url: 'https://www.youtube.com/watch?v=kArHutLa001&lc=UgzKomentar0001',
      author: { id: 'UCwarga000000000000000001', name: '@wargaIndralaya', handle: '@wargaIndralaya' },
      engagement: { likes: 12, replies: 1 },
      replyTo: 'kArHutLa001',
    });
    expect(result.posts.find((p) => p.sourceId === 'UgzKomentar0001.balasan01')?.replyTo).toBe('UgzKomentar0001');
    expect(skippedCount(result, 'komentar tidak terbaca')).toBe(1);

    // Documented parameters, the key as a query parameter, the honest User-Agent.
    const first = calls('commentThreads')[0]!;
    expect(first.query.get('allThreadsRelatedToChannelId')).toBe(CHANNEL);
    expect(first.query.get('order')).toBe('time');
    expect(first.query.get('textFormat')).toBe('plainText');
    expect(first.query.get('key')).toBe('kunci-rahasia');
    expect(first.headers['user-agent']).toBe(testHttp.userAgent);
    expect(calls('playlistItems')[0]!.query.get('playlistId')).toBe('UUdiskominfoSumsel0000001');

    // 1 channels + 1 playlistItems + 2 commentThreads = 4 units, on the Pacific-time quota day.
    const budget = budgetOf(result.next);
    expect(budget.used).toBe(4);
    expect(budget.period).toBe('2026-11-02');
    expect(budget.resetsAt).toBe('2026-11-03T08:00:00.000Z'); // midnight PST
    expect(JSON.stringify(result.next)).not.toContain('kunci-rahasia');
  });

  it('resumes from the checkpoint without duplicates and without re-reading old pages', async () => {
    const adapter = youtube();
    const first = await adapter.poll(null);
    const before = server.requests.length;
    const second = await adapter.poll(first.next);

    expect(second.posts).toEqual([]);
    const later = server.requests.slice(before).map((r) => r.pathname);
    // The uploads playlist id is remembered; page 1 of each list reaches the watermark.
    expect(later).toEqual(['/youtube/v3/playlistItems', '/youtube/v3/commentThreads']);
    expect(budgetOf(second.next).used).toBe(6);
  });

  it('never exceeds the daily quota: stops, keeps its place, and continues after the Pacific-time reset', async () => {
    const adapter = youtube({ dailyQuotaUnits: 3 });
    const first = await adapter.poll(null);
    expect(server.requests).toHaveLength(3);
    expect(first.posts.map((p) => p.sourceId)).not.toContain('UgzKomentar0003');
    expect(skippedCount(first, 'kuota harian habis')).toBe(1);
    expect(budgetOf(first.next).used).toBe(3);

    // Same day: nothing left, so not a single request.
    const again = await adapter.poll(first.next);
    expect(server.requests).toHaveLength(3);
    expect(again.posts).toEqual([]);

    // After midnight Pacific: the walk continues from the saved page token to the old watermark.
    clock = new Date(nextReset('day-pacific', clock).getTime() + 60_000);
    const resumed = await adapter.poll(again.next);
    expect(periodKey('day-pacific', clock)).toBe('2026-11-03');
    expect(resumed.posts.map((p) => p.sourceId)).toContain('UgzKomentar0003');
    expect(calls('commentThreads').at(-1)!.query.get('pageToken')).toBe('QURTSl9pMg');
    const all = [...first.posts, ...resumed.posts].map((p) => p.sourceId);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a 429 with Retry-After fails the poll retriably with retryAfterMs (no retry inside the poll)', async () => {
    server.setRoute('/youtube/v3/commentThreads', { status: 429, headers: { 'retry-after': '120' }, body: '{}', contentType: JSON_TYPE });
    const err = await failure(youtube().poll(null));
    expect(err.isRetriable).toBe(true);
    expect(err.details?.retryAfterMs).toBe(120_000);
    expect(calls('commentThreads')).toHaveLength(1);
  });

  it('the API quotaExceeded answer parks the source until the quota day ends', async () => {
    const body = JSON.stringify({ error: { code: 403, errors: [{ reason: 'quotaExceeded', domain: 'youtube.quota' }] } });
    server.setRoute('/youtube/v3/playlistItems', { status: 403, body, contentType: JSON_TYPE });
    const err = await failure(youtube().poll(null));
    expect(err.isRetriable).toBe(true);
    expect(err.details?.retryAfterMs).toBe(8 * 3_600_000); // 00:00Z → 08:00Z
  });

  it('recovers from a 5xx with backoff inside the poll, and counts the retry against the quota', async () => {
    let n = 0;
    server.setRoute('/youtube/v3/playlistItems', () =>
      ++n === 1 ? { status: 503, body: 'sibuk' } : { body: platformFixture('youtube-playlist-items.json'), contentType: JSON_TYPE },
    );
    const result = await youtube({ comments: false }).poll(null);
    expect(result.posts.map((p) => p.sourceId)).toEqual(expect.arrayContaining(['kArHutLa001', 'iNflAsi0002']));
    expect(calls('playlistItems')).toHaveLength(2);
    expect(budgetOf(result.next).used).toBe(3);
  });

  it('truncated and malformed payloads fail clearly; the collector counts it and keeps the old checkpoint', async () => {
    const body = platformFixture('youtube-comment-threads-p1.json');
    server.setRoute('/youtube/v3/commentThreads', { body, contentType: JSON_TYPE, truncateAt: 200 });
    const cut = await failure(youtube().poll(null));
    expect(cut.code).toBe(ERROR_CODES.SOURCE_FETCH);

    server.setRoute('/youtube/v3/commentThreads', { body: body.slice(0, 300), contentType: JSON_TYPE });
    const broken = await failure(youtube().poll(null));
    expect(broken.code).toBe(ERROR_CODES.SOURCE_PARSE);
    expect(broken.message).toMatch(/bukan JSON/);

    server.setRoute('/youtube/v3/commentThreads', { body: '{"items": 5}', contentType: JSON_TYPE });
    expect((await failure(youtube().poll(null))).message).toMatch(/items/);

    // Through the collector: the failure is counted, the checkpoint stays where it was.
    const dir = mkdtempSync(path.join(tmpdir(), 'dengar-yt-'));
    const state = createSqliteStateStore(path.join(dir, 'state.db'));
    const bus = createMemoryBus({ topicPrefix: 't.', queueSize: 100, maxBatchSize: 50, logger: silentLogger, retryBaseMs: 1 });
    await bus.subscribe({ topic: TOPICS.raw, groupId: 'g', handler: async () => undefined });
    const saved = { uploadsPlaylistId: 'UUdiskominfoSumsel0000001', comments: {} };
    await state.saveCheckpoint({ sourceId: 'yt-diskominfo', cursor: saved, updatedAt: '2026-11-02T00:00:00.000Z' });
    const collector = createCollector({ adapters: [youtube()], bus, state, logger: silentLogger, schedule: '* * * * *', pollOnStart: false, now });
    const [status] = await collector.pollAll();
    expect(status?.consecutiveFailures).toBe(1);
    expect(status?.lastError).toMatch(/items/);
    expect((await state.getCheckpoint('yt-diskominfo'))?.cursor).toEqual(saved);
    await bus.close();
    await state.close();
  });

  it('without its API key the source fails with a clear configuration error and makes no request', async () => {
    const err = await failure(youtube({}, {}).poll(null));
    expect(err.code).toBe(ERROR_CODES.CONFIG_INVALID);
    expect(err.message).toContain('YOUTUBE_API_KEY');
    expect(server.requests).toHaveLength(0);
  });
});

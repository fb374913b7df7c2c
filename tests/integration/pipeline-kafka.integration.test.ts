/**
 * Distributed mode end to end on the REAL broker: every service is its own `dengar service <name>`
 * process (dist/), posts come in through `dengar import` (kafka mode: it only publishes) or a
 * collector-like publisher, and the indexer writes one SQLite file. Each test has its own topic
 * prefix; waits are `waitFor(condition)`, never sleeps.
 *
 * Witnesses, none of them the services' own word: the SQLite file (primary key = post id, so "stored
 * exactly once" is "the set of stored ids equals the expected set"), the broker's offsets (what each
 * group committed) and ledgers over post ids fed by the test's own consumer groups (how often a post
 * crossed posts.enriched: redelivery bounded).
 *
 * NOTE: the services' consumer groups carry each test's topic prefix (`<prefix>enricher`), so tests
 * never share a group; each still stops its processes with SIGTERM so they leave cleanly.
 */
import { Kafka, logLevel } from 'kafkajs';
import { ERROR_CODES, isRetriable } from '../../lib/errors';
import { DeadLetter } from '../../schemas/dead-letter';
import { TOPICS } from '../../schemas/topics';
import { toRawPostMessage } from '../../services/collector/to-raw-post';
import { assertBuilt } from '../fixtures/cli';
import { kafkaDown, kafkaUp } from './support/kafka-infra';
import { BROKERS, corpusPosts, groupOf, idsOf, PARTITIONS, PipelineCluster, type ServiceProcess } from './support/pipeline-cluster';
import { waitFor } from '../fixtures/wait-for';

jest.setTimeout(180_000);

/** Posts per import call: a chunk of a few thousand keeps the stream flowing for a few seconds. */
const CHUNK = 3_000;
/** The services' bus batch size (DENGAR_BUS_MAX_BATCH default): bounds redelivery after a crash. */
const MAX_BATCH = 500;
/** Exit code of a service stopped by SIGTERM: lib/shutdown.ts trapSignals exits 128 + 15. */
const EXIT_SIGTERM = 143;

beforeAll(() => assertBuilt());

/** A test on its own cluster; on failure the processes' logs join the error (they are the only clue). */
function scenario(name: string, body: (c: PipelineCluster) => Promise<void>): () => Promise<void> {
  return async () => {
    const c = new PipelineCluster(name);
    try {
      await body(c);
    } catch (err) {
      if (err instanceof Error) err.message += `\n\nservice logs:\n${c.describe()}`;
      throw err;
    } finally {
      await c.dispose();
    }
  };
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

/** The enrichers' last group joins split the partitions between them, none left out. */
async function waitForSplit(members: ServiceProcess[]): Promise<void> {
  await waitFor(() => {
    const sets = members.map((m) => m.partitions());
    const all = sets.flat();
    return sets.every((s) => s.length > 0) && all.length === PARTITIONS && new Set(all).size === PARTITIONS;
  }, { what: `partitions split between ${members.map((m) => m.name).join(', ')}`, timeoutMs: 60_000 });
}

async function waitForLag0(service: ServiceProcess, role: 'enricher' | 'indexer'): Promise<void> {
  await waitFor(async () => (await service.readyz()).body.checks[role]?.details.lag === 0, { what: `${service.name} lag 0`, timeoutMs: 60_000 });
}

test(
  'two enricher processes in one group + one indexer: every imported post stored exactly once, both enrichers worked',
  scenario('pair', async (c) => {
    const { ledger } = await c.watch(TOPICS.enriched);
    const [indexer, a, b] = await Promise.all([c.start('indexer'), c.start('enricher', 'enricher-a'), c.start('enricher', 'enricher-b')]);
    await waitForSplit([a!, b!]);

    const posts = corpusPosts(0, CHUNK);
    const expected = idsOf(posts);
    expect(new Set(expected).size).toBe(CHUNK);
    expect(await c.import(posts)).toEqual({ imported: CHUNK, rejected: 0 });

    await waitFor(() => c.storedCount() === CHUNK, { what: 'all posts stored', timeoutMs: 90_000 });
    expect(sorted(c.storedIds())).toEqual(sorted(expected));

    // Both members of the group did work, and together exactly the posts (no redelivery without failures).
    const [byA, byB] = await Promise.all([a!.counter('enriched'), b!.counter('enriched')]);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(byA + byB).toBe(CHUNK);
    expect(await indexer!.counter('stored')).toBe(CHUNK);
    await waitFor(() => ledger.distinct === CHUNK, { what: 'the ledger saw every enriched post', timeoutMs: 30_000 });
    expect(ledger.duplicates).toBe(0);
    await Promise.all([waitForLag0(a!, 'enricher'), waitForLag0(b!, 'enricher'), waitForLag0(indexer!, 'indexer')]);
    process.stderr.write(`pair: enricher-a ${byA}, enricher-b ${byB}\n`);
  }),
);

test(
  'kill -9 of one enricher mid-stream: the other takes its partitions, every post stored exactly once',
  scenario('kill', async (c) => {
    const { ledger } = await c.watch(TOPICS.enriched);
    const [, victim, survivor] = await Promise.all([c.start('indexer'), c.start('enricher', 'victim'), c.start('enricher', 'survivor')]);
    await waitForSplit([victim!, survivor!]);

    const first = corpusPosts(0, CHUNK);
    const second = corpusPosts(CHUNK, 2_000);
    const importing = c.import(first);
    await waitFor(async () => (await victim!.counter('enriched')) >= 300, { what: 'the victim is mid-stream', timeoutMs: 60_000, intervalMs: 20 });
    victim!.run.child.kill('SIGKILL');
    expect(await victim!.run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const storedAtKill = c.storedCount();
    expect((await importing).imported).toBe(CHUNK);
    // More work after the kill, on every partition: the victim's wait for the group to notice it is gone.
    expect((await c.import(second)).imported).toBe(2_000);

    // The group notices the dead member after its session timeout (30 s), then the survivor owns all.
    await waitFor(() => survivor!.partitions().length === PARTITIONS, { what: 'the survivor owns every partition', timeoutMs: 90_000 });
    const expected = idsOf([...first, ...second]);
    await waitFor(() => c.storedCount() === expected.length, { what: 'all posts stored', timeoutMs: 90_000 });
    expect(sorted(c.storedIds())).toEqual(sorted(expected));
    expect(storedAtKill).toBeLessThan(expected.length);

    // Redelivered only what the victim had not committed: at most one chunk per partition it held.
    await waitFor(() => ledger.distinct === expected.length, { what: 'the ledger saw every enriched post', timeoutMs: 30_000 });
    expect(ledger.duplicates).toBeLessThanOrEqual((PARTITIONS / 2) * MAX_BATCH);
    await waitForLag0(survivor!, 'enricher');
    process.stderr.write(`kill -9: stored ${storedAtKill} at the kill; survivor enriched ${await survivor!.counter('enriched')}; re-enriched ${ledger.duplicates}\n`);
  }),
);

test(
  'broker stopped and restarted mid-stream (data kept): services ride it out, nothing lost',
  scenario('restart', async (c) => {
    const bus = await c.bus();
    const [indexer, enricher] = await Promise.all([c.start('indexer'), c.start('enricher')]);
    await waitFor(() => enricher!.partitions().length === PARTITIONS, { what: 'enricher joined', timeoutMs: 60_000 });

    // The collector's behaviour, standing in for it: publish in batches, retry a batch the bus refused.
    const posts = corpusPosts(0, 4_000);
    const restartAt = 1_500;
    let retries = 0;
    let readyDuringOutage: number | null = null;
    let outageReadyzMs = 0;
    const phases: Record<string, number> = {};
    const mark = (phase: string, since: number) => (phases[phase] = Date.now() - since);
    for (let i = 0; i < posts.length; i += 100) {
      if (i === restartAt) {
        await waitFor(() => c.storedCount() >= 500, { what: 'some posts stored before the restart', timeoutMs: 60_000 });
        let t = Date.now();
        await kafkaDown(); // keeps its data dir: messages and committed offsets survive
        mark('downMs', t);
        t = Date.now();
        try {
          // While the broker is away the consumer services say so on /readyz (503, bus not ok).
          readyDuringOutage = await waitFor(async () => {
            const started = Date.now();
            const { httpStatus, body } = await enricher!.readyz(60_000);
            outageReadyzMs = Date.now() - started;
            return httpStatus === 503 && body.checks.bus?.ok === false ? httpStatus : null;
          }, { what: 'enricher /readyz reports the broker unreachable', timeoutMs: 90_000 });
        } finally {
          mark('readyzProbeMs', t);
          t = Date.now();
          await kafkaUp(); // whatever happened, the next tests need the broker
          mark('upMs', t);
        }
      }
      const batch = posts.slice(i, i + 100).map((p) => toRawPostMessage(p, 'test:restart', new Date()));
      for (let attempt = 1; ; attempt++) {
        try {
          await bus.publish(TOPICS.raw, batch);
          break;
        } catch (err) {
          if (!isRetriable(err) || attempt > 20) throw err;
          retries++;
        }
      }
    }
    expect(readyDuringOutage).toBe(503);

    const drained = Date.now();
    await waitFor(() => c.storedCount() === posts.length, { what: 'all posts stored after the restart', timeoutMs: 120_000 });
    mark('drainAfterLastPublishMs', drained);
    expect(sorted(c.storedIds())).toEqual(sorted(idsOf(posts)));
    for (const [service, role] of [[enricher!, 'enricher'], [indexer!, 'indexer']] as const) {
      await waitFor(async () => (await service.readyz()).httpStatus === 200, { what: `${service.name} ready again`, timeoutMs: 60_000 });
      await waitForLag0(service, role);
    }
    process.stderr.write(`broker restart: publisher retried ${retries} batches; /readyz answered in ${outageReadyzMs} ms during the outage; ${JSON.stringify(phases)}\n`);
  }),
);

test(
  'poison on posts.raw (non-JSON bytes, schema-invalid RawPost) lands in the DLQ with its reason; everything behind it is stored',
  scenario('poison', async (c) => {
    const dlq = await c.watch(TOPICS.dlq);
    const [indexer, enricher] = await Promise.all([c.start('indexer'), c.start('enricher')]);

    // Written with kafkajs directly, as a foreign producer would: no Dengar code on this path.
    const producer = new Kafka({ clientId: 'poisoner', brokers: BROKERS, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const behind = corpusPosts(0, 50).map((p) => toRawPostMessage(p, 'test:poison', new Date()));
    const notJson = '{"schemaVersion":1,"text": rusak';
    const invalid = { schemaVersion: 1, type: 'raw_post', id: 'poison-invalid', source: 'x', sourceId: 'p1', createdAt: 'kemarin sore', collectedAt: new Date().toISOString() };
    try {
      await producer.send({
        topic: `${c.prefix}posts.raw`,
        messages: [
          { key: 'poison-bytes', value: Buffer.from(notJson), partition: 0 },
          { key: 'poison-invalid', value: JSON.stringify(invalid), partition: 0 },
          // Behind the poison on the same partition: must still flow.
          ...behind.map((m) => ({ key: m.key, value: JSON.stringify(m.value), partition: 0 })),
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const rest = corpusPosts(50, 500);
    expect((await c.import(rest)).imported).toBe(500);

    const expected = [...behind.map((m) => m.key), ...idsOf(rest)];
    await waitFor(() => c.storedCount() === expected.length, { what: 'everything behind the poison stored', timeoutMs: 60_000 });
    expect(sorted(c.storedIds())).toEqual(sorted(expected));
    await waitFor(() => dlq.messages.length >= 2, { what: 'two dead letters', timeoutMs: 30_000 });
    expect(dlq.messages).toHaveLength(2);

    const letter = (key: string) => dlq.messages.find((m) => m.key === key)!;
    const bytes = letter('poison-bytes');
    expect(bytes.headers).toMatchObject({
      original_topic: `${c.prefix}posts.raw`,
      partition: '0',
      offset: '0',
      error_code: ERROR_CODES.VALIDATION,
      attempt: '1',
    });
    expect(bytes.headers.error).toMatch(/bukan JSON/);
    expect(DeadLetter.parse(bytes.value).payload).toBe(notJson);

    const schema = letter('poison-invalid');
    expect(schema.headers).toMatchObject({ original_topic: `${c.prefix}posts.raw`, partition: '0', offset: '1', error_code: ERROR_CODES.VALIDATION });
    // The reason names the fields that failed.
    expect(schema.headers.error).toMatch(/createdAt/);
    expect(schema.headers.error).toMatch(/text/);
    expect(JSON.parse(DeadLetter.parse(schema.value).payload)).toEqual(invalid);

    // The partition kept flowing: the group committed past the poison.
    await waitForLag0(enricher!, 'enricher');
    await waitForLag0(indexer!, 'indexer');
  }),
);

test(
  'SIGTERM to enricher and indexer mid-stream: exit 143, commit exactly what they handled; restarted, they continue without loss',
  scenario('term', async (c) => {
    const { ledger } = await c.watch(TOPICS.enriched);
    const [indexer, enricher] = await Promise.all([c.start('indexer'), c.start('enricher')]);

    // /readyz of a consumer service: the broker is reachable and the group's lag is reported.
    const before = (await enricher!.readyz()).body;
    expect(before.checks.bus).toMatchObject({ ok: true, details: { brokers: expect.arrayContaining([BROKERS[0]]) } });
    expect(typeof before.checks.enricher?.details.lag).toBe('number');

    const first = corpusPosts(0, 4_000);
    const importing = c.import(first);
    await waitFor(() => c.storedCount() >= 300, { what: 'the pipeline is mid-stream', timeoutMs: 60_000, intervalMs: 20 });
    enricher!.run.child.kill('SIGTERM');
    indexer!.run.child.kill('SIGTERM');
    const exits = await Promise.all([enricher!.run.exited, indexer!.run.exited]);
    expect(exits).toEqual([{ code: EXIT_SIGTERM, signal: null }, { code: EXIT_SIGTERM, signal: null }]);
    expect((await importing).imported).toBe(4_000);

    // Committed exactly what they handled: every raw post the enricher committed is one message on
    // posts.enriched, and every enriched message the indexer committed is one stored row.
    const stored = c.storedCount();
    const enrichedEnd = await c.topicEnd(TOPICS.enriched);
    expect(stored).toBeLessThan(first.length);
    expect(await c.committed(TOPICS.raw, groupOf(c.prefix, 'enricher'))).toBe(enrichedEnd);
    expect(await c.committed(TOPICS.enriched, groupOf(c.prefix, 'indexer'))).toBe(stored);

    // Restarted (the indexer on the same SQLite file), they carry on where the commits say.
    const [indexer2, enricher2] = await Promise.all([c.start('indexer', 'indexer-2'), c.start('enricher', 'enricher-2')]);
    const second = corpusPosts(4_000, 1_000);
    expect((await c.import(second)).imported).toBe(1_000);
    const expected = idsOf([...first, ...second]);
    await waitFor(() => c.storedCount() === expected.length, { what: 'all posts stored after the restart', timeoutMs: 90_000 });
    expect(sorted(c.storedIds())).toEqual(sorted(expected));
    // Nothing handled before the stop was handled again.
    await waitFor(() => ledger.distinct === expected.length, { what: 'the ledger saw every enriched post', timeoutMs: 30_000 });
    expect(ledger.duplicates).toBe(0);
    expect(await enricher2!.counter('enriched')).toBe(expected.length - enrichedEnd);

    await waitForLag0(enricher2!, 'enricher');
    await waitForLag0(indexer2!, 'indexer');
    const after = (await indexer2!.readyz()).body;
    expect(after.status).toBe('ready');
    expect(after.checks.bus?.ok).toBe(true);
    process.stderr.write(`SIGTERM: ${stored} stored and committed at the stop, ${enrichedEnd} enriched\n`);
  }),
);

import type { BusMessage } from '../../lib/bus/bus';
import { createMemoryBus } from '../../lib/bus/memory/memory-bus';
import { DependencyUnavailableError, ValidationError } from '../../lib/errors';
import { DeadLetter } from '../../schemas';
import { silentLogger } from '../fixtures/logger';
import { nextTurn, waitFor } from '../fixtures/wait-for';

const makeBus = (queueSize = 100) =>
  createMemoryBus({ topicPrefix: 't.', queueSize, maxBatchSize: 10, logger: silentLogger, retryBaseMs: 1 });

const msgs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: { n: from + i } }));

describe('in-process bus', () => {
  test('publish resolves only after the consumer group acknowledged the messages', async () => {
    const bus = makeBus();
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await bus.subscribe({ topic: 'a', groupId: 'g', handler: async (batch) => { await gate; handled.push(...batch.map((m) => m.key!)); } });

    let published = false;
    const p = bus.publish('a', msgs(3)).then(() => (published = true));
    await nextTurn();
    expect(published).toBe(false);
    release();
    await p;
    expect(handled).toEqual(['k0', 'k1', 'k2']);
    await bus.close();
  });

  test('every group gets every message; values are copies, not the publisher objects', async () => {
    const bus = makeBus();
    const seen: Record<string, BusMessage[]> = { g1: [], g2: [] };
    for (const g of ['g1', 'g2']) await bus.subscribe({ topic: 'a', groupId: g, handler: async (b) => void seen[g]!.push(...b) });
    const value = { n: 1 };
    await bus.publish('a', [{ key: 'x', value }]);
    expect(seen.g1!.map((m) => m.key)).toEqual(['x']);
    expect(seen.g2!.map((m) => m.key)).toEqual(['x']);
    expect(seen.g1![0]!.value).toEqual(value);
    expect(seen.g1![0]!.value).not.toBe(value);
    expect(seen.g1![0]!.topic).toBe('t.a');
    await bus.close();
  });

  test('a full queue makes publishers wait (backpressure) instead of growing', async () => {
    const bus = makeBus(5);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    await bus.subscribe({ topic: 'a', groupId: 'g', handler: async () => { started = true; await gate; } });
    const first = bus.publish('a', msgs(5));
    await waitFor(() => started, { what: 'handler started' });
    let secondDone = false;
    const second = bus.publish('a', msgs(3, 5)).then(() => (secondDone = true));
    await nextTurn();
    const health = await bus.health();
    expect((health.details['t.a'] as { unacknowledged: number }).unacknowledged).toBe(5);
    expect(secondDone).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(secondDone).toBe(true);
    await bus.close();
  });

  test('a retriable failure redelivers the same batch until it succeeds', async () => {
    const bus = makeBus();
    let attempts = 0;
    const handled: string[] = [];
    await bus.subscribe({
      topic: 'a',
      groupId: 'g',
      handler: async (batch) => {
        attempts++;
        if (attempts < 3) throw new DependencyUnavailableError('store down');
        handled.push(...batch.map((m) => m.key!));
      },
    });
    await bus.publish('a', msgs(2));
    expect(attempts).toBe(3);
    expect(handled).toEqual(['k0', 'k1']);
    await bus.close();
  });

  test('a poison message is dead-lettered with its reason and the rest of the batch flows', async () => {
    const bus = makeBus();
    const handled: string[] = [];
    const dead: DeadLetter[] = [];
    await bus.subscribe({ topic: 'posts.dlq', groupId: 'dlq', handler: async (b) => void dead.push(...b.map((m) => DeadLetter.parse(m.value))) });
    await bus.subscribe({
      topic: 'a',
      groupId: 'g',
      handler: async (batch) => {
        if (batch.some((m) => m.key === 'k1')) throw new ValidationError('teks kosong');
        handled.push(...batch.map((m) => m.key!));
      },
    });
    await bus.publish('a', msgs(3));
    expect(handled.sort()).toEqual(['k0', 'k2']);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ originalTopic: 't.a', key: 'k1', errorCode: 'DENGAR_ERR_VALIDATION' });
    expect(dead[0]!.reason).toContain('teks kosong');
    expect(JSON.parse(dead[0]!.payload)).toEqual({ n: 1 });
    await bus.close();
  });

  test('close() rejects publishers still waiting, so they never record work as done', async () => {
    const bus = makeBus();
    await bus.subscribe({ topic: 'a', groupId: 'g', handler: () => new Promise(() => undefined) });
    const pending = bus.publish('a', msgs(1));
    await nextTurn();
    const closing = bus.close();
    await expect(pending).rejects.toThrow(DependencyUnavailableError);
    await expect(Promise.race([closing, Promise.resolve('still-running')])).resolves.toBe('still-running');
  });

  test('a topic nobody subscribes to accepts and forgets (nothing to wait for)', async () => {
    const bus = makeBus();
    await expect(bus.publish('nobody', msgs(2))).resolves.toBeUndefined();
    await bus.close();
  });
});

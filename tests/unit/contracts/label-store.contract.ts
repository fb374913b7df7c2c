import type { LabelStore } from '../../../services/api/labels/label-store';
import { manualClock, type NewBacking } from './store-contract';

const correction = (postId: string, sentiment: 'negative' | 'positive' | null, user = 'u1') => ({
  postId,
  sentiment,
  topics: sentiment === null ? ['jalan_rusak'] : null,
  machineSentiment: 'neutral' as const,
  machineTopics: ['banjir'],
  userId: user,
  username: `analis-${user}`,
});

export function labelStoreContract(newBacking: NewBacking<LabelStore>): void {
  describe('LabelStore contract', () => {
    test('labels are appended in seq order: history, newest per post, resumable listing', async () => {
      const clock = manualClock('2026-11-28T01:00:00.000Z');
      const store = (await newBacking()).open(clock.now);
      const first = await store.addLabel(correction('p1', 'negative'));
      clock.advance(1_000);
      const second = await store.addLabel(correction('p1', null));
      const other = await store.addLabel({ ...correction('p2', 'positive'), at: '2026-11-27T00:00:00.000Z' });

      expect(first).toEqual({ seq: first.seq, ...correction('p1', 'negative'), at: '2026-11-28T01:00:00.000Z' });
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(other.seq).toBeGreaterThan(second.seq);
      expect(other.at).toBe('2026-11-27T00:00:00.000Z');
      expect(await store.history('p1')).toEqual([first, second]);
      expect(await store.history('p-none')).toEqual([]);

      const latest = await store.latest(['p1', 'p2', 'p-none']);
      expect([...latest.entries()].sort()).toEqual([
        ['p1', second],
        ['p2', other],
      ]);
      expect(await store.listLabels()).toEqual([first, second, other]);
      expect(await store.listLabels({ afterSeq: first.seq })).toEqual([second, other]);
      expect(await store.listLabels({ afterSeq: first.seq, limit: 1 })).toEqual([second]);
    });

    test('two replicas share one sequence and see each other\'s labels at once', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      const added = await Promise.all([a.addLabel(correction('p1', 'negative', 'a')), b.addLabel(correction('p1', 'positive', 'b')), a.addLabel(correction('p2', 'negative', 'a'))]);
      const seqs = added.map((l) => l.seq);
      expect(new Set(seqs).size).toBe(3);
      const listed = await b.listLabels();
      expect(listed.map((l) => l.seq)).toEqual([...seqs].sort((x, y) => x - y));
      const newestP1 = added.filter((l) => l.postId === 'p1').sort((x, y) => y.seq - x.seq)[0];
      expect((await a.latest(['p1'])).get('p1')).toEqual(newestP1);
    });
  });
}

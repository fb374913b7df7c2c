import type { SavedSearchStore } from '../../../services/api/saved/saved-search-store';
import { manualClock, type NewBacking } from './store-contract';

export function savedSearchStoreContract(newBacking: NewBacking<SavedSearchStore>): void {
  describe('SavedSearchStore contract', () => {
    test('create, list newest first per user, remove only one\'s own', async () => {
      const clock = manualClock('2026-11-28T01:00:00.000Z');
      const backing = await newBacking();
      const store = backing.open(clock.now);
      const banjir = await store.create('u1', 'Banjir Palembang', { q: 'banjir palembang', region: 'palembang' });
      clock.advance(60_000);
      const jalan = await store.create('u1', 'Jalan rusak', { q: '"jalan rusak"', sentiment: 'negatif' });
      await store.create('u2', 'Punya orang lain', { q: 'pilkada' });

      expect(banjir).toEqual({ id: banjir.id, name: 'Banjir Palembang', params: { q: 'banjir palembang', region: 'palembang' }, createdAt: '2026-11-28T01:00:00.000Z' });
      expect(jalan.id).not.toBe(banjir.id);
      // Another replica lists what this one saved a moment ago.
      const replica = backing.open();
      expect(await replica.list('u1')).toEqual([jalan, banjir]);
      expect(await replica.list('u3')).toEqual([]);

      expect(await replica.remove('u2', banjir.id)).toBe(false);
      expect(await replica.remove('u1', banjir.id)).toBe(true);
      expect(await store.remove('u1', banjir.id)).toBe(false);
      expect(await store.list('u1')).toEqual([jalan]);
      expect((await store.list('u2')).map((s) => s.name)).toEqual(['Punya orang lain']);
    });
  });
}

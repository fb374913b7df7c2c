import { DEFAULT_INBOX_SETTINGS, type InboxSettings } from '../../../services/api/inbox/inbox-schemas';
import type { InboxStore } from '../../../services/api/inbox/inbox-store';
import { manualClock, type NewBacking } from './store-contract';

const post = (postId: string, postCreatedAt: string) => ({ postId, postCreatedAt, matched: ['akun-kantor'] });

export function inboxStoreContract(newBacking: NewBacking<InboxStore>): void {
  describe('InboxStore contract', () => {
    test('settings: defaults until saved, then the saved rules on every replica', async () => {
      const backing = await newBacking();
      const a = backing.open();
      expect(await a.getSettings()).toEqual(DEFAULT_INBOX_SETTINGS);
      const edited: InboxSettings = { ...DEFAULT_INBOX_SETTINGS, rules: DEFAULT_INBOX_SETTINGS.rules.map((r) => ({ ...r, enabled: false })) };
      await a.saveSettings(edited);
      expect(await backing.open().getSettings()).toEqual(edited);
    });

    test('items: inserted once across replicas, listed by filter and page, patched, summarised', async () => {
      const clock = manualClock('2026-11-28T02:00:00.000Z');
      const backing = await newBacking();
      const a = backing.open(clock.now);
      const b = backing.open(clock.now);
      expect(await a.addItems([post('p1', '2026-11-28T00:00:00.000Z'), post('p2', '2026-11-28T01:00:00.000Z')])).toBe(2);
      // The same posts synced again by another replica are left as they are.
      expect(await b.addItems([post('p2', '2026-11-28T01:00:00.000Z'), post('p3', '2026-11-27T23:00:00.000Z')])).toBe(1);
      expect(await b.addItems([])).toBe(0);

      expect(await b.get('p1')).toEqual({
        postId: 'p1', postCreatedAt: '2026-11-28T00:00:00.000Z', matched: ['akun-kantor'], status: 'baru', assignee: null, dinas: null, notes: '',
        detectedAt: '2026-11-28T02:00:00.000Z', firstResponseAt: null, closedAt: null, updatedAt: '2026-11-28T02:00:00.000Z', updatedBy: null,
      });
      expect(await a.get('p-none')).toBeNull();
      expect(await a.update('p-none', { status: 'selesai' }, 'u1')).toBeNull();

      clock.advance(30 * 60_000);
      const handled = await a.update('p1', { status: 'ditangani', assignee: 'sari', dinas: 'Dinas PUPR' }, 'u1');
      expect(handled).toMatchObject({ status: 'ditangani', assignee: 'sari', dinas: 'Dinas PUPR', firstResponseAt: '2026-11-28T02:30:00.000Z', closedAt: null, updatedBy: 'u1' });
      clock.advance(30 * 60_000);
      const closed = await b.update('p1', { status: 'selesai', assignee: '' }, 'u2');
      expect(closed).toMatchObject({ status: 'selesai', assignee: null, dinas: 'Dinas PUPR', firstResponseAt: '2026-11-28T02:30:00.000Z', closedAt: '2026-11-28T03:00:00.000Z', updatedBy: 'u2' });
      expect(await a.get('p1')).toEqual(closed);

      // Two analysts editing one item at once: both changes land.
      await Promise.all([a.update('p2', { notes: 'sudah dihubungi' }, 'u1'), b.update('p2', { assignee: 'budi' }, 'u2')]);
      expect(await a.get('p2')).toMatchObject({ notes: 'sudah dihubungi', assignee: 'budi', status: 'baru' });

      const all = await b.list({ page: 1, size: 10 });
      expect(all.total).toBe(3);
      expect(all.items.map((i) => i.postId)).toEqual(['p2', 'p1', 'p3']);
      expect(await b.list({ page: 2, size: 2 })).toEqual({ items: [expect.objectContaining({ postId: 'p3' })], total: 3 });
      expect((await b.list({ status: 'terbuka', page: 1, size: 10 })).items.map((i) => i.postId)).toEqual(['p2', 'p3']);
      expect((await b.list({ status: 'selesai', page: 1, size: 10 })).items.map((i) => i.postId)).toEqual(['p1']);
      expect((await b.list({ assignee: 'budi', page: 1, size: 10 })).items.map((i) => i.postId)).toEqual(['p2']);

      await a.update('p3', { status: 'ditangani' }, 'u1');
      // p1 answered 2.5 h after the post, p3 at 03:00 after a 23:00 post (4 h): median 3.25 h.
      expect(await b.summary()).toEqual({ counts: { baru: 1, ditangani: 1, selesai: 1 }, medianFirstResponseMs: 3.25 * 3_600_000, oldestOpenCreatedAt: '2026-11-27T23:00:00.000Z' });
    });

    test('summary of an empty inbox', async () => {
      const store = (await newBacking()).open();
      expect(await store.summary()).toEqual({ counts: { baru: 0, ditangani: 0, selesai: 0 }, medianFirstResponseMs: null, oldestOpenCreatedAt: null });
    });
  });
}

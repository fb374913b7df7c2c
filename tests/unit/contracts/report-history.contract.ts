import type { ReportHistoryStore, ReportRecord } from '../../../services/reporter/history';
import type { NewBacking } from './store-contract';

const report = (id: string, createdAt: string, deliveryStatus: 'pending' | 'sent' = 'sent'): ReportRecord => ({
  id, week: '2026-W47', from: '2026-11-16T17:00:00.000Z', to: '2026-11-23T17:00:00.000Z', trigger: 'schedule', status: 'ready', createdAt,
  files: [{ kind: 'pdf', name: 'laporan.pdf', path: `/data/reports/${id}/laporan.pdf`, bytes: 1234 }], totals: { posts: 900, negative: 120 },
  deliveries: [{ channel: 'email', recipients: ['humas@sumselprov.go.id'], status: deliveryStatus, attempts: 1 }],
});

export function reportHistoryContract(newBacking: NewBacking<ReportHistoryStore>): void {
  describe('ReportHistoryStore contract', () => {
    test('save replaces by id; get, newest first, still-undelivered, on every replica', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      const older = report('r1', '2026-11-23T18:00:00.000Z', 'pending');
      const newer = report('r2', '2026-11-24T18:00:00.000Z');
      await a.save({ ...older, status: 'generating', files: [] });
      await a.save(older);
      await b.save(newer);
      expect(await b.get('r1')).toEqual(older);
      expect(await b.get('tidak-ada')).toBeNull();
      expect(await a.list(10)).toEqual([newer, older]);
      expect(await a.list(1)).toEqual([newer]);
      expect(await b.undelivered()).toEqual([older]);
      const delivered: ReportRecord = { ...older, deliveries: [{ ...older.deliveries[0]!, status: 'sent' }] };
      await b.save(delivered);
      expect(await a.undelivered()).toEqual([]);
      expect(await a.get('r1')).toEqual(delivered);
    });
  });
}

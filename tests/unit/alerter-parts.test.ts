/** Window alignment, significant terms and message text: the small pieces the evaluator relies on. */
import { parseQuery } from '../../lib/query';
import { alertText } from '../../services/alerter/message';
import { searchText } from '../../services/alerter/rules';
import { significantTerms } from '../../services/alerter/significant-terms';
import { alignedWindow, baselineWindows } from '../../services/alerter/windows';
import { AlertScope, type AlertEvent } from '../../schemas/alert';

describe('alerter parts', () => {
  it('aligns windows to the evaluation step, so replicas seconds apart share a window key', () => {
    const a = alignedWindow(new Date('2026-11-10T03:04:59.900Z'), 5, 60);
    const b = alignedWindow(new Date('2026-11-10T03:00:03Z'), 5, 60);
    expect(a).toEqual(b);
    expect(a.to.toISOString()).toBe('2026-11-10T03:00:00.000Z');
    expect(a.from.toISOString()).toBe('2026-11-10T02:00:00.000Z');
  });

  it('takes the same hours of the previous 7 days, or the previous 24 h, as baseline', () => {
    const w = alignedWindow(new Date('2026-11-10T03:00:00Z'), 5, 60);
    const same = baselineWindows(w, 'same_hours_7d');
    expect(same).toHaveLength(7);
    expect(same[0]!.to.toISOString()).toBe('2026-11-03T03:00:00.000Z');
    expect(same[6]!.to.toISOString()).toBe('2026-11-09T03:00:00.000Z');
    const prev = baselineWindows(w, 'previous_24h');
    expect(prev).toHaveLength(24);
    expect(prev[23]!.to.toISOString()).toBe(w.from.toISOString());
    expect(baselineWindows(alignedWindow(new Date('2026-11-10T03:00:00Z'), 5, 15), 'previous_24h').length).toBeLessThanOrEqual(24);
  });

  it('finds the terms that rose in the window (JLH on document frequencies)', () => {
    const window = ['jembatan muara lawai ambruk', 'jembatan ambruk truk batubara', 'warga kesal jembatan ambruk', 'harga cabai naik'];
    const baseline = ['harga cabai naik', 'jalan rusak', 'harga beras naik', 'jembatan ampera macet', 'cabai mahal'];
    const terms = significantTerms(window, baseline);
    expect(terms[0]!.term).toBe('ambruk');
    expect(terms.map((t) => t.term)).toContain('jembatan');
    expect(terms.map((t) => t.term)).not.toContain('naik'); // as common before as now
    expect(significantTerms([], baseline)).toEqual([]);
  });

  it('links to a search whose query parses', () => {
    const scope = AlertScope.parse({ query: 'asap OR "kabut asap"', region: 'ogan_ilir' });
    const q = searchText(scope, { topic: 'karhutla_asap' }, true);
    expect(q).toBe('(asap OR "kabut asap") topik:karhutla_asap wilayah:ogan_ilir sentimen:negatif');
    expect(() => parseQuery(q)).not.toThrow();
  });

  it('writes messages in Bahasa Indonesia with WIB times', () => {
    const event: AlertEvent = {
      id: 'e',
      key: 'k',
      ruleId: 'r',
      ruleName: 'Porsi negatif Muba',
      metric: 'negative_share',
      group: { region: 'musi_banyuasin' },
      windowFrom: '2026-11-10T02:00:00.000Z',
      windowTo: '2026-11-10T03:00:00.000Z',
      evidence: { observed: 0.62, expected: 0.2, score: 5, threshold: 4, baselineValues: [], windowTotal: 50, windowNegative: 31, topPosts: [], terms: [], regions: [], searchUrl: 'http://localhost:8080/pencarian?q=' },
      channels: ['in_app'],
      state: 'open',
      createdAt: '2026-11-10T03:00:00.000Z',
    };
    const text = alertText(event);
    expect(text).toContain('Porsi negatif: 62% dari 50 pos (biasanya 20%)');
    expect(text).toContain('10 Nov 2026, 09.00 WIB – 10 Nov 2026, 10.00 WIB');
    expect(text).toContain('Musi Banyuasin');
  });
});

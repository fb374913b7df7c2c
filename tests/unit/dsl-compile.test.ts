import { parseQuery } from '../../lib/query';
import { compileScope, exactTokens, monthlyIndex, toDoc, type Dsl } from '../../lib/store/search-engine';
import { parseHistogram, parseTopAuthors } from '../../lib/store/search-engine/aggs';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';

/** Every object key anywhere in a DSL tree. */
function keysOf(dsl: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(dsl)) dsl.forEach((d) => keysOf(d, out));
  else if (dsl && typeof dsl === 'object') {
    for (const [k, v] of Object.entries(dsl)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

const compile = (q: string, filters = {}, options = {}): Dsl => compileScope(parseQuery(q), filters, options);
const phraseOn = (field: string, query: string, boost: number) => ({ match_phrase: { [field]: { query, boost } } });
const anyText = (title: Dsl, text: Dsl) => ({ bool: { should: [title, text], minimum_should_match: 1 } });

describe('compileScope: QueryNode → query DSL', () => {
  test('a word is a phrase match on title.exact or text.exact, title boosted like SQLite bm25', () => {
    expect(compile('banjir')).toEqual({
      bool: { must: [anyText(phraseOn('title.exact', 'banjir', 2), phraseOn('text.exact', 'banjir', 1))] },
    });
  });

  test('the blank query is match_all; form filters go to filter clauses with SQLite normalisation', () => {
    expect(compile('')).toEqual({ match_all: {} });
    expect(compile('', { region: 'Ogan Ilir', topic: 'Harga BBM', sentiment: 'negative', source: 'x', lang: 'ID' })).toEqual({
      bool: {
        must: [{ match_all: {} }],
        filter: [
          { term: { sentiment: 'negative' } },
          { term: { source: 'x' } },
          { term: { lang: 'id' } },
          { term: { topics: 'harga_bbm' } },
          { term: { regions: 'ogan_ilir' } },
        ],
      },
    });
  });

  test('DAN / ATAU / BUKAN / - map to bool must / should / must_not', () => {
    const dsl = compile('banjir DAN (palembang ATAU "ogan ilir") -hoaks');
    const inner = (dsl.bool as { must: Dsl[] }).must[0] as { bool: { must: Dsl[] } };
    expect(inner.bool.must).toHaveLength(3);
    expect(inner.bool.must[1]).toMatchObject({ bool: { should: expect.any(Array), minimum_should_match: 1 } });
    expect(inner.bool.must[2]).toEqual({
      bool: { must_not: [anyText(phraseOn('title.exact', 'hoaks', 2), phraseOn('text.exact', 'hoaks', 1))] },
    });
  });

  test('prefixes: one token is a prefix query; several tokens a span_near with a prefix on the last', () => {
    expect(compile('Banjír*')).toEqual({
      bool: {
        must: [anyText({ prefix: { 'title.exact': { value: 'banjir', boost: 2 } } }, { prefix: { 'text.exact': { value: 'banjir', boost: 1 } } })],
      },
    });
    const multi = JSON.stringify(compile('covid-1*'));
    expect(multi).toContain('"span_term":{"text.exact":"covid"}');
    expect(multi).toContain('"span_multi":{"match":{"prefix":{"text.exact":{"value":"1"}}}}');
  });

  test('fields: author matches handle, id or name lowercased without @; dates are [from, to) epoch millis', () => {
    expect(compile('author:@AntaraSumsel')).toEqual({
      bool: {
        must: [
          {
            bool: {
              should: [{ term: { 'author.handleLc': 'antarasumsel' } }, { term: { 'author.idLc': 'antarasumsel' } }, { term: { 'author.nameLc': 'antarasumsel' } }],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
    expect(compile('tanggal:2026-11-01..2026-11-02')).toEqual({
      bool: {
        must: [{ range: { createdAt: { format: 'epoch_millis', gte: Date.parse('2026-10-31T17:00:00Z'), lt: Date.parse('2026-11-02T17:00:00Z') } } }],
      },
    });
  });

  test('engine syntax typed by an analyst stays a value: no query_string anywhere', () => {
    const hostile = compileScope({
      type: 'and',
      children: [
        { type: 'phrase', value: 'a OR b' },
        { type: 'term', value: 'title:(x)' },
        { type: 'term', value: '*:*', prefix: true },
        { type: 'term', value: 'NEAR(a b) \\"' },
      ],
    });
    const keys = keysOf(hostile);
    expect(keys.has('query_string')).toBe(false);
    expect(keys.has('simple_query_string')).toBe(false);
    expect(JSON.stringify(hostile)).toContain('"query":"a OR b"');
    expect(JSON.stringify(hostile)).toContain('"query":"title:(x)"');
  });

  test('stemming ORs the indonesian-analyzed fields next to the exact ones', () => {
    const dsl = JSON.stringify(compile('banjir', {}, { stemming: true }));
    expect(dsl).toContain('"match_phrase":{"text":{"query":"banjir","boost":1}}');
    expect(dsl).toContain('"match_phrase":{"text.exact":{"query":"banjir","boost":1}}');
  });
});

describe('tokenising like FTS5 unicode61', () => {
  test('splits on _ . \' - and symbols; folds case and diacritics', () => {
    expect(exactTokens("@Diskominfo_Sumsel sumselprov.go.id don't Café covid-19 #SumselDarurat 👍")).toEqual([
      'diskominfo', 'sumsel', 'sumselprov', 'go', 'id', 'don', 't', 'cafe', 'covid', '19', 'sumseldarurat',
    ]);
  });
});

describe('documents and indices', () => {
  test('the monthly index follows the WIB month of createdAt', () => {
    expect(monthlyIndex('dengar-posts', '2026-10-31T16:59:59.999Z')).toBe('dengar-posts-2026.10');
    expect(monthlyIndex('dengar-posts', '2026-10-31T17:00:00.000Z')).toBe('dengar-posts-2026.11');
  });

  test('a document carries derived fields computed like the SQLite row', () => {
    const post = buildEnrichedPost({ source: 'x', author: { handle: '@Budi', id: '42', followers: 9 }, engagement: { likes: 2, shares: 3, views: 100 } });
    expect(toDoc(post)).toMatchObject({ engagement: 5, author: { key: 'budi', group: 'budi\u001fx', label: '@Budi', handleLc: 'budi', idLc: '42', followers: 9 } });
  });
});

describe('aggregation answers', () => {
  const wibMidnight = (day: string) => Date.parse(`${day}T00:00:00+07:00`);
  const bucket = (day: string, n: number) => ({ key: wibMidnight(day), doc_count: n, sentiment: { buckets: n ? [{ key: 'negative', doc_count: n }] : [] } });

  test('histogram keys are WIB days and the window is laid out from the bounds', () => {
    const raw = { buckets: [bucket('2026-11-02', 2), bucket('2026-11-03', 0), bucket('2026-11-04', 1)] };
    const bounds = { from: wibMidnight('2026-11-01'), to: wibMidnight('2026-11-05') };
    expect(parseHistogram(raw, 'day', bounds, 1000).map((b) => [b.key, b.total, b.negative])).toEqual([
      ['2026-11-01', 0, 0],
      ['2026-11-02', 2, 2],
      ['2026-11-03', 0, 0],
      ['2026-11-04', 1, 1],
    ]);
    expect(() => parseHistogram(raw, 'hour', { from: 0, to: 10 ** 12 }, 1000)).toThrow(/terlalu panjang/);
  });

  test('top authors split the (author, source) key and take label and followers from the latest post', () => {
    const raw = {
      buckets: [
        {
          key: 'budi\u001fx',
          doc_count: 3,
          engagement: { value: 12 },
          negative: { doc_count: 1 },
          positive: { doc_count: 2 },
          latest: { hits: { hits: [{ _source: { author: { label: '@Budi', followers: 50 } } }] } },
        },
      ],
    };
    expect(parseTopAuthors(raw)).toEqual([{ author: '@Budi', source: 'x', posts: 3, engagement: 12, followers: 50, negative: 1, positive: 2 }]);
  });
});

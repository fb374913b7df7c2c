import { QueryNode } from '../../schemas';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import { parseQuery, QuerySyntaxError, MAX_QUERY_DEPTH } from '../../lib/query';

const term = (value: string) => ({ type: 'term', value });

function syntaxError(input: string): QuerySyntaxError {
  try {
    parseQuery(input);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(input)}`);
}

describe('parseQuery: terms and phrases', () => {
  it('returns all for an empty or blank query', () => {
    expect(parseQuery('')).toEqual({ type: 'all' });
    expect(parseQuery('   \t\n')).toEqual({ type: 'all' });
  });

  it('lowercases words and ANDs adjacent terms', () => {
    expect(parseQuery('Banjir PALEMBANG')).toEqual({ type: 'and', children: [term('banjir'), term('palembang')] });
  });

  it('reads quoted phrases, collapsing whitespace', () => {
    expect(parseQuery('"Jembatan  Ampera" macet')).toEqual({
      type: 'and',
      children: [{ type: 'phrase', value: 'jembatan ampera' }, term('macet')],
    });
  });

  it('reads a trailing * as a prefix term', () => {
    expect(parseQuery('banjir*')).toEqual({ type: 'term', value: 'banjir', prefix: true });
  });

  it('keeps hyphenated words whole', () => {
    expect(parseQuery('covid-19')).toEqual(term('covid-19'));
  });

  it('skips punctuation-only words', () => {
    expect(parseQuery('banjir , palembang')).toEqual({ type: 'and', children: [term('banjir'), term('palembang')] });
    expect(parseQuery('!!!')).toEqual({ type: 'all' });
  });
});

describe('parseQuery: operators', () => {
  it('accepts English and Indonesian uppercase operators', () => {
    const expected = { type: 'or', children: [term('banjir'), term('longsor')] };
    expect(parseQuery('banjir OR longsor')).toEqual(expected);
    expect(parseQuery('banjir ATAU longsor')).toEqual(expected);
    expect(parseQuery('banjir DAN longsor')).toEqual({ type: 'and', children: [term('banjir'), term('longsor')] });
    expect(parseQuery('banjir BUKAN longsor')).toEqual({
      type: 'and',
      children: [term('banjir'), { type: 'not', child: term('longsor') }],
    });
  });

  it('treats lowercase dan/atau/not as ordinary words', () => {
    expect(parseQuery('banjir dan longsor')).toEqual({
      type: 'and',
      children: [term('banjir'), term('dan'), term('longsor')],
    });
    expect(parseQuery('atau')).toEqual(term('atau'));
    expect(parseQuery('Dan')).toEqual(term('dan'));
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseQuery('a OR b AND NOT c')).toEqual({
      type: 'or',
      children: [term('a'), { type: 'and', children: [term('b'), { type: 'not', child: term('c') }] }],
    });
    expect(parseQuery('a b OR c')).toEqual({
      type: 'or',
      children: [{ type: 'and', children: [term('a'), term('b')] }, term('c')],
    });
  });

  it('honours parentheses', () => {
    expect(parseQuery('(a OR b) c')).toEqual({
      type: 'and',
      children: [{ type: 'or', children: [term('a'), term('b')] }, term('c')],
    });
  });

  it('flattens nested and/or of the same kind', () => {
    expect(parseQuery('a AND (b AND (c d))')).toEqual({ type: 'and', children: ['a', 'b', 'c', 'd'].map(term) });
    expect(parseQuery('(a OR b) OR (c OR d)')).toEqual({ type: 'or', children: ['a', 'b', 'c', 'd'].map(term) });
  });

  it('reads - as NOT before a term, phrase, field or group', () => {
    expect(parseQuery('banjir -hoaks')).toEqual({
      type: 'and',
      children: [term('banjir'), { type: 'not', child: term('hoaks') }],
    });
    expect(parseQuery('-"berita bohong"')).toEqual({ type: 'not', child: { type: 'phrase', value: 'berita bohong' } });
    expect(parseQuery('-sentiment:positif')).toEqual({
      type: 'not',
      child: { type: 'field', field: 'sentiment', value: 'positive' },
    });
    expect(parseQuery('-(a OR b)')).toEqual({ type: 'not', child: { type: 'or', children: [term('a'), term('b')] } });
  });

  it('output always satisfies the QueryNode schema', () => {
    const node = parseQuery('(banjir* OR "air pasang") -hoaks region:"Ogan Ilir" date:2026-01-01..2026-01-31');
    expect(QueryNode.safeParse(node).success).toBe(true);
  });
});

describe('parseQuery: field filters', () => {
  it.each([
    ['sentiment:negatif', 'negative'],
    ['sentiment:negative', 'negative'],
    ['sentiment:Positif', 'positive'],
    ['sentiment:positive', 'positive'],
    ['sentiment:netral', 'neutral'],
    ['sentimen:neutral', 'neutral'],
  ])('%s → %s', (input, label) => {
    expect(parseQuery(input)).toEqual({ type: 'field', field: 'sentiment', value: label });
  });

  it('normalises topic and region to slugs, quoted or not', () => {
    expect(parseQuery('region:"Ogan Ilir"')).toEqual({ type: 'field', field: 'region', value: 'ogan_ilir' });
    expect(parseQuery('region:kota-palembang')).toEqual({ type: 'field', field: 'region', value: 'kota_palembang' });
    expect(parseQuery('topic:Banjir')).toEqual({ type: 'field', field: 'topic', value: 'banjir' });
  });

  it('reads source, author and lang', () => {
    expect(parseQuery('source:youtube')).toEqual({ type: 'field', field: 'source', value: 'youtube' });
    expect(parseQuery('source:twitter')).toEqual({ type: 'field', field: 'source', value: 'x' });
    expect(parseQuery('author:@DiskominfoSumsel')).toEqual({ type: 'field', field: 'author', value: 'diskominfosumsel' });
    expect(parseQuery('lang:ID')).toEqual({ type: 'field', field: 'lang', value: 'id' });
  });

  it('combines fields with text', () => {
    expect(parseQuery('banjir sentiment:negatif (region:palembang OR region:ogan_ilir)')).toEqual({
      type: 'and',
      children: [
        term('banjir'),
        { type: 'field', field: 'sentiment', value: 'negative' },
        {
          type: 'or',
          children: [
            { type: 'field', field: 'region', value: 'kota_palembang' },
            { type: 'field', field: 'region', value: 'ogan_ilir' },
          ],
        },
      ],
    });
  });

  it('reads a region by its id, name or alias, and keeps an unknown value as written', () => {
    for (const q of ['wilayah:OKI', 'region:ogan_komering_ilir', 'wilayah:"Ogan Komering Ilir"', 'wilayah:kayuagung']) {
      expect(parseQuery(q)).toEqual({ type: 'field', field: 'region', value: 'ogan_komering_ilir' });
    }
    expect(parseQuery('wilayah:atlantis')).toEqual({ type: 'field', field: 'region', value: 'atlantis' });
  });

  it('does not read a pasted link as a field', () => {
    expect(parseQuery('https://sumselprov.go.id')).toEqual(term('https://sumselprov.go.id'));
  });
});

describe('parseQuery: date ranges (WIB days)', () => {
  it('reads an inclusive range: from = WIB start of first day, to = WIB start of the day after the last', () => {
    expect(parseQuery('date:2026-01-01..2026-01-31')).toEqual({
      type: 'range',
      field: 'date',
      from: '2025-12-31T17:00:00.000Z',
      to: '2026-01-31T17:00:00.000Z',
    });
  });

  it('reads comparisons', () => {
    expect(parseQuery('date:>=2026-01-01')).toEqual({ type: 'range', field: 'date', from: '2025-12-31T17:00:00.000Z' });
    expect(parseQuery('date:>2026-01-01')).toEqual({ type: 'range', field: 'date', from: '2026-01-01T17:00:00.000Z' });
    expect(parseQuery('date:<2026-02-01')).toEqual({ type: 'range', field: 'date', to: '2026-01-31T17:00:00.000Z' });
    expect(parseQuery('date:<=2026-02-01')).toEqual({ type: 'range', field: 'date', to: '2026-02-01T17:00:00.000Z' });
  });

  it('reads a single day and open-ended ranges', () => {
    expect(parseQuery('date:2026-11-02')).toEqual({
      type: 'range',
      field: 'date',
      from: '2026-11-01T17:00:00.000Z',
      to: '2026-11-02T17:00:00.000Z',
    });
    expect(parseQuery('date:2026-11-02..')).toEqual({ type: 'range', field: 'date', from: '2026-11-01T17:00:00.000Z' });
  });

  it('rejects impossible dates and reversed ranges with the position of the value', () => {
    const bad = syntaxError('banjir date:2026-02-30');
    expect(bad.position).toBe(12);
    expect(bad.message).toContain('2026-02-30');
    expect(syntaxError('date:2026-13-01').position).toBe(5);
    expect(syntaxError('date:2026-02-01..2026-01-01').message).toContain('terbalik');
    expect(syntaxError('date:>=kemarin').position).toBe(7);
  });
});

describe('parseQuery: errors', () => {
  it('points at the end when a parenthesis is left open', () => {
    const err = syntaxError('banjir AND (palembang');
    expect(err).toBeInstanceOf(DengarError);
    expect(err.code).toBe(ERROR_CODES.QUERY_SYNTAX);
    expect(err.position).toBe(21);
    expect(err.expected).toBe('")"');
    expect(err.message).toBe('Kesalahan sintaks pada posisi 21: diharapkan ")"');
    expect(err.isRetriable).toBe(false);
  });

  it('points at a dangling or doubled operator', () => {
    expect(syntaxError('banjir AND').position).toBe(10);
    expect(syntaxError('OR banjir').position).toBe(0);
    expect(syntaxError('banjir AND OR longsor').position).toBe(11);
    expect(syntaxError('banjir NOT').position).toBe(10);
  });

  it('points at a stray closing parenthesis and at empty parentheses', () => {
    const stray = syntaxError('banjir) longsor');
    expect(stray.position).toBe(6);
    expect(stray.message).toContain('tanpa pasangan');
    expect(syntaxError('banjir ()').position).toBe(8);
  });

  it('reports an unclosed phrase at the end', () => {
    const err = syntaxError('"banjir bandang');
    expect(err.position).toBe(15);
    expect(err.message).toContain('"');
  });

  it('names an unknown field', () => {
    const err = syntaxError('banjir kota:palembang');
    expect(err.position).toBe(7);
    expect(err.message).toContain('"kota"');
    expect(err.expected).toContain('region');
  });

  it('rejects an unknown sentiment or source and an empty field value', () => {
    expect(syntaxError('sentiment:marah').message).toContain('marah');
    expect(syntaxError('sentiment:marah').position).toBe(10);
    expect(syntaxError('source:friendster').message).toContain('friendster');
    expect(syntaxError('region: palembang').position).toBe(7);
  });

  it('limits length and depth', () => {
    expect(syntaxError('a'.repeat(1001)).position).toBe(1000);
    expect(() => parseQuery('a'.repeat(1000))).not.toThrow();
    const deep = `${'('.repeat(MAX_QUERY_DEPTH + 1)}a${')'.repeat(MAX_QUERY_DEPTH + 1)}`;
    expect(syntaxError(deep).message).toContain('bersarang');
    const ok = `${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`;
    expect(parseQuery(ok)).toEqual(term('a'));
    expect(syntaxError(`${'NOT '.repeat(MAX_QUERY_DEPTH + 1)}a`).message).toContain('bersarang');
  });
});

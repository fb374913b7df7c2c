import { createLexiconAnalyzer, LEXICON_MODEL_VERSION } from '../../services/enricher/sentiment/lexicon';
import { evaluateSentiment, parseEvalJsonl, scorePredictions } from '../../services/enricher/sentiment/eval';
import { normaliseForSentiment } from '../../services/enricher/sentiment/normalise';
import { measureSentimentThroughput } from '../../services/enricher/sentiment/throughput';
import { Sentiment } from '../../schemas/enriched-post';

// The lexicon stage on its own (the production analyzer adds the linear model: sentiment-model.test.ts).
const analyzer = createLexiconAnalyzer();
const label = (text: string) => analyzer.analyze(text).label;
const score = (text: string) => analyzer.analyze(text).score;

describe('normaliseForSentiment', () => {
  it('spells out national slang negation as "tidak"', () => {
    for (const neg of ['gak', 'ga', 'gk', 'nggak', 'enggak', 'tdk']) {
      expect(normaliseForSentiment(`${neg} bagus`)).toEqual(['tidak', 'bagus']);
    }
  });

  it('treats Palembang dak/idak as negation and keeps nian as an intensifier', () => {
    expect(normaliseForSentiment('dak lemak')).toEqual(['tidak', 'lemak']);
    expect(normaliseForSentiment('Idak pacak')).toEqual(['tidak', 'bisa']);
    expect(normaliseForSentiment('parah nian')).toEqual(['parah', 'nian']);
    expect(normaliseForSentiment('katek')).toEqual(['tidak', 'ada']);
  });

  it('maps bgt/banget to sangat and squeezes stretched letters', () => {
    expect(normaliseForSentiment('enak bgt')).toEqual(['enak', 'sangat']);
    expect(normaliseForSentiment('enak BANGETTT')).toEqual(['enak', 'sangat']);
    expect(normaliseForSentiment('mantappp')).toEqual(['mantap']);
  });

  it('writes out reduplication, splits emoji off and keeps clause markers', () => {
    expect(normaliseForSentiment('hati2 ya')).toEqual(['hati-hati', 'ya']);
    expect(normaliseForSentiment('keren👍👍')).toEqual(['keren', '👍', '👍']);
    expect(normaliseForSentiment('bagus, tapi. lambat')).toEqual(['bagus', '|', 'tapi', '||', 'lambat']);
  });

  it('drops URLs and mentions, and joins a split "nya"', () => {
    expect(normaliseForSentiment('@diskominfo_sumsel cek https://x.co/a tempat nya')).toEqual(['cek', 'tempatnya']);
  });

  it('keeps number separators and inner hyphens, and splits on other punctuation', () => {
    expect(normaliseForSentiment('naik 1,5 persen; jam 10:30')).toEqual(['naik', '1', '5', 'persen', '|', 'jam', '10', '30']);
    expect(normaliseForSentiment('abu-abu - semena-mena -an')).toEqual(['abu-abu', 'semena-mena', 'an']);
    expect(normaliseForSentiment('jalan (rusak)!!! "parah"...')).toEqual(['jalan', 'rusak', '||', 'parah', '||']);
  });

  it('reads letters and emoji outside ASCII the same way', () => {
    expect(normaliseForSentiment('Café ÉNAK, 👍🏽 naïve…')).toEqual(['café', 'énak', '|', '👍', 'naïve', '||']);
    expect(normaliseForSentiment('مرحبا بكم')).toEqual(['مرحبا', 'بكم']);
  });

  it('treats words that name object properties as plain words', () => {
    // Regression: "constructor" used to find Object.prototype.constructor in the slang map and throw.
    expect(normaliseForSentiment('the constructor toString')).toEqual(['the', 'constructor', 'tostring']);
    expect(analyzer.analyze('constructor bagus')).toMatchObject({ label: 'positive' });
  });
});

describe('lexicon analyzer', () => {
  it('reports its model version', () => {
    expect(analyzer.modelVersion).toBe(LEXICON_MODEL_VERSION);
    expect(analyzer.modelVersion).toMatch(/^lexicon-id-\d+\.\d+\.\d+$/);
  });

  it('returns a schema-valid Sentiment with the deciding terms', () => {
    const result = analyzer.analyze('pelayanan samsat lambat');
    expect(Sentiment.safeParse(result).success).toBe(true);
    expect(result.terms).toEqual([{ term: 'lambat', weight: -2 }]);
    expect(result.score).toBe(-2);
  });

  it('is neutral with no sentiment words', () => {
    expect(analyzer.analyze('rapat koordinasi digelar di kantor gubernur hari senin')).toEqual({
      label: 'neutral',
      score: 0,
      terms: [],
    });
  });

  describe('negation', () => {
    it('"tidak bagus" is negative', () => {
      expect(label('tidak bagus')).toBe('negative');
      expect(analyzer.analyze('tidak bagus').terms[0]?.term).toBe('tidak bagus');
    });

    it('"dak lemak" (Palembang) is negative', () => {
      expect(label('dak lemak')).toBe('negative');
    });

    it('"gak jelas" and "belum puas" are negative', () => {
      expect(label('pelayanannya gak jelas')).toBe('negative');
      expect(label('warga belum puas')).toBe('negative');
    });

    it('"tidak buruk" is not negative, and weaker than "bagus"', () => {
      expect(label('tidak buruk')).not.toBe('negative');
      expect(score('tidak buruk')).toBeGreaterThan(0);
      expect(score('tidak buruk')).toBeLessThan(score('bagus'));
    });

    it('does not reach across a clause boundary', () => {
      expect(score('tidak, bagus')).toBe(score('bagus'));
    });

    it('"tidak terlalu bagus" is milder than "tidak bagus"', () => {
      expect(score('tidak terlalu bagus')).toBeLessThan(0);
      expect(score('tidak terlalu bagus')).toBeGreaterThan(score('tidak bagus'));
    });
  });

  describe('intensifiers', () => {
    it('amplify before (sangat) and after (nian, banget, sekali)', () => {
      const base = score('bagus');
      expect(score('sangat bagus')).toBeGreaterThan(base);
      expect(score('bagus banget')).toBeGreaterThan(base);
      expect(score('bagus sekali')).toBeGreaterThan(base);
      expect(score('lemak nian')).toBeGreaterThan(score('lemak'));
      expect(score('parah nian')).toBeLessThan(score('parah'));
    });

    it('"keren parah" is positive: parah after a positive word intensifies', () => {
      expect(label('keren parah')).toBe('positive');
      expect(score('keren parah')).toBeGreaterThan(score('keren'));
      expect(label('jalannya parah')).toBe('negative');
    });

    it('"lumayan" is mildly positive alone and softens the next word', () => {
      expect(label('lumayan')).toBe('positive');
      expect(score('lumayan enak')).toBeLessThan(score('enak'));
      expect(label('lumayan lambat')).toBe('negative');
      expect(score('agak lambat')).toBeGreaterThan(score('lambat'));
    });

    it('shows the intensifier in the term', () => {
      expect(analyzer.analyze('lambat nian').terms).toEqual([{ term: 'lambat nian', weight: -3 }]);
    });
  });

  describe('contrast', () => {
    it('"bagus tapi lambat nian" leans negative', () => {
      const result = analyzer.analyze('bagus tapi lambat nian');
      expect(result.label).toBe('negative');
      expect(result.terms.map((t) => t.term)).toEqual(['lambat nian', 'bagus']);
    });

    it('the clause after "namun" outweighs the one before', () => {
      expect(label('harganya mahal namun rasanya enak')).toBe('positive');
      expect(label('tempatnya nyaman, sayangnya pelayanan lambat')).toBe('negative');
    });
  });

  describe('emoji and slang', () => {
    it('scores emoji', () => {
      expect(label('jalan di depan rumah 😡😡')).toBe('negative');
      expect(label('terima kasih pak gub 👍')).toBe('positive');
      expect(analyzer.analyze('👎').terms).toEqual([{ term: '👎', weight: -3 }]);
    });

    it('knows public-service slang and Palembang words', () => {
      expect(label('samsat gercep, mantul')).toBe('positive');
      expect(label('internet pemprov lemot, omdo doang')).toBe('negative');
      expect(label('pejabat mudike galo')).toBe('negative');
      expect(label('dak ser aku')).toBe('negative');
      expect(label('ado pungli di kantor itu')).toBe('negative');
    });

    it('corrects wrong seed polarities (lancar, hebat)', () => {
      expect(label('jalan tol lancar')).toBe('positive');
      expect(label('tim BPBD hebat')).toBe('positive');
    });
  });

  it('keeps separate settings per analyzer even though the package registry is global', () => {
    const strict = createLexiconAnalyzer({ neutralHigh: 10 });
    expect(strict.analyze('bagus').label).toBe('neutral');
    expect(analyzer.analyze('bagus')).toEqual({ label: 'positive', score: 3, terms: [{ term: 'bagus', weight: 3 }] });
    expect(strict.analyze('bagus').terms).toEqual([{ term: 'bagus', weight: 3 }]);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '   ', '||', '🙂'.repeat(500), 'a'.repeat(20_000), '\u0000\uFFFF']) {
      expect(() => analyzer.analyze(text)).not.toThrow();
    }
  });
});

describe('evaluateSentiment', () => {
  it('computes accuracy, per-label scores, macro-F1 and the confusion matrix', () => {
    const result = scorePredictions(
      ['positive', 'positive', 'negative', 'neutral'],
      ['positive', 'negative', 'negative', 'positive'],
    );
    expect(result.n).toBe(4);
    expect(result.accuracy).toBe(0.5);
    expect(result.confusion.positive).toEqual({ positive: 1, negative: 1, neutral: 0 });
    expect(result.perLabel.positive).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(result.perLabel.negative).toEqual({ precision: 0.5, recall: 1, f1: 0.6667, support: 1 });
    expect(result.perLabel.neutral).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(result.macroF1).toBeCloseTo((0.5 + 0.6667) / 3, 4);
  });

  it('scores the production analyzer (lexicon + linear model) on rows by default', () => {
    const result = evaluateSentiment([
      { text: 'enak sekali', label: 'positive' },
      { text: 'tidak enak', label: 'negative' },
      { text: 'rapat dimulai pukul sembilan', label: 'neutral' },
    ]);
    expect(result.accuracy).toBe(1);
    expect(result.macroF1).toBe(1);
  });

  it('reports bad JSONL lines with their number instead of throwing', () => {
    const { rows, errors } = parseEvalJsonl('{"text":"bagus","label":"positive"}\nnot json\n\n{"text":"x","label":"meh"}\n');
    expect(rows).toEqual([{ text: 'bagus', label: 'positive' }]);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors[1]?.reason).toContain('label');
  });
});

describe('measureSentimentThroughput', () => {
  it('reports posts per second for both analyzers on the same texts', () => {
    const result = measureSentimentThroughput(['jalan rusak parah', 'pelayanan mantap, terima kasih'], { rounds: 2, analyzer });
    expect(result.posts).toBe(4);
    expect(result.lexiconIdPostsPerSec).toBeGreaterThan(0);
    expect(result.lexiconOnlyPostsPerSec).toBeGreaterThan(0);
    expect(result.barePostsPerSec).toBeGreaterThan(0);
  });
});

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSentimentAnalyzer, effectiveModelVersion } from '../../services/enricher/sentiment/analyzer';
import { lexiconFingerprint } from '../../services/enricher/sentiment/lexicon';
import {
  compileModel,
  defaultModelPath,
  loadModelFile,
  parseModelFile,
  serialiseModel,
} from '../../services/enricher/sentiment/model';
import {
  applyCorrections,
  dedupeKey,
  minimiseLbfgs,
  trainSentimentModel,
} from '../../services/enricher/sentiment/train';
import { evaluateSentiment, parseEvalJsonl } from '../../services/enricher/sentiment/eval';
import { featureValues } from '../../services/enricher/sentiment/features';
import { Sentiment } from '../../schemas/enriched-post';
import { TINY_TRAINING_ROWS } from '../fixtures/sentiment-rows';

const analyzer = createSentimentAnalyzer();
const label = (text: string) => analyzer.analyze(text).label;

const TINY = TINY_TRAINING_ROWS;
const FAST = { maxIterations: 60, minCount: 1 };

describe('production sentiment analyzer (lexicon + linear model)', () => {
  // Hand-written tweet-style posts about public policy (not from SmSA): the domain Dengar is judged on.
  it.each([
    ['pelayanan samsat lemot bgt, antri 3 jam', 'negative'],
    ['mantap pak gub, jalan udah mulus', 'positive'],
    ['Pemprov Sumsel gelar rapat koordinasi penanganan karhutla', 'neutral'],
    ['dak lemak nian pelayanannyo', 'negative'],
    ['MANTAP!!!Jalan sdh mulus👍 @humas_sumsel #SumselMaju https://t.co/abc', 'positive'],
    ['Jalan lintas Lahat rusak parah,sudah 2 thn gak diperbaiki @humas_sumsel', 'negative'],
    ['Terima kasih @diskominfo_sumsel infonya sangat membantu 🙏', 'positive'],
    ['Besok ada pemadaman listrik di wilayah Plaju pukul 09.00-12.00 WIB', 'neutral'],
    ['asap lagi asap lagi, tiap tahun sama aja. pemerintah ngapain aja sih #karhutla', 'negative'],
    ['Gubernur Herman Deru meninjau lokasi banjir di Muara Enim hari ini', 'neutral'],
    ['alhamdulillah bansos sudah cair, makasih pak', 'positive'],
    ['ngurus KTP di disdukcapil ribet, disuruh bolak balik😡', 'negative'],
    ['Salut buat tim BPBD yang sigap padamkan api di OKI 👏👏', 'positive'],
    ['Kapan pendaftaran PPDB SMA negeri dibuka min?', 'neutral'],
    ['omdo doang janji kampanye, mana buktinya', 'negative'],
    ['PNS nya cuek,ditanya malah main hp.KECEWA', 'negative'],
  ] as const)('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('returns a schema-valid Sentiment whose terms explain the verdict', () => {
    const result = analyzer.analyze('pelayanan samsat lemot bgt, antri 3 jam');
    expect(Sentiment.safeParse(result).success).toBe(true);
    expect(result.score).toBeLessThan(0);
    expect(result.terms.length).toBeGreaterThan(0);
    expect(result.terms.length).toBeLessThanOrEqual(8);
    // The strongest term is the lexicon hit, and every weight carries the verdict's sign.
    expect(result.terms[0]?.term).toBe('lemot sangat');
    for (const t of result.terms) expect(t.weight).toBeLessThan(0);
    const weights = result.terms.map((t) => Math.abs(t.weight));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it('shows readable terms: lexicon phrases spelled out, no internal feature names', () => {
    const terms = [
      ...analyzer.analyze('terima kasih pak, pelayanannya tidak ribet').terms,
      ...analyzer.analyze('belum puas, tidak bagus').terms,
    ].map((t) => t.term);
    expect(terms).toContain('terima kasih');
    for (const term of terms) expect(term).not.toMatch(/[+#]|^neg:/);
  });

  it('positive verdicts carry positive weights and a positive score', () => {
    const result = analyzer.analyze('mantap pak gub, jalan udah mulus');
    expect(result.score).toBeGreaterThan(0);
    expect(result.terms.map((t) => t.term)).toContain('mantap');
    for (const t of result.terms) expect(t.weight).toBeGreaterThan(0);
  });

  it('reports the model file version, which matches the current lexicon', () => {
    const model = loadModelFile();
    expect(analyzer.modelVersion).toMatch(/^linear-id-[0-9a-f]{8}$/);
    expect(analyzer.modelVersion).toBe(model.modelVersion);
    // If this fails the lexicon changed after training: run `npm run train:sentiment`.
    expect(model.lexiconFingerprint).toBe(lexiconFingerprint());
    expect(effectiveModelVersion({ ...model, lexiconFingerprint: 'something-else' })).toMatch(/^linear-id-[0-9a-f]{8}\+lex-/);
  });

  it('scores the hand-written tweet-style dev set (tests/fixtures/sentiment/tweets-dev.jsonl) at macro-F1 ≥ 0.85', () => {
    const { rows, errors } = parseEvalJsonl(readFileSync(join(__dirname, '../fixtures/sentiment/tweets-dev.jsonl'), 'utf8'));
    expect(errors).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(evaluateSentiment(rows, analyzer).macroF1).toBeGreaterThanOrEqual(0.85);
  });

  it('calls news about bad events neutral: event words carry no lexicon weight', () => {
    expect(label('Kejati Sumsel tetapkan dua tersangka korupsi proyek jalan di Lahat')).toBe('neutral');
    expect(label('korupsi lagi korupsi lagi, muak dengarnya')).toBe('negative');
  });

  it('never throws on odd input', () => {
    for (const text of ['', '   ', '||', '#lex+ neg:bagus', '🙂'.repeat(500), 'a'.repeat(20_000), '\u0000\uFFFF']) {
      expect(Sentiment.safeParse(analyzer.analyze(text)).success).toBe(true);
    }
  });
});

describe('the committed model file', () => {
  const path = defaultModelPath();
  const model = loadModelFile(path);

  it('is small, versioned and records its data, settings and dev figures', () => {
    expect(path.endsWith(join('models', 'sentiment-id.json'))).toBe(true);
    expect(statSync(path).size).toBeLessThan(3_000_000);
    expect(model.training.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.training.rows).toBe(10_913);
    expect(model.training.source).toContain('CC-BY-SA 4.0');
    expect(model.hyperparameters.l2).toBeGreaterThan(0);
    expect(model.devMetrics?.n).toBe(1260);
    expect(model.devMetrics?.macroF1).toBeGreaterThanOrEqual(0.85);
  });

  it('serialises back to exactly the bytes on disk', () => {
    expect(serialiseModel(model)).toBe(readFileSync(path, 'utf8'));
  });

  it('rejects a hand-edited file, naming the problem', () => {
    const text = readFileSync(path, 'utf8');
    const tampered = text.replace(/"bias": \[\s*(-?[0-9.]+)/, (_m, n: string) => `"bias": [${Number(n) + 1}`);
    expect(tampered).not.toBe(text);
    expect(() => parseModelFile(tampered, 'x.json')).toThrow(/x\.json: modelVersion .* tidak cocok/);
    expect(() => parseModelFile('{', 'x.json')).toThrow(/x\.json: berkas model bukan JSON/);
    expect(() => parseModelFile(text.replace('"lexiconFingerprint"', '"lexiconFp"'), 'x.json')).toThrow(/lexiconFingerprint/);
  });
});

describe('training', () => {
  it('is deterministic: the same rows and settings give the same file', () => {
    const a = serialiseModel(trainSentimentModel({ rows: TINY, hyperparameters: FAST }));
    const b = serialiseModel(trainSentimentModel({ rows: TINY, hyperparameters: FAST }));
    expect(a).toBe(b);
    expect(parseModelFile(a).modelVersion).toMatch(/^linear-id-[0-9a-f]{8}$/);
  });

  it('the compiled scorer (integer ids) adds exactly the weights of the named features', () => {
    const model = loadModelFile();
    const scorer = compileModel(model);
    const texts = ['tidak tidak bagus bagus , belum puas belum puas', 'terima kasih pak gub 👍', 'jalan rusak. parah nian', '', '||'];
    for (const text of texts) {
      const logits = [...model.bias];
      for (const [name, value] of featureValues(text, model.hyperparameters.features)) {
        const w = model.weights[name];
        if (w) w.forEach((x, k) => (logits[k]! += value * x));
      }
      const max = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const { probabilities } = scorer.score(text);
      // The scorer rounds to 0.01; summing in another order may tip a rounding, never more.
      const shown = [probabilities.positive, probabilities.negative, probabilities.neutral];
      exps.forEach((e, k) => expect(Math.abs((shown[k] as number) - e / sum)).toBeLessThanOrEqual(0.006));
    }
  });

  it('learns the training rows', () => {
    const scorer = compileModel(trainSentimentModel({ rows: TINY, hyperparameters: FAST }));
    for (const row of TINY) expect(scorer.score(row.text).label).toBe(row.label);
  });

  it('fails clearly without rows of every label', () => {
    expect(() => trainSentimentModel({ rows: [] })).toThrow('tidak ada baris latih');
    expect(() => trainSentimentModel({ rows: TINY.filter((r) => r.label !== 'neutral') })).toThrow('berlabel neutral');
  });

  it("an analyst's correction changes the next model, its version and its data hash", () => {
    const text = 'pelayanan cepat dan ramah';
    const before = trainSentimentModel({ rows: TINY, hyperparameters: FAST });
    const after = trainSentimentModel({
      rows: TINY,
      corrections: [{ text: 'Pelayanan cepat dan ramah!', label: 'negative', postId: 'x:1', labelledBy: 'analis@humas' }],
      hyperparameters: FAST,
    });
    expect(after.modelVersion).not.toBe(before.modelVersion);
    expect(after.training.dataSha256).not.toBe(before.training.dataSha256);
    expect(after.training.corrections).toBe(1);
    expect(after.training.rows).toBe(TINY.length);
    const pBefore = compileModel(before).score(text).probabilities.negative;
    const pAfter = compileModel(after).score(text).probabilities.negative;
    expect(pAfter).toBeGreaterThan(pBefore + 0.2);
  });

  it('applyCorrections replaces rows with the same text, appends new ones, and the latest wins', () => {
    const { rows, replaced, added } = applyCorrections(
      [
        { text: 'Jalan rusak', label: 'negative' },
        { text: 'rapat digelar', label: 'neutral' },
      ],
      [
        { text: 'jalan  RUSAK!', label: 'neutral' },
        { text: 'jalan rusak', label: 'positive' },
        { text: 'baru', label: 'positive' },
      ],
      2,
    );
    expect(replaced).toBe(1);
    expect(added).toBe(1);
    expect(rows).toEqual([
      { text: 'jalan rusak', label: 'positive', weight: 2, fromCorrection: true },
      { text: 'rapat digelar', label: 'neutral', weight: 1, fromCorrection: false },
      { text: 'baru', label: 'positive', weight: 2, fromCorrection: true },
    ]);
    expect(dedupeKey('Jalan, RUSAK!!')).toBe('jalan rusak');
  });

  it('L-BFGS finds the minimum of a quadratic', () => {
    const target = [3, -2, 0.5];
    const f = (x: Float64Array, g: Float64Array): number => {
      let loss = 0;
      target.forEach((t, i) => {
        const d = (x[i] as number) - t;
        loss += (i + 1) * d * d;
        g[i] = 2 * (i + 1) * d;
      });
      return loss;
    };
    const { x, loss } = minimiseLbfgs(f, new Float64Array(3), 100);
    expect(loss).toBeLessThan(1e-8);
    target.forEach((t, i) => expect(x[i]).toBeCloseTo(t, 4));
  });
});

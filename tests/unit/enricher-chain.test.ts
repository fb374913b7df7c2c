import { dictionaryStamp } from '../../lib/domain/dictionaries';
import { ERROR_CODES } from '../../lib/errors';
import { drop, ok, type StepResult } from '../../lib/result';
import { postId } from '../../lib/ids';
import { EnrichedPost } from '../../schemas/enriched-post';
import { RawPost } from '../../schemas/raw-post';
import { createEnrichment, ENRICHER_VERSION, ENRICHMENT_STEP_NAMES } from '../../services/enricher/enrich';
import { createSentimentAnalyzer, type SentimentAnalyzer } from '../../services/enricher/sentiment/analyzer';
import { createLanguageStep, detectLang, langFromHint } from '../../services/enricher/steps/language';
import { cleanFeedText, createNormaliseStep } from '../../services/enricher/steps/normalise';
import { andThen, guardStep } from '../../services/enricher/steps/run-step';
import { createSentimentStep } from '../../services/enricher/steps/sentiment';
import type { Step } from '../../services/enricher/steps/step';
import { createNearDuplicateStep } from '../../services/enricher/steps/near-duplicates';
import { createOfficialsStep, createRegionsStep, createTopicsStep } from '../../services/enricher/steps/tags';

function buildRawPost(overrides: Partial<RawPost> = {}): RawPost {
  const base = {
    schemaVersion: 1,
    type: 'raw_post',
    source: 'rss',
    sourceId: 'guid-1',
    id: postId('rss', 'guid-1'),
    text: 'Jalan rusak di Kayuagung tidak diperbaiki, warga kecewa',
    createdAt: '2026-11-02T01:00:00.000Z',
    collectedAt: '2026-11-02T01:05:00.000Z',
    ...overrides,
  };
  return RawPost.parse(base);
}

const analyzer = createSentimentAnalyzer();
const fixedNow = () => new Date('2026-11-02T02:00:00.000Z');

describe('normaliseText', () => {
  const normalise = createNormaliseStep();

  it('strips tags, scripts, comments and entities, collapses whitespace, NFC', () => {
    expect(cleanFeedText('<p>Banjir&nbsp;di <b>Plaju</b>&hellip;</p><script>x()</script><!-- c -->\n\n ok')).toBe(
      'Banjir di Plaju … ok',
    );
    expect(cleanFeedText('caf\u0065\u0301 &#128077; &#x1F44D; &amp;')).toBe('caf\u00e9 👍 👍 &');
    expect(cleanFeedText('&lt;p&gt;escaped twice&lt;/p&gt;')).toBe('escaped twice');
    expect(cleanFeedText('&#99999999; &bogus;')).toBe('&#99999999; &bogus;');
  });

  it('only trims plain single-spaced text, and still cleans control characters and odd spaces', () => {
    expect(cleanFeedText('  Jalan rusak di Plaju  ')).toBe('Jalan rusak di Plaju');
    expect(cleanFeedText('a\tb\u0007c\u00a0d  e\n')).toBe('a bc d e');
  });

  it('cleans the title too and keeps other fields', () => {
    const raw = buildRawPost({ title: '<i>Judul</i>', text: '<p>isi</p>' });
    // A copy: the step extends the post it is given (steps/step.ts), and `raw` is the expectation.
    const result = normalise({ ...raw });
    expect(result).toEqual(ok({ ...raw, title: 'Judul', text: 'isi' }));
  });

  it('sends text that is empty after cleaning to the DLQ with a reason', () => {
    const result = normalise(buildRawPost({ text: '<p> &nbsp; </p><br/>' }));
    expect(result.kind).toBe('dlq');
    if (result.kind !== 'dlq') return;
    expect(result.code).toBe(ERROR_CODES.VALIDATION);
    expect(result.reason).toContain('text');
  });

  it('fits the Step type', () => {
    const step: Step<RawPost, Record<never, never>> = normalise;
    expect(step.name).toBe('normaliseText');
  });
});

describe('detectLanguage', () => {
  const language = createLanguageStep();

  it('detects Indonesian, English and other scripts', () => {
    expect(detectLang('Warga mengeluhkan jalan yang rusak di kota ini')).toBe('id');
    expect(detectLang('The governor said that the road is being repaired')).toBe('en');
    expect(detectLang('مرحبا بكم في باليمبانج')).toBe('other');
    expect(detectLang('mantap pak gub 👍')).toBe('id');
    expect(detectLang('ini 中文 文字 很多 汉字 在这里')).toBe('other');
    expect(detectLang('the road and the bridge')).toBe('en');
  });

  it('respects a language hint from the source', () => {
    expect(language(buildRawPost({ text: 'The road is broken and the city is slow', lang: 'in' }))).toMatchObject({
      kind: 'ok',
      value: { lang: 'id' },
    });
    expect(langFromHint('en-US')).toBe('en');
    expect(langFromHint('ja')).toBe('other');
  });
});

describe('tag steps', () => {
  it('tag topics, regions and officials from title and text', () => {
    const raw = buildRawPost({
      title: 'Herman Deru tinjau karhutla',
      text: 'Titik api di Pedamaran, OKI bertambah',
    });
    const topics = createTopicsStep()(raw);
    const regions = createRegionsStep()(raw);
    const officials = createOfficialsStep()(raw);
    expect(topics).toMatchObject({ kind: 'ok', value: { topics: ['karhutla_asap'] } });
    expect(regions).toMatchObject({ kind: 'ok', value: { regions: ['ogan_komering_ilir'] } });
    expect(officials).toMatchObject({ kind: 'ok', value: { officials: ['herman_deru'] } });
  });

  it('sentiment step adds the verdict and the model version', () => {
    const result = createSentimentStep({ analyzer })(buildRawPost({ text: 'pelayanan dak lemak' }));
    expect(result).toMatchObject({ kind: 'ok', value: { sentiment: { label: 'negative' }, modelVersion: analyzer.modelVersion } });
  });
});

describe('createEnrichment', () => {
  const enrich = createEnrichment({ now: fixedNow, analyzer });

  it('produces an EnrichedPost that passes the schema', () => {
    const raw = buildRawPost({
      text: '<p>Tolong pak gub, jalan rusak parah nian di Kayuagung. Banjir pulo! 😡</p>',
      author: { handle: 'warga_oki' },
      engagement: { likes: 3 },
    });
    const result = enrich(raw);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    const post = result.value;
    expect(EnrichedPost.safeParse(post).success).toBe(true);
    expect(post).toMatchObject({
      type: 'enriched_post',
      id: raw.id,
      schemaVersion: 1,
      text: 'Tolong pak gub, jalan rusak parah nian di Kayuagung. Banjir pulo! 😡',
      lang: 'id',
      topics: ['jalan_jembatan', 'banjir'],
      regions: ['ogan_komering_ilir'],
      officials: ['herman_deru'],
      enricherVersion: `${ENRICHER_VERSION}+${dictionaryStamp()}`,
      modelVersion: analyzer.modelVersion,
      enrichedAt: '2026-11-02T02:00:00.000Z',
      author: { handle: 'warga_oki' },
    });
    expect(post.sentiment.label).toBe('negative');
    expect(post.sentiment.terms.length).toBeGreaterThan(0);
  });

  it('stops at the first dlq and returns it', () => {
    const result = enrich(buildRawPost({ text: '<div></div>' }));
    expect(result).toEqual({ kind: 'dlq', code: ERROR_CODES.VALIDATION, reason: expect.stringContaining('kosong') });
  });

  it('turns a step that throws into a STEP_FAILED dlq naming the step', () => {
    const broken: SentimentAnalyzer = {
      modelVersion: 'broken-0',
      analyze() {
        throw new Error('lexicon missing');
      },
    };
    const result = createEnrichment({ now: fixedNow, analyzer: broken })(buildRawPost());
    expect(result.kind).toBe('dlq');
    if (result.kind !== 'dlq') return;
    expect(result.code).toBe(ERROR_CODES.STEP_FAILED);
    expect(result.reason).toContain('scoreSentiment');
    expect(result.reason).toContain('lexicon missing');
  });

  it('turns a failing clock into a dlq instead of throwing', () => {
    const result = createEnrichment({ now: () => new Date(Number.NaN), analyzer })(buildRawPost());
    expect(result).toMatchObject({ kind: 'dlq', code: ERROR_CODES.STEP_FAILED });
  });

  it('names its steps in run order', () => {
    const names = [
      createNormaliseStep(),
      createLanguageStep(),
      createSentimentStep({ analyzer }),
      createTopicsStep(),
      createRegionsStep(),
      createOfficialsStep(),
      createNearDuplicateStep(),
    ].map((s) => s.name);
    expect(names).toEqual([...ENRICHMENT_STEP_NAMES]);
  });
});

describe('chain runner', () => {
  const addOne = function addOne(n: number): StepResult<number> {
    return ok(n + 1);
  };
  const dropOdd = function dropOdd(n: number): StepResult<number> {
    return n % 2 === 1 ? drop('ganjil') : ok(n);
  };

  it('passes ok values along and stops at drop', () => {
    expect(andThen(andThen(ok(1), addOne), dropOdd)).toEqual(ok(2));
    let reached = false;
    const after = (n: number): StepResult<number> => {
      reached = true;
      return ok(n);
    };
    expect(andThen(andThen(ok(2), addOne), dropOdd)).toEqual(drop('ganjil'));
    expect(andThen(andThen(andThen(ok(2), addOne), dropOdd), after)).toEqual(drop('ganjil'));
    expect(reached).toBe(false);
  });

  it('guardStep keeps the name and catches non-Error throws', () => {
    const thrower = function throwsString(): StepResult<number> {
      throw 'boom';
    };
    const guarded = guardStep(thrower);
    expect(guarded.name).toBe('throwsString');
    expect(guarded(undefined)).toEqual({
      kind: 'dlq',
      code: ERROR_CODES.STEP_FAILED,
      reason: 'langkah throwsString gagal: boom',
    });
  });
});

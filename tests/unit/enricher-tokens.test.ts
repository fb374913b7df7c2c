/**
 * The enricher's hot-path shortcuts must not change what posts get: the match tokeniser's scan
 * (ASCII, emoji, typographic punctuation) against the full Unicode normalisation, and the chain's
 * one working copy per post against the raw post it was given.
 */
import { normaliseForMatch, tokensForMatch } from '../../lib/domain/match';
import { createEnrichment } from '../../services/enricher/enrich';
import { createLanguageStep } from '../../services/enricher/steps/language';
import { createTopicsStep } from '../../services/enricher/steps/tags';
import { buildRawPost } from '../fixtures/build-raw-post';

/** What tokensForMatch returned before its scan: the normalised text split on spaces. */
function viaNormalise(text: string): string[] {
  const norm = normaliseForMatch(text);
  return norm === '' ? [] : norm.split(' ');
}

describe('tokensForMatch', () => {
  it('scans plain and emoji posts to the same tokens as the Unicode normalisation', () => {
    const texts = [
      '',
      '  ',
      'Jalan RUSAK di Kayu-Agung, tolong pak gub!!! 2026',
      'Mantap 👍🏽🔥 banjir lagi… “jalan” — berlubang 🙏😤',
      'a\u00a0b\u2013c\u200dd\u2026e',
      'emoji👍tempel🙏kata',
    ];
    for (const text of texts) expect(tokensForMatch(text)).toEqual(viaNormalise(text));
  });

  it('gives any other character to the normalisation: diacritics, marks, ligatures, ™, lone surrogates', () => {
    expect(tokensForMatch('Café ÉCOLE naïve')).toEqual(['cafe', 'ecole', 'naive']);
    expect(tokensForMatch('e\u0301 ﬁ ™ ❤️')).toEqual(viaNormalise('e\u0301 ﬁ ™ ❤️'));
    expect(tokensForMatch('\ud83d lone \udc4d')).toEqual(viaNormalise('\ud83d lone \udc4d'));
  });

  it('agrees with the normalisation on every code point up to U+1FFFF, alone and between letters', () => {
    const differing: string[] = [];
    for (let cp = 0x80; cp < 0x20000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const text = `a${String.fromCodePoint(cp)}B9`;
      if (JSON.stringify(tokensForMatch(text)) !== JSON.stringify(viaNormalise(text))) differing.push(cp.toString(16));
    }
    expect(differing).toEqual([]);
  });
});

describe('steps extend one working copy', () => {
  it('the chain leaves the raw post it was given as it was', () => {
    const raw = buildRawPost({ text: '<p>Banjir di   Plaju, jalan rusak parah!</p>', title: ' Banjir ' });
    const before = structuredClone(raw);
    const result = createEnrichment()(raw);
    expect(result.kind).toBe('ok');
    expect(raw).toEqual(before);
    if (result.kind === 'ok') expect(result.value).not.toBe(raw);
  });

  it('a step returns the object it was given, with its field added', () => {
    const post = { text: 'Banjir di Plaju, jalan rusak parah' };
    const topics = createTopicsStep()(post);
    expect(topics.kind === 'ok' && topics.value).toBe(post);
    const language = createLanguageStep()(post);
    expect(language).toEqual({ kind: 'ok', value: { text: post.text, topics: expect.any(Array), lang: 'id' } });
  });
});

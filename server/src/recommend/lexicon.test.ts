// The committed meaning data loads offline and holds what the builder promises.
import { describe, expect, it } from 'vitest';
import { glossWords, mandarinEquivalent, sensesOf, VOCABULARY_SIZE } from '../../../scripts/build-recommend-data.ts';
import { lexicon, loadLexicon, MIN_SPECIFICITY, specificity } from './lexicon.ts';

describe('meaning data', () => {
  const { lexicon: lex, fileBytes } = loadLexicon();

  it('is a few MB on disk: Traditional headwords with English senses, 40,000 unit vectors', () => {
    expect(fileBytes).toBeGreaterThan(2e6);
    expect(fileBytes).toBeLessThan(10e6);
    expect(lex.headwords).toBeGreaterThan(100_000);
    expect(lex.vocabulary).toBe(VOCABULARY_SIZE);
    expect(lex.dimensions).toBe(100);
    const v = lex.vector('bicycle')!;
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(lex.vector('zzzzqqq')).toBeUndefined();
  });

  it('maps headwords to their senses (common readings before proper names)', () => {
    expect(lex.senses('單車')).toEqual([['bicycle'], ['bike']]);
    expect(lex.senses('狗')![0]).toEqual(['dog']);
    expect(lex.isWord('腳踏車')).toBe(true);
    expect(lex.isWord('小黑')).toBe(false);
  });

  it('gives a Cantonese word its Mandarin word\'s senses, never CC-CEDICT\'s "Mandarin equivalent" note', () => {
    expect(lex.senses('瞓覺')).toEqual([['sleep'], ['go', 'bed']]);
    expect(lex.senses('搵')).toEqual(expect.arrayContaining([['find']]));
    for (const w of ['瞓', '瞓覺', '攰', '搵食', '眼瞓', '喺']) expect(lex.senses(w)!.flat()).not.toContain('equivalent');
  });
});

describe('the builder’s gloss cleaning', () => {
  it('keeps content words, drops parentheses, brackets, Chinese and stop words', () => {
    expect(glossWords('to ride (a horse, bike etc)')).toEqual(['ride']);
    expect(glossWords('variant of 屄[bi1]')).toEqual(['variant']);
    expect(sensesOf('(coll.) bicycle; bike (esp. in Hong Kong)')).toEqual([['bicycle'], ['bike']]);
    expect(sensesOf(['surname Zhang', 'see 張家口|张家口[Zhang1 jia1 kou3]', 'to open up'])).toEqual([['open', 'up']]);
    // A Cantonese entry's pointer to its Mandarin word is not a sense; the builder follows it instead.
    expect(sensesOf(['to sleep (Cantonese)', 'Mandarin equivalent: 睡[shui4]'])).toEqual([['sleep']]);
    expect(mandarinEquivalent(['to sleep (Cantonese)', 'Mandarin equivalent: 睡覺|睡觉[shui4 jiao4]'])).toBe('睡覺');
    expect(mandarinEquivalent('to sleep')).toBeUndefined();
  });

  it('specificity: frequent English words weigh less, rare or unknown ones and other scripts in full', () => {
    const lex = lexicon();
    expect(lex.rank('the')).toBe(0);
    expect(lex.rank('sunset')).toBeGreaterThan(lex.rank('city')!);
    expect(specificity('year', 5000)).toBeLessThan(specificity('city', 5000));
    expect(specificity('city', 5000)).toBeLessThan(0.6);
    expect(specificity('sunset', 5000)).toBe(1);
    expect(specificity('qzxv', 5000)).toBe(1);
    expect(specificity('夕陽', 5000)).toBe(1);
    expect(specificity('the', 5000)).toBe(MIN_SPECIFICITY);
    expect(specificity('year', 0)).toBe(1);
  });
});

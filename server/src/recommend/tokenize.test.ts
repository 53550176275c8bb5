import { describe, expect, it } from 'vitest';
import { documentFeatures, hanBigrams, hanChars, normalizeText, queryTerms, stem, tokenize, unjoinedBigrams } from './tokenize.ts';

describe('tokenize — Traditional Chinese', () => {
  it('segments Han text into words and drops function words', () => {
    const words = tokenize('今天早上帶小狗去公園散步，牠玩得很開心。');
    expect(words).toEqual(expect.arrayContaining(['小狗', '公園', '散步', '開心']));
    for (const stop of ['今天', '早上', '去', '牠', '的', '很', '，', '。']) expect(words).not.toContain(stop);
  });

  it('drops written Cantonese function words as it drops Mandarin ones (喺, 咗, 佢, 嘅)', () => {
    expect(tokenize('佢喺公園食咗雪糕')).toEqual(expect.arrayContaining(['公園', '雪糕']));
    for (const stop of ['佢', '喺', '咗', '嘅']) expect(tokenize('佢喺公園食咗雪糕，佢嘅狗')).not.toContain(stop);
  });

  it('keeps content words of an analyser summary and drops 的/了/在', () => {
    expect(tokenize('女兒第一次自己走路了')).toEqual(['女兒', '第一次', '走路']);
    expect(tokenize('一家人在海邊的沙灘上看夕陽')).toEqual(expect.arrayContaining(['海邊', '沙灘', '夕陽']));
    expect(tokenize('一家人在海邊的沙灘上看夕陽')).not.toContain('在');
  });

  it('normalises full-width forms (NFKC) and case', () => {
    expect(normalizeText('ＡＢＣ　Night_Market')).toBe('abc night market');
    expect(tokenize('ＶＬＯＧ 好玩')).toEqual(['vlog', '好玩']);
  });

  it('produces Han bigrams over whole runs and non-stop characters', () => {
    expect(hanBigrams('看日落')).toEqual(['看日', '日落']);
    expect(hanBigrams('海邊，日落')).toEqual(['海邊', '日落']); // no bigram across punctuation
    expect(hanChars('我在沙灘')).toEqual(['沙', '灘']);
  });

  it('gives query words their own character features, for partial matches', () => {
    const [term] = queryTerms('海灘');
    expect(term).toMatchObject({ word: '海灘', wordFeature: 'w:海灘', bigrams: ['b:海灘'], chars: ['u:海', 'u:灘'] });
    expect(documentFeatures('沙灘')).toEqual(expect.arrayContaining(['w:沙灘', 'b:沙灘', 'u:灘']));
  });

  it('counts repeated query words once, with their count', () => {
    const terms = queryTerms('散步，散步，公園');
    expect(terms.map((t) => [t.word, t.count])).toEqual([['散步', 2], ['公園', 1]]);
  });
});

describe('tokenize — English', () => {
  it('lower-cases, drops stop words and punctuation', () => {
    expect(tokenize('The dog and I walked to the Park!')).toEqual(['dog', 'walk', 'park']);
  });

  it('stems plurals, -ing and -ed so diary and summary forms meet', () => {
    expect(stem('walked')).toBe(stem('walks'));
    expect(stem('walking')).toBe('walk');
    expect(stem('hiking')).toBe(stem('hike'));
    expect(stem('baked')).toBe(stem('bakes'));
    expect(stem('running')).toBe('run');
    expect(stem('stopped')).toBe('stop');
    expect(stem('falling')).toBe('fall');
    expect(stem('dishes')).toBe('dish');
    expect(stem('puppies')).toBe('puppy');
    expect(stem('cried')).toBe('cry');
    expect(stem('shovelled')).toBe(stem('shovels'));
  });

  it('maps common irregular forms to their lemma (past-tense diary vs present-tense summary)', () => {
    expect(tokenize('we ate and swam')).toEqual(['eat', 'swim']);
    expect(tokenize('she eats, he swims')).toEqual(['eat', 'swim']);
    expect(tokenize('children')).toEqual(tokenize('child'));
  });

  it('handles mixed Chinese and English text', () => {
    expect(tokenize('在 beach 看夕陽 sunsets')).toEqual(expect.arrayContaining(['beach', '夕陽', 'sunset']));
  });

  it('is empty for empty, null and punctuation-only text', () => {
    expect(tokenize(null)).toEqual([]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('，。！?...')).toEqual([]);
  });
});

describe('unjoinedBigrams — the bigram backoff for words ICU leaves in characters', () => {
  it('joins neighbouring single characters, never across a stop character or a word', () => {
    expect(unjoinedBigrams('晚上懶得出門，叫了外送')).toEqual(['外送']);
    expect(unjoinedBigrams('狗在草地')).toEqual([]);
    expect(unjoinedBigrams('walked the dog')).toEqual([]);
  });
});

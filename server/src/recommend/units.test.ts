// The tokeniser bridge: Chinese words → dictionary senses → vectors, and English words → vectors.
import { describe, expect, it } from 'vitest';
import { HEAD_SIMILARITY, headOf, KEY_SIMILARITY, reasonOf, SHARED_HEAD_SIMILARITY, segmentHan, textUnits, unitSimilarity, type Unit } from './units.ts';

const units = (text: string) => textUnits(text).map((u) => `${u.text}${u.kind === 'name' ? '(name)' : ''}${u.weak ? '(weak)' : ''}`);
const one = (text: string): Unit => {
  const [u] = textUnits(text);
  if (!u) throw new Error(`no unit in ${text}`);
  return u;
};

describe('textUnits — cutting text into meaning units', () => {
  it('cuts Han text into dictionary words, dropping function words and fillers', () => {
    expect(units('黑色的狗在草地上奔跑')).toEqual(['黑色', '狗', '草地', '奔跑']);
    expect(units('一邊看書一邊喝茶')).not.toContain('一邊');
  });

  it('prefers the cut with fewer words and fewer stray characters (草地|上, not 草|地上)', () => {
    expect(segmentHan('草地上')).toEqual(['草地', '上']);
  });

  it('between two equally good cuts, takes the one whose boundaries ICU agrees with', () => {
    // Backward matching alone gives 打|開外|送餐|盒.
    expect(segmentHan('打開外送餐盒').slice(0, 2)).toEqual(['打開', '外送']);
  });

  it('turns an unknown run into names; nickname characters are weak, other characters stay words', () => {
    expect(units('和小黑去河邊')).toEqual(['小黑(name)', '小(weak)', '黑(weak)', '河邊']);
    expect(units('帶狗去')).toEqual(['帶狗(name)', '帶', '狗']);
    expect(units('只是小感冒')).toEqual(['小(weak)', '感冒']);
  });

  it('lower-cases and keeps English words, without stop words, numbers or fillers', () => {
    expect(units('We walked 3 DOGS by the River')).toEqual(['walked', 'dogs', 'river']);
  });

  it('keeps a Latin word apart from the Han text right after it (阿Kim打邊爐: kim, then 打邊爐)', () => {
    expect(units('同阿Kim打邊爐')).toContain('打邊爐');
    expect(units('同阿Kim打邊爐')).toContain('kim');
    expect(units('吃Pizza和咖啡')).toEqual(expect.arrayContaining(['pizza', '咖啡']));
  });

  it('is linear: a 100,000-character text is cut quickly', () => {
    const started = performance.now();
    expect(textUnits('早餐 '.repeat(33_000)).length).toBe(33_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('compound heads — a word and the kind of thing it names', () => {
  it('a word meets its final character, and two words with one final character meet more loosely', () => {
    expect(unitSimilarity(one('小狗'), one('狗'))).toBe(HEAD_SIMILARITY);
    expect(unitSimilarity(one('狗'), one('小狗'))).toBe(HEAD_SIMILARITY);
    expect(unitSimilarity(one('打蠟'), one('蠟'))).toBe(HEAD_SIMILARITY);
    expect(unitSimilarity(one('紅茶'), one('花茶'))).toBeGreaterThanOrEqual(SHARED_HEAD_SIMILARITY);
    expect(SHARED_HEAD_SIMILARITY).toBeLessThan(HEAD_SIMILARITY);
  });

  it('never by a suffix, a function character, a name or a non-final character', () => {
    expect(headOf(one('桌子'))).toBeUndefined();
    expect(unitSimilarity(one('桌子'), one('椅子'))).toBeLessThan(SHARED_HEAD_SIMILARITY);
    expect(unitSimilarity(one('狗'), one('狗屋'))).toBe(0);
    const [, weakBlack] = textUnits('和小黑去');
    expect(weakBlack!.weak).toBe(true);
    expect(headOf(weakBlack!)).toBeUndefined();
    expect(unitSimilarity(one('黑'), one('小黑'))).toBe(0);
  });
});

describe('unitSimilarity — the bridge', () => {
  it('equates synonyms through shared senses: 單車 ≈ 腳踏車 ≈ bike', () => {
    expect(unitSimilarity(one('單車'), one('腳踏車'))).toBe(KEY_SIMILARITY);
    expect(unitSimilarity(one('單車'), one('bike'))).toBe(KEY_SIMILARITY);
    expect(unitSimilarity(one('腳踏車'), one('bicycles'))).toBe(KEY_SIMILARITY);
  });

  it('Cantonese words meet by meaning, not by a dictionary note they share (瞓覺 ≈ 睡覺, but not 搵食)', () => {
    expect(unitSimilarity(one('瞓覺'), one('睡覺'))).toBe(KEY_SIMILARITY);
    expect(unitSimilarity(one('瞓覺'), one('sleep'))).toBe(KEY_SIMILARITY);
    // Both were glossed "Mandarin equivalent: …" and met through the word "equivalent".
    expect(unitSimilarity(one('瞓覺'), one('搵食'))).toBeLessThan(0.6);
  });

  it('translates single-character words across languages: 狗 ≈ dog', () => {
    expect(unitSimilarity(one('狗'), one('dog'))).toBe(KEY_SIMILARITY);
  });

  it('compares meanings through vectors, closer for related than unrelated words', () => {
    const dinner = one('晚餐');
    expect(unitSimilarity(dinner, one('supper'))).toBeGreaterThan(unitSimilarity(dinner, one('bicycle')) + 0.2);
    expect(unitSimilarity(one('jogging'), one('running'))).toBeGreaterThan(unitSimilarity(one('jogging'), one('cheese')) + 0.2);
    expect(unitSimilarity(one('sunset'), one('日落'))).toBe(KEY_SIMILARITY);
  });

  it('a name or a nickname character matches only itself', () => {
    const [name, small, black] = textUnits('和小黑去');
    expect(unitSimilarity(name!, one('小黑'))).toBe(1);
    expect(unitSimilarity(name!, one('小美'))).toBe(0);
    expect(unitSimilarity(black!, one('黑色'))).toBe(0);
    const [, smallInMei] = textUnits('和小美去');
    expect(unitSimilarity(small!, smallInMei!)).toBe(0);
  });

  it('a single Han character meets another Han word only as itself (叫 is not 喝)', () => {
    expect(unitSimilarity(one('叫'), one('喝'))).toBe(0);
    expect(unitSimilarity(one('狗'), one('狗'))).toBe(1);
  });

  it('shows a pair when the words differ and the word when they are the same', () => {
    expect(reasonOf(one('單車'), one('腳踏車'))).toBe('單車 ≈ 腳踏車');
    expect(reasonOf(one('公園'), one('公園'))).toBe('公園');
  });
});

import { describe, expect, it } from 'vitest';
import { DayVocabulary, meaningScores, pairValue, queryUnits, unitOverlap } from './meaning.ts';
import { reasonOf, textUnits, unitSimilarity } from './units.ts';

const events = ['男子騎腳踏車去市場', '黑色的狗在草地上奔跑', 'A family eats dinner at home', '夕陽落入海面', '小美在咖啡店喝咖啡', 'A man types at a desk'].map((t) =>
  textUnits(t),
);

describe('meaningScores', () => {
  it('agrees with the pairwise similarity for every event (the pruned dot products lose nothing above the threshold)', () => {
    const query = queryUnits(textUnits('下午騎單車，看到一隻狗，晚上吃晚餐看日落，和小黑喝咖啡 bike sunset dog'));
    const threshold = 0.6;
    const scores = meaningScores(query, new DayVocabulary(events), { threshold, softFloor: threshold, softWeight: 0 });
    events.forEach((units, e) => {
      // Each event unit counts once, for the query unit that values it most.
      const byEventUnit = new Map<number, number>();
      const n = events.length;
      for (const q of query) {
        const sims = (us: typeof units) => us.map((u) => unitSimilarity(q.unit, u));
        const best = (us: typeof units) => Math.max(0, ...sims(us));
        const df = events.filter((us) => best(us) >= threshold).length;
        const s = best(units);
        if (!df || s < threshold) continue;
        const at = sims(units).indexOf(s);
        const weight = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (1 + Math.log(q.count));
        const value = weight * ((s - threshold) / (1 - threshold)) + weight * 1e-3;
        byEventUnit.set(at, Math.max(byEventUnit.get(at) ?? 0, value));
      }
      const expected = [...byEventUnit.values()].reduce((a, b) => a + b, 0);
      expect(scores[e]!.score).toBeCloseTo(expected, 4);
    });
  });

  it('explains each contribution as the query word and the event word it met', () => {
    const [bike] = meaningScores(queryUnits(textUnits('騎單車')), new DayVocabulary(events), { threshold: 0.85, softFloor: 0.7, softWeight: 0 });
    expect(bike!.parts.map((p) => reasonOf(p.query, p.event))).toContain('單車 ≈ 腳踏車');
    expect(bike!.parts.every((p) => p.value > 0 && p.shown)).toBe(true);
  });

  it('counts an event word once, for the query word that meets it best (warmed and warm both reach warming)', () => {
    const day = [textUnits('A man is warming up by the fire'), textUnits('A man walks in the cold rain')];
    const m = { threshold: 0.85, softFloor: 0.7, softWeight: 0 };
    const once = meaningScores(queryUnits(textUnits('warmed')), new DayVocabulary(day), m)[0]!;
    const twice = meaningScores(queryUnits(textUnits('warmed up, warm and dry')), new DayVocabulary(day), m)[0]!;
    const warming = (s: typeof once) => s.parts.filter((p) => p.event.text.startsWith('warm'));
    expect(warming(once)).toHaveLength(1);
    expect(warming(twice)).toHaveLength(1);
    expect(warming(twice)[0]!.value).toBeCloseTo(Math.max(warming(once)[0]!.value, warming(twice)[0]!.value), 6);
  });

  it('weights rare connections above common ones (an IDF over matching events)', () => {
    const day = [textUnits('狗在公園'), textUnits('狗在家'), textUnits('狗在海邊'), textUnits('貓在公園')];
    const scores = meaningScores(queryUnits(textUnits('貓 狗')), new DayVocabulary(day), { threshold: 0.85, softFloor: 0.7, softWeight: 0 });
    expect(scores[3]!.score).toBeGreaterThan(scores[0]!.score);
  });

  it('bounds the query: repeats count, distinct units are capped', () => {
    const q = queryUnits(textUnits('公園 公園 公園 海邊'));
    expect(q.map((x) => [x.unit.text, x.count])).toEqual([['公園', 3], ['海邊', 1]]);
  });
});

describe('unitOverlap', () => {
  it('is high for two summaries of the same moment and low for different ones', () => {
    const a = textUnits('男子在公園遛狗');
    const same = unitOverlap(a, textUnits('男子牽著狗在公園散步'));
    expect(same).toBeGreaterThan(0.5);
    expect(unitOverlap(a, textUnits('女子在廚房煮飯'))).toBeLessThan(same - 0.15);
    expect(unitOverlap(a, a)).toBe(1);
  });
});

describe('related words (the soft band)', () => {
  const m = { threshold: 0.85, softFloor: 0.6, softWeight: 0.5 };

  it('pairValue rises continuously: nothing below the floor, softWeight at the threshold, about 1 at identity', () => {
    expect(pairValue(0.59, m)).toBe(0);
    expect(pairValue(0.6, m)).toBe(0);
    expect(pairValue(0.8, m)).toBeCloseTo(0.4, 6);
    expect(pairValue(0.85, m)).toBeCloseTo(0.5, 2);
    expect(pairValue(1, m)).toBeCloseTo(1, 2);
    expect(pairValue(0.8, { ...m, softWeight: 0 })).toBe(0);
    for (let s = 0.6; s < 1; s += 0.01) expect(pairValue(s + 0.01, m)).toBeGreaterThanOrEqual(pairValue(s, m));
  });

  it('a related word adds to the score but is not shown as a reason; a match is', () => {
    const day = ['甜點店裡的蛋糕', '男子在辦公室打字'].map((t) => textUnits(t));
    const [cake, office] = meaningScores(queryUnits(textUnits('甜點')), new DayVocabulary(day), m);
    expect(cake!.score).toBeGreaterThan(0);
    expect(cake!.parts.find((p) => reasonOf(p.query, p.event) === '甜點')!.shown).toBe(true);
    expect(office!.score).toBe(0);
    const [soft] = meaningScores(queryUnits(textUnits('甜點')), new DayVocabulary([textUnits('桌上有一塊蛋糕')]), m);
    const related = soft!.parts.find((p) => reasonOf(p.query, p.event) === '甜點 ≈ 蛋糕');
    expect(unitSimilarity(textUnits('甜點')[0]!, textUnits('蛋糕')[0]!)).toBeGreaterThan(0.6);
    expect(related).toMatchObject({ shown: false });
    expect(related!.value).toBeGreaterThan(0);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DATA_DIR,
  baselineRanker,
  evaluateRanking,
  evaluateRecommender,
  loadDays,
  precisionAt,
  recallAt,
  type BenchDay,
} from './recommend-quality.ts';

const event = (id: string, time: string, summary: string | null) => ({ id, time, duration: 60, action: null, scene: null, summary });

// Two tiny hand-made days whose metrics can be computed by hand.
const fixture: BenchDay[] = [
  {
    id: 'fx-en',
    lang: 'en',
    diary: 'sunset beach',
    // 12 events; picked: s1 s2 s3 (the two that match and one that does not)
    events: [
      event('s1', '18:00', 'sunset over the beach'),
      event('s2', '17:00', 'beach volleyball'),
      event('s3', '08:00', 'breakfast'),
      ...Array.from({ length: 9 }, (_, i) => event(`x${i}`, `1${i}:30`, `desk work ${i}`)),
    ],
    picked: ['s1', 's2', 's3'],
  },
  {
    id: 'fx-zh',
    lang: 'zh-Hant',
    diary: '夕陽',
    events: Array.from({ length: 12 }, (_, i) => event(`z${i}`, `${String(8 + i).padStart(2, '0')}:00`, i === 11 ? '海邊夕陽' : '打字')),
    picked: ['z0', 'z11'],
  },
];

describe('precision / recall', () => {
  it('computes precision@k and recall@k by hand', () => {
    const relevant = new Set(['a', 'b', 'c', 'd']);
    const ranked = ['a', 'x', 'b', 'y', 'z', 'c', 'q', 'r', 's', 't', 'd'];
    expect(precisionAt(ranked, relevant, 5)).toBeCloseTo(2 / 5);
    expect(precisionAt(ranked, relevant, 10)).toBeCloseTo(3 / 10);
    expect(recallAt(ranked, relevant, 10)).toBeCloseTo(3 / 4);
    expect(precisionAt(['a'], relevant, 10)).toBeCloseTo(1 / 10); // short lists count missing slots as misses
    expect(recallAt(ranked, new Set(), 10)).toBe(0);
    expect(precisionAt(ranked, relevant, 0)).toBe(0);
  });

  it('averages per language over days (macro average)', () => {
    const byFixedList = evaluateRanking(fixture, (day) => (day.lang === 'en' ? ['s1', 'x0', 's3', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 's2'] : ['z11']));
    expect(byFixedList.en).toEqual({ days: 1, precisionAt5: 2 / 5, precisionAt10: 3 / 10, recallAt10: 1 });
    expect(byFixedList['zh-Hant']).toEqual({ days: 1, precisionAt5: 1 / 5, precisionAt10: 1 / 10, recallAt10: 1 / 2 });
  });

  it('the baseline ranks by whitespace BM25 over summaries, ties in day order', () => {
    const [en, zh] = fixture;
    expect(baselineRanker()(en!).slice(0, 3)).toEqual(['s1', 's2', 's3']);
    // "海邊夕陽" is one whitespace token, so the baseline cannot find 夕陽 in it: day order.
    expect(baselineRanker()(zh!)).toEqual(['z0', 'z1', 'z2', 'z3', 'z4', 'z5', 'z6', 'z7', 'z8', 'z9']);
  });

  describe('evaluateRecommender on a fixture directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recq-'));
    for (const day of fixture) fs.writeFileSync(path.join(dir, `${day.id}.json`), JSON.stringify(day));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports both rankers per language', () => {
      const { perLanguage } = evaluateRecommender(dir);
      expect(Object.keys(perLanguage).sort()).toEqual(['en', 'zh-Hant']);
      // Baseline, by hand: en top 10 = s1, s2, then day order s3, x0..x6 → 3 picked in 10.
      expect(perLanguage.en).toMatchObject({ days: 1, baselinePrecisionAt10: 3 / 10, baselineRecallAt10: 1, baselinePrecisionAt5: 3 / 5 });
      // zh baseline: z0..z9 → z0 only.
      expect(perLanguage['zh-Hant']).toMatchObject({ baselinePrecisionAt10: 1 / 10, baselineRecallAt10: 1 / 2, baselinePrecisionAt5: 1 / 5 });
      // Dayreel finds 夕陽 inside 海邊夕陽 and puts it first.
      expect(perLanguage['zh-Hant']!.precisionAt5).toBeGreaterThanOrEqual(1 / 5);
      expect(perLanguage['zh-Hant']!.matchedAt10).toBe(1);
    });
  });
});

describe('the labelled set', () => {
  const days = loadDays(DEFAULT_DATA_DIR);

  it('has at least 12 well-formed days per language', () => {
    const byLang = new Map<string, number>();
    for (const day of days) {
      byLang.set(day.lang, (byLang.get(day.lang) ?? 0) + 1);
      expect(day.events.length).toBeGreaterThanOrEqual(15);
      expect(day.events.length).toBeLessThanOrEqual(40);
      expect(day.picked.length).toBeGreaterThanOrEqual(5);
      expect(day.picked.length).toBeLessThanOrEqual(12);
      const ids = new Set(day.events.map((e) => e.id));
      expect(ids.size).toBe(day.events.length);
      for (const id of day.picked) expect(ids.has(id)).toBe(true);
      expect(day.diary.length).toBeGreaterThan(50);
    }
    expect(byLang.get('en')).toBeGreaterThanOrEqual(12);
    expect(byLang.get('zh-Hant')).toBeGreaterThanOrEqual(12);
  });

  it('Dayreel beats the baseline on precision@10 in both languages', () => {
    const { perLanguage } = evaluateRecommender();
    for (const lang of ['en', 'zh-Hant']) {
      const r = perLanguage[lang]!;
      expect(r.precisionAt10, lang).toBeGreaterThan(r.baselinePrecisionAt10);
      expect(r.recallAt10, lang).toBeGreaterThan(r.baselineRecallAt10);
    }
    // Segmentation is the big win for Chinese.
    expect(perLanguage['zh-Hant']!.precisionAt10 - perLanguage['zh-Hant']!.baselinePrecisionAt10).toBeGreaterThan(0.2);
  });
});

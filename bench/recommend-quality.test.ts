// The labelled days parse, the split is fixed, and the metrics compute what they claim on days
// small enough to check by hand. (The held-out figures themselves come from the bench.)
import { describe, expect, it } from 'vitest';
import { groupOf, kOf, loadLabelledDays, nearDuplicatePairs, parseDays, precisionAtK, relevantMoments } from './recommend-days.ts';
import { baselineRanker, bootstrapMean, evaluate, segmenterWords } from './recommend-quality.ts';

const SAMPLE = `
## fx-1
lang: en
split: tune
person: test
diary: walked the dog by the river, then pizza
events:
*~a 09:00 10 walking | river | A man walks a dog by the river
*~a 09:12 10 walking | river | A dog runs along the river
12:00 30 working | office | A man types at a desk
* 19:00 30 eating | kitchen | A family eats pizza
18:00 10 reading | sofa | A man reads about river pollution

## fx-2
lang: zh-Hant
split: heldout
person: test
diary:
events:
* 10:00 60 慶生 | 餐廳 | 朋友們為他慶生
08:00 60 工作 | 辦公室 | 男子打字
`;

describe('labelled days', () => {
  it('parse: ids by line, relevance, near-duplicate groups, minutes to seconds, empty diary', () => {
    const [a, b] = parseDays(SAMPLE, 'sample');
    expect(a!.events.map((e) => e.id)).toEqual(['fx-1-e01', 'fx-1-e02', 'fx-1-e03', 'fx-1-e04', 'fx-1-e05']);
    expect(a!.events[0]).toMatchObject({ relevant: true, group: 'a', time: '09:00', duration: 600, action: 'walking', scene: 'river' });
    expect(a!.events[2]).toMatchObject({ relevant: false, group: null });
    expect(b).toMatchObject({ lang: 'zh-Hant', split: 'heldout', diary: '' });
    expect(groupOf(b!)).toBe('no diary (zh-Hant)');
    expect(() => parseDays('## x\nlang: fr\n')).toThrow(/lang/);
    expect(() => parseDays('## x\nevents:\nnot an event\n')).toThrow(/not an event line/);
  });

  it('a near-duplicate group is one moment; k = min(10, moments)', () => {
    const [a] = parseDays(SAMPLE);
    expect(relevantMoments(a!)).toBe(2);
    expect(kOf(a!)).toBe(2);
  });

  it('precision@k counts one pick per group, and pairs of one group are counted', () => {
    const [a] = parseDays(SAMPLE);
    expect(precisionAtK(a!, ['fx-1-e01', 'fx-1-e04'])).toBe(1);
    expect(precisionAtK(a!, ['fx-1-e01', 'fx-1-e02'])).toBe(0.5);
    expect(precisionAtK(a!, ['fx-1-e05', 'fx-1-e03'])).toBe(0);
    expect(nearDuplicatePairs(a!, ['fx-1-e01', 'fx-1-e02', 'fx-1-e04'], 2)).toBe(1);
    expect(nearDuplicatePairs(a!, ['fx-1-e01', 'fx-1-e04', 'fx-1-e02'], 2)).toBe(0);
  });

  it('the committed set: ≥ 40 days in every kind, split into tuning and held-out parts', () => {
    const days = loadLabelledDays();
    expect(days.length).toBeGreaterThanOrEqual(40);
    expect(new Set(days.map((d) => d.id)).size).toBe(days.length);
    for (const group of ['zh-Hant', 'en', 'mixed', 'no diary (zh-Hant)', 'no diary (en)']) {
      for (const split of ['tune', 'heldout']) expect(days.filter((d) => groupOf(d) === group && d.split === split).length).toBeGreaterThanOrEqual(2);
    }
    for (const d of days) {
      expect(relevantMoments(d)).toBeGreaterThan(0);
      expect(d.events.length).toBeGreaterThanOrEqual(8);
    }
  });
});

describe('rankers and statistics', () => {
  it('the baseline is BM25 over Intl.Segmenter words: it finds shared words, nothing else', () => {
    expect(segmenterWords('Walked the DOG')).toEqual(['walked', 'the', 'dog']);
    const [a, b] = parseDays(SAMPLE);
    const ranked = baselineRanker()(a!);
    expect(ranked.slice(0, 3)).toContain('fx-1-e01');
    expect(ranked.indexOf('fx-1-e05')).toBeLessThan(ranked.indexOf('fx-1-e03')); // "river" shared, meaning not
    expect(baselineRanker()(b!)).toEqual(['fx-2-e01', 'fx-2-e02']); // no diary: day order
  });

  it('bootstrap intervals are deterministic and contain the mean', () => {
    const xs = [0.5, 1, 0.75, 0.25, 1, 0.5];
    const [lo, hi] = bootstrapMean(xs);
    expect(bootstrapMean(xs)).toEqual([lo, hi]);
    expect(lo).toBeLessThanOrEqual(0.667);
    expect(hi).toBeGreaterThanOrEqual(0.667);
    expect(bootstrapMean([0.4, 0.4])).toEqual([0.4, 0.4]);
  });

  it('evaluates one split at a time, per group and over all its days', () => {
    const days = parseDays(SAMPLE);
    const r = evaluate('tune', undefined, days);
    expect(Object.keys(r.groups)).toEqual(['en', 'all days']);
    expect(r.groups['en']!.days).toBe(1);
    expect(r.groups['en']!.duplicatePairsAtK).toBe(0);
    expect(r.groups['en']!.precision).toBe(1);
  });
});

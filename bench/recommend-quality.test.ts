// The labelled days parse, the split is fixed, and the metrics compute what they claim on days
// small enough to check by hand. (The held-out figures themselves come from the bench.)
import { describe, expect, it } from 'vitest';
import { daysOf, groupOf, kOf, loadLabelledDays, nearDuplicatePairs, parseDays, precisionAtK, relevantMoments } from './recommend-days.ts';
import { evaluateTargets } from './report.ts';
import { baselineRanker, bootstrapMean, evaluate, formatQuality, segmenterWords } from './recommend-quality.ts';

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
    expect(b).toMatchObject({ lang: 'zh-Hant', split: 'heldout', diary: '', round: 1 });
    expect(groupOf(b!)).toBe('no diary');
    expect(parseDays(SAMPLE, 'sample', 2)[0]!.round).toBe(2);
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

  it('the committed set: round 1 (44 tuning days) in every kind, round 2 (30 held-out days) counted only', () => {
    const round1 = loadLabelledDays();
    expect(round1.length).toBe(44);
    expect(round1.every((d) => d.round === 1 && !d.file.startsWith('round2'))).toBe(true);
    for (const group of ['zh-Hant', 'en', 'mixed', 'no diary']) expect(round1.filter((d) => groupOf(d) === group).length).toBeGreaterThanOrEqual(4);
    for (const d of round1) {
      expect(relevantMoments(d)).toBeGreaterThan(0);
      expect(d.events.length).toBeGreaterThanOrEqual(8);
    }
    // Round 2 is the held-out set: only its shape is checked here, never a score.
    const round2 = loadLabelledDays([2]);
    const counts = (file: string) => round2.filter((d) => d.file === `round2/${file}`).length;
    expect([counts('zh-Hant.txt'), counts('en.txt'), counts('mixed.txt'), counts('no-diary.txt')]).toEqual([12, 8, 6, 4]);
    expect(round2.every((d) => d.round === 2 && d.split === 'heldout')).toBe(true);
    const all = [...round1, ...round2];
    expect(all.length).toBe(74);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(daysOf('tune', all)).toEqual(round1);
    expect(daysOf('heldout', all)).toEqual(round2);
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

  it('evaluates one set at a time (tune: round 1, heldout: round 2), per group and over all its days', () => {
    const days = [...parseDays(SAMPLE), ...parseDays(SAMPLE.replaceAll('fx-', 'r2-'), 'round2/sample', 2)];
    const r = evaluate('tune', undefined, days);
    expect(Object.keys(r.groups)).toEqual(['en', 'no diary', 'all days']);
    expect(r.groups['en']!.days).toBe(1);
    expect(r.groups['en']!.duplicatePairsAtK).toBe(0);
    expect(r.groups['en']!.precision).toBe(1);
    const h = evaluate('heldout', undefined, days);
    expect(h.groups['all days']!.perDay.map((d) => d.id)).toEqual(['r2-1', 'r2-2']);
    expect(formatQuality(h)).toContain('held-out days (round 2)');
    // The bench's targets come from the held-out report: precision per language, pairs, gain.
    const targets = evaluateTargets({ recommend: { heldout: h, data: {} as never, latency: { warmDiaryMs: { p50: 5, p95: 9, max: 9 }, loadAverage: 1 } as never, markdown: '', method: '' } });
    expect(targets.map((t) => t.target)).toEqual([
      'held-out precision@k ≥ 0.75',
      'held-out near-duplicate pairs both picked (top k) = 0',
      'held-out gain over Intl.Segmenter BM25 ≥ 0.15',
      'per request ≤ 20 ms, 200 events (p50, features cached)',
      'per request ≤ 20 ms, 200 events (p95, features cached)',
    ]);
    expect(targets[0]!.scope).toMatch(/^en, 1 round-2 days/);
  });
});

// The labelled days parse, the split is fixed, and the metrics compute what they claim on days
// small enough to check by hand. (The held-out figures themselves come from the bench.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysOf, groupOf, heldoutRound, kOf, loadLabelledDays, nearDuplicatePairs, parseDays, precisionAtK, presentRounds, relevantMoments, roundDir, roundsOf, tuningRounds } from './recommend-days.ts';
import { evaluateTargets } from './report.ts';
import { baselineRanker, bootstrapMean, evaluate, formatMisses, formatQuality, segmenterWords } from './recommend-quality.ts';

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

  it('rounds: round 1 is the top folder, round n is round<n>/; the highest present is held out, the rest tune', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-'));
    fs.mkdirSync(path.join(dir, 'round2'));
    fs.mkdirSync(path.join(dir, 'round10'));
    fs.mkdirSync(path.join(dir, 'roundabout'));
    fs.writeFileSync(path.join(dir, 'round3'), 'a file, not a round');
    expect(presentRounds(dir)).toEqual([1, 2, 10]);
    expect(heldoutRound(dir)).toBe(10);
    expect(tuningRounds(dir)).toEqual([1, 2]);
    expect(roundDir(1)).toBe('.');
    expect(roundDir(3)).toBe('round3');
    expect(roundsOf('tune', 3)).toEqual([1, 2]);
    expect(roundsOf('heldout', 3)).toEqual([3]);
    fs.rmSync(dir, { recursive: true });
  });

  it('the committed set: rounds 1–13 (404 tuning days) in every kind, round 14 (30 held-out days) counted only', () => {
    expect(presentRounds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(tuningRounds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const tuning = loadLabelledDays();
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((r) => tuning.filter((d) => d.round === r).length)).toEqual([44, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]);
    expect(tuning.every((d) => (d.round === 1 ? !d.file.startsWith('round') : d.file.startsWith(`round${d.round}/`)))).toBe(true);
    for (const group of ['zh-Hant', 'en', 'mixed', 'no diary']) expect(tuning.filter((d) => groupOf(d) === group).length).toBeGreaterThanOrEqual(8);
    for (const d of tuning) {
      expect(relevantMoments(d)).toBeGreaterThan(0);
      expect(d.events.length).toBeGreaterThanOrEqual(8);
    }
    // Round 14 is the held-out set: only its shape is checked here, never a score.
    const round14 = loadLabelledDays([14]);
    const counts = (file: string) => round14.filter((d) => d.file === `round14/${file}`).length;
    expect([counts('zh-Hant.txt'), counts('en.txt'), counts('mixed.txt'), counts('no-diary.txt')]).toEqual([12, 8, 6, 4]);
    expect(round14.every((d) => d.round === 14)).toBe(true);
    const all = [...tuning, ...round14];
    expect(all.length).toBe(434);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(daysOf('tune', all)).toEqual(tuning);
    expect(daysOf('heldout', all)).toEqual(round14);
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

  it('misses: per day, the picks of the top k and the relevant moments it left out', () => {
    const [a] = parseDays(SAMPLE);
    const text = formatMisses([a!], () => ['fx-1-e05', 'fx-1-e01', 'fx-1-e02']);
    expect(text).toContain('fx-1 (en, round 1) P@2 50.0 %');
    expect(text).toMatch(/picked:\n {4}e05 {5}18:00 reading[^\n]*\n {4}e01 \*~a 09:00/);
    // e02 is in e01's group, so only the pizza is missed.
    expect(text).toMatch(/missed:\n {4}e04 \* {3}19:00 eating/);
    expect(text).not.toContain('missed:\n    e02');
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
    const r = evaluate('tune', undefined, days, 2);
    expect(Object.keys(r.groups)).toEqual(['en', 'no diary', 'all days']);
    expect(r.groups['en']!.days).toBe(1);
    expect(r.groups['en']!.duplicatePairsAtK).toBe(0);
    expect(r.groups['en']!.precision).toBe(1);
    const h = evaluate('heldout', undefined, days, 2);
    expect(h.rounds).toEqual([2]);
    expect(h.groups['all days']!.perDay.map((d) => d.id)).toEqual(['r2-1', 'r2-2']);
    expect(formatQuality(h)).toContain('held-out days (round 2)');
    expect(formatQuality(r)).toContain('tuning days (round 1, 2 days)');
    // One tuning round alone, out of several.
    const three = [...days, ...parseDays(SAMPLE.replaceAll('fx-', 'r3-'), 'round3/sample', 3)];
    expect(evaluate('tune', undefined, three, 3, [2]).groups['all days']!.perDay.map((d) => d.id)).toEqual(['r2-1', 'r2-2']);
    expect(evaluate('tune', undefined, three, 3).rounds).toEqual([1, 2]);
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

// A small grid over the recommender's main knobs, scored on the TUNING days only (every round
// below the held-out one; the held-out round is never read): npx tsx bench/recommend-tune.ts
// Prints the best settings (fewest near-duplicate pairs, then P@k over all days) and where the
// current DEFAULT_TUNING stands, with P@k per group.
//   npx tsx bench/recommend-tune.ts --duplicates    the near-duplicate rule's knobs instead
//   npx tsx bench/recommend-tune.ts --dayparts      the diary's times of day (dayparts.ts) instead
//   npx tsx bench/recommend-tune.ts --screens       what a match in an event showing a screen counts (screens.ts)
//   npx tsx bench/recommend-tune.ts --answered      what a diary word already answered by a pick counts (and the repeat factor)
import { DEFAULT_TUNING, type RecommendTuning } from '../server/src/recommend/recommend.ts';
import { loadLabelledDays, tuningRounds } from './recommend-days.ts';
import { evaluate } from './recommend-quality.ts';

const days = loadLabelledDays(tuningRounds());
const rows: Array<{ name: string; all: number; groups: string; duplicates: number; current: boolean }> = [];
function score(name: string, t: RecommendTuning, current: boolean) {
  const r = evaluate('tune', t, days);
  rows.push({
    name,
    all: r.groups['all days']!.precision,
    duplicates: r.groups['all days']!.duplicatePairsAtK,
    groups: Object.entries(r.groups).map(([g, x]) => `${g} ${(x.precision * 100).toFixed(1)}`).join(', '),
    current,
  });
}
const d = DEFAULT_TUNING.duplicates;
if (process.argv.includes('--duplicates')) {
  const grid = {
    repeatedShotOverlap: [0.8, 0.9, 2],
    novelAnswers: [2, 3],
    sameSceneGapMinutes: [10, 45, 60, 90],
    sameSceneOverlap: [0, 0.4],
    nextGapMinutes: [-1, 5],
    nextOverlap: [0.45],
  };
  for (const repeatedShotOverlap of grid.repeatedShotOverlap) for (const novelAnswers of grid.novelAnswers) for (const sameSceneGapMinutes of grid.sameSceneGapMinutes) for (const sameSceneOverlap of grid.sameSceneOverlap) for (const nextGapMinutes of grid.nextGapMinutes) for (const nextOverlap of grid.nextOverlap) {
    if (nextGapMinutes < 0 && nextOverlap !== grid.nextOverlap[0]) continue;
    const knobs = { repeatedShotOverlap, novelAnswers, sameSceneGapMinutes, sameSceneOverlap, nextGapMinutes, nextOverlap };
    const current = Object.entries(knobs).every(([k, v]) => d[k as keyof typeof knobs] === v || (k === 'nextOverlap' && nextGapMinutes < 0 && d.nextGapMinutes < 0));
    score(Object.entries(knobs).map(([k, v]) => `${k} ${v}`).join(', '), { ...DEFAULT_TUNING, duplicates: { ...d, ...knobs } }, current);
  }
} else if (process.argv.includes('--answered')) {
  for (const answeredFactor of [1, 0.6, 0.4, 0.3, 0.2, 0.1, 0]) for (const repeatFactor of [0.5, 1]) {
    const current = answeredFactor === DEFAULT_TUNING.answeredFactor && repeatFactor === d.repeatFactor;
    score(`answeredFactor ${answeredFactor}, repeatFactor ${repeatFactor}`, { ...DEFAULT_TUNING, answeredFactor, duplicates: { ...d, repeatFactor } }, current);
  }
} else if (process.argv.includes('--screens')) {
  for (const screenFactor of [1, 0.7, 0.5, 0.3, 0.1]) score(`screen factor ${screenFactor}`, { ...DEFAULT_TUNING, screenFactor }, screenFactor === DEFAULT_TUNING.screenFactor);
} else if (process.argv.includes('--dayparts')) {
  for (const factor of [1, 0.7, 0.5, 0.3]) {
    for (const slack of [30, 60, 120]) {
      if (factor === 1 && slack !== DEFAULT_TUNING.dayparts.slack) continue;
      const dayparts = { factor, slack };
      const current = factor === DEFAULT_TUNING.dayparts.factor && (factor === 1 || slack === DEFAULT_TUNING.dayparts.slack);
      score(`dayparts factor ${factor}, slack ${slack}`, { ...DEFAULT_TUNING, dayparts }, current);
    }
  }
} else for (const meaningThreshold of [0.8, 0.85]) {
  for (const lexicalWeight of [0.5, 0.65, 0.8]) {
    for (const [softFloor, softWeight] of [[0.7, 0], [0.55, 0.25], [0.55, 0.5], [0.6, 0.25], [0.6, 0.5], [0.65, 0.25], [0.65, 0.5], [0.7, 0.5]] as const) {
      const t: RecommendTuning = { ...DEFAULT_TUNING, meaningThreshold, lexicalWeight, softFloor, softWeight };
      const current = meaningThreshold === DEFAULT_TUNING.meaningThreshold && lexicalWeight === DEFAULT_TUNING.lexicalWeight && softFloor === DEFAULT_TUNING.softFloor && softWeight === DEFAULT_TUNING.softWeight;
      score(`threshold ${meaningThreshold}, lexical ${lexicalWeight}, soft floor ${softFloor}, soft weight ${softWeight}`, t, current);
    }
  }
}
// Fewest near-duplicate pairs first (the target is none), then precision.
rows.sort((a, b) => a.duplicates - b.duplicates || b.all - a.all);
const line = (r: (typeof rows)[number]) => `${(r.all * 100).toFixed(1)} % | near-dup pairs ${r.duplicates} | ${r.name} | ${r.groups}`;
for (const r of rows.slice(0, 15)) console.log(line(r));
const current = rows.find((r) => r.current);
if (current) console.log(`\ncurrent DEFAULT_TUNING (rank ${rows.indexOf(current) + 1} of ${rows.length}): ${line(current)}`);

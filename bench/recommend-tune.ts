// A small grid over the recommender's main knobs, scored on the TUNING days only (all round-1
// days; round 2 is never read): npx tsx bench/recommend-tune.ts
import { DEFAULT_TUNING, type RecommendTuning } from '../server/src/recommend/recommend.ts';
import { loadLabelledDays } from './recommend-days.ts';
import { evaluate } from './recommend-quality.ts';

const days = loadLabelledDays([1]);
const rows: Array<{ name: string; all: number; groups: string; duplicates: number }> = [];
for (const meaningThreshold of [0.75, 0.8, 0.85]) {
  for (const lexicalWeight of [0.35, 0.5, 0.65, 0.8]) {
    for (const sameLabelsOverlap of [0.25, 0.35, 0.45, 0.5]) {
      const t: RecommendTuning = { ...DEFAULT_TUNING, meaningThreshold, lexicalWeight, duplicates: { ...DEFAULT_TUNING.duplicates, sameLabelsOverlap } };
      const r = evaluate('tune', t, days);
      rows.push({
        name: `threshold ${meaningThreshold}, lexical ${lexicalWeight}, same-label overlap ${sameLabelsOverlap}`,
        all: r.groups['all days']!.precision,
        duplicates: r.groups['all days']!.duplicatePairsAtK,
        groups: Object.entries(r.groups).map(([g, x]) => `${g} ${(x.precision * 100).toFixed(0)}`).join(', '),
      });
    }
  }
}
// Fewest near-duplicate pairs first (the target is none), then precision.
rows.sort((a, b) => a.duplicates - b.duplicates || b.all - a.all);
for (const r of rows.slice(0, 15)) console.log(`${(r.all * 100).toFixed(1)} % | near-dup pairs ${r.duplicates} | ${r.name} | ${r.groups}`);

// A small grid over the recommender's main knobs, scored on the TUNING days only (every round
// below the held-out one; the held-out round is never read): npx tsx bench/recommend-tune.ts
// Prints the best settings (fewest near-duplicate pairs, then P@k over all days) and where the
// current DEFAULT_TUNING stands, with P@k per group.
import { DEFAULT_TUNING, type RecommendTuning } from '../server/src/recommend/recommend.ts';
import { loadLabelledDays, tuningRounds } from './recommend-days.ts';
import { evaluate } from './recommend-quality.ts';

const days = loadLabelledDays(tuningRounds());
const rows: Array<{ name: string; all: number; groups: string; duplicates: number; current: boolean }> = [];
for (const meaningThreshold of [0.8, 0.85]) {
  for (const lexicalWeight of [0.5, 0.65, 0.8]) {
    for (const [softFloor, softWeight] of [[0.7, 0], [0.55, 0.25], [0.55, 0.5], [0.6, 0.25], [0.6, 0.5], [0.65, 0.25], [0.65, 0.5], [0.7, 0.5]] as const) {
      const t: RecommendTuning = { ...DEFAULT_TUNING, meaningThreshold, lexicalWeight, softFloor, softWeight };
      const r = evaluate('tune', t, days);
      const current = meaningThreshold === DEFAULT_TUNING.meaningThreshold && lexicalWeight === DEFAULT_TUNING.lexicalWeight && softFloor === DEFAULT_TUNING.softFloor && softWeight === DEFAULT_TUNING.softWeight;
      rows.push({
        name: `threshold ${meaningThreshold}, lexical ${lexicalWeight}, soft floor ${softFloor}, soft weight ${softWeight}`,
        all: r.groups['all days']!.precision,
        duplicates: r.groups['all days']!.duplicatePairsAtK,
        groups: Object.entries(r.groups).map(([g, x]) => `${g} ${(x.precision * 100).toFixed(1)}`).join(', '),
        current,
      });
    }
  }
}
// Fewest near-duplicate pairs first (the target is none), then precision.
rows.sort((a, b) => a.duplicates - b.duplicates || b.all - a.all);
const line = (r: (typeof rows)[number]) => `${(r.all * 100).toFixed(1)} % | near-dup pairs ${r.duplicates} | ${r.name} | ${r.groups}`;
for (const r of rows.slice(0, 15)) console.log(line(r));
const current = rows.find((r) => r.current);
if (current) console.log(`\ncurrent DEFAULT_TUNING (rank ${rows.indexOf(current) + 1} of ${rows.length}): ${line(current)}`);

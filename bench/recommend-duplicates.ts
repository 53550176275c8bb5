// How the recommender's near-duplicate rule (server/src/recommend/duplicates.ts) agrees with the
// labellers' groups on the tuning days: every pair of events of a day is one of
//   - grouped: one `~g` group (the labellers' "same activity, same place, minutes apart");
//   - kept apart: both `*` and not in one group — separate moments the labellers both wanted;
//   - other: anything else (at least one is not a `*` moment, and no group joins them).
// The rule should merge every grouped pair and no kept-apart pair (merging one of those can drop
// a wanted moment). Merged "other" pairs are listed too: they cost only when the lost event
// was the better pick.
//
//   npx tsx bench/recommend-duplicates.ts            counts per tuning round, and the wrong merges
//   npx tsx bench/recommend-duplicates.ts --pairs    also every pair of a day ≤ 30 minutes apart
//   npx tsx bench/recommend-duplicates.ts --picked   also the grouped pairs the recommender picks both of (top k)
//
// Tuning rounds only (the held-out round is never read here).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gapMinutes, isNearDuplicate, summaryOverlap, type DuplicateTuning, type TimedFeatures } from '../server/src/recommend/duplicates.ts';
import { eventFeatures } from '../server/src/recommend/features.ts';
import { DEFAULT_TUNING } from '../server/src/recommend/recommend.ts';
import { kOf, loadLabelledDays, roundsOf, type LabelledDay, type LabelledEvent } from './recommend-days.ts';
import { dayreelRanker, toRecommendable } from './recommend-quality.ts';

export type PairKind = 'grouped' | 'kept apart' | 'other';

export interface DayPair {
  day: LabelledDay;
  a: LabelledEvent;
  b: LabelledEvent;
  kind: PairKind;
  gap: number;
  overlap: number;
  merged: boolean;
}

export function pairKind(a: LabelledEvent, b: LabelledEvent): PairKind {
  if (a.group !== null && a.group === b.group) return 'grouped';
  return a.relevant && b.relevant ? 'kept apart' : 'other';
}

/** Every pair of events of each day, with what the rule says about it. */
export function dayPairs(days: readonly LabelledDay[], t: DuplicateTuning = DEFAULT_TUNING.duplicates): DayPair[] {
  const out: DayPair[] = [];
  for (const day of days) {
    const timed: TimedFeatures[] = toRecommendable(day).map((event) => ({ event, features: eventFeatures(event) }));
    for (let i = 0; i < timed.length; i++) {
      for (let j = i + 1; j < timed.length; j++) {
        const [x, y] = [timed[i]!, timed[j]!];
        out.push({
          day,
          a: day.events[i]!,
          b: day.events[j]!,
          kind: pairKind(day.events[i]!, day.events[j]!),
          gap: gapMinutes(x.event, y.event),
          overlap: summaryOverlap(x.features, y.features),
          merged: isNearDuplicate(x, y, t),
        });
      }
    }
  }
  return out;
}

export interface Agreement {
  grouped: number;
  groupedMerged: number;
  keptApart: number;
  keptApartMerged: number;
  otherMerged: number;
}

export function agreement(pairs: readonly DayPair[]): Agreement {
  const count = (kind: PairKind, merged?: boolean) => pairs.filter((p) => p.kind === kind && (merged === undefined || p.merged === merged)).length;
  return {
    grouped: count('grouped'),
    groupedMerged: count('grouped', true),
    keptApart: count('kept apart'),
    keptApartMerged: count('kept apart', true),
    otherMerged: count('other', true),
  };
}

const line = (e: LabelledEvent) => `${e.relevant ? '*' : ' '}${e.group ? `~${e.group}` : '  '} ${e.time} ${Math.round(e.duration / 60)}min ${e.action} | ${e.scene} | ${e.summary}`;

export function formatPair(p: DayPair): string {
  return `  ${p.day.id} [${p.kind}${p.merged ? ', merged' : ''}] gap ${p.gap.toFixed(0)} min, summary overlap ${p.overlap.toFixed(2)}\n    ${line(p.a)}\n    ${line(p.b)}`;
}

export function formatAgreement(name: string, a: Agreement): string {
  return `${name}: grouped pairs merged ${a.groupedMerged} / ${a.grouped}; kept-apart pairs merged (wrong) ${a.keptApartMerged} / ${a.keptApart}; other pairs merged ${a.otherMerged}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rounds = roundsOf('tune');
  const days = loadLabelledDays(rounds);
  // For comparison: the rule without its adjacent-event clause (same scene or same action), as it was up to round 3.
  const before = agreement(dayPairs(days, { ...DEFAULT_TUNING.duplicates, adjacentGapMinutes: -1 }));
  console.log(formatAgreement(`rounds ${rounds.join(', ')}, without the adjacent clause`, before));
  const pairs = dayPairs(days);
  for (const r of rounds) console.log(formatAgreement(`round ${r}`, agreement(pairs.filter((p) => p.day.round === r))));
  console.log(formatAgreement(`rounds ${rounds.join(', ')}`, agreement(pairs)));
  const show = (title: string, list: DayPair[]) => list.length && console.log(`\n${title}:\n${list.map(formatPair).join('\n')}`);
  show('grouped pairs not merged', pairs.filter((p) => p.kind === 'grouped' && !p.merged));
  show('kept-apart pairs merged (wrong)', pairs.filter((p) => p.kind === 'kept apart' && p.merged));
  show('other pairs merged', pairs.filter((p) => p.kind === 'other' && p.merged));
  if (process.argv.includes('--picked')) {
    const rank = dayreelRanker();
    const topK = new Map(days.map((d) => [d.id, new Set(rank(d).slice(0, kOf(d)))]));
    show('grouped pairs both picked in the top k', pairs.filter((p) => p.kind === 'grouped' && topK.get(p.day.id)!.has(p.a.id) && topK.get(p.day.id)!.has(p.b.id)));
  }
  if (process.argv.includes('--pairs')) show('every pair ≤ 30 minutes apart', pairs.filter((p) => p.gap <= 30));
}

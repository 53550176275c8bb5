// Near-duplicates: two events that show the same activity in the same place minutes apart (a
// camera that split one walk into two clips). Pure; the selection keeps the better of each pair.
import type { EventFeatures, RecommendableEvent } from './features.ts';
import { unitOverlap } from './meaning.ts';

export interface DuplicateTuning {
  /** Events further apart than this (end of one to start of the other) are never duplicates. */
  maxGapMinutes: number;
  /**
   * Same action and scene this close (minutes): one activity the camera split into clips,
   * whatever the summaries say (each clip describes a different instant of it).
   */
  sameLabelsGapMinutes: number;
  /**
   * Looser evidence of one moment (isOneMoment), kept apart only when the diary tells of each
   * event separately: same action and scene up to this far apart (one activity resumed after a
   * break: studying in the library before and after lunch) …
   */
  resumedGapMinutes: number;
  /**
   * … or a similar scene (similarScene) with another action this close (minutes, end to start)
   * and summaries agreeing at least sameSceneOverlap (a picnic, then the children playing on the
   * same lawn).
   */
  sameSceneGapMinutes: number;
  sameSceneOverlap: number;
  /**
   * … or, whatever the labels, right after (minutes, end to start) with summaries agreeing at least
   * nextOverlap (unlocking shared bikes on the street, then riding them in the bike lane).
   */
  nextGapMinutes: number;
  nextOverlap: number;
  /** Words of the diary an event must answer that the other did not, to stand apart from it as its own moment. */
  novelAnswers: number;
  /**
   * Same scene with another action, or same action in another scene, this close (minutes, end to
   * start): one moment told in two clips (brunch, then talking over it, in the same café; carrying
   * a wardrobe down the stairs, then out of the door) — when the summaries agree this much.
   */
  adjacentGapMinutes: number;
  adjacentOverlap: number;
  /**
   * Same action and scene and summaries agreeing this much, at any distance: the same thing shown
   * again (the day's third "a woman rides a train") adds nothing to a vlog.
   */
  repeatedShotOverlap: number;
  /** Summary overlap that makes a duplicate when action and scene are the same. */
  sameLabelsOverlap: number;
  /** Summary overlap that makes a duplicate whatever the labels say. */
  anyLabelsOverlap: number;
  /**
   * Same action and scene as a pick within this many minutes, not a duplicate: probably more of
   * the same activity, so its score is multiplied by repeatFactor (fresher moments go first).
   */
  repeatGapMinutes: number;
  repeatFactor: number;
}

export interface TimedFeatures {
  event: Pick<RecommendableEvent, 'startTime' | 'duration'>;
  features: EventFeatures;
}

/** Minutes between two events (0 when they overlap); Infinity when either has no start time. */
export function gapMinutes(a: TimedFeatures['event'], b: TimedFeatures['event']): number {
  const sa = a.startTime?.getTime();
  const sb = b.startTime?.getTime();
  if (sa === undefined || sb === undefined || Number.isNaN(sa) || Number.isNaN(sb)) return Infinity;
  const ea = sa + (a.duration ?? 0) * 1000;
  const eb = sb + (b.duration ?? 0) * 1000;
  return Math.max(0, sb - ea, sa - eb) / 60_000;
}

// Summary overlap of two feature sets, remembered (features are cached per event content).
const overlaps = new WeakMap<EventFeatures, WeakMap<EventFeatures, number>>();

export function summaryOverlap(fa: EventFeatures, fb: EventFeatures): number {
  let row = overlaps.get(fa);
  if (!row) overlaps.set(fa, (row = new WeakMap()));
  let o = row.get(fb);
  if (o === undefined) row.set(fb, (o = unitOverlap(fa.summaryUnits, fb.summaryUnits)));
  return o;
}

function sameLabels(fa: EventFeatures, fb: EventFeatures): boolean {
  return fa.action !== '' && fa.action === fb.action && fa.scene === fb.scene;
}

/** Same action and scene, close in time: more of one activity (a soft penalty, not a duplicate). */
export function isRepeat(a: TimedFeatures, b: TimedFeatures, t: DuplicateTuning): boolean {
  return sameLabels(a.features, b.features) && gapMinutes(a.event, b.event) <= t.repeatGapMinutes;
}

/** Same action, or same scene (one of the two, known on both sides). */
function shareOneLabel(fa: EventFeatures, fb: EventFeatures): boolean {
  return (fa.action !== '' && fa.action === fb.action) || (fa.scene !== '' && fa.scene === fb.scene);
}

/**
 * One moment in two events: time adjacency (end to start) first, then the labels, with the
 * summaries' overlap as the supporting evidence where the labels alone do not decide.
 */
export function isNearDuplicate(a: TimedFeatures, b: TimedFeatures, t: DuplicateTuning): boolean {
  const gap = gapMinutes(a.event, b.event);
  const fa = a.features;
  const fb = b.features;
  const same = sameLabels(fa, fb);
  if (same && gap > t.maxGapMinutes) return summaryOverlap(fa, fb) >= t.repeatedShotOverlap;
  if (gap > t.maxGapMinutes) return false;
  if (same && gap <= t.sameLabelsGapMinutes) return true;
  const overlap = summaryOverlap(fa, fb);
  if (!same && gap <= t.adjacentGapMinutes && shareOneLabel(fa, fb) && overlap >= t.adjacentOverlap) return true;
  return overlap >= (same ? t.sameLabelsOverlap : t.anyLabelsOverlap);
}

/**
 * Looser evidence that two events are one moment: the same activity resumed in the same place
 * within resumedGapMinutes, or a similar place with another action soon after, the summaries
 * agreeing. Labellers split on these (a night market stroll and the stinky tofu in it: one moment
 * to one, two to another), so the selection treats them as one moment unless the diary tells of
 * each separately (recommend.ts).
 */
export function isOneMoment(a: TimedFeatures, b: TimedFeatures, t: DuplicateTuning): boolean {
  const fa = a.features;
  const fb = b.features;
  const gap = gapMinutes(a.event, b.event);
  if (sameLabels(fa, fb)) return gap <= t.resumedGapMinutes;
  if (gap <= t.nextGapMinutes && summaryOverlap(fa, fb) >= t.nextOverlap) return true;
  return gap <= t.sameSceneGapMinutes && similarScene(fa, fb) && summaryOverlap(fa, fb) >= t.sameSceneOverlap;
}

/**
 * One place named two ways: the same scene label, one inside the other (海旁, 海旁露天酒吧), or
 * sharing a whole word or Han bigram (擁擠的老街年貨大街, 老街南北貨行) — labellers count a
 * sunset and the beers on the same waterfront as one moment.
 */
export function similarScene(fa: EventFeatures, fb: EventFeatures): boolean {
  if (fa.scene === '' || fb.scene === '') return false;
  if (fa.scene === fb.scene || fa.scene.includes(fb.scene) || fb.scene.includes(fa.scene)) return true;
  // A scene label is a few features: a scan, not a Set built per pair in the selection loop.
  const sb = fb.lexical['scene'] ?? [];
  return (fa.lexical['scene'] ?? []).some((x) => sb.includes(x));
}

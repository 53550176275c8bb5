// Quality of the event recommender on the labelled days of bench/recommend-data (format and
// metrics in its README), against a plain BM25 over Intl.Segmenter words.
//
//   npx tsx bench/recommend-quality.ts [--split tune]    the tuning days (every round below the
//                                                        held-out one), per round and together
//   npx tsx bench/recommend-quality.ts --misses          also, per tuning day: relevant events
//                                                        missed and non-relevant ones picked
//
// The held-out days (the highest round) are scored only by `npm run bench -- --only recommend`,
// once; this script refuses to score them.
//
// For each day the diary is the query (a day without a diary has none) and the top 10 are
// taken; P@k uses k = min(10, relevant moments), a near-duplicate group counting once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bm25Index } from '../server/src/recommend/bm25.ts';
import { DEFAULT_TUNING, recommendEvents, type RecommendableEvent, type RecommendTuning } from '../server/src/recommend/recommend.ts';
import { mulberry32 } from './lib/random.ts';
import { daysOf, groupOf, heldoutRound, kOf, loadLabelledDays, nearDuplicatePairs, precisionAtK, roundsOf, type DaySet, type LabelledDay, type Round } from './recommend-days.ts';

/** A ranker returns event ids, best first. */
export type Ranker = (day: LabelledDay) => string[];

export const TOP = 10;

export function toRecommendable(day: LabelledDay): RecommendableEvent[] {
  return day.events.map((e) => {
    const [h, m] = e.time.split(':').map(Number);
    return { id: e.id, startTime: new Date(Date.UTC(2026, 0, 1, h ?? 0, m ?? 0)), duration: e.duration, summary: e.summary, action: e.action, scene: e.scene };
  });
}

export function dayreelRanker(tuning: RecommendTuning = DEFAULT_TUNING, limit = TOP): Ranker {
  return (day) => recommendEvents(toRecommendable(day), { diary: day.diary, limit }, tuning).map((r) => r.eventId);
}

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'word' });
/** Lower-cased word-like segments of ICU's word segmenter: no stemming, no stop words. */
export function segmenterWords(text: string): string[] {
  return [...segmenter.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** The baseline: BM25 over Intl.Segmenter words of summary, action and scene; ties in day order. */
export function baselineRanker(limit = TOP): Ranker {
  return (day) => {
    const index = new Bm25Index(
      day.events.map((e) => ({ text: segmenterWords(`${e.summary} ${e.action} ${e.scene}`) })),
      { fieldWeights: { text: 1 } },
    );
    const query = segmenterWords(day.diary);
    return day.events
      .map((e, i) => ({ id: e.id, i, score: index.scoreAll(i, query) }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, limit)
      .map((x) => x.id);
  };
}

/** Percentile bootstrap 95 % interval of the mean (10,000 resamples, fixed seed). */
export function bootstrapMean(xs: readonly number[], resamples = 10_000, seed = 10): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  const rand = mulberry32(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(rand() * xs.length)]!;
    means.push(sum / xs.length);
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * resamples)]!, means[Math.ceil(0.975 * resamples) - 1]!];
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export interface GroupReport {
  days: number;
  precision: number;
  ci95: [number, number];
  baseline: number;
  gain: number;
  gainCi95: [number, number];
  /** Near-duplicate pairs both picked, summed over days: in the top k, and in the top 10. */
  duplicatePairsAtK: number;
  duplicatePairsAt10: number;
  baselineDuplicatePairsAtK: number;
  perDay: Array<{ id: string; k: number; precision: number; baseline: number }>;
}

export interface QualityReport {
  /** tune: the rounds below the held-out one; heldout: the highest round. */
  split: DaySet;
  /** The rounds scored. */
  rounds: Round[];
  groups: Record<string, GroupReport>;
}

function group(days: readonly LabelledDay[], ours: Ranker, base: Ranker): GroupReport {
  const perDay = days.map((d) => {
    const o = ours(d);
    const b = base(d);
    return {
      id: d.id,
      k: kOf(d),
      precision: precisionAtK(d, o),
      baseline: precisionAtK(d, b),
      dupK: nearDuplicatePairs(d, o, kOf(d)),
      dup10: nearDuplicatePairs(d, o, TOP),
      baseDupK: nearDuplicatePairs(d, b, kOf(d)),
    };
  });
  const p = perDay.map((x) => x.precision);
  const gains = perDay.map((x) => x.precision - x.baseline);
  return {
    days: days.length,
    precision: mean(p),
    ci95: bootstrapMean(p),
    baseline: mean(perDay.map((x) => x.baseline)),
    gain: mean(gains),
    gainCi95: bootstrapMean(gains),
    duplicatePairsAtK: perDay.reduce((s, x) => s + x.dupK, 0),
    duplicatePairsAt10: perDay.reduce((s, x) => s + x.dup10, 0),
    baselineDuplicatePairsAtK: perDay.reduce((s, x) => s + x.baseDupK, 0),
    perDay: perDay.map(({ id, k, precision, baseline }) => ({ id, k, precision, baseline })),
  };
}

/**
 * Scores one set of days (tune: the rounds below the held-out one, heldout: the held-out round),
 * per reporting group and all its days together; `onlyRounds` narrows it (a tuning round alone).
 */
export function evaluate(
  split: DaySet,
  tuning: RecommendTuning = DEFAULT_TUNING,
  days?: readonly LabelledDay[],
  heldout: Round = heldoutRound(),
  onlyRounds?: readonly Round[],
): QualityReport {
  const rounds = roundsOf(split, heldout).filter((r) => !onlyRounds || onlyRounds.includes(r));
  const chosen = daysOf(split, days ?? loadLabelledDays(rounds), heldout).filter((d) => rounds.includes(d.round));
  const ours = dayreelRanker(tuning);
  const base = baselineRanker();
  const groups: Record<string, GroupReport> = {};
  for (const name of [...new Set(chosen.map(groupOf))].sort()) groups[name] = group(chosen.filter((d) => groupOf(d) === name), ours, base);
  groups['all days'] = group(chosen, ours, base);
  return { split, rounds, groups };
}

function setName(r: QualityReport): string {
  const days = r.groups['all days']?.days ?? 0;
  const rounds = r.rounds.length === 1 ? `round ${r.rounds[0]}` : `rounds ${r.rounds.join(', ')}`;
  return r.split === 'heldout' ? `held-out days (${rounds})` : `tuning days (${rounds}, ${days} days)`;
}

/** Per day: the relevant events the top k missed and the non-relevant ones it picked (tuning days only). */
export function formatMisses(days: readonly LabelledDay[], ranker: Ranker = dayreelRanker()): string {
  const lines: string[] = [];
  for (const d of days) {
    const k = kOf(d);
    const top = ranker(d).slice(0, k);
    const byId = new Map(d.events.map((e) => [e.id, e]));
    const picked = new Set(top);
    const pickedGroups = new Set(top.map((id) => byId.get(id)?.group).filter(Boolean));
    const show = (id: string) => {
      const e = byId.get(id)!;
      return `    ${id.slice(d.id.length + 1)} ${e.relevant ? '*' : ' '}${e.group ? `~${e.group}` : '  '} ${e.time} ${e.action} | ${e.scene} | ${e.summary}`;
    };
    lines.push(`${d.id} (${groupOf(d)}, round ${d.round}) P@${k} ${pct(precisionAtK(d, top))} %: ${d.diary || '(no diary)'}`);
    lines.push('  picked:', ...top.map(show));
    const missed = d.events.filter((e) => e.relevant && !picked.has(e.id) && !(e.group && pickedGroups.has(e.group)));
    if (missed.length) lines.push('  missed:', ...missed.map((e) => show(e.id)));
  }
  return lines.join('\n');
}

const pct = (x: number) => (Number.isFinite(x) ? (x * 100).toFixed(1) : '–');

export function formatQuality(r: QualityReport): string {
  const lines = [
    `### Precision@k on the ${setName(r)} (diary as query, top 10; k = min(10, relevant moments))`,
    '',
    '| group | days | P@k | 95 % CI | baseline P@k | gain, points | 95 % CI of the gain | near-dup pairs picked (top k / top 10) | baseline near-dup pairs (top k) |',
    '|---|---:|---:|---|---:|---:|---|---:|---:|',
  ];
  for (const [name, g] of Object.entries(r.groups)) {
    lines.push(
      `| ${name} | ${g.days} | ${pct(g.precision)} % | ${pct(g.ci95[0])}–${pct(g.ci95[1])} % | ${pct(g.baseline)} % | ${pct(g.gain)} | ${pct(g.gainCi95[0])} to ${pct(g.gainCi95[1])} | ${g.duplicatePairsAtK} / ${g.duplicatePairsAt10} | ${g.baselineDuplicatePairsAtK} |`,
    );
  }
  lines.push('', '| day | k | P@k | baseline |', '|---|---:|---:|---:|');
  for (const d of r.groups['all days']!.perDay) lines.push(`| ${d.id} | ${d.k} | ${pct(d.precision)} % | ${pct(d.baseline)} % |`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--split');
  const split = at >= 0 ? process.argv[at + 1] : 'tune';
  if (split !== 'tune') throw new Error('--split tune (held-out days are scored once, by npm run bench -- --only recommend)');
  const rounds = roundsOf('tune');
  const days = loadLabelledDays(rounds);
  if (process.argv.includes('--misses')) console.log(formatMisses(days), '\n');
  for (const round of rounds) console.log(formatQuality(evaluate('tune', DEFAULT_TUNING, days, heldoutRound(), [round])), '\n');
  console.log(formatQuality(evaluate('tune', DEFAULT_TUNING, days)));
}

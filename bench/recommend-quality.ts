// Quality of the event recommender on the labelled days in bench/data/recommend, against the
// older system's approach: BM25 over the summaries only, whitespace tokens (no segmentation, so a
// Chinese summary is one token per phrase), no diversity, top-k by score (ties in day order).
//
//   npx tsx bench/recommend-quality.ts [dir]     prints Markdown tables
//
// Each day: { id, lang, diary, events: [{ id, time: "HH:MM", duration, action, scene, summary }],
// picked: [ids a person would pick] }. The diary is the query.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bm25Index } from '../server/src/recommend/bm25.ts';
import {
  DEFAULT_TUNING,
  recommendEvents,
  type RecommendableEvent,
  type RecommendTuning,
} from '../server/src/recommend/recommend.ts';

export interface BenchEvent {
  id: string;
  time: string;
  duration: number | null;
  action: string | null;
  scene: string | null;
  summary: string | null;
}

export interface BenchDay {
  id: string;
  lang: string;
  diary: string;
  events: BenchEvent[];
  picked: string[];
}

export interface RankingMetrics {
  days: number;
  precisionAt5: number;
  precisionAt10: number;
  recallAt10: number;
}

export interface LanguageReport extends RankingMetrics {
  baselinePrecisionAt5: number;
  baselinePrecisionAt10: number;
  baselineRecallAt10: number;
  /** Mean number of the top 10 that matched the diary at all (the rest is the time-spread fill). */
  matchedAt10: number;
}

export interface QualityReport {
  perLanguage: Record<string, LanguageReport>;
}

/** A ranker returns event ids, best first. */
export type Ranker = (day: BenchDay) => string[];

export const DEFAULT_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'recommend');

export function loadDays(dir: string): BenchDay[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BenchDay);
}

export function precisionAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (k <= 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / k;
}

export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** Macro-averaged metrics of a ranker over days, grouped by language. */
export function evaluateRanking(days: readonly BenchDay[], ranker: Ranker): Record<string, RankingMetrics> {
  const sums: Record<string, RankingMetrics> = {};
  for (const day of days) {
    const ranked = ranker(day);
    const relevant = new Set(day.picked);
    const m = (sums[day.lang] ??= { days: 0, precisionAt5: 0, precisionAt10: 0, recallAt10: 0 });
    m.days++;
    m.precisionAt5 += precisionAt(ranked, relevant, 5);
    m.precisionAt10 += precisionAt(ranked, relevant, 10);
    m.recallAt10 += recallAt(ranked, relevant, 10);
  }
  for (const m of Object.values(sums)) {
    m.precisionAt5 /= m.days;
    m.precisionAt10 /= m.days;
    m.recallAt10 /= m.days;
  }
  return sums;
}

export function toRecommendable(day: BenchDay): RecommendableEvent[] {
  return day.events.map((e) => {
    const [h, m] = e.time.split(':').map(Number);
    return {
      id: e.id,
      startTime: new Date(Date.UTC(2024, 0, 1, h ?? 0, m ?? 0)),
      duration: e.duration,
      summary: e.summary,
      action: e.action,
      scene: e.scene,
    };
  });
}

/** Dayreel's recommender (optionally with other tuning) as a ranker of the top `limit`. */
export function dayreelRanker(tuning: RecommendTuning = DEFAULT_TUNING, limit = 10): Ranker {
  return (day) => recommendEvents(toRecommendable(day), { diary: day.diary, limit }, tuning).map((r) => r.eventId);
}

/** The baseline: BM25 over summaries, lower-cased whitespace tokens with edge punctuation stripped. */
export function baselineRanker(limit = 10): Ranker {
  const tokens = (text: string | null) =>
    (text ?? '')
      .toLowerCase()
      .split(/\s+/)
      .map((t) => t.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ''))
      .filter(Boolean);
  return (day) => {
    const index = new Bm25Index(
      day.events.map((e) => ({ summary: tokens(e.summary) })),
      { fieldWeights: { summary: 1 } },
    );
    const query = tokens(day.diary);
    return day.events
      .map((e, i) => ({ id: e.id, i, score: index.scoreAll(i, query) }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, limit)
      .map((x) => x.id);
  };
}

export function evaluateRecommender(dir: string = DEFAULT_DATA_DIR, tuning: RecommendTuning = DEFAULT_TUNING): QualityReport {
  const days = loadDays(dir);
  const ours = evaluateRanking(days, dayreelRanker(tuning));
  const base = evaluateRanking(days, baselineRanker());
  const matched: Record<string, number> = {};
  for (const day of days) {
    const top = recommendEvents(toRecommendable(day), { diary: day.diary, limit: 10 }, tuning);
    matched[day.lang] = (matched[day.lang] ?? 0) + top.filter((r) => r.score > 0).length;
  }
  const perLanguage: Record<string, LanguageReport> = {};
  for (const [lang, m] of Object.entries(ours)) {
    const b = base[lang]!;
    perLanguage[lang] = {
      ...m,
      baselinePrecisionAt5: b.precisionAt5,
      baselinePrecisionAt10: b.precisionAt10,
      baselineRecallAt10: b.recallAt10,
      matchedAt10: (matched[lang] ?? 0) / m.days,
    };
  }
  return { perLanguage };
}

/** Variants of the tuning, to show what each part contributes. */
export function ablations(): Array<[string, RecommendTuning]> {
  const t = DEFAULT_TUNING;
  return [
    ['Dayreel (default)', t],
    ['no diversity (λ = 1)', { ...t, diversity: 1 }],
    ['strong diversity (λ = 0.5)', { ...t, diversity: 0.5 }],
    ['no Han bigrams', { ...t, bigramWeight: 0 }],
    ['no Han characters', { ...t, unigramWeight: 0 }],
    ['words only (no bigrams, no characters)', { ...t, bigramWeight: 0, unigramWeight: 0 }],
    ['no English stemming', { ...t, stem: false }],
    ['no routine discount', { ...t, routine: 0 }],
    ['strong routine discount (1)', { ...t, routine: 1 }],
    ['summary field only', { ...t, fieldWeights: { summary: 1, action: 0, scene: 0 } }],
  ];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatReport(report: QualityReport, dir: string = DEFAULT_DATA_DIR): string {
  const lines = [
    '## Recommender quality (diary as query, top 10)',
    '',
    '| language | days | P@5 | P@10 | R@10 | baseline P@5 | baseline P@10 | baseline R@10 | matched in top 10 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [lang, r] of Object.entries(report.perLanguage)) {
    lines.push(
      `| ${lang} | ${r.days} | ${pct(r.precisionAt5)} | ${pct(r.precisionAt10)} | ${pct(r.recallAt10)} | ${pct(r.baselinePrecisionAt5)} | ${pct(r.baselinePrecisionAt10)} | ${pct(r.baselineRecallAt10)} | ${r.matchedAt10.toFixed(1)} |`,
    );
  }
  const days = loadDays(dir);
  const langs = Object.keys(report.perLanguage);
  lines.push('', '## Ablations (P@10 / R@10)', '', `| variant | ${langs.join(' | ')} |`, `|---|${langs.map(() => '---:').join('|')}|`);
  for (const [name, tuning] of ablations()) {
    const m = evaluateRanking(days, dayreelRanker(tuning));
    lines.push(`| ${name} | ${langs.map((l) => `${pct(m[l]!.precisionAt10)} / ${pct(m[l]!.recallAt10)}`).join(' | ')} |`);
  }
  const b = evaluateRanking(days, baselineRanker());
  lines.push(`| baseline (whitespace BM25, summaries) | ${langs.map((l) => `${pct(b[l]!.precisionAt10)} / ${pct(b[l]!.recallAt10)}`).join(' | ')} |`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DATA_DIR;
  console.log(formatReport(evaluateRecommender(dir), dir));
}

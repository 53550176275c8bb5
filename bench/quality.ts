// Section 4 — recommender quality: the existing evaluator (bench/recommend-quality.ts) on the
// labelled days, plus a paired comparison per day so "clearly above the baseline" is a tested
// statement rather than a glance at two means: per language, days better / equal / worse at P@10
// and a paired bootstrap 95 % interval of the mean P@10 difference (10,000 resamples, fixed seed).
import {
  DEFAULT_DATA_DIR,
  baselineRanker,
  dayreelRanker,
  evaluateRecommender,
  formatReport,
  loadDays,
  precisionAt,
  type LanguageReport,
} from './recommend-quality.ts';

export interface PairedComparison {
  days: number;
  better: number;
  equal: number;
  worse: number;
  meanDifference: number;
  ci95: [number, number];
  /** The whole 95 % interval is above zero. */
  clearlyAbove: boolean;
}

export interface QualitySection {
  dataDir: string;
  perLanguage: Record<string, LanguageReport & { paired: PairedComparison }>;
  /** The evaluator's own Markdown (tables and ablations). */
  markdown: string;
  method: string;
}

/** Mulberry32: a small deterministic PRNG, so the interval is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pairedBootstrap(diffs: number[], resamples = 10_000, seed = 6): [number, number] {
  if (diffs.length === 0) return [NaN, NaN];
  const rand = rng(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < diffs.length; i++) sum += diffs[Math.floor(rand() * diffs.length)]!;
    means.push(sum / diffs.length);
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * resamples)]!, means[Math.ceil(0.975 * resamples) - 1]!];
}

export function runQualityBench(dir: string = DEFAULT_DATA_DIR): QualitySection {
  const report = evaluateRecommender(dir);
  const days = loadDays(dir);
  const ours = dayreelRanker();
  const base = baselineRanker();
  const perLanguage: QualitySection['perLanguage'] = {};
  for (const [lang, r] of Object.entries(report.perLanguage)) {
    const diffs = days
      .filter((d) => d.lang === lang)
      .map((d) => {
        const relevant = new Set(d.picked);
        return precisionAt(ours(d), relevant, 10) - precisionAt(base(d), relevant, 10);
      });
    const eps = 1e-12;
    const ci95 = pairedBootstrap(diffs);
    perLanguage[lang] = {
      ...r,
      paired: {
        days: diffs.length,
        better: diffs.filter((x) => x > eps).length,
        equal: diffs.filter((x) => Math.abs(x) <= eps).length,
        worse: diffs.filter((x) => x < -eps).length,
        meanDifference: diffs.reduce((a, b) => a + b, 0) / Math.max(1, diffs.length),
        ci95,
        clearlyAbove: ci95[0] > 0,
      },
    };
  }
  return {
    dataDir: dir,
    perLanguage,
    markdown: formatReport(report, dir),
    method:
      'bench/recommend-quality.ts on the labelled days (diary as the query, top 10; baseline: BM25 over summaries on whitespace tokens, no diversity). ' +
      '"Clearly above" = the paired bootstrap 95 % interval of the per-day P@10 difference lies above zero.',
  };
}

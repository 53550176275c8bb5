// Section 4 — the recommender: quality on the HELD-OUT labelled days (the highest round,
// bench/recommend-data/round<n>; tuned only on the lower rounds), the meaning data's size, load
// time and memory, and the time per request for a day of 200 events (built from round-1 days).
// `skipHeldout` (bench flag --skip-heldout) leaves the held-out days unread: data and latency only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearDayIndexCache } from '../server/src/recommend/day-index.ts';
import { clearFeatureCache } from '../server/src/recommend/features.ts';
import { LEXICON_DIR, LEXICON_FILES, lexicon, loadLexicon } from '../server/src/recommend/lexicon.ts';
import { DEFAULT_TUNING, MAX_QUERY_LENGTH, recommendEvents, type RecommendableEvent } from '../server/src/recommend/recommend.ts';
import { tokenize } from '../server/src/recommend/tokenize.ts';
import { textUnits } from '../server/src/recommend/units.ts';
import { heldoutRound, loadLabelledDays, tuningRounds, type LabelledDay } from './recommend-days.ts';
import { evaluate, formatQuality, toRecommendable, type QualityReport } from './recommend-quality.ts';

export interface DataFigures {
  files: Array<{ name: string; bytes: number }>;
  totalBytes: number;
  loadMs: number;
  /** Heap + array buffers held by one loaded lexicon. */
  memoryBytes: number;
  headwords: number;
  vocabulary: number;
}

export interface LatencyFigures {
  events: number;
  /** First request with empty feature caches (every event analysed). */
  coldMs: number;
  /** Later requests (features cached; the query is analysed and scored each time). */
  warmDiaryMs: { p50: number; p95: number; max: number };
  /** CPU time (user + system) per warm diary request, averaged: what the wall time is when the cores are free. */
  warmDiaryCpuMs: number;
  /** Later requests, each with a different maximum-length query. */
  warmLongQueryMs: { p50: number; p95: number; max: number };
  /** Tokenising one maximum-length worst-case query ("早餐 " repeated). */
  worstQueryTokeniseMs: number;
  samples: number;
  /** 1-minute load average when measured (2 cores shared by other work inflate the tail). */
  loadAverage: number;
}

export interface QualitySection {
  /** Absent when the run skipped the held-out days (--skip-heldout). */
  heldout?: QualityReport;
  data: DataFigures;
  latency: LatencyFigures;
  markdown: string;
  method: string;
}

export function measureData(): DataFigures {
  const files = LEXICON_FILES.map((name) => ({ name, bytes: fs.statSync(path.join(LEXICON_DIR, name)).size }));
  globalThis.gc?.();
  const before = process.memoryUsage();
  const { lexicon: lex, loadMs } = loadLexicon();
  // Touch it so nothing is lazily skipped, then measure while it is still referenced.
  lex.senses('腳踏車');
  globalThis.gc?.();
  const after = process.memoryUsage();
  const memoryBytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { files, totalBytes: files.reduce((s, f) => s + f.bytes, 0), loadMs, memoryBytes, headwords: lex.headwords, vocabulary: lex.vocabulary };
}

/** A day of n events made of the labelled days' events, one every few minutes from 06:00. */
export function syntheticDay(days: readonly LabelledDay[], n = 200): RecommendableEvent[] {
  const pool = days.flatMap((d) => toRecommendable(d));
  return Array.from({ length: n }, (_, i) => {
    const e = pool[i % pool.length]!;
    return { ...e, id: `synthetic-${i}`, startTime: new Date(Date.UTC(2026, 0, 1, 6, i * 5)) };
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const summary = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });

/** Unmeasured requests between the cold one and the measured ones. */
export const WARM_UP_REQUESTS = 10;

export function measureLatency(days: readonly LabelledDay[], samples = 40): LatencyFigures {
  lexicon();
  const day = syntheticDay(days);
  const diary = days.find((d) => d.diary.length > 100)!.diary;
  clearFeatureCache();
  clearDayIndexCache();
  let started = performance.now();
  recommendEvents(day, { diary, limit: 10 });
  const coldMs = performance.now() - started;
  // Steady state: a few unmeasured requests first, so the JIT has compiled the hot paths.
  for (let i = 0; i < WARM_UP_REQUESTS; i++) recommendEvents(day, { diary, limit: 10 });
  const warmDiary: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    started = performance.now();
    recommendEvents(day, { diary, limit: 10 });
    warmDiary.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  const warmDiaryCpuMs = (used.user + used.system) / 1000 / samples;
  // Different long queries: the diaries of all days, joined and cut to the maximum length.
  const text = days.map((d) => d.diary).join(' ');
  const warmLong: number[] = [];
  for (let i = 0; i < samples; i++) {
    const offset = (i * 97) % Math.max(1, text.length - MAX_QUERY_LENGTH);
    const query = text.slice(offset, offset + MAX_QUERY_LENGTH);
    started = performance.now();
    recommendEvents(day, { query, limit: 10 });
    warmLong.push(performance.now() - started);
  }
  const worst = '早餐 '.repeat(MAX_QUERY_LENGTH).slice(0, MAX_QUERY_LENGTH);
  tokenize(worst);
  started = performance.now();
  tokenize(worst);
  textUnits(worst);
  const worstQueryTokeniseMs = performance.now() - started;
  const loadAverage = os.loadavg()[0]!;
  return { events: day.length, coldMs, warmDiaryMs: summary(warmDiary), warmDiaryCpuMs, warmLongQueryMs: summary(warmLong), worstQueryTokeniseMs, samples, loadAverage };
}

const f1 = (x: number) => x.toFixed(1);
const mb = (b: number) => (b / 1e6).toFixed(2);

export function qualityMarkdownBody(s: Omit<QualitySection, 'markdown' | 'method'>): string {
  const d = s.data;
  const l = s.latency;
  return [
    s.heldout ? formatQuality(s.heldout) : '_Held-out days not scored in this run (--skip-heldout)._',
    '',
    '### Meaning data',
    '',
    '| file | size |',
    '|---|---:|',
    ...d.files.map((f) => `| ${f.name} | ${mb(f.bytes)} MB |`),
    `| total | ${mb(d.totalBytes)} MB |`,
    '',
    `Loaded in ${f1(d.loadMs)} ms; ${mb(d.memoryBytes)} MB of heap and array buffers; ${d.headwords.toLocaleString('en-US')} headwords, ${d.vocabulary.toLocaleString('en-US')} English vectors.`,
    '',
    `### Time per request, ${l.events} events (${l.samples} requests each, after ${WARM_UP_REQUESTS} unmeasured ones; 1-minute load average ${l.loadAverage.toFixed(1)} on this machine)`,
    '',
    '| case | p50 | p95 | max |',
    '|---|---:|---:|---:|',
    `| first request, empty feature cache | ${f1(l.coldMs)} ms | | |`,
    `| the day's diary, features cached | ${f1(l.warmDiaryMs.p50)} ms | ${f1(l.warmDiaryMs.p95)} ms | ${f1(l.warmDiaryMs.max)} ms |`,
    `| the day's diary, CPU time per request (mean) | ${f1(l.warmDiaryCpuMs)} ms | | |`,
    `| a new ${MAX_QUERY_LENGTH}-character query each time | ${f1(l.warmLongQueryMs.p50)} ms | ${f1(l.warmLongQueryMs.p95)} ms | ${f1(l.warmLongQueryMs.max)} ms |`,
    `| tokenising a worst-case ${MAX_QUERY_LENGTH}-character query | ${f1(l.worstQueryTokeniseMs)} ms | | |`,
  ].join('\n');
}

export function runQualityBench(opts: { skipHeldout?: boolean } = {}): QualitySection {
  const data = measureData();
  const round = heldoutRound();
  const heldout = opts.skipHeldout ? undefined : evaluate('heldout', DEFAULT_TUNING, loadLabelledDays([round]), round);
  const latency = measureLatency(loadLabelledDays([1]));
  const body = { heldout, data, latency };
  return {
    ...body,
    markdown: qualityMarkdownBody(body),
    method:
      `Held-out labelled days of round ${round} (bench/recommend-data/round${round}, written by an independent labeller and committed before round-${round} tuning; tuned on rounds ${tuningRounds().join(', ')} with bench/recommend-tune.ts). ` +
      'Diary as the query, top 10; P@k with k = min(10, relevant moments), a near-duplicate group counting once; 95 % percentile-bootstrap intervals over days. ' +
      'Baseline: BM25 over Intl.Segmenter words of summary, action and scene. Latency: in-process, a synthetic day of 200 events built from the round-1 labelled events.',
  };
}

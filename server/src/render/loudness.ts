// Loudness decisions, pure: what to measure, how to read ebur128's summary, and which gains and
// limits bring every vlog to the same level (EBU R128 streaming level, -16 LUFS, true peak at most
// -1 dBTP) whatever it holds — camera sound only, music only, or both.
//
// Three stages, each measured rather than guessed:
//  1. camera sound, per clip: high-passed (wind and handling rumble), then a gain towards a
//     common level, capped so a quiet clip's room noise is not pumped up, and a gentle compressor
//     so a door slam does not set the peak of the whole vlog;
//  2. music: normalised to the target before its volume is applied, ducked under camera speech;
//  3. the finished mix: measured once (integrated + true peak), then one fixed gain to the target
//     and, only where that gain would push the true peak over the ceiling, a limiter running at
//     4× the sample rate (so it sees inter-sample peaks).
import { SAMPLE_RATE, secs } from './commands.ts';

export const LOUDNESS = {
  /** Integrated loudness of every output, LUFS. */
  targetLufs: -16,
  /** True-peak ceiling of every output, dBTP; the limiter aims lower to leave room for AAC. */
  truePeakMax: -1,
  limiterCeiling: -2.5,
  /** Music is normalised to this before its volume is applied. */
  musicLufs: -16,
  music: { maxBoostDb: 20, maxCutDb: 20 },
  camera: {
    /** Level each clip's own sound is brought towards, LUFS (the mix is normalised afterwards). */
    lufs: -20,
    /** Largest boost for a quiet clip: beyond this it is mostly noise being raised. */
    maxBoostDb: 10,
    maxCutDb: 20,
    /** Below this the clip is silence (or near it): left as it is. */
    silentBelowLufs: -55,
    highpassHz: 80,
  },
  /** Largest boost of the finished mix (a near-silent vlog stays near-silent). */
  mixMaxBoostDb: 20,
} as const;

export interface Loudness {
  /** Integrated loudness, LUFS; undefined when silent (below the gate) or not reported. */
  integrated?: number;
  /** True peak, dBTP (ebur128 peak=true). */
  truePeak?: number;
}

/**
 * Reads ebur128's summary (stderr). The last one counts: ffmpeg may configure a filter graph
 * twice, and the first, discarded instance prints an empty summary too.
 */
export function parseLoudness(stderr: string): Loudness {
  stderr = stderr.slice(Math.max(0, stderr.lastIndexOf('Integrated loudness:')));
  const i = /Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(stderr);
  const tp = /True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(stderr);
  const num = (m: RegExpExecArray | null, floor: number) => {
    if (!m || m[1] === '-inf') return undefined;
    const v = Number(m[1]);
    return Number.isFinite(v) && v > floor ? v : undefined;
  };
  return { integrated: num(i, -70), truePeak: num(tp, -200) };
}

/** The ebur128 filter as used everywhere here: true peak on, no per-frame log. */
export const EBUR128 = 'ebur128=peak=true';

/**
 * Measures the integrated loudness of several windows in one process (a process start costs more
 * than the measuring on some builds): each window's first audio stream through its prefilter and
 * ebur128 (no true peak: only the integrated level sets a gain), to a null output of its own.
 * Read the result with parseLevels, in the windows' order.
 */
export function levelsArgs(windows: { file: string; start: number; end: number; prefilter?: string }[]): string[] {
  const args: string[] = [];
  const graph: string[] = [];
  windows.forEach((w, i) => {
    args.push('-ss', secs(w.start), '-t', secs(w.end - w.start), '-i', w.file);
    graph.push(`[${i}:a:0]${w.prefilter ? `${w.prefilter},` : ''}ebur128[l${i}]`);
  });
  args.push('-filter_complex', graph.join(';'));
  windows.forEach((_, i) => args.push('-map', `[l${i}]`, '-f', 'null', '-'));
  return args;
}

/**
 * The summaries of levelsArgs' ebur128 instances, in the windows' order. Each summary's first
 * line names its instance (Parsed_ebur128_<n>, n growing along the graph); a later summary of the
 * same instance wins (a graph configured twice prints an empty one first).
 */
export function parseLevels(stderr: string, count: number): Loudness[] {
  const byInstance = new Map<number, string>();
  const re = /\[Parsed_ebur128_(\d+) @ [^\]]*\] Summary:/g;
  const marks = [...stderr.matchAll(re)];
  marks.forEach((m, j) => {
    const end = j + 1 < marks.length ? marks[j + 1]!.index : stderr.length;
    byInstance.set(Number(m[1]), stderr.slice(m.index, end));
  });
  const ordered = [...byInstance.keys()].sort((a, b) => a - b).map((k) => parseLoudness(byInstance.get(k)!));
  if (ordered.length !== count) throw new Error(`expected ${count} loudness summaries, ffmpeg printed ${ordered.length}`);
  return ordered;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const clampDb = (v: number, cut: number, boost: number) => round2(Math.max(-cut, Math.min(boost, v)));

/** Gain (dB) that brings music measured at `lufs` to the target, bounded. */
export function musicGainDb(lufs: number | undefined): number {
  if (lufs === undefined) return 0;
  return clampDb(LOUDNESS.musicLufs - lufs, LOUDNESS.music.maxCutDb, LOUDNESS.music.maxBoostDb);
}

/** The high-pass every clip's sound goes through (also what it is measured through). */
export function cameraHighpass(): string {
  return `highpass=f=${LOUDNESS.camera.highpassHz}`;
}

/** Gain (dB) for one clip's sound: towards the common level, boost capped, silence untouched. */
export function cameraGainDb(m: Loudness): number {
  const c = LOUDNESS.camera;
  if (m.integrated === undefined || m.integrated < c.silentBelowLufs) return 0;
  return clampDb(c.lufs - m.integrated, c.maxCutDb, c.maxBoostDb);
}

/**
 * One clip's sound chain (after resampling): high-pass, its gain, and a gentle compressor that
 * only touches what rises well above the common level (a bump, a shout), so peaks stay in
 * proportion to the loudness and the final gain rarely needs the limiter.
 */
export function cameraChain(gainDb: number): string {
  return [
    cameraHighpass(),
    `volume=${secs(gainDb)}dB`,
    // threshold 0.25 ≈ -12 dBFS: ~8 dB above the common level.
    'acompressor=threshold=0.25:ratio=4:attack=5:release=120:makeup=1',
  ].join(',');
}

/** The finished mix's gain and whether it needs the limiter. */
export interface MasterSetting {
  gainDb: number;
  limit: boolean;
}

/** One measured try: the gain applied and the integrated loudness it gave. */
export interface MasterTry {
  gainDb: number;
  integrated: number | undefined;
}

const boundMasterGain = (v: number) => clampDb(v, 60, LOUDNESS.mixMaxBoostDb);

/**
 * First setting for the finished mix, from its measurement: a fixed gain to the target, and the
 * limiter only when that gain would push the true peak over the ceiling. Silence: undefined.
 */
export function masterStart(m: Loudness): MasterSetting | undefined {
  if (m.integrated === undefined) return undefined;
  const gainDb = boundMasterGain(LOUDNESS.targetLufs - m.integrated);
  return { gainDb, limit: (m.truePeak ?? 0) + gainDb > LOUDNESS.limiterCeiling };
}

/** Tolerance of the limited mix's loudness, LU, and how many measured tries it may take. */
export const MASTER_SEARCH = { toleranceLu: 0.3, maxTries: 4 } as const;

/**
 * With the limiter on, the loudness no longer follows the gain dB for dB (the limiter eats the
 * peaks), so the gain is searched: secant steps over the measured tries (starting from the raw
 * mix at 0 dB), the slope kept between 0.2 and 1. Undefined when the last try is close enough,
 * the tries are used up, or the gain is already at its bound.
 */
export function masterNext(raw: Loudness, tries: MasterTry[]): number | undefined {
  const last = tries.at(-1);
  if (!last || last.integrated === undefined || raw.integrated === undefined) return undefined;
  const miss = LOUDNESS.targetLufs - last.integrated;
  if (Math.abs(miss) <= MASTER_SEARCH.toleranceLu || tries.length >= MASTER_SEARCH.maxTries) return undefined;
  const prev = tries.length > 1 ? tries.at(-2)! : { gainDb: 0, integrated: raw.integrated };
  const dg = last.gainDb - prev.gainDb;
  const slope = dg !== 0 && prev.integrated !== undefined ? (last.integrated - prev.integrated) / dg : 1;
  const next = boundMasterGain(last.gainDb + miss / Math.min(1, Math.max(0.2, slope)));
  return next === last.gainDb ? undefined : next;
}

/** Gain of the try closest to the target (on odd material the last is not always the best). */
export function masterBest(tries: MasterTry[]): number {
  const miss = (t: MasterTry) => (t.integrated === undefined ? Infinity : Math.abs(t.integrated - LOUDNESS.targetLufs));
  return tries.reduce((a, b) => (miss(b) < miss(a) ? b : a)).gainDb;
}

/** The finished mix's chain: its gain and, when needed, a 4×-oversampled limiter. */
export function masterChain(setting: MasterSetting | undefined): string {
  if (!setting) return 'anull';
  const parts = [`volume=${secs(setting.gainDb)}dB`];
  if (setting.limit) {
    const limit = secs(Math.round(10 ** (LOUDNESS.limiterCeiling / 20) * 1e4) / 1e4);
    parts.push(`aresample=${4 * SAMPLE_RATE}`, `alimiter=limit=${limit}:attack=2:release=50:level=0`, `aresample=${SAMPLE_RATE}`);
  }
  return parts.join(',');
}

/** Measures the finished mix through a candidate master chain (audio only, from the WAV). */
export function masterMeasureArgs(mix: string, setting: MasterSetting | undefined): string[] {
  return ['-i', mix, '-af', `${masterChain(setting)},${EBUR128}`, '-f', 'null', '-'];
}

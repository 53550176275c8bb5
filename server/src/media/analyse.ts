// Media analysis for the importer: probing, thumbnails, per-second interest scores of footage
// and waveform peaks of music. Pure ffmpeg work through a MediaTool; no database, no storage.
import fs from 'node:fs/promises';
import path from 'node:path';
import { beatDecodeArgs, trackBeatsOffThread } from '../render/beats.js';
import { MediaError, type MediaTool } from './ffmpeg.js';

export interface RecordingProbe {
  /** Seconds. */
  duration: number;
  /** Coded size (before rotation). */
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
  /** Degrees clockwise to turn for display: 0, 90, 180 or 270. */
  rotation: number;
  sizeBytes: number;
  /** The container's creation_time tag, if any. */
  creationTime?: Date;
}

export interface AudioProbe {
  duration: number;
  sizeBytes: number;
  codec: string;
  sampleRate: number;
  channels: number;
}

async function fileSize(file: string): Promise<number> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MediaError(`file not found: ${file}`);
    throw new MediaError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!st.isFile()) throw new MediaError(`not a file: ${file}`);
  if (st.size === 0) throw new MediaError(`empty file: ${file}`);
  return st.size;
}

/** The file's size and ffprobe's view of it, with errors that name the file. */
async function probeFile(tool: MediaTool, file: string) {
  const sizeBytes = await fileSize(file);
  try {
    return { sizeBytes, p: await tool.probe(file) };
  } catch (err) {
    throw new MediaError(`${file} is not a readable media file (${(err as Error).message})`);
  }
}

/** Probes a camera file; throws a MediaError naming the file when it is not a playable video. */
export async function probeRecording(tool: MediaTool, file: string): Promise<RecordingProbe> {
  const { sizeBytes, p } = await probeFile(tool, file);
  if (!p.video) throw new MediaError(`${file} is not a video: it has no video stream`);
  if (!(p.video.width > 0 && p.video.height > 0)) throw new MediaError(`${file}: video stream has no picture size`);
  if (!(p.duration > 0)) throw new MediaError(`${file}: cannot determine the video's duration`);
  return {
    duration: p.duration,
    width: p.video.width,
    height: p.video.height,
    fps: p.video.fps > 0 && p.video.fps < 1000 ? p.video.fps : 30,
    hasAudio: !!p.audio,
    rotation: p.video.rotation,
    sizeBytes,
    creationTime: p.creationTime,
  };
}

/** Probes a music file; throws a MediaError naming the file when it has no audio. */
export async function probeAudio(tool: MediaTool, file: string): Promise<AudioProbe> {
  const { sizeBytes, p } = await probeFile(tool, file);
  if (!p.audio) throw new MediaError(`${file} is not audio: it has no audio stream`);
  if (!(p.duration > 0)) throw new MediaError(`${file}: cannot determine the track's duration`);
  return { duration: p.duration, sizeBytes, codec: p.audio.codec, sampleRate: p.audio.sampleRate, channels: p.audio.channels };
}

/**
 * Writes one JPEG frame of videoPath at atSeconds, `width` pixels wide (display orientation:
 * ffmpeg applies rotation metadata on decode). A time past the last frame falls back to the start.
 */
export async function makeThumbnail(
  tool: MediaTool,
  videoPath: string,
  atSeconds: number,
  outJpegPath: string,
  opts: { width?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const width = opts.width ?? 320;
  await fs.mkdir(path.dirname(outJpegPath), { recursive: true });
  const attempt = async (at: number) => {
    await fs.rm(outJpegPath, { force: true });
    await tool.run(
      [
        ...(at > 0 ? ['-ss', at.toFixed(3)] : []),
        '-i', videoPath,
        '-an', '-sn', '-dn',
        '-frames:v', '1',
        '-vf', `scale=${width}:-2,format=yuvj420p`,
        '-q:v', '4',
        '-f', 'image2',
        outJpegPath,
      ],
      { signal: opts.signal },
    );
    const st = await fs.stat(outJpegPath).catch(() => null);
    return !!st && st.size > 0;
  };
  if (await attempt(Math.max(0, atSeconds))) return;
  if (atSeconds > 0 && (await attempt(0))) return;
  throw new MediaError(`cannot extract a thumbnail from ${videoPath}`);
}

/** Frames per second sampled for interest scores, and the sampled picture size (grey). */
export const INTEREST_FPS = 4;
const GRID = 48;

/**
 * Maps a mean absolute grey-level difference between consecutive samples (0–255) to 0–1.
 * A fixed curve rather than per-file normalisation, so scores compare across recordings:
 * still footage ≈ 0, steady motion ≈ 0.3–0.7, cuts and fast motion → 1.
 */
export function diffToScore(meanAbsDiff: number): number {
  return Math.round((1 - Math.exp(-meanAbsDiff / 12)) * 1000) / 1000;
}

/** Per-second scores from raw grey frames (pure; exported for tests). */
export function scoresFromFrames(raw: Buffer, frameBytes: number, fps: number, duration: number): number[] {
  const seconds = Math.max(1, Math.ceil(duration - 1e-3));
  const frames = Math.floor(raw.length / frameBytes);
  const sums = new Array<number>(seconds).fill(0);
  const counts = new Array<number>(seconds).fill(0);
  for (let k = 1; k < frames; k++) {
    const a = k * frameBytes;
    const b = a - frameBytes;
    let total = 0;
    for (let i = 0; i < frameBytes; i++) total += Math.abs(raw[a + i]! - raw[b + i]!);
    // The difference between samples k-1 and k belongs to the second sample k lies in.
    const sec = Math.min(seconds - 1, Math.floor(k / fps));
    sums[sec]! += total / frameBytes;
    counts[sec]! += 1;
  }
  const out: number[] = [];
  let last = 0;
  for (let s = 0; s < seconds; s++) {
    if (counts[s]! > 0) last = diffToScore(sums[s]! / counts[s]!);
    out.push(last);
  }
  // Second 0 only holds fps-1 differences; if it has none (one-frame file), borrow the next.
  if (counts[0] === 0 && seconds > 1) out[0] = out[1]!;
  return out;
}

/**
 * One interest score (0–1) per second of footage, from motion and scene changes: a single
 * decode pass at 4 fps and 48×48 grey (loop filter and non-reference frames skipped), mean
 * absolute differences of consecutive samples aggregated per second.
 */
export async function computeInterestScores(
  tool: MediaTool,
  videoPath: string,
  duration: number,
  opts: { signal?: AbortSignal } = {},
): Promise<number[]> {
  const { stdout } = await tool.run(
    [
      '-skip_loop_filter', 'all',
      '-i', videoPath,
      '-an', '-sn', '-dn',
      '-vf', `fps=${INTEREST_FPS},scale=${GRID}:${GRID}:flags=area,format=gray`,
      '-f', 'rawvideo',
      'pipe:1',
    ],
    { stdout: true, signal: opts.signal },
  );
  return scoresFromFrames(stdout, GRID * GRID, INTEREST_FPS, duration);
}

/** Sample rate the waveform is computed at. */
export const PEAKS_RATE = 8000;

/** Max-abs per bucket of s16 mono PCM, normalised so the loudest bucket is 1 (pure). */
export function peaksFromPcm(pcm: Buffer, buckets: number): number[] {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return [];
  const n = Math.max(1, Math.min(buckets, samples));
  const out = new Array<number>(n).fill(0);
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * samples) / n);
    const to = Math.floor(((b + 1) * samples) / n);
    let max = 0;
    for (let i = from; i < to; i++) {
      const v = Math.abs(pcm.readInt16LE(i * 2));
      if (v > max) max = v;
    }
    out[b] = max;
  }
  const top = Math.max(...out);
  return out.map((v) => (top > 0 ? Math.round((v / top) * 1000) / 1000 : 0));
}

/**
 * Waveform peaks of a track: decoded once to mono 8 kHz s16, max-abs per bucket, normalised
 * 0–1. `buckets` is capped by the number of samples; `duration` is what the decode produced.
 */
export async function computePeaks(
  tool: MediaTool,
  audioPath: string,
  _duration?: number,
  buckets = 1000,
  opts: { signal?: AbortSignal } = {},
): Promise<{ peaks: number[]; duration: number }> {
  const { stdout } = await tool.run(
    ['-i', audioPath, '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(PEAKS_RATE), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'],
    { stdout: true, signal: opts.signal },
  );
  return { peaks: peaksFromPcm(stdout, buckets), duration: stdout.length / 2 / PEAKS_RATE };
}

/** Beat times (seconds) of a track, for cuts on the beat: decoded once to mono float, tracked. */
export async function computeBeats(tool: MediaTool, audioPath: string, opts: { signal?: AbortSignal } = {}): Promise<number[]> {
  const { stdout } = await tool.run(beatDecodeArgs(audioPath), { stdout: true, signal: opts.signal });
  // Copy into an aligned buffer: Buffer.concat's offset need not be a multiple of 4.
  const samples = new Float32Array(stdout.length >> 2);
  Buffer.from(samples.buffer).set(stdout.subarray(0, samples.length * 4));
  return trackBeatsOffThread(samples);
}

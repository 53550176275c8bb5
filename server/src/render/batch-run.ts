// Making a render's pieces (thin, the decisions are in batches.ts and commands-batch.ts): kept
// pieces are taken from the piece cache, the sound of every clip to be decoded and the music are
// measured in one ffmpeg, then each batch of the rest is one ffmpeg whose segments and WAV are cut
// into the pieces' files (and kept).
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaError, type MediaTool } from '../media/ffmpeg.ts';
import { batchClips, crossfades, pieceFrames, pieceId, planBatches, playingOrder, type Batch, type Piece } from './batches.ts';
import { batchArgs, batchSegment, pieceStarts, wavData, wavFile, wavPieces, type BatchClip } from './commands-batch.ts';
import type { BuildCaps, SourceInfo } from './commands.ts';
import { fillsFrame, motionProbeArgs, motionProfile, type Fit } from './fill.ts';
import { cameraGainDb, cameraHighpass, levelsArgs, musicGainDb, parseLevels, type Loudness } from './loudness.ts';
import type { PieceCache } from './piece-cache.ts';
import { clipKey, transitionKey } from './pieces.ts';
import type { RenderPlan } from './plan.ts';

export interface PieceWork {
  tool: MediaTool;
  plan: RenderPlan;
  inputs: Record<string, SourceInfo>;
  caps: BuildCaps;
  fit: Fit;
  words: { draw: (i: number) => string[] | undefined; drawKey: (i: number) => { filters: string[]; texts: string[] } | undefined };
  cache: PieceCache | undefined;
  signal: AbortSignal;
  /** The render's private folder. */
  dir: string;
  /** Where each piece's video (.mov) and sound (.wav) go. */
  video: (p: Piece) => string;
  sound: (p: Piece) => string;
  /** A batch's output clock, per piece: seconds of that piece written so far. */
  clock: (p: Piece, seconds: number) => void;
  /** A piece is on disk (encoded or taken from the cache). */
  done: (p: Piece) => void;
  /** Clips one batch may decode (default batchClips for the frame size). */
  maxClips?: number;
}

export interface PiecesUsed {
  encoded: number;
  reused: number;
  keys: string[];
}

/** The keys of every piece (none without a cache). */
function pieceKeys(w: PieceWork, order: Piece[]): Map<string, string> {
  const keys = new Map<string, string>();
  if (!w.cache) return keys;
  const { plan, caps, tool } = w;
  const clip = plan.segments.map((seg) => {
    const { path: _path, ...shape } = w.inputs[seg.recordingId]!;
    return clipKey(plan, seg.index, { sourceId: seg.recordingId, src: shape, fit: w.fit, draw: w.words.drawKey(seg.index), caps, version: tool.caps.version });
  });
  for (const p of order) keys.set(pieceId(p), p.kind === 'body' ? clip[p.clip]! : transitionKey(plan, clip[p.from]!, clip[p.from + 1]!, caps, tool.caps.version));
  return keys;
}

/**
 * The render's pieces: what is kept is fetched now; the rest is planned in batches, to be run by
 * the returned tasks (`levels` first: the batches need its gains).
 */
export async function pieceTasks(w: PieceWork, music: { path: string; duration: number } | undefined) {
  const order = playingOrder(w.plan);
  const keys = pieceKeys(w, order);
  const used: PiecesUsed = { encoded: 0, reused: 0, keys: [] };
  const kept = new Set<string>();
  for (const p of order) {
    const key = keys.get(pieceId(p));
    if (!key || !w.cache || !(await w.cache.fetch(key, { video: w.video(p), sound: w.sound(p) }))) continue;
    kept.add(pieceId(p));
    used.reused++;
    used.keys.push(key);
    w.done(p);
  }
  const max = Math.max(crossfades(w.plan) ? 2 : 1, w.maxClips ?? batchClips(w.plan.width, w.plan.height));
  const batches = planBatches(w.plan, (p) => !kept.has(pieceId(p)), max);
  const levels = { camera: new Map<number, number>(), music: 0 };
  const tasks = [{ id: 'levels', deps: [] as string[], run: () => measureLevels(w, batches, music, levels) }];
  batches.forEach((batch, b) => {
    tasks.push({ id: `batch${b}`, deps: ['levels'], run: () => runBatch(w, batch, b, levels.camera, keys, used) });
  });
  return { tasks, used, musicGain: () => levels.music };
}

/** One batch: motion for crops, the ffmpeg, then its outputs cut into the pieces' files and kept. */
async function runBatch(w: PieceWork, batch: Batch, b: number, gains: Map<number, number>, keys: Map<string, string>, used: PiecesUsed): Promise<void> {
  const { tool, plan, signal } = w;
  const clips = new Map<number, BatchClip>();
  for (const r of batch.inputs) {
    const seg = plan.segments[r.clip]!;
    const src = w.inputs[seg.recordingId]!;
    let motion: BatchClip['motion'];
    if (w.fit === 'CROP' && !fillsFrame(src, plan.width, plan.height)) {
      // A crop follows the motion of the clip's whole window (the same wherever its frames go).
      const window = { start: seg.sourceStart, end: seg.sourceEnd };
      motion = motionProfile((await tool.run(motionProbeArgs(src.path, window), { signal, stdout: true }).catch((err: unknown) => rethrow(w, [r.clip], err))).stdout);
    }
    clips.set(r.clip, { src, fit: w.fit, motion, cameraGainDb: gains.get(r.clip) ?? 0, draw: w.words.draw(r.clip) });
  }
  const files = { segments: join(w.dir, `batch-${b}-%d.mov`), sound: join(w.dir, `batch-${b}.wav`) };
  const starts = pieceStarts(plan, batch.pieces).map((f) => f / plan.fps);
  const finished = new Set<number>();
  const onProgress = (s: number) => {
    batch.pieces.forEach((p, j) => {
      w.clock(p, s - starts[j]!);
      // Past a piece's end on the batch's clock: counted as done, so the steps advance per clip.
      if (!finished.has(j) && s >= starts[j]! + pieceFrames(plan, p) / plan.fps) {
        finished.add(j);
        w.done(p);
      }
    });
  };
  await tool.run(batchArgs(plan, batch, (i) => clips.get(i)!, files, w.caps), { signal, onProgress }).catch((err: unknown) => rethrow(w, batch.inputs.map((r) => r.clip), err));
  const wav = await readFile(files.sound);
  const data = wavData(wav);
  const ranges = wavPieces(plan, batch.pieces);
  for (const [j, p] of batch.pieces.entries()) {
    const r = ranges[j]!;
    await rename(batchSegment(files.segments, j), w.video(p));
    await writeFile(w.sound(p), wavFile(wav.subarray(data.offset + r.start, data.offset + Math.min(r.end, data.size))));
    const key = keys.get(pieceId(p));
    if (key && w.cache) await w.cache.store(key, { video: w.video(p), sound: w.sound(p) });
    used.encoded++;
    if (key) used.keys.push(key);
    if (!finished.has(j)) w.done(p);
  }
  await rm(files.sound, { force: true });
}

/** A batch's failure, naming the clip whose file ffmpeg named (or the batch's clips) and its file. */
function rethrow(w: PieceWork, clips: number[], err: unknown): never {
  if (!(err instanceof MediaError)) throw err;
  const { plan } = w;
  const text = `${err.message}\n${err.stderrTail ?? ''}`;
  const named = clips.filter((i) => text.includes(w.inputs[plan.segments[i]!.recordingId]!.path));
  const which = named.length ? named : clips;
  const what = which.map((i) => `clip ${i + 1} of ${plan.segments.length} (recording ${plan.segments[i]!.recordingId}, ${w.inputs[plan.segments[i]!.recordingId]!.path})`).join(', ');
  throw new MediaError(`${what} could not be rendered: ${err.message}`, err.stderrTail);
}

/**
 * Measures, in one ffmpeg, the sound of every clip a batch decodes (as it will sound, after its
 * high-pass) and the music window, and sets their gains.
 */
async function measureLevels(w: PieceWork, batches: Batch[], music: { path: string; duration: number } | undefined, levels: { camera: Map<number, number>; music: number }): Promise<void> {
  const { plan } = w;
  const decoded = new Set(batches.flatMap((b) => b.inputs.map((r) => r.clip)));
  const windows: { file: string; start: number; end: number; prefilter?: string; clip?: number }[] = [];
  for (const seg of plan.segments) {
    const src = w.inputs[seg.recordingId]!;
    if (!src.hasAudio || !decoded.has(seg.index)) continue;
    windows.push({ file: src.path, start: seg.sourceStart, end: seg.sourceEnd, prefilter: cameraHighpass(), clip: seg.index });
  }
  if (plan.music && music) windows.push({ file: music.path, start: plan.music.start, end: plan.music.end });
  if (windows.length === 0) return;
  let measured: Loudness[];
  try {
    measured = parseLevels((await w.tool.run(levelsArgs(windows), { signal: w.signal })).stderr, windows.length);
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    // Say which file it was: measure them one by one until one fails.
    for (const win of windows) {
      try {
        await w.tool.run(levelsArgs([win]), { signal: w.signal });
      } catch (one) {
        if (win.clip === undefined || !(one instanceof MediaError)) throw one;
        rethrow(w, [win.clip], one);
      }
    }
    throw err;
  }
  measured.forEach((m, j) => {
    const clip = windows[j]!.clip;
    if (clip === undefined) levels.music = musicGainDb(m.integrated);
    else levels.camera.set(clip, cameraGainDb(m));
  });
}

// Cuts on the beat, pure: beat tracking of decoded music (music-tempo, MIT: Dixon's BeatRoot, run
// once at import and stored with the track) and the snapping of the plan's clip boundaries onto
// the beats of the chosen music window, as it plays on the output clock (looped when shorter).
//
// Snapping moves a boundary (a cut, or the middle of a crossfade) to the nearest beat no more than
// MAX_SHIFT seconds away: the clip before it grows by what the clip after it loses, so every other
// boundary and the total length stay exactly where they were. A move that would make a clip too
// short or reach outside its recording tries the next-nearest beat, else leaves the boundary.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import MusicTempo from 'music-tempo';

/** Sample rate the music is decoded at for beat tracking (music-tempo's 10 ms hop at 441 samples). */
export const BEAT_RATE = 44100;
/** A boundary moves by at most this much, seconds. */
export const MAX_SHIFT = 0.5;

/** Decodes a track's first audio stream to mono float samples on stdout. */
export function beatDecodeArgs(path: string): string[] {
  return ['-i', path, '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(BEAT_RATE), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1'];
}

/** Below a few seconds there is no tempo to find (and music-tempo throws on some). */
const tooShort = (samples: Float32Array) => samples.length < BEAT_RATE * 3;

/** music-tempo's beats as kept: finite, not negative, ms precision. */
const keptBeats = (beats: number[]) => beats.filter((b) => Number.isFinite(b) && b >= 0).map((b) => Math.round(b * 1000) / 1000);

/** Beat times (seconds, ms precision) of mono samples at BEAT_RATE; [] when none can be found. */
export function trackBeats(samples: Float32Array): number[] {
  if (tooShort(samples)) return [];
  try {
    return keptBeats(new MusicTempo(samples).beats);
  } catch {
    return [];
  }
}

/** trackBeats on a worker thread (beat-worker.mjs): the samples are moved there, not copied. */
export async function trackBeatsOffThread(samples: Float32Array): Promise<number[]> {
  if (tooShort(samples)) return [];
  const worker = new Worker(new URL('./beat-worker.mjs', import.meta.url), {
    workerData: { samples },
    transferList: [samples.buffer as ArrayBuffer],
  });
  try {
    const [beats] = (await once(worker, 'message')) as [number[]];
    return keptBeats(beats);
  } finally {
    await worker.terminate();
  }
}

/** Beat frames on the output clock: the window's beats from its start, repeated when it loops. */
export function beatFrames(beats: number[], music: { start: number; end: number }, totalFrames: number, fps: number): number[] {
  const window = music.end - music.start;
  if (!(window > 0)) return [];
  const inWindow = beats.filter((b) => b >= music.start && b < music.end).map((b) => b - music.start);
  const out: number[] = [];
  for (let r = 0; r * window * fps < totalFrames; r++) {
    for (const b of inWindow) {
      const f = Math.round((r * window + b) * fps);
      if (f > 0 && f < totalFrames) out.push(f);
    }
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** What snapping needs of a clip, in frames. */
export interface SnapClip {
  frames: number;
  outputStartFrame: number;
  sourceStartFrame: number;
  /** Length of its recording. */
  recordingFrames: number;
  /**
   * The footage it may use, when narrower than the recording (a user's trim): a boundary never
   * moves the clip outside it.
   */
  sourceBounds?: { start: number; end: number };
}

/**
 * The clips with their shared boundaries moved onto beats (see the header). `minFrames` is the
 * shortest clip allowed; `tf` the crossfade length (0 for cuts). Returns new objects.
 */
export function snapToBeats<T extends SnapClip>(clips: T[], beats: number[], opts: { fps: number; tf: number; minFrames: number }): T[] {
  const out = clips.map((c) => ({ ...c }));
  const maxShift = Math.round(MAX_SHIFT * opts.fps);
  const half = Math.floor(opts.tf / 2);
  for (let k = 0; k + 1 < out.length; k++) {
    const a = out[k]!;
    const b = out[k + 1]!;
    const boundary = b.outputStartFrame + half;
    const candidates = beats
      .filter((f) => Math.abs(f - boundary) <= maxShift)
      .sort((x, y) => Math.abs(x - boundary) - Math.abs(y - boundary) || x - y);
    for (const f of candidates) {
      const d = f - boundary;
      const fits =
        a.frames + d >= opts.minFrames &&
        a.sourceStartFrame + a.frames + d <= (a.sourceBounds?.end ?? a.recordingFrames) &&
        b.frames - d >= opts.minFrames &&
        b.sourceStartFrame + d >= (b.sourceBounds?.start ?? 0);
      if (!fits) continue;
      a.frames += d;
      b.frames -= d;
      b.outputStartFrame += d;
      b.sourceStartFrame += d;
      break;
    }
  }
  return out;
}

// Cuts on the beat, pure: beat tracking of decoded music (music-tempo, MIT: Dixon's BeatRoot, run
// once at import and stored with the track) and the snapping of the plan's clip boundaries onto
// the beats of the chosen music window, as it plays on the output clock (looped when shorter).
//
// Snapping moves a boundary (a cut, or the middle of a crossfade) to the nearest beat no more than
// MAX_SHIFT seconds away: the clip before it grows by what the clip after it loses, so every other
// boundary and the total length stay exactly where they were. A move that would make a clip too
// short or reach outside its recording tries the next-nearest beat, else leaves the boundary.
import MusicTempo from 'music-tempo';

/** Sample rate the music is decoded at for beat tracking (music-tempo's 10 ms hop at 441 samples). */
export const BEAT_RATE = 44100;
/** A boundary moves by at most this much, seconds. */
export const MAX_SHIFT = 0.5;

/** Decodes a track's first audio stream to mono float samples on stdout. */
export function beatDecodeArgs(path: string): string[] {
  return ['-i', path, '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(BEAT_RATE), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1'];
}

/** Beat times (seconds, ms precision) of mono samples at BEAT_RATE; [] when none can be found. */
export function trackBeats(samples: Float32Array): number[] {
  // Below a few seconds (or in silence) there is no tempo to find; music-tempo throws on some.
  if (samples.length < BEAT_RATE * 3) return [];
  try {
    const mt = new MusicTempo(samples);
    return mt.beats.filter((b) => Number.isFinite(b) && b >= 0).map((b) => Math.round(b * 1000) / 1000);
  } catch {
    return [];
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

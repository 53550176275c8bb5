// Deciding what goes into a vlog, separate from doing it: events + settings in, a frame-exact
// RenderPlan out. Pure and deterministic (no clock, no randomness, no I/O), so every rule is
// unit-tested and a re-render of the same inputs gives the same video.
//
// Every time is counted in whole output frames (1/fps s) and only converted to seconds at the
// edge, so the pipeline can cut by frame and sample count (48 kHz / 30 fps = 1600 samples per
// frame) and the rendered length equals the planned length exactly.

import { beatFrames, snapToBeats, type SnapClip } from './beats.ts';
import type { PlanText } from './captions.ts';

export interface PlanEvent {
  eventId: string;
  recordingId: string;
  eventStart: Date;
  /** Seconds; null = open-ended (lasts until the next chosen event of its recording, or its end). */
  eventDuration: number | null;
  recordingStart: Date;
  /** Seconds of footage in the recording's file. */
  recordingDuration: number;
  /** One score per second of the recording, may be empty. */
  interestScores: number[];
  /**
   * The user trimmed this event (eventStart/eventDuration are the trim): never use footage past
   * its end, even when the budget has room to spare.
   */
  trimmed?: boolean;
}

export interface PlanSettings {
  maxDuration: number;
  transition: 'CUT' | 'CROSSFADE';
  resolution: 'P480' | 'P720' | 'P1080';
  aspect: 'LANDSCAPE' | 'PORTRAIT';
  music: null | {
    start: number;
    end: number;
    fade: boolean;
    volume: number;
    /** The track's beat times (seconds, from import); used when beatSync is on. */
    beats?: number[];
  };
  /** Move clip boundaries onto the music's beats (beats.ts). */
  beatSync?: boolean;
}

export interface PlanOptions {
  /** Shortest clip worth showing, seconds (default 1.5). */
  minClip?: number;
  /** Output frame rate (default 30). */
  fps?: number;
  /** Crossfade length, seconds (default 0.5). Ignored for CUT. */
  transitionSeconds?: number;
}

export interface RenderSegment {
  index: number;
  eventId: string;
  recordingId: string;
  /** Seconds into the recording (= sourceStartFrame / fps). */
  sourceStart: number;
  sourceEnd: number;
  /** Seconds into the vlog where this clip starts (its crossfade-in starts here). */
  outputStart: number;
  /** Seconds of the clip, including the frames it shares with its neighbours' crossfades. */
  duration: number;
  sourceStartFrame: number;
  outputStartFrame: number;
  frames: number;
  /** Mean interest score of the chosen window (0 when the recording has no scores). */
  interest: number;
}

export interface PlanMusic {
  /** The window of the track to use, seconds. */
  start: number;
  end: number;
  fade: boolean;
  /** Fade-in at the vlog's start and fade-out at its end; 0 without fades. */
  fadeSeconds: number;
  volume: number;
  /** The window is shorter than the video: repeat it (then cut it to the video). */
  loop: boolean;
}

export type DropReason = 'NO_FOOTAGE' | 'TOO_SHORT' | 'OVER_LIMIT';

export interface RenderPlan {
  width: number;
  height: number;
  fps: number;
  transition: { kind: 'CUT' | 'CROSSFADE'; seconds: number; frames: number };
  segments: RenderSegment[];
  totalDuration: number;
  totalFrames: number;
  music: PlanMusic | null;
  /** Where in the vlog the poster frame is taken: the middle of the most interesting clip. */
  posterTime: number;
  /** Events that are not in the vlog, and why (kept so the UI can say so). */
  dropped: { eventId: string; reason: DropReason }[];
  /** Title card and captions, frozen with the plan by the vlog service (captions.ts). */
  text?: PlanText;
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

const SIZES: Record<PlanSettings['resolution'], [number, number]> = {
  // 16:9 with even sides (480 × 16/9 = 853.3 → 854, the usual "480p" width).
  P480: [854, 480],
  P720: [1280, 720],
  P1080: [1920, 1080],
};

export function outputSize(resolution: PlanSettings['resolution'], aspect: PlanSettings['aspect']): [number, number] {
  const [w, h] = SIZES[resolution];
  return aspect === 'PORTRAIT' ? [h, w] : [w, h];
}

/** Internal per-event facts in frames. */
interface Candidate {
  event: PlanEvent;
  /** Recording length in frames. */
  recordingFrames: number;
  /** Event start in the file, clamped to [0, recordingFrames]. */
  startFrame: number;
  /** Event end in the file (null duration: resolved later from its neighbours). */
  endFrame: number | null;
}

export function planVlog(events: PlanEvent[], settings: PlanSettings, opts: PlanOptions = {}): RenderPlan {
  const fps = opts.fps ?? 30;
  if (!(fps > 0) || !Number.isInteger(fps)) throw new PlanError(`fps must be a positive integer, got ${fps}`);
  if (!(settings.maxDuration > 0)) throw new PlanError(`maxDuration must be positive, got ${settings.maxDuration}`);
  const [width, height] = outputSize(settings.resolution, settings.aspect);
  const tf = settings.transition === 'CROSSFADE' ? Math.max(1, Math.round((opts.transitionSeconds ?? 0.5) * fps)) : 0;
  // A clip must hold its two crossfades plus at least one frame of its own, and be long enough
  // to register at all (half a second).
  const minUsable = Math.max(Math.ceil(fps / 2), 2 * tf + 1);
  const minF = Math.max(minUsable, Math.round((opts.minClip ?? 1.5) * fps));
  const budget = Math.round(settings.maxDuration * fps);
  const dropped: RenderPlan['dropped'] = [];

  // 1. Order by start (id breaks ties, for determinism) and drop events with too little footage.
  const ordered = [...events].sort(
    (a, b) => a.eventStart.getTime() - b.eventStart.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
  const usable: Candidate[] = [];
  for (const event of ordered) {
    const recordingFrames = Math.floor(Math.max(0, event.recordingDuration) * fps + 1e-6);
    if (recordingFrames === 0) {
      dropped.push({ eventId: event.eventId, reason: 'NO_FOOTAGE' });
      continue;
    }
    if (recordingFrames < minUsable) {
      dropped.push({ eventId: event.eventId, reason: 'TOO_SHORT' });
      continue;
    }
    const offset = (event.eventStart.getTime() - event.recordingStart.getTime()) / 1000;
    const startFrame = clamp(Math.round(offset * fps), 0, recordingFrames);
    const endFrame =
      event.eventDuration === null
        ? null
        : clamp(Math.round((offset + Math.max(0, event.eventDuration)) * fps), startFrame, recordingFrames);
    usable.push({ event, recordingFrames, startFrame, endFrame });
  }

  // 2. More events than the budget can show at the minimum clip length: keep an evenly spread
  // subset (by position in the day) rather than shrinking every clip below minClip, which turns
  // the vlog into flicker. n clips cost n·minF − (n−1)·tf frames.
  const maxClips = budget <= minF ? 1 : Math.max(1, Math.floor((budget - tf) / (minF - tf)));
  const chosen = evenlySpread(usable, maxClips);
  const chosenSet = new Set(chosen);
  for (const c of usable) if (!chosenSet.has(c)) dropped.push({ eventId: c.event.eventId, reason: 'OVER_LIMIT' });
  if (chosen.length === 0) throw new PlanError('none of the events has footage to show');

  // 3. Caps of each clip's length (clipCaps).
  const { base, own, more } = clipCaps(chosen, minF);

  // 4. Share the budget: the output is Σframes − (n−1)·tf, so the clips may hold that much more.
  const n = chosen.length;
  const target = budget + (n - 1) * tf;
  const sumOwn = own.reduce((a, b) => a + b, 0);
  const lengths = sumOwn >= target ? waterFill(base, own, target) : waterFill(own, more, target);
  // A single clip longer than the budget (maxDuration < minClip) is cut to the budget.
  if (n === 1) lengths[0] = Math.min(lengths[0]!, budget);

  // 5. Place each clip's window inside its recording and lay the clips out on the output clock.
  let clips = placeClips(chosen, lengths, fps, tf);
  const cursor = clips.reduce((a, c) => a + c.frames - tf, 0);
  // 6. With music and its beats: boundaries onto the beats (the total does not change).
  const music = settings.music;
  if (settings.beatSync && music?.beats?.length && clips.length > 1) {
    clips = snapToBeats(clips, beatFrames(music.beats, music, cursor + tf, fps), { fps, tf, minFrames: minUsable });
  }
  const segments = clips.map((clip, i) => toSegment(clip, i, fps));
  const totalFrames = cursor + tf;
  const totalDuration = totalFrames / fps;

  const posterTime = posterTimeOf(segments, fps);

  return {
    width,
    height,
    fps,
    transition: { kind: settings.transition, seconds: tf / fps, frames: tf },
    segments,
    totalDuration,
    totalFrames,
    music: planMusic(settings.music, totalDuration),
    posterTime,
    dropped,
  };
}

/** Poster: middle of the most interesting clip, first one on ties (and when there are no scores). */
function posterTimeOf(segments: RenderSegment[], fps: number): number {
  let best = segments[0]!;
  for (const seg of segments) if (seg.interest > best.interest + 1e-12) best = seg;
  return (best.outputStartFrame + Math.floor(best.frames / 2)) / fps;
}

/**
 * Caps of each chosen clip's length, in frames. base: the minimum clip (the window may slide
 * back inside the file to get it). own: the event's own footage. more: footage up to the next
 * chosen event of the same recording (or the file's end) — used only when the budget is left
 * over after every event got its own; a trimmed event never gets more than its trim.
 */
function clipCaps(chosen: Candidate[], minF: number): { base: number[]; own: number[]; more: number[] } {
  const base: number[] = [];
  const own: number[] = [];
  const more: number[] = [];
  chosen.forEach((c, i) => {
    let next = c.recordingFrames;
    for (let j = i + 1; j < chosen.length; j++) {
      const d = chosen[j]!;
      if (d.event.recordingId === c.event.recordingId && d.startFrame > c.startFrame) {
        next = Math.min(next, d.startFrame);
      }
    }
    const b = Math.min(minF, c.recordingFrames);
    const end = c.endFrame ?? next;
    const o = Math.max(b, end - c.startFrame);
    base.push(b);
    own.push(o);
    more.push(c.event.trimmed ? o : Math.max(o, next - c.startFrame));
  });
  return { base, own, more };
}

type PlacedClip = SnapClip & { c: Candidate };

/** Each clip's window in its recording (the liveliest part when it must be cut), laid end to end. */
function placeClips(chosen: Candidate[], lengths: number[], fps: number, tf: number): PlacedClip[] {
  let cursor = 0;
  return chosen.map((c, i) => {
    const len = lengths[i]!;
    const start =
      c.endFrame !== null && len < c.endFrame - c.startFrame
        ? bestWindow(c.event.interestScores, fps, c.startFrame, c.endFrame, len)
        : Math.min(c.startFrame, c.recordingFrames - len); // past the file's end: slide back to fit
    // A trimmed event's clip stays inside the trim, even when beat snapping moves its ends.
    const sourceBounds = c.event.trimmed && c.endFrame !== null ? { start: c.startFrame, end: c.endFrame } : undefined;
    const clip = { c, frames: len, outputStartFrame: cursor, sourceStartFrame: start, recordingFrames: c.recordingFrames, sourceBounds };
    cursor += len - tf;
    return clip;
  });
}

function toSegment({ c, frames: len, outputStartFrame, sourceStartFrame: start }: PlacedClip, index: number, fps: number): RenderSegment {
  return {
    index,
    eventId: c.event.eventId,
    recordingId: c.event.recordingId,
    sourceStart: start / fps,
    sourceEnd: (start + len) / fps,
    outputStart: outputStartFrame / fps,
    duration: len / fps,
    sourceStartFrame: start,
    outputStartFrame,
    frames: len,
    interest: meanScore(c.event.interestScores, fps, start, len),
  };
}

function planMusic(music: PlanSettings['music'], total: number): PlanMusic | null {
  if (!music) return null;
  const window = music.end - music.start;
  if (!(music.start >= 0) || !(window > 0)) throw new PlanError(`invalid music window ${music.start}–${music.end}`);
  if (!(music.volume >= 0 && music.volume <= 1)) throw new PlanError(`music volume must be in 0–1, got ${music.volume}`);
  return {
    start: music.start,
    end: music.end,
    fade: music.fade,
    // The older system's 2 s fades, shortened so a fade never covers more than half the window
    // or half the video (the fade-out must not start before the fade-in has ended).
    fadeSeconds: music.fade ? Math.min(2, window / 2, total / 2) : 0,
    volume: music.volume,
    loop: window < total - 1e-9,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** k items spread evenly over the list (the middle of each of k equal slices), order kept. */
export function evenlySpread<T>(items: T[], k: number): T[] {
  const n = items.length;
  if (k >= n) return [...items];
  const out: T[] = [];
  for (let j = 0; j < k; j++) out.push(items[Math.floor(((j + 0.5) * n) / k)]!);
  return out;
}

/**
 * Max-min fair sharing in whole frames: every item gets at least floor[i], at most cap[i], and
 * the total is `total` (or Σcap when that is smaller). Items below the common level are raised to
 * it — short items keep only what they can use and the rest flows to the longer ones. Leftover
 * single frames go to the earliest items that can still grow, so the result is deterministic.
 */
export function waterFill(floor: number[], cap: number[], total: number): number[] {
  const n = floor.length;
  const sumCap = cap.reduce((a, b) => a + b, 0);
  if (sumCap <= total) return [...cap];
  const at = (level: number) => floor.map((f, i) => Math.min(cap[i]!, Math.max(f, level)));
  const sumAt = (level: number) => at(level).reduce((a, b) => a + b, 0);
  if (sumAt(0) >= total) return at(0);
  // Largest integer level whose total still fits.
  let lo = 0;
  let hi = Math.max(...cap);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sumAt(mid) <= total) lo = mid;
    else hi = mid - 1;
  }
  const out = at(lo);
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n && rest > 0; i++) {
    if (out[i]! <= lo && out[i]! < cap[i]!) {
      out[i]! += 1;
      rest--;
    }
  }
  return out;
}

/** Σ of per-frame scores over frames [0, f): a frame takes the score of its second. */
function prefix(scores: number[], fps: number): (f: number) => number {
  const sec: number[] = [0];
  for (const v of scores) sec.push(sec[sec.length - 1]! + (Number.isFinite(v) ? v : 0));
  return (f: number) => {
    const whole = Math.floor(f / fps);
    if (whole >= scores.length) return fps * sec[scores.length]!;
    const v = scores[whole]!;
    return fps * sec[whole]! + (f - whole * fps) * (Number.isFinite(v) ? v : 0);
  };
}

/**
 * Start frame of the len-frame window inside [s, e) with the highest total interest; the earliest
 * on ties, so empty or flat scores keep the event's own start (the older system's behaviour).
 */
export function bestWindow(scores: number[], fps: number, s: number, e: number, len: number): number {
  if (len >= e - s || scores.length === 0) return s;
  const p = prefix(scores, fps);
  let best = s;
  let bestSum = p(s + len) - p(s);
  for (let a = s + 1; a + len <= e; a++) {
    const sum = p(a + len) - p(a);
    // Relative tolerance: float noise must not move a flat window off the event start.
    if (sum > bestSum + 1e-9 * (1 + Math.abs(bestSum))) {
      best = a;
      bestSum = sum;
    }
  }
  return best;
}

function meanScore(scores: number[], fps: number, start: number, len: number): number {
  if (scores.length === 0 || len <= 0) return 0;
  const p = prefix(scores, fps);
  return (p(start + len) - p(start)) / len;
}

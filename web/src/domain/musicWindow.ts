// The music window: which seconds [start, end] of a track play under the vlog. Every edit —
// dragging a handle, dragging the window, arrow keys — goes through these functions, which keep
// 0 ≤ start, start + minWindow ≤ end ≤ track length.

export interface MusicWindow {
  start: number;
  end: number;
}

export const DEFAULT_WINDOW_SECONDS = 180;
export const DEFAULT_MIN_WINDOW = 0.5;

/** Rounds to milliseconds so that repeated steps don't accumulate float noise. */
function ms(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The first min(track, 180) s. */
export function defaultWindow(trackDuration: number): MusicWindow {
  return { start: 0, end: ms(Math.max(0, Math.min(trackDuration, DEFAULT_WINDOW_SECONDS))) };
}

/** Puts any window back inside the rules (a track shorter than minWindow gets all of it). */
export function clampWindow(w: MusicWindow, trackDuration: number, minWindow = DEFAULT_MIN_WINDOW): MusicWindow {
  const d = Math.max(0, trackDuration);
  if (d <= minWindow) return { start: 0, end: ms(d) };
  let start = Number.isFinite(w.start) ? w.start : 0;
  let end = Number.isFinite(w.end) ? w.end : d;
  start = Math.min(Math.max(0, start), d - minWindow);
  end = Math.min(Math.max(end, start + minWindow), d);
  return { start: ms(start), end: ms(end) };
}

/** Moves the start handle; it can't pass end − minWindow or 0. */
export function moveStart(w: MusicWindow, start: number, trackDuration: number, minWindow = DEFAULT_MIN_WINDOW): MusicWindow {
  const d = Math.max(0, trackDuration);
  if (d <= minWindow) return { start: 0, end: ms(d) };
  const end = Math.min(Math.max(w.end, minWindow), d);
  return { start: ms(Math.min(Math.max(0, start), end - minWindow)), end: ms(end) };
}

/** Moves the end handle; it can't pass start + minWindow or the track's end. */
export function moveEnd(w: MusicWindow, end: number, trackDuration: number, minWindow = DEFAULT_MIN_WINDOW): MusicWindow {
  const d = Math.max(0, trackDuration);
  if (d <= minWindow) return { start: 0, end: ms(d) };
  const start = Math.min(Math.max(0, w.start), d - minWindow);
  return { start: ms(start), end: ms(Math.min(Math.max(end, start + minWindow), d)) };
}

/** Shifts the whole window by `delta` seconds, keeping its length, stopping at the track's ends. */
export function shiftWindow(w: MusicWindow, delta: number, trackDuration: number, minWindow = DEFAULT_MIN_WINDOW): MusicWindow {
  const c = clampWindow(w, trackDuration, minWindow);
  const length = c.end - c.start;
  const start = Math.min(Math.max(0, c.start + delta), Math.max(0, trackDuration - length));
  return { start: ms(start), end: ms(start + length) };
}

export function windowLength(w: MusicWindow): number {
  return ms(w.end - w.start);
}

/** Seconds at a horizontal pixel position of a waveform `width` px wide. */
export function secondsAt(x: number, width: number, trackDuration: number): number {
  if (width <= 0) return 0;
  return Math.min(Math.max(0, (x / width) * trackDuration), trackDuration);
}

export type WindowPart = 'start' | 'end' | 'window';

/** Where a drag that began at `fromSeconds` with window `origin` puts the window at `toSeconds`. */
export function dragTo(
  part: WindowPart,
  origin: MusicWindow,
  fromSeconds: number,
  toSeconds: number,
  trackDuration: number,
  minWindow = DEFAULT_MIN_WINDOW,
): MusicWindow {
  const delta = toSeconds - fromSeconds;
  if (part === 'start') return moveStart(origin, origin.start + delta, trackDuration, minWindow);
  if (part === 'end') return moveEnd(origin, origin.end + delta, trackDuration, minWindow);
  return shiftWindow(origin, delta, trackDuration, minWindow);
}

/** Keyboard: arrows step, Shift+arrows or PageUp/PageDown step 10×, Home/End go to the limits. */
export function keyStep(
  part: WindowPart,
  w: MusicWindow,
  key: string,
  shift: boolean,
  trackDuration: number,
  minWindow = DEFAULT_MIN_WINDOW,
  step = 1,
): MusicWindow | null {
  let delta: number;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      delta = -(shift ? step * 10 : step);
      break;
    case 'ArrowRight':
    case 'ArrowUp':
      delta = shift ? step * 10 : step;
      break;
    case 'PageDown':
      delta = -step * 10;
      break;
    case 'PageUp':
      delta = step * 10;
      break;
    case 'Home':
      delta = -Infinity;
      break;
    case 'End':
      delta = Infinity;
      break;
    default:
      return null;
  }
  const big = trackDuration + 1;
  const d = Number.isFinite(delta) ? delta : Math.sign(delta) * big;
  if (part === 'start') return moveStart(w, w.start + d, trackDuration, minWindow);
  if (part === 'end') return moveEnd(w, w.end + d, trackDuration, minWindow);
  return shiftWindow(w, d, trackDuration, minWindow);
}

// How a picture of another shape fills the output frame, pure: each clip's video filter graph
// for each fit, and the motion-guided placement of a crop.
//   BLUR  the clip fitted whole, over a blurred, darkened copy of itself that covers the frame;
//   CROP  the clip scaled to cover the frame and cropped, the window placed where the motion is
//         (measured on a tiny grey copy of the clip's own frames, see motionProbeArgs);
//   BARS  the clip fitted whole on black.
// ffmpeg auto-rotates on decode (turning 90/270 swaps the sides), so the filters see display
// orientation; non-square pixels are made square here too.
import type { SourceInfo } from './commands.ts';

export const FITS = ['BLUR', 'CROP', 'BARS'] as const;
export type Fit = (typeof FITS)[number];

type Shape = Pick<SourceInfo, 'width' | 'height' | 'sar' | 'rotation'>;

const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));

/** Display width and height (after rotation and pixel aspect). */
function displaySize(src: Shape, W: number, H: number): { dw: number; dh: number } {
  const turned = src.rotation % 180 !== 0;
  return {
    dw: (turned ? src.height : src.width * (src.sar || 1)) || W,
    dh: (turned ? src.width * (src.sar || 1) : src.height) || H,
  };
}

/** Size the picture is scaled to so it fits inside W×H whole, display aspect kept. */
export function fitSize(src: Shape, W: number, H: number): { w: number; h: number } {
  const { dw, dh } = displaySize(src, W, H);
  if (dw / dh > W / H) return { w: W, h: Math.min(H, even((W * dh) / dw)) };
  return { w: Math.min(W, even((H * dw) / dh)), h: H };
}

/** Whether the picture fills W×H exactly once fitted (then every fit is the same plain scale). */
export function fillsFrame(src: Shape, W: number, H: number): boolean {
  const { w, h } = fitSize(src, W, H);
  return w === W && h === H;
}

/** Size the picture is scaled to so it covers W×H, display aspect kept (one side overhangs). */
export function coverSize(src: Shape, W: number, H: number): { w: number; h: number } {
  const { dw, dh } = displaySize(src, W, H);
  if (dw / dh > W / H) return { w: Math.max(W, even((H * dw) / dh)), h: H };
  return { w: W, h: Math.max(H, even((W * dh) / dw)) };
}

/** Side of the motion grid: frames are measured at GRID×GRID grey pixels (any source shape). */
export const MOTION_GRID = 32;
/** Frames per second the motion is sampled at. */
export const MOTION_FPS = 4;

/**
 * Decodes the clip's window at a few frames per second, shrunk to a GRID×GRID grey image each
 * (raw bytes on stdout), in display orientation: cheap, and enough to say where things move.
 */
export function motionProbeArgs(path: string, window: { start: number; end: number }): string[] {
  const secs = (v: number) => String(Math.round(v * 1e6) / 1e6);
  return [
    '-ss', secs(window.start), '-t', secs(window.end - window.start), '-i', path, '-an', '-sn', '-dn',
    '-vf', `fps=${MOTION_FPS},scale=${MOTION_GRID}:${MOTION_GRID},format=gray`, '-f', 'rawvideo', '-',
  ];
}

/**
 * Where the motion is, as the share of it in each column and each row of the grid: the sum of
 * absolute differences between consecutive frames. Undefined when nothing moves (or too few
 * frames), so the crop stays centred.
 */
export function motionProfile(raw: Uint8Array, grid = MOTION_GRID): { cols: number[]; rows: number[] } | undefined {
  const size = grid * grid;
  const frames = Math.floor(raw.length / size);
  if (frames < 2) return undefined;
  const cols = new Array<number>(grid).fill(0);
  const rows = new Array<number>(grid).fill(0);
  let total = 0;
  for (let f = 1; f < frames; f++) {
    const a = (f - 1) * size;
    const b = f * size;
    for (let y = 0; y < grid; y++) {
      for (let x = 0; x < grid; x++) {
        const d = Math.abs(raw[b + y * grid + x]! - raw[a + y * grid + x]!);
        // Below a few grey levels it is noise and compression, not motion.
        if (d < 6) continue;
        cols[x]! += d;
        rows[y]! += d;
        total += d;
      }
    }
  }
  if (total === 0) return undefined;
  return { cols: cols.map((v) => v / total), rows: rows.map((v) => v / total) };
}

/**
 * Offset (pixels) of a `window`-wide crop inside a `cover`-wide picture: centred on the motion
 * (the window over the grid holding most of it; the most central one on ties), or centred without
 * motion. `profile` spans the whole picture in equal cells.
 */
export function cropOffset(profile: number[] | undefined, cover: number, window: number): number {
  const slack = cover - window;
  if (slack <= 0) return 0;
  const centre = Math.floor(slack / 2);
  if (!profile || profile.length === 0) return centre;
  const n = profile.length;
  const cell = cover / n;
  // Candidate offsets every quarter cell, whole pixels, both ends included.
  let best = centre;
  let bestMass = -1;
  const mass = (x: number) => {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const lo = Math.max(x, i * cell);
      const hi = Math.min(x + window, (i + 1) * cell);
      if (hi > lo) m += (profile[i]! * (hi - lo)) / cell;
    }
    return m;
  };
  const steps = Math.max(1, Math.ceil(slack / Math.max(1, cell / 4)));
  for (let k = 0; k <= steps; k++) {
    const x = Math.round((slack * k) / steps);
    const m = mass(x);
    if (m > bestMass + 1e-9 || (Math.abs(m - bestMass) <= 1e-9 && Math.abs(x - slack / 2) < Math.abs(best - slack / 2))) {
      best = x;
      bestMass = m;
    }
  }
  return best;
}

export interface FillInput {
  src: Shape;
  /** Output frame size and rate. */
  W: number;
  H: number;
  fps: number;
  /** Frames of the clip. */
  N: number;
  /**
   * First frame kept (default 0): frames before it are decoded (so each frame is the one the
   * whole clip would show) but not filled — for a crossfade that needs only a clip's tail.
   */
  from?: number;
  /** The window ends within a second of the file's end: draw on an exact-length canvas. */
  nearEnd: boolean;
  fit: Fit;
  /** For CROP: where the motion is (motionProfile); centred without it. */
  motion?: { cols: number[]; rows: number[] };
}

/**
 * A clip's video graph, from `[0:v:0]` to `[v]` (W×H, yuv420p, exactly N frames): one
 * fps, cut by frame count, then filled as `fit` says.
 */
export function fillGraph(o: FillInput): string[] {
  const { W, H, fps, N } = o;
  const from = o.from ?? 0;
  const base = `[0:v:0]fps=${fps},trim=${from ? `start_frame=${from}:` : ''}end_frame=${N},setpts=PTS-STARTPTS`;
  const canvas = `color=c=black:s=${W}x${H}:r=${fps},trim=end_frame=${N - from}[canvas]`;
  const { w, h } = fitSize(o.src, W, H);
  const fits = fillsFrame(o.src, W, H);
  const graph: string[] = [];
  if (o.fit === 'BLUR' && !fits) {
    // The same picture scaled to cover, blurred small (cheap), darkened, scaled back up (bilinear:
    // it is a blur). Near the file's end a canvas of exactly N frames holds the last picture.
    const bw = even(W / 8);
    const bh = even(H / 8);
    const cover = coverSize(o.src, bw, bh);
    graph.push(`${base},split[src][bgsrc]`);
    graph.push(`[bgsrc]scale=${cover.w}:${cover.h},crop=${bw}:${bh},boxblur=4:2,lutyuv=y=val*0.6,scale=${W}:${H}:flags=bilinear,setsar=1[${o.nearEnd ? 'bg0' : 'bg'}]`);
    graph.push(`[src]scale=${w}:${h},setsar=1[fg]`);
    if (o.nearEnd) graph.push(canvas, `[canvas][bg0]overlay=eof_action=repeat[bg]`);
    graph.push(`[bg][fg]overlay=x=${(W - w) / 2}:y=${(H - h) / 2}:eof_action=repeat,format=yuv420p[v]`);
    return graph;
  }
  let picture: string;
  let at = { x: 0, y: 0 };
  const crop = o.fit === 'CROP' && !fits;
  if (crop) {
    const c = coverSize(o.src, W, H);
    const x = cropOffset(o.motion?.cols, c.w, W);
    const y = cropOffset(o.motion?.rows, c.h, H);
    picture = `scale=${c.w}:${c.h},crop=${W}:${H}:${x}:${y},setsar=1`;
  } else {
    picture = `scale=${w}:${h},setsar=1`;
    at = { x: (W - w) / 2, y: (H - h) / 2 };
  }
  if (o.nearEnd) {
    // The window must hold N frames even where the file's video ends a little before its stated
    // duration: draw on a canvas of exactly N frames and repeat the last frame.
    graph.push(`${base},${picture}[fg]`);
    graph.push(canvas);
    graph.push(`[canvas][fg]overlay=x=${at.x}:y=${at.y}:eof_action=repeat,format=yuv420p[v]`);
  } else {
    const pad = fits || crop ? '' : `,pad=${W}:${H}:${at.x}:${at.y}:black`;
    graph.push(`${base},${picture}${pad},format=yuv420p[v]`);
  }
  return graph;
}

import { describe, expect, it } from 'vitest';
import { coverSize, cropOffset, fillGraph, fillsFrame, MOTION_GRID, motionProbeArgs, motionProfile, type FillInput } from './fill.ts';

const portrait = { width: 1080, height: 1920, sar: 1, rotation: 0 };
const landscape = { width: 1920, height: 1080, sar: 1, rotation: 0 };
const input = (o: Partial<FillInput> = {}): FillInput => ({ src: portrait, W: 1280, H: 720, fps: 30, N: 90, nearEnd: false, fit: 'BLUR', ...o });
const BASE = '[0:v:0]fps=30,trim=end_frame=90,setpts=PTS-STARTPTS';

describe('fill graph', () => {
  it('BLUR: the clip fitted whole over a blurred, darkened copy that covers the frame', () => {
    const g = fillGraph(input());
    expect(g[0]).toBe(`${BASE},split[src][bgsrc]`);
    // Covering 160×90 from a portrait source: 160 wide, cropped to 90 high; blurred, darkened.
    expect(g[1]).toBe('[bgsrc]scale=160:284,crop=160:90,boxblur=4:2,lutyuv=y=val*0.6,scale=1280:720:flags=bilinear,setsar=1[bg]');
    expect(g).toContain('[src]scale=406:720,setsar=1[fg]');
    // The blurred copy is the canvas itself: one overlay of the picture, no black frame under it.
    expect(g.at(-1)).toBe('[bg][fg]overlay=x=437:y=0:eof_action=repeat,format=yuv420p[v]');
    expect(g.join(';')).not.toContain('color=');
  });

  it('BLUR near the end of the file: an exact-length canvas holds the last picture', () => {
    const g = fillGraph(input({ nearEnd: true }));
    expect(g).toContain('color=c=black:s=1280x720:r=30,trim=end_frame=90[canvas]');
    expect(g).toContain('[canvas][bg0]overlay=eof_action=repeat[bg]');
    expect(g.at(-1)).toBe('[bg][fg]overlay=x=437:y=0:eof_action=repeat,format=yuv420p[v]');
  });

  it('from a later frame: decodes up to it but fills only the frames kept, on a canvas of their number', () => {
    const g = fillGraph(input({ from: 75, nearEnd: true }));
    expect(g[0]).toBe('[0:v:0]fps=30,trim=start_frame=75:end_frame=90,setpts=PTS-STARTPTS,split[src][bgsrc]');
    expect(g).toContain('color=c=black:s=1280x720:r=30,trim=end_frame=15[canvas]');
  });

  it('CROP: scaled to cover and cropped, centred without motion', () => {
    const g = fillGraph(input({ fit: 'CROP' }));
    expect(g).toEqual([`${BASE},scale=1280:2276,crop=1280:720:0:778,setsar=1,format=yuv420p[v]`]);
    const wide = fillGraph(input({ fit: 'CROP', src: landscape, W: 480, H: 854 }));
    expect(wide).toEqual([`${BASE},scale=1518:854,crop=480:854:519:0,setsar=1,format=yuv420p[v]`]);
  });

  it('CROP: the window moves to where the motion is', () => {
    const cols = Array.from({ length: MOTION_GRID }, (_, i) => (i >= MOTION_GRID - 4 ? 0.25 : 0));
    const g = fillGraph(input({ fit: 'CROP', src: landscape, W: 480, H: 854, motion: { cols, rows: cols.map(() => 1 / MOTION_GRID) } }));
    // All the motion in the rightmost eighth: the window ends at the right edge.
    expect(g).toEqual([`${BASE},scale=1518:854,crop=480:854:1038:0,setsar=1,format=yuv420p[v]`]);
  });

  it('BARS: fitted whole on black', () => {
    expect(fillGraph(input({ fit: 'BARS' }))).toEqual([`${BASE},scale=406:720,setsar=1,pad=1280:720:437:0:black,format=yuv420p[v]`]);
  });

  it('is one plain scale for every fit when the shapes already match', () => {
    expect(fillsFrame(landscape, 1280, 720)).toBe(true);
    expect(fillsFrame(portrait, 1280, 720)).toBe(false);
    const plain = [`${BASE},scale=1280:720,setsar=1,format=yuv420p[v]`];
    for (const fit of ['BLUR', 'CROP', 'BARS'] as const) expect(fillGraph(input({ src: landscape, fit }))).toEqual(plain);
  });

  it('draws on an exact-length canvas near the end of the file, for crops too', () => {
    const g = fillGraph(input({ fit: 'CROP', nearEnd: true }));
    expect(g[0]).toBe(`${BASE},scale=1280:2276,crop=1280:720:0:778,setsar=1[fg]`);
    expect(g).toContain('color=c=black:s=1280x720:r=30,trim=end_frame=90[canvas]');
    expect(g.at(-1)).toBe('[canvas][fg]overlay=x=0:y=0:eof_action=repeat,format=yuv420p[v]');
  });

  it('covers with even sides, turning rotated sources', () => {
    expect(coverSize(portrait, 1280, 720)).toEqual({ w: 1280, h: 2276 });
    expect(coverSize({ ...landscape, rotation: 90 }, 1280, 720)).toEqual({ w: 1280, h: 2276 });
    expect(coverSize(landscape, 1280, 720)).toEqual({ w: 1280, h: 720 });
  });
});

describe('motion', () => {
  const G = MOTION_GRID;
  /** Frames of a bright 4×4 square jumping around inside the columns [from, to). */
  function frames(count: number, from: number, to: number): Uint8Array {
    const raw = new Uint8Array(count * G * G).fill(40);
    for (let f = 0; f < count; f++) {
      const x0 = from + ((f * 3) % (to - from - 4));
      for (let y = 10; y < 14; y++) for (let x = x0; x < x0 + 4; x++) raw[f * G * G + y * G + x] = 230;
    }
    return raw;
  }

  it('reads a tiny grey copy of the window at a few frames per second', () => {
    expect(motionProbeArgs('/a.mp4', { start: 2, end: 5.5 })).toEqual([
      '-ss', '2', '-t', '3.5', '-i', '/a.mp4', '-an', '-sn', '-dn', '-vf', `fps=4,scale=${G}:${G},format=gray`, '-f', 'rawvideo', '-',
    ]);
  });

  it('finds which columns and rows move, and nothing in a still picture', () => {
    const p = motionProfile(frames(8, 20, 32))!;
    const right = p.cols.slice(20).reduce((a, b) => a + b, 0);
    expect(right).toBeCloseTo(1, 6);
    expect(p.rows.slice(10, 14).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(motionProfile(new Uint8Array(8 * G * G).fill(90))).toBeUndefined();
    expect(motionProfile(frames(1, 0, 10))).toBeUndefined();
  });

  it('places the crop window over the motion, centred without it, inside the picture always', () => {
    expect(cropOffset(undefined, 1518, 480)).toBe(519);
    expect(cropOffset(undefined, 480, 480)).toBe(0);
    const left = Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0));
    expect(cropOffset(left, 1600, 400)).toBe(0);
    const right = [...left].reverse();
    expect(cropOffset(right, 1600, 400)).toBe(1200);
    // Motion in the middle cells: the window covers them.
    const mid = [0, 0, 0, 0.5, 0.5, 0, 0, 0];
    const x = cropOffset(mid, 1600, 400);
    expect(x).toBeGreaterThanOrEqual(600 - 1);
    expect(x + 400).toBeLessThanOrEqual(1000 + 1);
  });
});

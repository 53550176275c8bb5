// Real ffmpeg, no mocks: tiny generated sources, then ffprobe and frame/sample inspection of the
// result. Each source has its own colour so a sampled frame says which clip is on screen.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanceledError, MediaError, MediaTool } from '../media/ffmpeg.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PlanText } from './captions.ts';
import { planBatches } from './batches.ts';
import { batchArgs, batchSegment, wavData } from './commands-batch.ts';
import { buildCaps } from './commands.ts';
import { LOUDNESS, parseLoudness } from './loudness.ts';
import { PieceCache } from './piece-cache.ts';
import { renderProcesses, renderVlog, type RenderInput, type RenderProgress } from './pipeline.ts';
import { planVlog, type PlanEvent, type PlanSettings, type RenderPlan } from './plan.ts';
import { testX264Args as X264 } from '../testing/fixtures.ts';

const TEST_CAPTION_FONT = join(import.meta.dirname, '../testing/fonts/caption-test.ttf');

let tool: MediaTool;
let root: string;
const inputs: Record<string, RenderInput> = {};
let musicPath: string;


/** Sources: [id, ffmpeg args producing it, file name]. */
function sources(t: MediaTool): [string, string[], string][] {
  return [
    // Plain: 320×180 30 fps, stereo 48 kHz.
    ['red', ['-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=30:d=4', '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=4', '-ac', '2', ...X264(t), '-c:a', 'aac', '-shortest'], 'red.mp4'],
    // Portrait, no audio track.
    ['green', ['-f', 'lavfi', '-i', 'color=c=0x00ff00:s=180x320:r=30:d=4', ...X264(t)], 'green.mp4'],
    // 854×480 at 30000/1001 in .mov with a timecode (data) track, mono 44.1 kHz.
    ['blue', ['-f', 'lavfi', '-i', 'color=c=blue:s=854x480:r=30000/1001:d=4', '-f', 'lavfi', '-i', 'sine=f=300:r=44100:d=4', '-ac', '1', ...X264(t), '-c:a', 'aac', '-timecode', '01:00:00:00', '-shortest'], 'blue.mov'],
    // Anamorphic: 720×480 with 32:27 pixels shows as 853×480 and must fill a 16:9 frame.
    ['cyan', ['-f', 'lavfi', '-i', 'color=c=cyan:s=720x480:r=25:d=4,setsar=32/27', ...X264(t)], 'cyan.mp4'],
  ];
}

async function probeInput(path: string): Promise<RenderInput> {
  const p = await tool.probe(path);
  return { path, width: p.video!.width, height: p.video!.height, fps: p.video!.fps, sar: p.video!.sar, rotation: p.video!.rotation, hasAudio: !!p.audio, duration: p.duration };
}

beforeAll(async () => {
  // TEST_FFMPEG_PATH runs the same renders on another build (e.g. Debian's /usr/bin/ffmpeg).
  tool = await MediaTool.create({ ffmpegPath: process.env.TEST_FFMPEG_PATH, ffprobePath: process.env.TEST_FFPROBE_PATH });
  root = await mkdtemp(join(tmpdir(), 'dayreel-render-test-'));
  await Promise.all(
    sources(tool).map(async ([id, args, name]) => {
      await tool.run([...args, join(root, name)]);
      inputs[id] = await probeInput(join(root, name));
    }),
  );
  // Rotated: coded top half yellow, bottom half magenta, tagged as turned (remux keeps pixels).
  const plain = join(root, 'turn-plain.mp4');
  await tool.run(['-f', 'lavfi', '-i', 'color=c=yellow:s=320x90:r=30:d=4[a];color=c=magenta:s=320x90:r=30:d=4[b];[a][b]vstack[out0]', ...X264(tool), plain]);
  await tool.run(['-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', join(root, 'turned.mp4')]);
  inputs.turned = await probeInput(join(root, 'turned.mp4'));
  // Camera sound for the loudness cases: a loud windy clip (pink noise over a tone, about -8 LUFS)
  // and a quiet one (a faint tone, about -38 LUFS), both 4 s of 160×90.
  for (const [id, audio] of [
    ['windy', 'anoisesrc=c=pink:a=0.7:r=48000:d=4:seed=7[n];sine=f=300:r=48000:d=4[s];[n][s]amix=inputs=2,volume=2'],
    ['quiet', 'sine=f=500:r=48000:d=4,volume=0.03'],
    // A steady voice-like tone with a sharp knock on the camera twice a second: peaks ~17 dB
    // above the loudness, which a fixed gain alone would push over the ceiling.
    ['knocks', 'aevalsrc=0.95*lt(mod(t\\,0.5)\\,0.008)*sin(2*PI*1500*t)+0.12*sin(2*PI*300*t):s=48000:d=4'],
  ] as const) {
    const file = join(root, `${id}.mp4`);
    await tool.run(['-f', 'lavfi', '-i', 'color=c=gray:s=160x90:r=30:d=4', '-f', 'lavfi', '-i', audio, '-ac', '2', ...X264(tool), '-c:a', 'aac', '-shortest', file]);
    inputs[id] = await probeInput(file);
  }
  // Music: 220 Hz for 5 s, then 880 Hz — the window [5, 8] must sound at 880 Hz only.
  musicPath = join(root, 'music.wav');
  await tool.run(['-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*if(lt(t\\,5)\\,220\\,880)*t):s=44100:d=10', musicPath]);
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const T0 = Date.parse('2024-05-01T08:00:00Z');
function eventsFor(ids: string[], dur = 3): PlanEvent[] {
  return ids.map((id, i) => ({
    eventId: `ev-${id}`,
    recordingId: id,
    eventStart: new Date(T0 + i * 600_000),
    eventDuration: dur,
    recordingStart: new Date(T0 + i * 600_000),
    recordingDuration: inputs[id]!.duration,
    interestScores: [],
  }));
}

const PALETTE: Record<string, [number, number, number]> = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  cyan: [0, 255, 255],
  yellow: [255, 255, 0],
  magenta: [255, 0, 255],
  black: [0, 0, 0],
};
const dist = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
function nameOf(rgb: number[]): string {
  let best = 'black';
  for (const [name, c] of Object.entries(PALETTE)) if (dist(rgb, c) < dist(rgb, PALETTE[best]!)) best = name;
  return best;
}

/**
 * One frame, scaled to w×h RGB. ffmpeg's exact seek keeps the first frame whose time is ≥ -ss,
 * so seeking half a frame early lands on `frame` whatever the rounding.
 */
async function frameAt(file: string, frame: number, w = 32, h = 18): Promise<(x: number, y: number) => number[]> {
  const { stdout } = await tool.run(['-ss', String(Math.max(0, (frame - 0.5) / 30)), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${w}x${h}`, '-'], { stdout: true });
  expect(stdout.length).toBe(w * h * 3);
  return (x, y) => [...stdout.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)];
}

async function monoSamples(file: string): Promise<Float32Array> {
  const { stdout } = await tool.run(['-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le', '-'], { stdout: true });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
}
const rms = (s: Float32Array, from: number, to: number) => {
  const part = s.subarray(Math.round(from * 48000), Math.round(to * 48000));
  return Math.sqrt(part.reduce((a, v) => a + v * v, 0) / Math.max(1, part.length));
};
const hz = (s: Float32Array, from: number, to: number) => {
  const part = s.subarray(Math.round(from * 48000), Math.round(to * 48000));
  let crossings = 0;
  for (let i = 1; i < part.length; i++) if (part[i - 1]! < 0 !== part[i]! < 0) crossings++;
  return crossings / 2 / (to - from);
};

async function freshDirs() {
  const base = await mkdtemp(join(root, 'run-'));
  const workDir = join(base, 'work');
  const outDir = join(base, 'out');
  await mkdir(workDir);
  await mkdir(outDir);
  return { workDir, outDir, outputPath: join(outDir, 'vlog.mp4'), posterPath: join(outDir, 'poster.jpg') };
}

async function streams(file: string, inputArgs: string[] = []) {
  const { stdout } = await tool.run([...inputArgs, '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { stdout: true });
  return stdout.toString().split('\n').filter((l) => l && !l.startsWith('#')).length;
}

const settings = (o: Partial<PlanSettings>): PlanSettings => ({ maxDuration: 10, transition: 'CROSSFADE', resolution: 'P480', aspect: 'LANDSCAPE', music: null, ...o });

describe('renderVlog (real ffmpeg)', () => {
  it('crossfades heterogeneous sources into an exact, well-formed 480p video', async () => {
    const ids = ['red', 'green', 'blue', 'turned', 'cyan'];
    const plan = planVlog(eventsFor(ids), settings({ maxDuration: 10 }));
    expect(plan.segments.map((s) => s.recordingId)).toEqual(ids);
    const dirs = await freshDirs();
    const updates: RenderProgress[] = [];
    const result = await renderVlog({ tool, plan, inputs, ...dirs, onProgress: (p) => updates.push(p) });

    // Container facts.
    const probe = await tool.probe(dirs.outputPath);
    expect(probe.video).toMatchObject({ width: 854, height: 480, fps: 30, sar: 1, rotation: 0, codec: 'h264' });
    expect(probe.audio).toEqual({ sampleRate: 48000, channels: 2, codec: 'aac' });
    expect(await streams(dirs.outputPath)).toBe(plan.totalFrames);
    expect(Math.abs(result.duration - plan.totalDuration)).toBeLessThanOrEqual(2 / 30);
    expect(result.sizeBytes).toBeGreaterThan(1000);
    const samples = await monoSamples(dirs.outputPath);
    expect(Math.abs(samples.length / 48000 - plan.totalDuration)).toBeLessThanOrEqual(2 / 30);
    expect(rms(samples, 0.5, 1.5)).toBeGreaterThan(0.05); // red's 440 Hz tone is there

    // Every clip in order at its planned time; sampled in its body (away from the crossfades).
    const expected = ['red', 'green', 'blue', null, 'cyan'];
    for (const seg of plan.segments) {
      const body = [seg.outputStartFrame + 15 + 1, seg.outputStartFrame + seg.frames - 15 - 2];
      for (const f of body) {
        const px = await frameAt(dirs.outputPath, f);
        if (expected[seg.index]) expect(nameOf(px(16, 9)), `clip ${seg.index} at frame ${f}`).toBe(expected[seg.index]);
      }
    }
    // Portrait source, default fit (BLUR): whole in the middle, and the pillarbox area is not
    // black but a darkened, blurred copy of the same green picture.
    const g = await frameAt(dirs.outputPath, plan.segments[1]!.outputStartFrame + 30);
    expect(nameOf(g(16, 9))).toBe('green');
    for (const x of [1, 30]) {
      const [r, gr, b] = g(x, 9);
      expect(gr, `pillarbox at x=${x}`).toBeGreaterThan(60);
      expect(gr).toBeLessThan(230); // darkened
      expect(Math.max(r!, b!)).toBeLessThan(60);
    }
    // Anamorphic source fills the frame edge to edge (its pixels are wide).
    const c = await frameAt(dirs.outputPath, plan.segments[4]!.outputStartFrame + 30);
    expect(nameOf(c(0, 9))).toBe('cyan');
    expect(nameOf(c(31, 9))).toBe('cyan');
    // Rotated source: shown turned exactly once, the way its metadata says.
    const rot = inputs.turned!.rotation;
    expect([90, 270]).toContain(rot);
    const t = await frameAt(dirs.outputPath, plan.segments[3]!.outputStartFrame + 30);
    // The coded top (yellow) ends up on the right for 90° clockwise, on the left for 270°.
    const [left, right] = [nameOf(t(12, 9)), nameOf(t(19, 9))];
    expect(rot === 90 ? [left, right] : [right, left]).toEqual(['magenta', 'yellow']);
    expect(nameOf(t(2, 9))).not.toBe('black'); // portrait after turning: filled by its blurred copy
    // Crossfade: mid-transition frames mix both neighbours.
    const s1 = plan.segments[1]!;
    const mid = await frameAt(dirs.outputPath, s1.outputStartFrame + 7);
    const m = mid(16, 9);
    expect(dist(m, PALETTE.red!)).toBeGreaterThan(60);
    expect(dist(m, PALETTE.green!)).toBeGreaterThan(60);
    expect(m[0]).toBeGreaterThan(60);
    expect(m[1]).toBeGreaterThan(60);

    // Poster: a JPEG of the first clip (no interest scores), output size.
    const poster = await readFile(dirs.posterPath);
    expect([...poster.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const pixels = (await tool.run(['-i', dirs.posterPath, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { stdout: true })).stdout;
    expect(pixels.length).toBe(854 * 480 * 3); // output size
    const centre = (240 * 854 + 427) * 3;
    expect(nameOf([...pixels.subarray(centre, centre + 3)])).toBe('red');

    // Progress: phases in order, never backwards, ends at 100, readable, throttled.
    const percents = updates.map((u) => u.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(updates.at(-1)).toMatchObject({ percent: 100, phase: 'FINALIZING' });
    const phases = [...new Set(updates.map((u) => u.phase))];
    expect(phases).toEqual(['PREPARING', 'RENDERING', 'FINALIZING']);
    expect(updates.some((u) => /^Rendering clip \d of 5$/.test(u.message))).toBe(true);
    expect(updates.filter((u) => u.phase !== 'FINALIZING').every((u) => u.totalSteps === 5)).toBe(true);
    expect(updates.filter((u) => u.phase === 'FINALIZING').every((u) => u.step === undefined)).toBe(true);
    const steps = updates.filter((u) => u.step !== undefined).map((u) => u.step!);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);

    // Nothing left behind but the two results.
    expect(await readdir(dirs.workDir)).toEqual([]);
    expect((await readdir(dirs.outDir)).sort()).toEqual(['poster.jpg', 'vlog.mp4']);
  });

  it('cuts frame-exactly in a portrait video and uses the chosen music window, looped and faded', async () => {
    const ids = ['green', 'cyan', 'green'];
    const events = eventsFor(['green', 'cyan']);
    events.push({ ...events[0]!, eventId: 'ev-green-2', eventStart: new Date(T0 + 2 * 600_000), recordingStart: new Date(T0 + 2 * 600_000 - 1000) });
    const plan: RenderPlan = planVlog(events, settings({ maxDuration: 6, transition: 'CUT', aspect: 'PORTRAIT', music: { start: 5, end: 8, fade: true, volume: 0.8 } }));
    expect(plan.segments.map((s) => s.recordingId)).toEqual(ids);
    expect(plan.music).toMatchObject({ loop: true, fadeSeconds: 1.5 });
    const dirs = await freshDirs();
    const result = await renderVlog({ tool, plan, inputs, music: { path: musicPath, duration: 10 }, fit: 'BARS', ...dirs });

    const probe = await tool.probe(dirs.outputPath);
    expect(probe.video).toMatchObject({ width: 480, height: 854, fps: 30 });
    expect(await streams(dirs.outputPath)).toBe(180);
    expect(Math.abs(result.duration - 6)).toBeLessThanOrEqual(2 / 30);
    // Exact cut: the last frame of clip 0 is green, the first of clip 1 cyan, and so on.
    for (const seg of plan.segments.slice(1)) {
      const before = await frameAt(dirs.outputPath, seg.outputStartFrame - 1, 18, 32);
      const first = await frameAt(dirs.outputPath, seg.outputStartFrame, 18, 32);
      expect(nameOf(before(9, 16))).toBe(ids[seg.index - 1]);
      expect(nameOf(first(9, 16))).toBe(ids[seg.index]);
    }
    // Landscape cyan in a portrait frame, BARS: letterboxed on black.
    const cyan = await frameAt(dirs.outputPath, plan.segments[1]!.outputStartFrame + 10, 18, 32);
    expect(nameOf(cyan(9, 1))).toBe('black');

    // The sources are silent, so what sounds is the music: the 880 Hz part (window 5–8 s),
    // still at 880 Hz after the 3 s window looped, faded in and out.
    const s = await monoSamples(dirs.outputPath);
    expect(hz(s, 1.8, 2.8)).toBeGreaterThan(840);
    expect(hz(s, 1.8, 2.8)).toBeLessThan(920);
    expect(hz(s, 3.2, 4.2)).toBeGreaterThan(840);
    expect(hz(s, 3.2, 4.2)).toBeLessThan(920);
    const full = rms(s, 2, 4);
    expect(full).toBeGreaterThan(0.05);
    expect(rms(s, 0, 0.1)).toBeLessThan(full * 0.3);
    expect(rms(s, 5.9, 6)).toBeLessThan(full * 0.3);
  });

  it('crops a landscape source into a portrait frame where the motion is, and makes a full-frame poster', async () => {
    // Left half red and still; right half blue with a white square moving about.
    const file = join(root, 'split.mp4');
    await tool.run([
      '-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=30:d=3[l];color=c=blue:s=320x180:r=30:d=3[r];color=c=white:s=24x24:r=30:d=3[sq];' +
        '[l][r]hstack[lr];[lr][sq]overlay=x=440+80*sin(3*t):y=80+40*cos(5*t)[out0]',
      ...X264(tool), file,
    ]);
    inputs.split = await probeInput(file);
    const plan = planVlog(eventsFor(['split'], 2), settings({ maxDuration: 2, transition: 'CUT', aspect: 'PORTRAIT' }));
    const dirs = await freshDirs();
    await renderVlog({ tool, plan, inputs, fit: 'CROP', ...dirs });
    const f = await frameAt(dirs.outputPath, 30, 18, 32);
    // Centred, the window would straddle the red/blue edge; guided by the motion it is all blue.
    for (const x of [0, 9, 17]) expect(nameOf(f(x, 2)), `column ${x}`).toBe('blue');
    expect(nameOf(f(0, 30))).toBe('blue');
    // The poster fills the portrait frame edge to edge (no bars, from the source).
    const pixels = (await tool.run(['-i', dirs.posterPath, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '18x32', '-'], { stdout: true })).stdout;
    expect(pixels.length).toBe(18 * 32 * 3);
    for (const [x, y] of [[0, 0], [17, 0], [0, 31], [17, 31]] as const) {
      expect(nameOf([...pixels.subarray((y * 18 + x) * 3, (y * 18 + x) * 3 + 3)])).not.toBe('black');
    }
  });

  it('stops ffmpeg at once on abort and leaves no files', async () => {
    const big = join(root, 'long.mp4');
    await tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=426x240:r=30:d=20', ...X264(tool), big]);
    inputs.long = await probeInput(big);
    const plan = planVlog(eventsFor(['long'], 20), settings({ maxDuration: 20, resolution: 'P1080' }));
    const dirs = await freshDirs();
    const ctl = new AbortController();
    let abortedAt = 0;
    const run = renderVlog({
      tool,
      plan,
      inputs,
      ...dirs,
      signal: ctl.signal,
      onProgress: (p) => {
        if (p.phase === 'RENDERING' && !abortedAt) {
          setTimeout(() => {
            abortedAt = Date.now();
            ctl.abort();
          }, 400);
        }
      },
    });
    await expect(run).rejects.toBeInstanceOf(CanceledError);
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(1500);
    expect(await readdir(dirs.workDir)).toEqual([]);
    expect(await readdir(dirs.outDir)).toEqual([]);
  });

  it('refuses to start when already aborted, creating nothing', async () => {
    const plan = planVlog(eventsFor(['red']), settings({}));
    const dirs = await freshDirs();
    const ctl = new AbortController();
    ctl.abort();
    await expect(renderVlog({ tool, plan, inputs, ...dirs, signal: ctl.signal })).rejects.toBeInstanceOf(CanceledError);
    expect(await readdir(dirs.workDir)).toEqual([]);
  });

  it('rejects a corrupt source with a readable MediaError and cleans up', async () => {
    const bad = join(root, 'corrupt.mp4');
    await writeFile(bad, randomBytes(64 * 1024));
    const withBad = { ...inputs, bad: { ...inputs.red!, path: bad } };
    const events = eventsFor(['red', 'red']).map((e, i) => (i === 1 ? { ...e, eventId: 'ev-bad', recordingId: 'bad' } : e));
    const plan = planVlog(events, settings({}));
    const dirs = await freshDirs();
    const err = await renderVlog({ tool, plan, inputs: withBad, ...dirs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as Error).message).toMatch(/^clip 2 of 2 \(recording bad, .*corrupt\.mp4\) could not be rendered: ffmpeg failed/);
    expect((err as Error).message).toMatch(/Invalid data|invalid|not find|moov/i);
    expect(await readdir(dirs.workDir)).toEqual([]);
    expect(await readdir(dirs.outDir)).toEqual([]);
    expect(existsSync(dirs.outputPath)).toBe(false);
  });

  it('says which recording has no input before doing any work', async () => {
    const plan = planVlog(eventsFor(['red']), settings({}));
    const dirs = await freshDirs();
    await expect(renderVlog({ tool, plan, inputs: {}, ...dirs })).rejects.toThrow(/no source file was given for recording red/);
    expect(await readdir(dirs.workDir)).toEqual([]);
  });
});

/** Integrated loudness and true peak of a finished file, as ebur128 measures them. */
async function loudnessOf(file: string) {
  const { stderr } = await tool.run(['-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  return parseLoudness(stderr);
}

describe('loudness (real ffmpeg, EBU R128)', () => {
  const target = LOUDNESS.targetLufs;
  const check = (m: { integrated?: number; truePeak?: number }) => {
    expect(m.integrated).toBeDefined();
    expect(Math.abs(m.integrated! - target)).toBeLessThanOrEqual(1);
    expect(m.truePeak!).toBeLessThanOrEqual(LOUDNESS.truePeakMax);
  };
  const cases = {
    cameraOnly: { ids: ['windy', 'quiet', 'windy'], music: null },
    musicAndCamera: { ids: ['windy', 'quiet', 'windy'], music: { start: 5, end: 9, fade: true, volume: 0.6 } },
    musicOnly: { ids: ['green', 'cyan', 'green'], music: { start: 0, end: 10, fade: true, volume: 0.6 } },
    peakyCamera: { ids: ['knocks', 'quiet', 'knocks'], music: null },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(`brings ${name} to ${target} ± 1 LUFS with true peak ≤ ${LOUDNESS.truePeakMax} dBTP`, async () => {
      const events = eventsFor(c.ids, 2).map((e, i) => ({ ...e, eventId: `ev-${i}` }));
      const plan = planVlog(events, settings({ maxDuration: 6, transition: 'CUT', music: c.music }));
      const dirs = await freshDirs();
      await renderVlog({ tool, plan, inputs, music: c.music ? { path: musicPath, duration: 10 } : undefined, ...dirs });
      const m = await loudnessOf(dirs.outputPath);
      console.log(`loudness ${name}: ${m.integrated} LUFS, true peak ${m.truePeak} dBTP`);
      check(m);
      if (name === 'cameraOnly') {
        // Per-clip levelling: the sources differ by ~30 dB; in the vlog the quiet clip is raised
        // by at most the boost cap, so they end up far closer, and the quiet one stays quieter.
        const s = await monoSamples(dirs.outputPath);
        const [a, b] = plan.segments;
        const db = (x: number) => 20 * Math.log10(x);
        const gap = db(rms(s, a!.outputStart + 0.2, a!.outputStart + a!.duration - 0.2)) - db(rms(s, b!.outputStart + 0.2, b!.outputStart + b!.duration - 0.2));
        expect(gap).toBeGreaterThan(0);
        expect(gap).toBeLessThan(30 - LOUDNESS.camera.maxBoostDb + 3);
      }
    }, 60_000);
  }
});

describe('title card and captions (real ffmpeg)', () => {
  const text = (captions: 'SOFT' | 'BURNED'): PlanText => ({
    titleCard: { title: '五月一日的 Vlog', date: '2024年5月1日 星期三' },
    captions,
    labels: { 'ev-red': '08:00 · 在廚房煎蛋做早餐', 'ev-blue': '08:10 · 帶狗去公園散步' },
    language: 'zho',
  });
  const planWith = (captions: 'SOFT' | 'BURNED') =>
    Object.assign(planVlog(eventsFor(['red', 'blue'], 4), settings({ maxDuration: 7, transition: 'CUT' })), { text: text(captions) });

  async function subtitleStreams(file: string) {
    const { stdout } = await promisify(execFile)(tool.binaries.ffprobe, ['-v', 'error', '-show_streams', '-select_streams', 's', '-of', 'json', file]);
    return (JSON.parse(stdout) as { streams: { codec_name: string; tags?: { language?: string } }[] }).streams;
  }

  it('SOFT: a mov_text track in the MP4 and the same cues as WebVTT, the title card first when it cannot be drawn', async () => {
    const plan = planWith('SOFT');
    const dirs = await freshDirs();
    const captionsPath = join(dirs.outDir, 'captions.vtt');
    // No font given: nothing can be drawn, so the title card is a cue too.
    const result = await renderVlog({ tool, plan, inputs, ...dirs, captionsPath });
    expect(result.captions).toBe(true);
    const subs = await subtitleStreams(dirs.outputPath);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ codec_name: 'mov_text', tags: { language: 'zho' } });
    const vtt = await readFile(captionsPath, 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('00:00:00.000 --> 00:00:03.000\n五月一日的 Vlog\n2024年5月1日 星期三');
    expect(vtt).toContain('08:00 · 在廚房煎蛋做早餐');
    expect(vtt).toContain('08:10 · 帶狗去公園散步');
    // The track in the MP4 says the same words.
    const { stdout } = await tool.run(['-i', dirs.outputPath, '-map', '0:s:0', '-f', 'webvtt', '-'], { stdout: true });
    expect(stdout.toString()).toContain('帶狗去公園散步');
    expect((await readdir(dirs.outDir)).sort()).toEqual(['captions.vtt', 'poster.jpg', 'vlog.mp4']);
    expect(await readdir(dirs.workDir)).toEqual([]);
  });

  it('BURNED: the title card and captions drawn into the picture with a Traditional Chinese font, no soft track', async () => {
    // A Traditional Chinese font cut down to the test's words (server/src/testing/fonts), so this
    // runs on any machine; finding a system font is findCaptionFont's job (media/ffmpeg.test.ts).
    const plan = planWith('BURNED');
    const dirs = await freshDirs();
    const captionsPath = join(dirs.outDir, 'captions.vtt');
    const result = await renderVlog({ tool, plan, inputs, ...dirs, captionsPath, captionFont: TEST_CAPTION_FONT });
    expect(result.captions).toBe(false);
    expect(await subtitleStreams(dirs.outputPath)).toEqual([]);
    expect(existsSync(captionsPath)).toBe(false);
    const W = 214;
    const H = 120;
    const whiteIn = async (frame: number, rows: [number, number]) => {
      const px = await frameAt(dirs.outputPath, frame, W, H);
      let n = 0;
      for (let y = rows[0]; y < rows[1]; y++) for (let x = 0; x < W; x++) if (px(x, y).every((v) => v > 120)) n++;
      return n;
    };
    // Title card: a darkened red frame with white words in the middle, then the plain clip.
    const card = await frameAt(dirs.outputPath, 15, W, H);
    const [r, g, b] = card(2, 2);
    expect(r!).toBeLessThan(150);
    expect(r!).toBeGreaterThan(30);
    expect(r!).toBeGreaterThan(Math.max(g!, b!));
    expect(await whiteIn(15, [30, 90])).toBeGreaterThan(20);
    // The caption: white words at the bottom of the blue clip, none at the top.
    const blue = plan.segments[1]!.outputStartFrame + 30;
    expect(await whiteIn(blue, [95, 120])).toBeGreaterThan(20);
    expect(await whiteIn(blue, [0, 40])).toBe(0);
    const plainRed = await frameAt(dirs.outputPath, 100, W, H);
    expect(nameOf(plainRed(2, 2))).toBe('red');
  });
});

describe('re-renders from kept pieces (real ffmpeg)', () => {
  it('encodes only what changed: nothing for new music; for a replaced clip, its body and the two crossfades', async () => {
    const cache = new PieceCache(join(root, 'pieces'));
    const ids = ['red', 'blue', 'cyan', 'green'];
    const music = { start: 0, end: 10, fade: true, volume: 0.6 };
    const first = planVlog(eventsFor(ids, 3), settings({ maxDuration: 8, music }));
    const full = await renderVlog({ tool, plan: first, inputs, music: { path: musicPath, duration: 10 }, pieceCache: cache, ...(await freshDirs()) });
    expect(full.pieces).toMatchObject({ encoded: 4 + 3, reused: 0 });
    expect(new Set(await cache.keys())).toEqual(new Set(full.pieces.keys));

    // Other music window and volume: every piece is reused; only the sound is mixed again.
    const music2 = planVlog(eventsFor(ids, 3), settings({ maxDuration: 8, music: { start: 5, end: 9, fade: false, volume: 0.3 } }));
    const dirs = await freshDirs();
    const again = await renderVlog({ tool, plan: music2, inputs, music: { path: musicPath, duration: 10 }, pieceCache: cache, ...dirs });
    expect(again.pieces).toMatchObject({ encoded: 0, reused: 7 });
    expect(await streams(dirs.outputPath)).toBe(music2.totalFrames);
    const s = await monoSamples(dirs.outputPath);
    const quiet = music2.segments[2]!; // cyan has no sound of its own: the music is heard
    expect(hz(s, quiet.outputStart + 0.6, quiet.outputStart + 1.4)).toBeGreaterThan(840); // the 880 Hz part of the track now
    const px = await frameAt(dirs.outputPath, music2.segments[2]!.outputStartFrame + 30);
    expect(nameOf(px(16, 9))).toBe('cyan');

    // The third clip replaced by another recording: its body and the crossfades into and out of it,
    // in one batch that decodes the tail of the second clip and the head of the fourth.
    const swapped = eventsFor(ids, 3).map((e, i) => (i === 2 ? { ...e, recordingId: 'turned', recordingDuration: inputs.turned!.duration } : e));
    const replaced = planVlog(swapped, settings({ maxDuration: 8, music }));
    const dirs3 = await freshDirs();
    const third = await renderVlog({ tool, plan: replaced, inputs, music: { path: musicPath, duration: 10 }, pieceCache: cache, ...dirs3 });
    expect(third.pieces).toMatchObject({ encoded: 1 + 2, reused: 3 + 1 });
    expect(await streams(dirs3.outputPath)).toBe(replaced.totalFrames);
    const mid = await frameAt(dirs3.outputPath, replaced.segments[1]!.outputStartFrame + 30);
    expect(nameOf(mid(16, 9))).toBe('blue');

    // Released with the vlogs that used them: only what another vlog still uses stays.
    await cache.release(third.pieces.keys, new Set(full.pieces.keys));
    expect(new Set(await cache.keys())).toEqual(new Set(full.pieces.keys));
    await cache.release(full.pieces.keys);
    expect(await cache.keys()).toEqual([]);
  }, 120_000);
});

describe('one x264 stream per batch (real ffmpeg)', () => {
  it('cuts the batch apart at IDRs into pieces, and its sound by sample count, that join into the whole', async () => {
    const dir = await mkdtemp(join(root, 'stream-'));
    // A busy picture, so the encoder has real decisions to make.
    const busy = join(dir, 'busy.mp4');
    await tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=4', '-f', 'lavfi', '-i', 'sine=f=600:r=48000:d=4', '-ac', '2', ...X264(tool), '-c:a', 'aac', '-shortest', busy]);
    const src = await probeInput(busy);
    const plan = planVlog(eventsFor(['red', 'blue', 'cyan'], 3), settings({ maxDuration: 8 }));
    const [batch] = planBatches(plan, () => true, 3);
    const files = { segments: join(dir, 'batch-%d.mov'), sound: join(dir, 'batch.wav') };
    await tool.run(batchArgs(plan, batch!, () => ({ src, fit: 'BLUR', cameraGainDb: 0 }), files, buildCaps(tool.caps)));
    const packets = async (file: string) => (await tool.run(['-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'], { stdout: true })).stdout.toString().split('\n').filter((l) => l && !l.startsWith('#'));
    const pieces = await Promise.all(batch!.pieces.map((_, j) => packets(batchSegment(files.segments, j))));
    const [s0, s1, s2] = plan.segments;
    expect(pieces.map((p) => p.length)).toEqual([s0!.frames - 15, 15, s1!.frames - 30, 15, s2!.frames - 15]);
    // Every piece starts with a keyframe (a forced IDR) at time 0, so it joins any piece by stream
    // copy (-avoid_negative_ts disabled: no shift, no gap at the join).
    const key = (line: string) => !/F=0x0/.test(line);
    const firstPts = (lines: string[]) => Math.min(...lines.map((l) => Number(l.split(',')[2])));
    for (const p of pieces) expect([key(p[0]!), firstPts(p)]).toEqual([true, 0]);
    // The sound: one WAV of exactly the batch's samples (the pipeline cuts it per piece).
    const wav = await readFile(files.sound);
    expect(wavData(wav).size).toBe(plan.totalFrames * 1600 * 4);
    // Joined by stream copy, the pieces play as one.
    const list = join(dir, 'list.txt');
    await writeFile(list, batch!.pieces.map((_, j) => `file '${batchSegment(files.segments, j)}'\n`).join(''));
    expect(await streams(list, ['-f', 'concat', '-safe', '0'])).toBe(plan.totalFrames);
  }, 60_000);

  it('renders the same vlog in several batches when a batch may hold only two clips', async () => {
    const ids = ['red', 'green', 'blue', 'cyan'];
    const plan = planVlog(eventsFor(ids), settings({ maxDuration: 8 }));
    const dirs = await freshDirs();
    const result = await renderVlog({ tool, plan, inputs, ...dirs, batchClips: 2 });
    expect(result.pieces).toMatchObject({ encoded: 7, reused: 0 });
    expect(await streams(dirs.outputPath)).toBe(plan.totalFrames);
    for (const seg of plan.segments) {
      const px = await frameAt(dirs.outputPath, seg.outputStartFrame + Math.floor(seg.frames / 2));
      expect(nameOf(px(16, 9)), `clip ${seg.index}`).toBe(ids[seg.index]);
    }
    expect(await readdir(dirs.workDir)).toEqual([]);
  }, 60_000);
});

describe('processes per render', () => {
  it('runs one ffmpeg per two cores (x264 keeps two busy), at least one and at most four', () => {
    expect(renderProcesses(1)).toBe(1);
    expect(renderProcesses(2)).toBe(1);
    expect(renderProcesses(5)).toBe(2);
    expect(renderProcesses(64)).toBe(4);
  });
});

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaTool } from '../media/ffmpeg.ts';
import { BEAT_RATE, beatDecodeArgs, beatFrames, MAX_SHIFT, snapToBeats, trackBeats, trackBeatsOffThread } from './beats.ts';
import { planVlog, type PlanEvent, type PlanSettings } from './plan.ts';

const FPS = 30;
/** A click every 0.5 s (120 BPM) from 0.25 s. */
const CLICKS = Array.from({ length: 60 }, (_, i) => 0.25 + i * 0.5);

describe('beat frames on the output clock', () => {
  it('takes the window beats from the window start, repeating them when the window loops', () => {
    expect(beatFrames([1, 2, 3.5, 9], { start: 1.5, end: 4 }, 200, FPS)).toEqual([15, 60, 90, 135, 165]);
    // 2.5 s window: beats at 0.5 and 2 s of it, repeated every 2.5 s; frame 0 and the end are no boundary.
    expect(beatFrames([0, 10], { start: 0, end: 20 }, 300, FPS)).toEqual([]);
    expect(beatFrames([], { start: 0, end: 20 }, 300, FPS)).toEqual([]);
  });
});

describe('snapping', () => {
  const clip = (frames: number, outputStartFrame: number, sourceStartFrame = 100, recordingFrames = 10_000) => ({ frames, outputStartFrame, sourceStartFrame, recordingFrames });

  it('moves each cut to the nearest beat; the clip before grows by what the one after loses', () => {
    const out = snapToBeats([clip(90, 0), clip(90, 90), clip(90, 180)], [82, 100, 200], { fps: FPS, tf: 0, minFrames: 15 });
    expect(out.map((c) => [c.outputStartFrame, c.frames, c.sourceStartFrame])).toEqual([[0, 82, 100], [82, 98, 92], [180, 90, 100]]);
    // 200 is 20 frames (> 0.5 s) from 180: that boundary stays.
  });

  it('aims the middle of a crossfade at the beat', () => {
    const out = snapToBeats([clip(90, 0), clip(90, 75)], [88], { fps: FPS, tf: 15, minFrames: 31 });
    expect(out[1]!.outputStartFrame + 7).toBe(88);
    expect(out[0]!.frames + out[1]!.frames - 15).toBe(165);
  });

  it('never makes a clip too short or reaches outside its recording; tries the next beat', () => {
    // Moving to 19 would leave clip 0 shorter than 20 frames; 33 is the next nearest.
    expect(snapToBeats([clip(25, 0), clip(90, 25)], [19, 33], { fps: FPS, tf: 0, minFrames: 20 })[1]!.outputStartFrame).toBe(33);
    // Clip 0 ends at its recording's end: it cannot grow, and clip 1 cannot start before its file.
    const edge = snapToBeats([clip(90, 0, 0, 90), clip(90, 90, 0)], [95, 85], { fps: FPS, tf: 0, minFrames: 15 });
    expect(edge[1]!.outputStartFrame).toBe(90);
  });

  it("keeps a trimmed clip inside its trim: neither end moves outside the user's in and out points", () => {
    // Clip 0 is trimmed to source frames 100–190 (it uses all of it), clip 1 to 50–140.
    const trimmed = [
      { ...clip(90, 0, 100, 1000), sourceBounds: { start: 100, end: 190 } },
      { ...clip(90, 90, 50, 1000), sourceBounds: { start: 50, end: 140 } },
    ];
    // A beat at 95 would grow clip 0 past its out point; one at 85 would start clip 1 before its in point.
    const out = snapToBeats(trimmed, [95, 85], { fps: FPS, tf: 0, minFrames: 15 });
    expect(out[1]!.outputStartFrame).toBe(90);
    // Untrimmed, the same clips move onto the nearer beat.
    expect(snapToBeats([clip(90, 0, 100, 1000), clip(90, 90, 50, 1000)], [95, 85], { fps: FPS, tf: 0, minFrames: 15 })[1]!.outputStartFrame).not.toBe(90);
  });
});

describe('beat-synced plans', () => {
  const T0 = Date.parse('2024-05-01T00:00:00Z');
  const events: PlanEvent[] = Array.from({ length: 7 }, (_, i) => ({
    eventId: `e${i}`,
    recordingId: `r${i}`,
    eventStart: new Date(T0 + i * 600_000 + 5000),
    eventDuration: 4 + (i % 3) * 1.7,
    recordingStart: new Date(T0 + i * 600_000),
    recordingDuration: 60,
    interestScores: [],
  }));
  const music = { start: 3, end: 33, fade: true, volume: 0.6, beats: CLICKS };

  for (const transition of ['CUT', 'CROSSFADE'] as const) {
    it(`puts every ${transition} boundary within one frame of a beat, moving none by more than 0.5 s, total unchanged`, () => {
      const settings: PlanSettings = { maxDuration: 30, transition, resolution: 'P480', aspect: 'LANDSCAPE', music };
      const plain = planVlog(events, settings);
      const synced = planVlog(events, { ...settings, beatSync: true });
      expect(synced.totalFrames).toBe(plain.totalFrames);
      expect(synced.segments).toHaveLength(plain.segments.length);
      const beats = beatFrames(CLICKS, music, synced.totalFrames, FPS);
      const half = Math.floor(synced.transition.frames / 2);
      for (const seg of synced.segments.slice(1)) {
        const boundary = seg.outputStartFrame + half;
        const nearest = Math.min(...beats.map((b) => Math.abs(b - boundary)));
        expect(nearest, `boundary at frame ${boundary}`).toBeLessThanOrEqual(1);
        const before = plain.segments[seg.index]!.outputStartFrame + half;
        expect(Math.abs(boundary - before)).toBeLessThanOrEqual(MAX_SHIFT * FPS);
      }
      // Clips still abut (or overlap by exactly the crossfade) and stay inside their recordings.
      synced.segments.forEach((seg, i) => {
        const next = synced.segments[i + 1];
        if (next) expect(next.outputStartFrame).toBe(seg.outputStartFrame + seg.frames - synced.transition.frames);
        expect(seg.sourceStartFrame).toBeGreaterThanOrEqual(0);
        expect(seg.sourceEnd).toBeLessThanOrEqual(60 + 1e-9);
      });
    });
  }

  it('is off without beatSync, without beats and without music', () => {
    const settings: PlanSettings = { maxDuration: 30, transition: 'CUT', resolution: 'P480', aspect: 'LANDSCAPE', music };
    const plain = planVlog(events, settings);
    expect(planVlog(events, { ...settings, music: { ...music, beats: [] }, beatSync: true }).segments).toEqual(plain.segments);
    expect(planVlog(events, { ...settings, music: null, beatSync: true }).segments).toEqual(planVlog(events, { ...settings, music: null }).segments);
  });
});

describe('beat tracking (real ffmpeg decode, music-tempo)', () => {
  let tool: MediaTool;
  let dir: string;
  beforeAll(async () => {
    tool = await MediaTool.create({ ffmpegPath: process.env.TEST_FFMPEG_PATH, ffprobePath: process.env.TEST_FFPROBE_PATH });
    dir = await mkdtemp(join(tmpdir(), 'dayreel-beats-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the clicks of a synthetic click track to within one frame', async () => {
    const file = join(dir, 'clicks.mp3');
    // 30 s: a short 1 kHz click every 0.5 s from 0.25 s, over a quiet hum.
    await tool.run(['-f', 'lavfi', '-i', "aevalsrc='0.8*lt(mod(t-0.25\\,0.5)\\,0.02)*gte(t\\,0.25)*sin(2*PI*1000*t)+0.02*sin(2*PI*110*t)':s=44100:d=30", '-c:a', 'libmp3lame', '-b:a', '128k', file]);
    const { stdout } = await tool.run(beatDecodeArgs(file), { stdout: true });
    const samples = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
    expect(samples.length / BEAT_RATE).toBeGreaterThan(29);
    const beats = trackBeats(samples);
    // Most of the track's 60 clicks are found, each within one frame of a real click.
    expect(beats.length).toBeGreaterThan(50);
    for (const b of beats) expect(Math.min(...CLICKS.map((c) => Math.abs(c - b))), `beat at ${b}`).toBeLessThanOrEqual(1 / FPS);
  }, 60_000);

  it('off the main thread: the same beats, while the event loop keeps turning', async () => {
    const file = join(dir, 'clicks-worker.mp3');
    await tool.run(['-f', 'lavfi', '-i', "aevalsrc='0.8*lt(mod(t-0.25\\,0.5)\\,0.02)*gte(t\\,0.25)*sin(2*PI*1000*t)+0.02*sin(2*PI*110*t)':s=44100:d=30", '-c:a', 'libmp3lame', '-b:a', '128k', file]);
    const { stdout } = await tool.run(beatDecodeArgs(file), { stdout: true });
    const onThread = trackBeats(new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length)));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const offThread = await trackBeatsOffThread(new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length)));
    clearInterval(timer);
    expect(offThread).toEqual(onThread);
    expect(offThread.length).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(0);
    expect(await trackBeatsOffThread(new Float32Array(BEAT_RATE * 2))).toEqual([]);
  }, 60_000);

  it('finds nothing in a few seconds of silence', () => {
    expect(trackBeats(new Float32Array(BEAT_RATE * 2))).toEqual([]);
    expect(trackBeats(new Float32Array(BEAT_RATE * 5))).toEqual([]);
  });
});

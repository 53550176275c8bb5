import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaTool } from './ffmpeg.js';
import { testX264Args } from '../testing/fixtures.js';
import {
  computeInterestScores,
  computePeaks,
  makeThumbnail,
  peaksFromPcm,
  probeAudio,
  probeRecording,
  scoresFromFrames,
} from './analyse.js';

/** Width and height from a JPEG's SOF marker. */
async function jpegSize(file: string): Promise<{ width: number; height: number }> {
  const b = await fs.readFile(file);
  let i = 2;
  while (i < b.length) {
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

let tool: MediaTool;
let dir: string;

beforeAll(async () => {
  tool = await MediaTool.create();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-analyse-'));
  // 3 s of a still picture, then 3 s of moving test pattern, with a tone; creation_time tagged.
  await tool.run([
    '-f', 'lavfi', '-i', 'color=c=0x3060a0:s=160x120:r=25:d=3',
    '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=3',
    '-f', 'lavfi', '-i', 'sine=f=440:sample_rate=8000:d=6',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]',
    '-map', '[v]', '-map', '2:a', ...testX264Args(tool), '-c:a', 'aac', '-b:a', '32k',
    '-metadata', 'creation_time=2026-11-20T01:00:00.000000Z',
    path.join(dir, 'still-then-moving.mp4'),
  ]);
  // Landscape-coded, tagged to display turned 90° (a phone held upright); no audio.
  // (The 2018 build drops the rotate tag when encoding, so it is added by a stream copy.)
  await tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=25:d=1', ...testX264Args(tool), path.join(dir, 'landscape.mp4')]);
  await tool.run(['-i', path.join(dir, 'landscape.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(dir, 'rotated.mp4')]);
  // 2 s of silence then 2 s of a loud tone.
  await tool.run([
    '-f', 'lavfi', '-i', "aevalsrc='if(lt(t,2),0,0.8*sin(2*PI*440*t))':s=8000:d=4",
    '-c:a', 'libmp3lame', '-b:a', '32k', path.join(dir, 'silent-then-loud.mp3'),
  ]);
  await fs.writeFile(path.join(dir, 'random.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('probeRecording', () => {
  it('maps a video file', async () => {
    const p = await probeRecording(tool, path.join(dir, 'still-then-moving.mp4'));
    expect(p.duration).toBeGreaterThan(5.9);
    expect(p.duration).toBeLessThan(6.2);
    expect(p).toMatchObject({ width: 160, height: 120, fps: 25, hasAudio: true, rotation: 0 });
    expect(p.sizeBytes).toBeGreaterThan(1000);
    expect(p.creationTime?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
  });

  it('reports rotation and missing audio', async () => {
    const p = await probeRecording(tool, path.join(dir, 'rotated.mp4'));
    expect(p).toMatchObject({ width: 160, height: 90, hasAudio: false });
    expect([90, 270]).toContain(p.rotation);
    expect(p.creationTime).toBeUndefined();
  });

  it('names the file when it is not a video', async () => {
    await expect(probeRecording(tool, path.join(dir, 'random.mp4'))).rejects.toThrow(/random\.mp4 is not a readable media file/);
    await expect(probeRecording(tool, path.join(dir, 'silent-then-loud.mp3'))).rejects.toThrow(/silent-then-loud\.mp3 is not a video/);
    await expect(probeRecording(tool, path.join(dir, 'missing.mp4'))).rejects.toThrow(/file not found: .*missing\.mp4/);
  });

  it('probes audio', async () => {
    const a = await probeAudio(tool, path.join(dir, 'silent-then-loud.mp3'));
    expect(a.duration).toBeGreaterThan(3.9);
    await expect(probeAudio(tool, path.join(dir, 'rotated.mp4'))).rejects.toThrow(/rotated\.mp4 is not audio/);
  });
});

describe('makeThumbnail', () => {
  it('writes a JPEG of the requested width', async () => {
    const out = path.join(dir, 'thumbs', 'a.jpg');
    await makeThumbnail(tool, path.join(dir, 'still-then-moving.mp4'), 4.5, out, { width: 320 });
    expect(await jpegSize(out)).toEqual({ width: 320, height: 240 });
  });

  it('honours rotation (portrait thumbnail from a rotated file)', async () => {
    const out = path.join(dir, 'thumbs', 'r.jpg');
    await makeThumbnail(tool, path.join(dir, 'rotated.mp4'), 0.5, out, { width: 180 });
    expect(await jpegSize(out)).toEqual({ width: 180, height: 320 });
  });

  it('falls back to the first frame past the end', async () => {
    const out = path.join(dir, 'thumbs', 'late.jpg');
    await makeThumbnail(tool, path.join(dir, 'rotated.mp4'), 30, out);
    expect((await fs.stat(out)).size).toBeGreaterThan(0);
  });
});

describe('computeInterestScores', () => {
  it('scores moving seconds above still ones, one score per second', async () => {
    const file = path.join(dir, 'still-then-moving.mp4');
    const started = performance.now();
    const scores = await computeInterestScores(tool, file, 6);
    const ms = performance.now() - started;
    expect(scores).toHaveLength(6);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThanOrEqual(1);
    const still = Math.max(scores[0]!, scores[1]!, scores[2]!);
    const moving = Math.min(scores[3]!, scores[4]!, scores[5]!);
    expect(still).toBeLessThan(0.05);
    expect(moving).toBeGreaterThan(still + 0.1);
    expect(ms).toBeLessThan(5000);
  });

  it('aggregates frame differences per second (pure)', () => {
    const fb = 4;
    // 4 fps: frames 0..7; frames 0-3 identical, 4-7 alternate black/white.
    const frames = [0, 0, 0, 0, 255, 0, 255, 0].map((v) => Buffer.alloc(fb, v));
    const scores = scoresFromFrames(Buffer.concat(frames), fb, 4, 2);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBe(1);
  });
});

describe('computePeaks', () => {
  it('is low in the silence and high in the tone', async () => {
    const { peaks, duration } = await computePeaks(tool, path.join(dir, 'silent-then-loud.mp3'), 4, 40);
    expect(peaks).toHaveLength(40);
    expect(duration).toBeGreaterThan(3.9);
    expect(Math.max(...peaks)).toBe(1);
    // mp3 adds ~50 ms of encoder delay: look clear of the edge.
    expect(Math.max(...peaks.slice(0, 18))).toBeLessThan(0.05);
    expect(Math.min(...peaks.slice(22, 39))).toBeGreaterThan(0.8);
  });

  it('normalises and caps buckets (pure)', () => {
    const pcm = Buffer.alloc(8);
    pcm.writeInt16LE(100, 0);
    pcm.writeInt16LE(-200, 2);
    pcm.writeInt16LE(50, 6);
    expect(peaksFromPcm(pcm, 1000)).toEqual([0.5, 1, 0, 0.25]);
    expect(peaksFromPcm(pcm, 2)).toEqual([1, 0.25]);
    expect(peaksFromPcm(Buffer.alloc(0), 10)).toEqual([]);
  });
});

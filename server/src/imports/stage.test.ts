// Staging and inspection against real ffmpeg and a real local Storage folder (no database).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkProgress } from '../lib/work-progress.js';
import { MediaTool } from '../media/ffmpeg.js';
import { LocalStorage } from '../media/storage/local.js';
import { inspectFiles, sameContentProblems } from './inspect.js';
import type { Manifest } from './manifest.js';
import { planImport } from './plan.js';
import { stageMedia, StagedObjects } from './stage.js';
import { ImportError } from './types.js';

let tool: MediaTool;
let dir: string;

const manifest = (recordingFile: string): Manifest => ({
  source: path.join(dir, 'manifest.json'),
  recordings: [
    { id: 'cam', file: path.join(dir, 'cam.mp4'), startTime: new Date('2026-11-20T01:00:00Z'), at: 'recordings[0]' },
    { id: 'other', file: recordingFile, startTime: new Date('2026-11-20T02:00:00Z'), at: 'recordings[1]' },
  ],
  events: [{ recording: 'cam', offset: 0.5, duration: 1, at: 'events[0]' }],
  diary: [],
  music: [{ file: path.join(dir, 'song.mp3'), name: 'Song', shared: true, at: 'music[0]' }],
});

beforeAll(async () => {
  tool = await MediaTool.create();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-stage-'));
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', ...(tool.caps.needsTrellisOff ? ['-x264-params', 'trellis=0'] : []), '-pix_fmt', 'yuv420p'];
  await Promise.all([
    tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=96x64:r=10:d=2', ...x264, path.join(dir, 'cam.mp4')]),
    tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=64x96:r=10:d=2', ...x264, path.join(dir, 'cam2.mp4')]),
    tool.run(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=8000:d=2', '-c:a', 'libmp3lame', '-b:a', '32k', path.join(dir, 'song.mp3')]),
  ]);
});

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function stageAll(m: Manifest, objects: StagedObjects) {
  const progress = new WorkProgress();
  const files = await inspectFiles(m, { tool, progress, concurrency: 2 });
  const plan = planImport(m, files, { user: null, recordings: [], music: [], events: [], diary: [] });
  const tmpDir = await fs.mkdtemp(path.join(dir, 'tmp-'));
  return { plan, staged: await stageMedia(plan, { tool, objects, progress, userId: 42, tmpDir, thumbnailWidth: 64, concurrency: 2 }) };
}

describe('inspect and stage', () => {
  it('stores every new item under its owner and can take it all back', async () => {
    const storage = new LocalStorage(await fs.mkdtemp(path.join(dir, 'store-')));
    const objects = new StagedObjects(storage);
    const { plan, staged } = await stageAll(manifest(path.join(dir, 'cam2.mp4')), objects);
    const cam = staged.recordings.get(plan.recordings[0]!.id)!;
    expect(cam.key).toBe(`users/42/recordings/${plan.recordings[0]!.id}.mp4`);
    expect(cam.interestScores).toHaveLength(2);
    expect(staged.eventThumbnails.get(plan.events[0]!.id)).toBe(`users/42/thumbnails/${plan.events[0]!.id}.jpg`);
    const song = staged.music.get(plan.music[0]!.id)!;
    expect(song.key).toBe(`music/${plan.music[0]!.id}.mp3`);
    expect(song.peaks.length).toBeGreaterThan(100);
    // 2 recordings + 2 of their thumbnails + 1 event thumbnail + 1 track.
    expect((await storage.list('')).sort()).toEqual([...objects.keys].sort());
    expect(objects.keys).toHaveLength(6);

    await objects.rollback();
    expect(await storage.list('')).toEqual([]);
  });

  it('a file that fails analysis leaves only what rollback removes', async () => {
    // The plan names a file ffmpeg cannot decode (as if it changed after inspection); the
    // recording staged beside it has been stored by the time the failure is thrown.
    const garbage = path.join(dir, 'garbage.mp4');
    await fs.writeFile(garbage, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256)));
    const m = manifest(path.join(dir, 'cam2.mp4'));
    const progress = new WorkProgress();
    const plan = planImport(m, await inspectFiles(m, { tool, progress, concurrency: 2 }), { user: null, recordings: [], music: [], events: [], diary: [] });
    plan.recordings[1] = { ...plan.recordings[1]!, source: { ...plan.recordings[1]!.source, file: garbage } };
    const storage = new LocalStorage(await fs.mkdtemp(path.join(dir, 'store-')));
    const objects = new StagedObjects(storage);
    const tmpDir = await fs.mkdtemp(path.join(dir, 'tmp-'));
    const err = await stageMedia(plan, { tool, objects, progress, userId: 42, tmpDir, thumbnailWidth: 64, concurrency: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((await storage.list('')).length).toBeGreaterThan(0);
    await objects.rollback();
    expect(await storage.list('')).toEqual([]);
  });

  it('names a second file with the same content as the first', async () => {
    const copy = path.join(dir, 'copy.mp4');
    await fs.copyFile(path.join(dir, 'cam.mp4'), copy);
    const err = await inspectFiles(manifest(copy), { tool, progress: new WorkProgress(), concurrency: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems).toEqual([`recordings[1].file (${copy}): same content as recordings[0]`]);
  });
});

describe('sameContentProblems', () => {
  it('compares within a kind only', () => {
    const entries = [
      { at: 'recordings[0]', file: 'a', kind: 'recording' as const },
      { at: 'music[0]', file: 'b', kind: 'music' as const },
      { at: 'music[1]', file: 'c', kind: 'music' as const },
    ];
    expect(sameContentProblems(entries, ['h', 'h', 'h'])).toEqual(['music[1].file (c): same content as music[0]']);
  });
});

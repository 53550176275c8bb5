// Render failures become a code and a sentence, from real errors: a write to /dev/full (ENOSPC),
// ffmpeg writing to a full device, ffprobe on a file that is not media, a time limit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaTool } from '../media/ffmpeg.js';
import { JobTimeoutError } from '../jobs/runner.js';
import { classifyRenderFailure, failureDetail, FAILURE_SENTENCES, RenderFailure } from './render-failure.js';
import { assertDiskSpace, estimateRenderSpace } from './disk-space.js';

let tool: MediaTool;
beforeAll(async () => {
  tool = await MediaTool.create();
});

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('classifyRenderFailure', () => {
  it('calls ENOSPC from the file system a full disk', async () => {
    const err = await caught(() => fs.promises.writeFile('/dev/full', 'x'));
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(classifyRenderFailure(err)).toBe('DISK_FULL');
    // Wrapped (as a clip error is), it still is.
    expect(classifyRenderFailure(new Error('clip 1 of 3 could not be rendered', { cause: err }))).toBe('DISK_FULL');
  });

  it('calls ffmpeg writing to a full device a full disk, not an encoder failure', async () => {
    const err = await caught(() => tool.run(['-f', 'lavfi', '-i', 'color=c=red:s=320x240:d=1', '-c:v', 'libx264', '-f', 'mp4', '-y', '/dev/full']));
    expect(classifyRenderFailure(err)).toBe('DISK_FULL');
  });

  it('calls a file that is not media unreadable, and an encoder error an encoder failure', async () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bad-')), 'bad.mp4');
    fs.writeFileSync(bad, 'this is not a video at all '.repeat(50));
    expect(classifyRenderFailure(await caught(() => tool.probe(bad)))).toBe('SOURCE_UNREADABLE');
    const encoder = await caught(() => tool.run(['-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=1', '-c:v', 'libx264', '-profile:v', 'nosuch', '-f', 'null', '-']));
    expect(classifyRenderFailure(encoder)).toBe('ENCODER_FAILED');
  });

  it('keeps codes decided where the failure happened, and times out as TIMED_OUT', () => {
    expect(classifyRenderFailure(new RenderFailure('SOURCE_UNREADABLE', 'gone'))).toBe('SOURCE_UNREADABLE');
    expect(classifyRenderFailure(new JobTimeoutError(900))).toBe('TIMED_OUT');
    expect(classifyRenderFailure(new TypeError('x is undefined'))).toBe('INTERNAL');
  });

  it('has sentences without paths, and keeps every cause in the detail for the log', async () => {
    for (const sentence of Object.values(FAILURE_SENTENCES)) expect(sentence).not.toMatch(/\/|\\|ffmpeg|x264/);
    expect(FAILURE_SENTENCES.DISK_FULL).toMatch(/disk full/);
    const enospc = await caught(() => fs.promises.writeFile('/dev/full', 'x'));
    const detail = failureDetail(new Error('clip 2 could not be rendered', { cause: enospc }));
    expect(detail).toMatch(/clip 2 could not be rendered[\s\S]*caused by: [\s\S]*ENOSPC/);
  });
});

describe('disk space', () => {
  it('estimates more for longer and larger renders', () => {
    const base = { width: 854, height: 480, fps: 30, totalDuration: 30, transition: { kind: 'CROSSFADE' as const, seconds: 0.5, frames: 15 } };
    const small = estimateRenderSpace(base);
    const big = estimateRenderSpace({ ...base, width: 1920, height: 1080, totalDuration: 180 });
    expect(small.workBytes).toBeGreaterThan(small.outputBytes);
    expect(big.outputBytes).toBeGreaterThan(small.outputBytes * 10);
    // A 3-minute 1080p vlog: hundreds of MiB, not gigabytes.
    expect(big.workBytes / 2 ** 20).toBeGreaterThan(200);
    expect(big.workBytes / 2 ** 20).toBeLessThan(2000);
  });

  it('fails DISK_FULL when the free space is below the need, and passes otherwise', async () => {
    const dir = os.tmpdir();
    await expect(assertDiskSpace([{ dir, bytes: 1 }], 0)).resolves.toBeUndefined();
    const err = await caught(() => assertDiskSpace([{ dir, bytes: 2 ** 60 }], 0));
    expect(classifyRenderFailure(err)).toBe('DISK_FULL');
  });
});

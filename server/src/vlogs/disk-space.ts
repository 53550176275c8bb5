// Will a render fit on disk? A generous estimate of what it writes (pure), and a check of the
// free space where it writes (statfs) — so a nearly full disk fails at once as DISK_FULL
// instead of minutes later in the middle of an encode.
import fs from 'node:fs/promises';
import type { RenderPlan } from '../render/plan.js';
import { RenderFailure } from './render-failure.js';

/** H.264 at the renderer's CRF on busy footage stays below this many bits per pixel per frame. */
const VIDEO_BITS_PER_PIXEL = 0.15;
/** Clip bodies keep their sound as 48 kHz stereo 16-bit PCM. */
const PCM_BYTES_PER_SECOND = 48_000 * 2 * 2;
/** Raw YUV 4:2:0 transition frames: 1.5 bytes per pixel; head and tail of a couple of clips at once. */
const RAW_BYTES_PER_PIXEL = 1.5;
const RAW_CLIPS_AT_ONCE = 4;

export interface SpaceEstimate {
  /** Everything in the work folder at its fullest: clip bodies, transition frames, the final file. */
  workBytes: number;
  /** The finished MP4 and poster, where the vlog is stored. */
  outputBytes: number;
}

export function estimateRenderSpace(plan: Pick<RenderPlan, 'width' | 'height' | 'fps' | 'totalDuration' | 'transition'>): SpaceEstimate {
  const pixels = plan.width * plan.height;
  const videoBytes = ((pixels * plan.fps * VIDEO_BITS_PER_PIXEL) / 8) * plan.totalDuration;
  const outputBytes = Math.ceil(videoBytes + 24_000 * plan.totalDuration + pixels);
  const rawBytes = RAW_CLIPS_AT_ONCE * 2 * plan.transition.frames * pixels * RAW_BYTES_PER_PIXEL;
  return { outputBytes, workBytes: Math.ceil(2 * videoBytes + PCM_BYTES_PER_SECOND * plan.totalDuration + rawBytes + outputBytes) };
}

/** Free bytes for unprivileged writers on dir's file system; a folder not created yet has no limit to check. */
export async function freeBytes(dir: string): Promise<number> {
  try {
    const s = await fs.statfs(dir);
    return s.bavail * s.bsize;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Number.POSITIVE_INFINITY;
    throw err;
  }
}

/** Fails with DISK_FULL when any folder has less free space than it needs plus the reserve. */
export async function assertDiskSpace(needs: { dir: string; bytes: number }[], reserveBytes: number): Promise<void> {
  for (const { dir, bytes } of needs) {
    const free = await freeBytes(dir);
    if (free < bytes + reserveBytes) {
      const mb = (n: number) => `${Math.round(n / 1048576)} MiB`;
      throw new RenderFailure('DISK_FULL', `not enough free space in ${dir}: ${mb(free)} free, the render needs about ${mb(bytes)} plus a reserve of ${mb(reserveBytes)}`);
    }
  }
}

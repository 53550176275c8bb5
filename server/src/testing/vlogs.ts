// A finished vlog without a render, for tests about what happens after one (sharing): one of
// the fixture colour clips stored as the vlog's MP4, a frame of it as the poster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Prisma } from '../db/database.js';
import type { Storage } from '../media/storage/storage.js';
import type { MediaTool } from '../media/ffmpeg.js';
import { uuidv7 } from '../lib/uuid.js';
import { dateStringToColumn } from '../lib/dates.js';
import { vlogKeys } from '../media/storage/keys.js';
import { colourClip, COLOURS } from './fixtures.js';

export async function seedCompletedVlog(
  deps: { prisma: Prisma; storage: Storage; tool: MediaTool },
  userId: number,
  opts: { date: string; title: string; colour?: (typeof COLOURS)[number] },
) {
  const clip = await colourClip(deps.tool, opts.colour ?? 'blue');
  const posterFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-poster-')), 'poster.jpg');
  await deps.tool.run(['-i', clip, '-frames:v', '1', '-y', posterFile]);
  const id = uuidv7();
  const jobId = uuidv7();
  const keys = vlogKeys(userId, id, jobId, 1);
  const { size } = await deps.storage.putFile(keys.video, clip);
  await deps.storage.putFile(keys.poster, posterFile);
  fs.rmSync(path.dirname(posterFile), { recursive: true, force: true });
  return deps.prisma.vlog.create({
    data: {
      id,
      userId,
      title: opts.title,
      targetDate: dateStringToColumn(opts.date),
      status: 'completed',
      progress: 100,
      settings: { max_duration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CUT', music: null, job_id: jobId },
      storageKey: keys.video,
      thumbnailKey: keys.poster,
      duration: 12,
      sizeBytes: BigInt(size),
    },
  });
}

// Small real media and rows for tests: a user, a day of events on tiny solid-colour clips
// (so frame sampling can tell clips apart), and a music track. Media is generated once per
// machine with ffmpeg and cached in the temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Prisma } from '../db/database.js';
import type { Storage } from '../media/storage/storage.js';
import type { MediaTool } from '../media/ffmpeg.js';
import { musicKey, recordingKey } from '../media/storage/keys.js';
import { hashPassword } from '../auth/password.js';
import { uuidv7 } from '../lib/uuid.js';
import { dateStringToColumn, startOfLocalDay } from '../lib/dates.js';

export const PASSWORD = 'secret123';
export const COLOURS = ['red', 'lime', 'blue', 'yellow'] as const;
export const RGB: Record<(typeof COLOURS)[number], [number, number, number]> = {
  red: [255, 0, 0],
  lime: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
};
const CLIP_SECONDS = 12;
const MEDIA_VERSION = 'v1';

async function cached(tool: MediaTool, name: string, args: (out: string) => string[]): Promise<string> {
  const dir = path.join(os.tmpdir(), `dayreel-fixtures-${MEDIA_VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}${path.extname(file)}`;
  await tool.run(args(tmp));
  fs.renameSync(tmp, file);
  return file;
}

/** Quick H.264 for test footage (ultrafast; trellis off where the old x264 would turn it on). */
export const testX264Args = (tool: MediaTool) => ['-c:v', 'libx264', '-preset', 'ultrafast', ...(tool.caps.needsTrellisOff ? ['-x264-params', 'trellis=0'] : []), '-pix_fmt', 'yuv420p'];

/** A 12 s 320×180 clip of one colour with a tone. */
export function colourClip(tool: MediaTool, colour: (typeof COLOURS)[number]): Promise<string> {
  return cached(tool, `${colour}.mp4`, (out) => [
    '-f', 'lavfi', '-i', `color=c=${colour}:s=320x180:r=25:d=${CLIP_SECONDS}`,
    '-f', 'lavfi', '-i', `sine=f=${300 + COLOURS.indexOf(colour) * 100}:d=${CLIP_SECONDS}:sample_rate=48000`,
    ...testX264Args(tool), '-c:a', 'aac', '-b:a', '64k', '-shortest', out,
  ]);
}

/** A 40 s music-like track. */
export function musicTrack(tool: MediaTool): Promise<string> {
  return cached(tool, 'music.m4a', (out) => [
    '-f', 'lavfi', '-i', 'sine=f=220:d=40:sample_rate=44100', '-f', 'lavfi', '-i', 'sine=f=330:d=40:sample_rate=44100',
    '-filter_complex', 'amix=inputs=2', '-c:a', 'aac', '-b:a', '96k', out,
  ]);
}

let passwordHash: Promise<string> | undefined;
/** PASSWORD hashed once per test process at the production cost (a hash costs ~0.3 s and 128 MiB). */
export function fixturePasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

export async function createUser(prisma: Prisma, username: string, opts: { timezone?: string; locale?: string } = {}) {
  return prisma.user.create({
    data: { username, passwordHash: await fixturePasswordHash(), timezone: opts.timezone ?? 'Asia/Taipei', locale: opts.locale ?? 'en' },
  });
}

export interface SeededDay {
  date: string;
  eventIds: string[];
  recordingIds: string[];
  /** Colour of each event's clip, in start order. */
  colours: (typeof COLOURS)[number][];
}

/**
 * A day with `recordings` clips of 12 s (one colour each) starting 09:00 local, two hours
 * apart, and 3 events of 4 s on each (at 0, 4, 8 s), summaries in Traditional Chinese.
 */
export async function seedDay(
  deps: { prisma: Prisma; storage: Storage; tool: MediaTool },
  userId: number,
  opts: { date: string; timezone?: string; recordings?: number; diary?: string },
): Promise<SeededDay> {
  const tz = opts.timezone ?? 'Asia/Taipei';
  const dayStart = startOfLocalDay(opts.date, tz).getTime();
  const summaries = ['在廚房煎蛋做早餐', '帶狗去公園散步', '和朋友在咖啡店聊天', '在海邊看夕陽', '陪小孩堆積木', '在書桌前工作', '騎腳踏車去市場', '煮晚餐給家人吃', '在客廳看電視', '整理花園澆花', '搭捷運去上班', '晚上在陽台看星星'];
  const result: SeededDay = { date: opts.date, eventIds: [], recordingIds: [], colours: [] };
  const n = opts.recordings ?? 4;
  for (let r = 0; r < n; r++) {
    const colour = COLOURS[r % COLOURS.length]!;
    const file = await colourClip(deps.tool, colour);
    const recordingId = uuidv7();
    const key = recordingKey(userId, recordingId, '.mp4');
    const { size } = await deps.storage.putFile(key, file);
    const start = new Date(dayStart + (9 + 2 * r) * 3600_000);
    await deps.prisma.recording.create({
      data: {
        id: recordingId,
        userId,
        storageKey: key,
        contentType: 'video/mp4',
        contentHash: `${recordingId.replace(/-/g, '')}${'0'.repeat(32)}`,
        startTime: start,
        endTime: new Date(start.getTime() + CLIP_SECONDS * 1000),
        duration: CLIP_SECONDS,
        width: 320,
        height: 180,
        fps: 25,
        hasAudio: true,
        sizeBytes: BigInt(size),
        interestScores: [],
      },
    });
    result.recordingIds.push(recordingId);
    for (let i = 0; i < 3; i++) {
      const id = uuidv7();
      const summary = summaries[(r * 3 + i) % summaries.length]!;
      await deps.prisma.event.create({
        data: { id, userId, recordingId, startTime: new Date(start.getTime() + i * 4000), duration: 4, action: summary.slice(0, 4), scene: `場景${r + 1}`, summary },
      });
      result.eventIds.push(id);
      result.colours.push(colour);
    }
  }
  if (opts.diary) {
    await deps.prisma.diary.create({ data: { userId, date: dateStringToColumn(opts.date), content: opts.diary } });
  }
  return result;
}

export async function seedMusic(deps: { prisma: Prisma; storage: Storage; tool: MediaTool }, name = 'Test tune') {
  const file = await musicTrack(deps.tool);
  const id = uuidv7();
  const key = musicKey(null, id, '.m4a');
  await deps.storage.putFile(key, file);
  const probe = await deps.tool.probe(file);
  return deps.prisma.music.create({
    data: { id, storageKey: key, name, composer: 'Fixture', duration: probe.duration, contentType: 'audio/mp4', contentHash: id.replace(/-/g, '').padEnd(64, '0'), peaks: [0.1, 0.5, 0.9, 0.5] },
  });
}

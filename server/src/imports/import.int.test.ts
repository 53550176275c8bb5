import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { MediaTool } from '../media/ffmpeg.js';
import { LocalStorage } from '../media/storage/local.js';
import { importManifest, ImportError, type ImportProgress } from './import.js';
import { ManifestError } from './manifest.js';
import type { PrismaClient } from '../generated/prisma/client.js';

let db: TestDatabase;
let tool: MediaTool;
let dir: string;
let storage: LocalStorage;

const x264 = () => ['-c:v', 'libx264', '-preset', 'ultrafast', ...(tool.caps.needsTrellisOff ? ['-x264-params', 'trellis=0'] : []), '-pix_fmt', 'yuv420p'];

async function writeManifest(name: string, data: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(data, null, 2));
  return file;
}

function manifest(extra: { recordings?: unknown[]; user?: unknown } = {}) {
  return {
    user: extra.user ?? { username: 'alice', password: 'pw-alice-123', timezone: 'Asia/Taipei' },
    recordings: [
      { id: 'cam1', file: 'media/cam1.mp4', startTime: '2026-11-20T09:00:00+08:00' },
      // No startTime: the file's creation_time tag (09:30 local).
      { id: 'cam2', file: 'media/cam2.mp4' },
      ...(extra.recordings ?? []),
    ],
    events: [
      { recording: 'cam1', offset: 1, duration: 2, action: '做早餐', scene: '廚房', summary: '在廚房煎蛋做早餐' },
      { recording: 'cam1', offset: 3.5, duration: 2, action: '吃早餐', scene: '餐桌', summary: '吃早餐' },
      { recording: 'cam2', startTime: '2026-11-20T09:30:02+08:00', duration: 2, action: '遛狗', scene: '公園', summary: '在公園遛狗' },
      // Local time without an offset: the user's zone.
      { recording: 'cam2', startTime: '2026-11-20T09:30:00.5', duration: 1, action: '出門', scene: '門口', summary: '' },
    ],
    diary: [{ date: '2026-11-20', content: '今天做了早餐，還帶狗去公園。' }],
    music: [{ file: 'media/song.mp3', name: 'Morning', composer: 'Test' }],
  };
}

async function counts(prisma: PrismaClient) {
  const [users, recordings, events, diary, music] = await Promise.all([
    prisma.user.count(),
    prisma.recording.count(),
    prisma.event.count(),
    prisma.diary.count(),
    prisma.music.count(),
  ]);
  return { users, recordings, events, diary, music };
}

const run = (manifestPath: string, onProgress?: (p: ImportProgress) => void, prisma: PrismaClient = db.prisma) =>
  importManifest({ prisma, storage, tool, manifestPath, hashPassword, onProgress });

beforeAll(async () => {
  [db, tool] = await Promise.all([openTestDatabase(), MediaTool.create()]);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-import-test-'));
  const media = path.join(dir, 'media');
  await fs.mkdir(media);
  await Promise.all([
    // 6 s: still for 3 s, then moving for 3 s.
    tool.run([
      '-f', 'lavfi', '-i', 'color=c=0x3060a0:s=160x120:r=25:d=3',
      '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=3',
      '-f', 'lavfi', '-i', 'sine=f=440:sample_rate=8000:d=6',
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]',
      '-map', '[v]', '-map', '2:a', ...x264(), '-c:a', 'aac', '-b:a', '32k', path.join(media, 'cam1.mp4'),
    ]),
    // 4 s portrait, no audio, creation_time 2026-11-20 09:30 Asia/Taipei.
    tool.run([
      '-f', 'lavfi', '-i', 'testsrc2=s=90x160:r=25:d=4', ...x264(),
      '-metadata', 'creation_time=2026-11-20T01:30:00.000000Z', path.join(media, 'cam2.mp4'),
    ]),
    tool.run([
      '-f', 'lavfi', '-i', "aevalsrc='if(lt(t,2),0,0.8*sin(2*PI*440*t))':s=8000:d=4",
      '-c:a', 'libmp3lame', '-b:a', '32k', path.join(media, 'song.mp3'),
    ]),
    fs.writeFile(path.join(media, 'corrupt.mp4'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256))),
  ]);
});

afterAll(async () => {
  await db?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts from an empty database and storage.
  await db.prisma.user.deleteMany();
  await db.prisma.music.deleteMany();
  storage = new LocalStorage(await fs.mkdtemp(path.join(dir, 'store-')));
});

describe('importManifest', () => {
  it('imports everything, then a re-run changes nothing', async () => {
    const file = await writeManifest('good.json', manifest());
    const progress: ImportProgress[] = [];
    const result = await run(file, (p) => progress.push(p));

    expect(result).toMatchObject({
      userCreated: true,
      recordings: { created: 2, skipped: 0 },
      events: { created: 4, skipped: 0 },
      diary: { created: 1 },
      music: { created: 1, skipped: 0 },
      warnings: [],
    });
    // 2 recordings + 2 thumbnails + 4 event thumbnails + 1 music.
    expect(result.storedObjects).toBe(9);
    expect(await counts(db.prisma)).toEqual({ users: 1, recordings: 2, events: 4, diary: 1, music: 1 });

    // Progress: steps in order, percent never decreasing, ending at 100.
    expect(progress.length).toBeGreaterThan(5);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.percent).toBeGreaterThanOrEqual(progress[i - 1]!.percent);
    expect(progress.at(-1)).toMatchObject({ step: 'done', percent: 100 });

    const user = await db.prisma.user.findUniqueOrThrow({ where: { username: 'alice' } });
    expect(user.id).toBe(result.userId);
    expect(user.timezone).toBe('Asia/Taipei');
    expect(await verifyPassword('pw-alice-123', user.passwordHash)).toBe(true);

    const recs = await db.prisma.recording.findMany({ orderBy: { startTime: 'asc' } });
    const [cam1, cam2] = recs as [(typeof recs)[0], (typeof recs)[0]];
    expect(cam1.startTime.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(cam1.endTime.getTime() - cam1.startTime.getTime()).toBeCloseTo(cam1.duration * 1000, -1);
    expect(cam1).toMatchObject({ width: 160, height: 120, fps: 25, hasAudio: true, rotation: 0, contentType: 'video/mp4' });
    expect(cam1.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(cam1.sizeBytes)).toBe((await fs.stat(path.join(dir, 'media/cam1.mp4'))).size);
    expect(cam1.storageKey).toMatch(new RegExp(`^users/${user.id}/recordings/[0-9a-f-]{36}\\.mp4$`));
    expect(cam1.thumbnailKey).toMatch(new RegExp(`^users/${user.id}/thumbnails/[0-9a-f-]{36}\\.jpg$`));
    expect(cam1.interestScores).toHaveLength(6);
    expect(Math.max(...cam1.interestScores.slice(0, 3))).toBeLessThan(Math.min(...cam1.interestScores.slice(3)));
    expect(cam2.startTime.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(cam2).toMatchObject({ width: 90, height: 160, hasAudio: false });
    for (const r of recs) {
      expect((await storage.stat(r.storageKey))?.size).toBe(Number(r.sizeBytes));
      expect((await storage.stat(r.thumbnailKey!))?.size).toBeGreaterThan(100);
    }

    // Offsets and absolute starts resolve to the same clock.
    const events = await db.prisma.event.findMany({ orderBy: { startTime: 'asc' }, include: { recording: true } });
    expect(events.map((e) => [e.recording.id === cam1.id ? 'cam1' : 'cam2', e.startTime!.toISOString(), e.duration, e.action])).toEqual([
      ['cam1', '2026-11-20T01:00:01.000Z', 2, '做早餐'],
      ['cam1', '2026-11-20T01:00:03.500Z', 2, '吃早餐'],
      ['cam2', '2026-11-20T01:30:00.500Z', 1, '出門'],
      ['cam2', '2026-11-20T01:30:02.000Z', 2, '遛狗'],
    ]);
    expect(events[2]!.summary).toBeNull();
    for (const e of events) {
      expect(e.userId).toBe(user.id);
      expect(e.thumbnailKey).toMatch(new RegExp(`^users/${user.id}/thumbnails/`));
      expect(await storage.stat(e.thumbnailKey!)).not.toBeNull();
    }

    const diary = await db.prisma.diary.findFirstOrThrow();
    expect(diary.date.toISOString().slice(0, 10)).toBe('2026-11-20');

    const music = await db.prisma.music.findFirstOrThrow();
    expect(music).toMatchObject({ userId: null, name: 'Morning', composer: 'Test', contentType: 'audio/mpeg' });
    expect(music.storageKey).toMatch(/^music\/[0-9a-f-]{36}\.mp3$/);
    expect(music.duration).toBeGreaterThan(3.9);
    expect(music.peaks.length).toBeGreaterThan(500);
    expect(Math.max(...music.peaks.slice(0, 400))).toBeLessThan(0.05);
    expect(Math.min(...music.peaks.slice(600, 950))).toBeGreaterThan(0.8);

    const keysBefore = await storage.list('');
    expect(keysBefore).toHaveLength(9);

    // Re-run: a no-op.
    const again = await run(file);
    expect(again).toMatchObject({
      userId: user.id,
      userCreated: false,
      recordings: { created: 0, skipped: 2 },
      events: { created: 0, updated: 0, skipped: 4 },
      diary: { created: 0, updated: 0, skipped: 1 },
      music: { created: 0, skipped: 1 },
      storedObjects: 0,
    });
    expect(await counts(db.prisma)).toEqual({ users: 1, recordings: 2, events: 4, diary: 1, music: 1 });
    expect(await storage.list('')).toEqual(keysBefore);

    // A corrected summary and diary update in place; a new event on an existing recording is added.
    const edited = manifest();
    edited.events[0]!.summary = '在廚房煎了兩顆蛋';
    edited.events.push({ recording: 'cam1', offset: 5, duration: 1, action: '洗碗', scene: '廚房', summary: '洗碗' });
    edited.diary[0]!.content = '改過的日記';
    const third = await run(await writeManifest('edited.json', edited));
    expect(third).toMatchObject({
      recordings: { created: 0, skipped: 2 },
      events: { created: 1, updated: 1, skipped: 3 },
      diary: { updated: 1 },
      storedObjects: 1,
    });
    expect(await db.prisma.event.count({ where: { summary: '在廚房煎了兩顆蛋' } })).toBe(1);
    expect((await db.prisma.diary.findFirstOrThrow()).content).toBe('改過的日記');
  });

  it.each([
    ['missing', 'media/nope.mp4', /recordings\[2\]\.file \(.*nope\.mp4\): file not found/],
    ['corrupt', 'media/corrupt.mp4', /recordings\[2\]\.file \(.*corrupt\.mp4\): is not a readable media file/],
  ])('a %s file fails naming it, and writes nothing', async (_kind, bad, message) => {
    const file = await writeManifest('bad.json', manifest({ recordings: [{ id: 'bad', file: bad, startTime: '2026-11-20T12:00:00+08:00' }] }));
    const err = await run(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(message);
    expect(await counts(db.prisma)).toEqual({ users: 0, recordings: 0, events: 0, diary: 0, music: 0 });
    expect(await storage.list('')).toEqual([]);
  });

  it('a failed transaction takes back the stored objects', async () => {
    const failing = new Proxy(db.prisma, {
      get(target, prop) {
        if (prop === '$transaction') return () => Promise.reject(new Error('connection lost'));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const err = await run(await writeManifest('good2.json', manifest()), undefined, failing).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/failed, nothing was written: connection lost/);
    expect(await counts(db.prisma)).toEqual({ users: 0, recordings: 0, events: 0, diary: 0, music: 0 });
    expect(await storage.list('')).toEqual([]);
  });

  it('rejects events outside their recording and invalid manifests before any work', async () => {
    const m = manifest();
    m.events.push({ recording: 'cam1', offset: 5, duration: 10, action: 'x', scene: 'y', summary: 'z' });
    m.events.push({ recording: 'cam2', startTime: '2026-11-20T09:29:00+08:00', duration: 1, action: 'x', scene: 'y', summary: 'z' });
    const err = await run(await writeManifest('outside.json', m)).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/events\[4\]: ends at 15\.0 s, past the end of recording "cam1" \(6\.0 s\)/);
    expect((err as Error).message).toMatch(/events\[5\]: starts 60\.0 s before its recording "cam2"/);

    const invalid = await run(await writeManifest('invalid.json', { user: { username: 'bob' }, recordings: [{ id: 'a' }] })).catch(
      (e: unknown) => e,
    );
    expect(invalid).toBeInstanceOf(ManifestError);
    expect((invalid as Error).message).toMatch(/recordings\[0\]\.file: is required/);

    const noPassword = await run(await writeManifest('nopw.json', manifest({ user: { username: 'carol' } }))).catch((e: unknown) => e);
    expect((noPassword as Error).message).toMatch(/user\.password: required to create the new user "carol"/);
    expect(await counts(db.prisma)).toEqual({ users: 0, recordings: 0, events: 0, diary: 0, music: 0 });
    expect(await storage.list('')).toEqual([]);
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { MediaTool } from '../media/ffmpeg.js';
import { LocalStorage } from '../media/storage/local.js';
import { localDate } from '../lib/dates.js';
import { DEMO_VERSION, ensureDemo } from './demo.js';

let tool: MediaTool;
let store: string;
const dbs: TestDatabase[] = [];
// The demo media cache outlives the test run (as it outlives a database in production), so
// only the first run on a machine pays for generating it.
const dataDir = path.join(os.tmpdir(), `dayreel-demo-test-${DEMO_VERSION}`);

beforeAll(async () => {
  tool = await MediaTool.create();
  store = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-demo-store-'));
});

afterAll(async () => {
  for (const db of dbs) await db.close();
  await fs.rm(store, { recursive: true, force: true });
});

describe('ensureDemo', () => {
  it('creates the demo day on an empty database, once; a second database reuses the cached media', async () => {
    const db = await openTestDatabase();
    dbs.push(db);
    const storage = new LocalStorage(path.join(store, 'a'));
    const logs: string[] = [];
    const first = await ensureDemo({ prisma: db.prisma, storage, tool, dataDir, hashPassword, log: (m) => logs.push(m) });
    expect(first.created).toBe(true);
    console.log(`demo: media ${first.cached ? 'cached' : 'generated'} in ${first.generateMs} ms, import ${first.importMs} ms`);
    expect(logs.some((l) => l.startsWith('demo: user demo / demo1234'))).toBe(true);

    const user = await db.prisma.user.findUniqueOrThrow({ where: { username: 'demo' } });
    expect(user).toMatchObject({ timezone: 'Asia/Taipei', locale: 'zh-TW' });
    expect(await verifyPassword('demo1234', user.passwordHash)).toBe(true);

    const recordings = await db.prisma.recording.findMany({ where: { userId: user.id } });
    expect(recordings).toHaveLength(5);
    expect(recordings.filter((r) => r.height > r.width)).toHaveLength(1);
    expect(recordings.filter((r) => !r.hasAudio)).toHaveLength(1);
    expect(new Set(recordings.map((r) => r.fps.toFixed(2)))).toEqual(new Set(['30.00', '24.00', '29.97']));
    for (const r of recordings) {
      expect(r.width).toBeLessThanOrEqual(640);
      expect(r.interestScores.length).toBe(Math.ceil(r.duration - 1e-3));
      expect(Math.max(...r.interestScores)).toBeGreaterThan(0);
      expect(await storage.stat(r.storageKey)).not.toBeNull();
    }

    const events = await db.prisma.event.findMany({ where: { userId: user.id }, orderBy: { startTime: 'asc' } });
    expect(events.length).toBeGreaterThanOrEqual(12);
    expect(new Set(events.map((e) => localDate(e.startTime!, 'Asia/Taipei')))).toEqual(new Set([first.date]));
    for (const e of events) expect(await storage.stat(e.thumbnailKey!)).not.toBeNull();

    const diary = await db.prisma.diary.findMany({ where: { userId: user.id } });
    expect(diary.map((d) => d.date.toISOString().slice(0, 10))).toEqual([first.date]);
    expect(diary[0]!.content).toContain('小黑');

    const music = await db.prisma.music.findMany({ orderBy: { duration: 'asc' } });
    expect(music.map((m) => Math.round(m.duration))).toEqual([45, 95, 200]);
    expect(music.every((m) => m.userId === null && m.peaks.length === 1000)).toBe(true);
    // Beats tracked at import, on the tracks' rhythm (120, 96 and 84 BPM, shortest first): the
    // tracker may settle on another metrical level, but its beats sit on the eighth-note grid.
    music.forEach((m, i) => {
      const eighth = 60 / [120, 96, 84][i]! / 2;
      expect(m.beats.length, m.name).toBeGreaterThan(m.duration / (4 * eighth));
      const offGrid = m.beats.filter((b) => {
        const phase = ((b - m.beats[0]!) / eighth) % 1;
        return Math.min(phase, 1 - phase) * eighth > 0.03;
      });
      expect(offGrid.length, m.name).toBeLessThanOrEqual(m.beats.length * 0.1);
    });

    // Not empty any more: nothing happens.
    expect(await ensureDemo({ prisma: db.prisma, storage, tool, dataDir, hashPassword })).toEqual({ created: false });
    expect(await db.prisma.event.count()).toBe(events.length);

    // A second fresh database: the media come from the cache.
    const db2 = await openTestDatabase();
    dbs.push(db2);
    const second = await ensureDemo({ prisma: db2.prisma, storage: new LocalStorage(path.join(store, 'b')), tool, dataDir, hashPassword });
    expect(second).toMatchObject({ created: true, cached: true });
    expect(second.generateMs).toBeLessThan(1000);
    expect(await db2.prisma.event.count()).toBe(events.length);
  }, 300_000);
});

// The automatic daily vlog on a real database with an injected clock: turned on through
// updateMe, made once at the user's time of day from the recommender's picks through the same
// createVlog path (and rendered by the job runner), skipped with a reason the API shows, and
// made by exactly one of two processes ticking at once — or taken over after a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic } from '../testing/fixtures.js';
import { seedCompletedVlog } from '../testing/vlogs.js';
import { openDatabase, type Database } from '../db/database.js';
import { createServices } from '../services.js';
import { InProcessEventBus } from '../bus/event-bus.js';
import { dateStringToColumn } from '../lib/dates.js';
import { AutoVlogScheduler } from './scheduler.js';
import type { AutoVlogService } from './service.js';
import { PieceCache, pieceCacheDir } from '../render/piece-cache.js';

// Taipei is UTC+8: 21:00 local on 2026-11-20 is 13:00 UTC.
let now = Date.parse('2026-11-20T02:00:00Z');
const at = (iso: string) => {
  now = Date.parse(iso);
};
let t: TestServer;
let alice: string;
let ids: Record<'alice' | 'carol' | 'dave', number>;
let musicId: string;
let second: { db?: Database; autoVlog: AutoVlogService };

const ME = `{ me { autoVlog { enabled time maxDuration resolution music { id } } } }`;
const UPDATE = `mutation($input: UpdateMeInput!) { updateMe(input: $input) { timezone autoVlog { enabled time maxDuration resolution music { id } } } }`;
const RUN = `query($d: Date!) { autoVlogRun(date: $d) { date status reason message vlog { id automatic status settings { maxDuration resolution music { start music { id } } } segments { event { id } } } } }`;

beforeAll(async () => {
  t = await startTestServer({ minEvents: 4, autoVlogCheckSeconds: 0 }, { clock: () => new Date(now) });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice', { locale: 'zh-TW' });
  const c = await createUser(deps.prisma, 'carol');
  const d = await createUser(deps.prisma, 'dave');
  ids = { alice: a.id, carol: c.id, dave: d.id };
  await seedDay(deps, a.id, { date: '2026-11-20', diary: '早上在廚房煎蛋，下午帶狗去公園散步' });
  await seedDay(deps, a.id, { date: '2026-11-21', recordings: 2 });
  await seedDay(deps, c.id, { date: '2026-11-20', recordings: 1 }); // 3 events: fewer than 4
  await seedDay(deps, d.id, { date: '2026-11-20', recordings: 2 });
  await seedCompletedVlog(deps, d.id, { date: '2026-11-20', title: 'Made by hand' });
  musicId = (await seedMusic(deps)).id;
  alice = await t.login('alice');
  // A second process's view of the same database: its own services (and, on PostgreSQL, its own pool).
  const db = t.config.databaseUrl ? await openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir, migrate: false }) : undefined;
  const services = createServices({
    config: t.config,
    prisma: db?.prisma ?? t.app.db.prisma,
    bus: new InProcessEventBus(),
    storage: t.app.storage,
    runner: { enqueued: () => {}, abort: () => {} },
    pieceCache: new PieceCache(pieceCacheDir(t.config.dataDir)),
    secret: 'second',
    clock: () => new Date(now),
  });
  second = { db, autoVlog: services.autoVlog };
});

afterAll(async () => {
  await second?.db?.close();
  await t?.stop();
});

const counts = async () => ({ vlogs: await t.app.db.prisma.vlog.count({ where: { origin: 'auto' } }), runs: await t.app.db.prisma.autoVlogRun.count() });

describe('the setting', () => {
  it('is off by default, at 21:00, with the default length and resolution', async () => {
    expect((await t.gql(ME, {}, alice)).data.me.autoVlog).toEqual({ enabled: false, time: '21:00', maxDuration: 60, resolution: 'P720', music: null });
  });

  it('refuses bad values with the field named and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ enabled: true, time: '25:00' }, 'autoVlog.time'],
      [{ enabled: true, time: '9pm' }, 'autoVlog.time'],
      [{ enabled: true, maxDuration: 29 }, 'autoVlog.maxDuration'],
      [{ enabled: true, maxDuration: 181 }, 'autoVlog.maxDuration'],
      [{ enabled: true, musicId: '00000000-0000-7000-8000-000000000000' }, 'autoVlog.musicId'],
    ];
    for (const [autoVlog, field] of cases) {
      const res = await t.gql(UPDATE, { input: { autoVlog } }, alice);
      expect(res.errors?.[0]?.extensions, JSON.stringify(autoVlog)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // A bad time zone next to a good setting: neither is written.
    const mixed = await t.gql(UPDATE, { input: { timezone: 'Mars/Olympus', autoVlog: { enabled: true } } }, alice);
    expect(mixed.errors?.[0]?.extensions?.field).toBe('timezone');
    expect((await t.gql(ME, {}, alice)).data.me.autoVlog.enabled).toBe(false);
  });

  it('is turned on through updateMe with its defaults', async () => {
    const res = await t.gql(UPDATE, { input: { autoVlog: { enabled: true, time: '21:00', musicId, maxDuration: 30, resolution: 'P480' } } }, alice);
    expect(res.data.updateMe.autoVlog).toEqual({ enabled: true, time: '21:00', maxDuration: 30, resolution: 'P480', music: { id: musicId } });
    // Turned on at 10:00 local: the first one is made at 21:00 today.
    const next = await t.gql(`{ me { autoVlog { nextRunAt } } }`, {}, alice);
    expect(next.data.me.autoVlog.nextRunAt).toBe('2026-11-20T13:00:00.000Z');
    const cleared = await t.gql(UPDATE, { input: { autoVlog: { musicId: null } } }, alice);
    expect(cleared.data.updateMe.autoVlog.music).toBeNull();
    await t.gql(UPDATE, { input: { autoVlog: { musicId } } }, alice);
    const p = t.app.db.prisma;
    for (const id of [ids.carol, ids.dave]) await p.user.update({ where: { id }, data: { autoVlog: true, autoVlogSince: new Date(now) } });
  });
});

describe('making the day’s vlog', () => {
  it('does nothing before the time of day', async () => {
    at('2026-11-20T12:59:00Z');
    expect(await t.app.services.autoVlog.tick()).toEqual([]);
    expect(await counts()).toEqual({ vlogs: 0, runs: 0 });
  });

  it('at 21:00 makes alice’s from the recommender’s picks, and skips the others with a reason', async () => {
    at('2026-11-20T13:00:00Z');
    const outcomes = await t.app.services.autoVlog.tick();
    expect(outcomes.map((o) => [o.userId, o.status, o.reason ?? null]).sort()).toEqual(
      [
        [ids.alice, 'made', null],
        [ids.carol, 'skipped', 'TOO_FEW_EVENTS'],
        [ids.dave, 'skipped', 'MANUAL_VLOG_EXISTS'],
      ].sort(),
    );
    const run = (await t.gql(RUN, { d: '2026-11-20' }, alice)).data.autoVlogRun;
    expect(run).toMatchObject({ date: '2026-11-20', status: 'MADE', reason: null });
    expect(run.vlog.automatic).toBe(true);
    expect(run.vlog.settings).toMatchObject({ maxDuration: 30, resolution: 'P480', music: { start: 0, music: { id: musicId } } });
    // The picks are the recommender's (30 s → 6 picks), through createVlog's own checks.
    const recs = await t.gql(`query { recommendEvents(date: "2026-11-20", limit: 6) { event { id } } }`, {}, alice);
    const picked = run.vlog.segments.map((s: { event: { id: string } }) => s.event.id).sort();
    expect(picked).toEqual(recs.data.recommendEvents.map((r: { event: { id: string } }) => r.event.id).sort());

    for (const [name, reason, words] of [['carol', 'TOO_FEW_EVENTS', '3 events'], ['dave', 'MANUAL_VLOG_EXISTS', 'by hand']] as const) {
      const token = await t.login(name);
      const r = (await t.gql(RUN, { d: '2026-11-20' }, token)).data.autoVlogRun;
      expect(r).toMatchObject({ status: 'SKIPPED', reason, vlog: null });
      expect(r.message).toContain(words);
    }
    expect(await t.gql(RUN, { d: '2026-11-19' }, alice)).toMatchObject({ data: { autoVlogRun: null } });
  });

  it('renders it through the job path like any vlog', async () => {
    const run = await t.app.db.prisma.autoVlogRun.findUniqueOrThrow({ where: { userId_date: { userId: ids.alice, date: dateStringToColumn('2026-11-20') } } });
    const deadline = Date.now() + 240_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await t.app.db.prisma.vlog.findUniqueOrThrow({ where: { id: run.vlogId! } })).status;
      if (status === 'completed' || status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('completed');
  });

  it('happens once: later passes, here or in another process, make nothing', async () => {
    const before = await counts();
    at('2026-11-20T15:00:00Z');
    expect(await t.app.services.autoVlog.tick()).toEqual([]);
    expect(await second.autoVlog.tick()).toEqual([]);
    at('2026-11-21T12:00:00Z'); // the next morning, as after a restart: still the 20th's turn, done
    expect(await second.autoVlog.tick()).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('with two processes ticking at the same moment, exactly one makes the next day’s', async () => {
    at('2026-11-21T13:00:00Z');
    const [a, b] = await Promise.all([t.app.services.autoVlog.tick(), second.autoVlog.tick()]);
    const made = [...a, ...b].filter((o) => o.userId === ids.alice);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ status: 'made', date: '2026-11-21' });
    const vlogs = await t.app.db.prisma.vlog.findMany({ where: { userId: ids.alice, targetDate: dateStringToColumn('2026-11-21') } });
    expect(vlogs.map((v) => [v.origin, v.idempotencyKey])).toEqual([['auto', 'auto:2026-11-21']]);
  });

  it('takes over a claim left by a process that died, without a second vlog', async () => {
    const p = t.app.db.prisma;
    const key = { userId_date: { userId: ids.alice, date: dateStringToColumn('2026-11-22') } };
    await seedDay({ prisma: p, storage: t.app.storage, tool: t.app.tool }, ids.alice, { date: '2026-11-22', recordings: 2 });
    at('2026-11-22T13:05:00Z');
    await p.autoVlogRun.create({ data: { userId: ids.alice, date: dateStringToColumn('2026-11-22'), status: 'running', claimedBy: 'dead:1', claimedAt: new Date(now - 60_000), updatedAt: new Date(now) } });
    const ofAlice = (outcomes: { userId: number }[]) => outcomes.filter((o) => o.userId === ids.alice);
    expect(ofAlice(await t.app.services.autoVlog.tick())).toEqual([]); // a fresh claim: someone is on it
    at('2026-11-22T13:20:00Z');
    expect(ofAlice(await second.autoVlog.tick())).toMatchObject([{ userId: ids.alice, status: 'made', date: '2026-11-22' }]);
    expect((await p.autoVlogRun.findUniqueOrThrow({ where: key })).status).toBe('made');
    expect(await p.vlog.count({ where: { userId: ids.alice, targetDate: dateStringToColumn('2026-11-22') } })).toBe(1);
  });

  it('runs on its own in the scheduler loop', async () => {
    const p = t.app.db.prisma;
    await p.user.update({ where: { id: ids.carol }, data: { autoVlogTime: '21:30' } });
    at('2026-11-23T13:31:00Z');
    const scheduler = new AutoVlogScheduler(t.app.services.autoVlog, 100);
    scheduler.start();
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !(await p.autoVlogRun.findFirst({ where: { userId: ids.carol, date: dateStringToColumn('2026-11-23') } }))) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await scheduler.stop();
    }
    const run = await p.autoVlogRun.findFirst({ where: { userId: ids.carol, date: dateStringToColumn('2026-11-23') } });
    expect(run).toMatchObject({ status: 'skipped', reason: 'TOO_FEW_EVENTS' });
  });
});

// Security regressions of the security review's domain findings (numbered in docs/SECURITY.md,
// "Findings"), over real HTTP and WebSockets on a real
// database (PGlite and PostgreSQL): 4 login guessing, 5 render monopoly, 6 errors that leak
// internals or hide causes, 8 music ownership at import. Figures are printed for the record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, musicTrack, PASSWORD, seedDay, type SeededDay } from '../testing/fixtures.js';
import { hashPassword } from '../auth/password.js';
import { DatabaseJobQueue } from '../jobs/queue.js';
import { AuthService } from '../auth/service.js';
import type { AppError } from '../lib/errors.js';
import { VLOG_JOB_TYPE } from '../vlogs/service.js';
import { importManifest } from '../imports/import.js';

let t: TestServer;
let alice: string;
let bob: string;
let aliceDay: SeededDay;
let bobDay: SeededDay;
let aliceId: number;

const CREATE = `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id status } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

beforeAll(async () => {
  // Nothing renders here (runner off): the queue is driven by hand where order matters.
  t = await startTestServer({ runner: false, minEvents: 1, loginFreeAttempts: 3, loginFreeAttemptsPerClient: 1000, loginMaxDelaySeconds: 2 });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice');
  const b = await createUser(deps.prisma, 'bob');
  await createUser(deps.prisma, 'carol');
  aliceId = a.id;
  aliceDay = await seedDay(deps, a.id, { date: '2026-11-20', recordings: 2 });
  bobDay = await seedDay(deps, b.id, { date: '2026-11-20', recordings: 1 });
  alice = await t.login('alice');
  bob = await t.login('bob');
});

afterAll(async () => {
  await t?.stop();
});

async function rawLogin(username: string, password: string) {
  const started = performance.now();
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { u: username, p: password } }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body, code: body.errors?.[0]?.extensions.code, ms: performance.now() - started };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('finding 4: login guessing', () => {
  it('slows a username down after its free attempts (RATE_LIMITED, 429, Retry-After), and a success resets it', async () => {
    for (let i = 0; i < 4; i++) expect((await rawLogin('carol', `wrong${i}`)).code).toBe('UNAUTHENTICATED');
    const limited = await rawLogin('carol', 'wrong-again');
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.status).toBe(429);
    const retryAfter = limited.body.errors![0]!.extensions.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBe(retryAfter);
    // Even the right password waits its turn; after the wait it works and the count starts afresh.
    expect((await rawLogin('carol', PASSWORD)).code).toBe('RATE_LIMITED');
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    expect((await rawLogin('carol', PASSWORD)).body.data).toBeTruthy();
    for (let i = 0; i < 3; i++) expect((await rawLogin('carol', `wrong${i}`)).code).toBe('UNAUTHENTICATED');
    await new Promise((r) => setTimeout(r, 2100));
    expect((await rawLogin('carol', PASSWORD)).body.data).toBeTruthy();
  });

  it('lets parallel guesses through only one at a time past the allowance', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => rawLogin('dave-does-not-exist', `guess${i}`)));
    const checked = results.filter((r) => r.code === 'UNAUTHENTICATED').length;
    const limited = results.filter((r) => r.code === 'RATE_LIMITED').length;
    console.log(`[figure] 20 parallel wrong passwords for one username: ${checked} checked, ${limited} refused RATE_LIMITED`);
    expect(checked).toBeLessThanOrEqual(4);
    expect(checked + limited).toBe(20);
  });

  it('throttles a client address across usernames', async () => {
    // The service as the server wires it, with a small per-client allowance and a client address
    // of its own (every HTTP request in this file comes from 127.0.0.1).
    const auth = new AuthService(t.app.db.prisma, 30, { freePerUser: 100, freePerClient: 3, maxDelaySeconds: 60 });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const err = await auth.login(`spray${i}`, 'guess', '203.0.113.9').catch((e: AppError) => e);
      outcomes.push((err as AppError).code);
    }
    console.log(`[figure] 6 usernames guessed from one address (3 free): ${outcomes.join(', ')}`);
    expect(outcomes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('takes as long for an unknown username as for a known one', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) {
        known.push((await rawLogin('bob', `nope${i}`)).ms);
        unknown.push((await rawLogin(`ghost-${round}-${i}`, `nope${i}`)).ms);
      }
      await new Promise((r) => setTimeout(r, 2100));
      expect((await rawLogin('bob', PASSWORD)).body.data).toBeTruthy();
    }
    const [k, u] = [median(known), median(unknown)];
    console.log(`[figure] wrong password, median of 6: known username ${k.toFixed(0)} ms, unknown username ${u.toFixed(0)} ms`);
    expect(u / k).toBeGreaterThan(0.5);
    expect(u / k).toBeLessThan(2);
  });

  it('hashes at scrypt N=2^17 and upgrades an old N=2^14 hash at the next successful login', async () => {
    const old = await hashPassword('older-secret', { N: 2 ** 14, r: 8, p: 1 });
    await t.app.db.prisma.user.create({ data: { username: 'erin', passwordHash: old } });
    expect((await rawLogin('erin', 'older-secret')).body.data).toBeTruthy();
    const erin = await t.app.db.prisma.user.findUniqueOrThrow({ where: { username: 'erin' } });
    expect(erin.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await rawLogin('erin', 'older-secret')).body.data).toBeTruthy();
  });
});

describe('finding 5: render monopoly', () => {
  const input = (day: SeededDay, i: number) => ({ date: day.date, eventIds: [day.eventIds[i % day.eventIds.length]!], resolution: 'P480', maxDuration: 30 });

  it('accepts at most MAX_ACTIVE_VLOGS_PER_USER active vlogs, even when 20 arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.gql(CREATE, { input: input(aliceDay, i) }, alice)));
    const accepted = results.filter((r) => r.data?.createVlog).length;
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    console.log(`[figure] 20 parallel createVlog of one user: ${accepted} accepted, ${refused.length} refused RATE_LIMITED`);
    expect(accepted).toBe(t.config.maxActiveVlogsPerUser);
    // Clients can read the cap to mirror it.
    expect((await t.gql('{ limits { maxActiveVlogs } }', {}, alice)).data.limits.maxActiveVlogs).toBe(accepted);
    expect(refused.length).toBe(20 - accepted);
    expect(refused[0]!.errors![0]!.message).toMatch(/queued or rendering/);
    expect(await t.app.db.prisma.vlog.count({ where: { userId: aliceId } })).toBe(accepted);
  });

  it("serves users in turn: another user's first render comes before the first user's backlog", async () => {
    const bobVlog = await t.gql(CREATE, { input: input(bobDay, 0) }, bob);
    expect(bobVlog.data?.createVlog?.id).toBeTruthy();
    const order: number[] = [];
    const queue = new DatabaseJobQueue(t.app.db.pool, { concurrency: 1, timeoutSeconds: 30, exclusive: false, pollMs: 50, heartbeatMs: 200 });
    queue.register({
      type: VLOG_JOB_TYPE,
      async run({ job }) {
        order.push(Number((job.params as { user_id: number }).user_id));
        return null;
      },
    });
    await queue.start();
    await expect.poll(() => order.length, { timeout: 30_000 }).toBe(4);
    await queue.stop();
    const bobId = (await t.app.db.prisma.user.findUniqueOrThrow({ where: { username: 'bob' } })).id;
    console.log(`[figure] claim order with alice's 3 queued before bob's 1: ${order.map((u) => (u === bobId ? 'bob' : 'alice')).join(', ')}`);
    expect(order.indexOf(bobId)).toBe(1);
  });

  it('starts exactly one job for simultaneous retries of one vlog', async () => {
    const prisma = t.app.db.prisma;
    // The queue above settled the jobs but not the vlogs (a bare job type); fail one for real.
    const vlog = await prisma.vlog.findFirstOrThrow({ where: { userId: aliceId } });
    await prisma.vlog.updateMany({ where: { userId: aliceId }, data: { status: 'failed', error: 'x' } });
    const jobsBefore = await prisma.renderJob.count();
    const RETRY = `mutation($id: ID!) { retryVlog(id: $id) { id status } }`;
    const results = await Promise.all([t.gql(RETRY, { id: vlog.id }, alice), t.gql(RETRY, { id: vlog.id }, alice), t.gql(RETRY, { id: vlog.id }, alice)]);
    const started = results.filter((r) => r.data?.retryVlog?.status === 'PENDING').length;
    console.log(`[figure] 3 simultaneous retryVlog of one vlog: ${started} started, ${(await prisma.renderJob.count()) - jobsBefore} jobs created`);
    expect(started).toBe(1);
    expect(await prisma.renderJob.count()).toBe(jobsBefore + 1);
    for (const r of results.filter((x) => !x.data?.retryVlog)) expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('finding 6: errors people can act on', () => {
  it('answers NUL bytes and out-of-range dates with BAD_USER_INPUT naming the field', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($d: Date!) { eventsByDate(date: $d) { id } }', { d: '9999-12-31' }, 'date'],
      ['query($d: Date!) { diary(date: $d) { content } }', { d: '0000-01-01' }, 'date'],
      ['mutation($u: String!) { login(username: $u, password: "x") { token } }', { u: 'alice\u0000' }, 'username'],
      ['mutation($i: UpdateMeInput!) { updateMe(input: $i) { id } }', { i: { timezone: 'Asia/Taipei\u0000' } }, 'timezone'],
    ];
    for (const [query, variables, field] of cases) {
      const res = await t.gql(query, variables, alice);
      expect(res.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('refuses, before anything is queued, footage that changed or vanished since import', async () => {
    const prisma = t.app.db.prisma;
    const recording = await prisma.recording.findUniqueOrThrow({ where: { id: bobDay.recordingIds[0]! } });
    const before = { vlogs: await prisma.vlog.count(), jobs: await prisma.renderJob.count() };
    // Same name, other bytes (a truncated copy): the import recorded another size.
    const local = await t.app.storage.localCopy(recording.storageKey);
    const truncated = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-trunc-')), 'part.mp4');
    fs.writeFileSync(truncated, fs.readFileSync(local.path).subarray(0, 2000));
    await local.release();
    const original = path.join(path.dirname(truncated), 'original.mp4');
    fs.copyFileSync((await t.app.storage.localCopy(recording.storageKey)).path, original);
    await t.app.db.prisma.vlog.updateMany({ where: { userId: recording.userId }, data: { status: 'canceled' } });
    await t.app.storage.putFile(recording.storageKey, truncated);
    const changed = await t.gql(CREATE, { input: { date: bobDay.date, eventIds: [bobDay.eventIds[0]] } }, bob);
    expect(changed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventIds' });
    expect(changed.errors?.[0]?.message).toMatch(/changed since it was imported/);
    await t.app.storage.delete(recording.storageKey);
    const missing = await t.gql(CREATE, { input: { date: bobDay.date, eventIds: [bobDay.eventIds[0]] } }, bob);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventIds' });
    expect({ vlogs: await prisma.vlog.count(), jobs: await prisma.renderJob.count() }).toEqual(before);
    await t.app.storage.putFile(recording.storageKey, original);
  });
});

describe('finding 6: a render that cannot fit on disk', () => {
  let r: TestServer;
  const logs: string[] = [];
  beforeAll(async () => {
    // A reserve no disk has: every render must fail at once with DISK_FULL.
    r = await startTestServer({ runner: true, minEvents: 1, renderDiskReserveMb: 1024 ** 3 }, { log: (m) => logs.push(m) });
    const deps = { prisma: r.app.db.prisma, storage: r.app.storage, tool: r.app.tool };
    const u = await createUser(deps.prisma, 'frank');
    await seedDay(deps, u.id, { date: '2026-11-20', recordings: 1 });
  });
  afterAll(async () => {
    await r?.stop();
  });

  it('fails with DISK_FULL and a sentence without paths, over the subscription and the query', async () => {
    const token = await r.login('frank');
    const events = await r.gql(`query { eventsByDate(date: "2026-11-20") { id } }`, {}, token);
    const created = await r.gql(CREATE, { input: { date: '2026-11-20', eventIds: [events.data.eventsByDate[0].id], resolution: 'P480', maxDuration: 30 } }, token);
    const id = created.data.createVlog.id;
    const { done } = collect(r.ws(token), `subscription($id: ID!) { vlogProgress(vlogId: $id) { status error errorCode } }`, { id });
    const messages = await done;
    const last = messages.at(-1)!.data!.vlogProgress;
    expect(last).toMatchObject({ status: 'FAILED', errorCode: 'DISK_FULL' });
    expect(last.error).toMatch(/disk full/);
    const vlog = (await r.gql(`query($id: ID!) { vlog(id: $id) { status error errorCode job { error } } }`, { id }, token)).data.vlog;
    expect(vlog).toMatchObject({ status: 'FAILED', errorCode: 'DISK_FULL' });
    for (const text of [vlog.error, vlog.job.error]) {
      expect(text).not.toMatch(/\/|\\|MiB|ENOSPC|ffmpeg/);
    }
    // The log has it all: the same words, and where and how much.
    const line = logs.find((l) => l.includes(`failed [DISK_FULL]`));
    expect(line).toMatch(/disk full/);
    expect(line).toContain(`not enough free space in ${path.join(r.config.dataDir, 'tmp')}`);
  });
});

describe('finding 8: music belongs to its owner', () => {
  it("gives a second user her own track of an identical file and says nothing about the first user's", async () => {
    const prisma = t.app.db.prisma;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-music-import-'));
    fs.copyFileSync(await musicTrack(t.app.tool), path.join(dir, 'song.m4a'));
    const manifest = (username: string) => {
      const file = path.join(dir, `${username}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          user: { username, password: 'pw-for-import', timezone: 'Asia/Taipei' },
          recordings: [],
          events: [],
          music: [{ file: 'song.m4a', name: `${username}'s song`, shared: false }],
        }),
      );
      return file;
    };
    const run = (username: string) => importManifest({ prisma, storage: t.app.storage, tool: t.app.tool, manifestPath: manifest(username), hashPassword });
    const first = await run('grace');
    const second = await run('heidi');
    console.log(`[figure] identical private track imported by a second user: music ${JSON.stringify(second.music)}`);
    expect(first.music).toEqual({ created: 1, updated: 0, skipped: 0 });
    // The same summary as the first user's: nothing says someone else has this file.
    expect(second.music).toEqual(first.music);
    expect(second.warnings).toEqual([]);
    // Each sees her own track through the API, and not the other's.
    for (const [me, other] of [['grace', 'heidi'], ['heidi', 'grace']] as const) {
      const token = await t.login(me, 'pw-for-import');
      const names = (await t.gql(`{ music { name } }`, {}, token)).data.music.map((m: { name: string }) => m.name);
      expect(names).toContain(`${me}'s song`);
      expect(names).not.toContain(`${other}'s song`);
    }
    // Importing again is still idempotent per owner.
    expect((await run('heidi')).music).toEqual({ created: 0, updated: 0, skipped: 1 });
  });
});

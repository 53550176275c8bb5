// createVlog → job → ffmpeg → MP4, through the GraphQL API alone (HTTP + graphql-ws), on a
// real database with real renders of small generated media.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, RGB, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';
import { beatFrames } from '../render/beats.js';
import { canDraw } from '../render/captions.js';
import { buildCaps } from '../render/commands.js';
import { PieceCache, pieceCacheDir } from '../render/piece-cache.js';
import { parseSettings } from './settings.js';
import { LOUDNESS, parseLoudness } from '../render/loudness.js';

let t: TestServer;
let alice: string;
let bob: string;
let aliceId: number;
let day: SeededDay;
let bobDay: SeededDay;
let musicId: string;

const BEATS = Array.from({ length: 80 }, (_, i) => 0.3 + i * 0.5);
const CREATE = `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id status title date progress settings { maxDuration resolution aspect transition fit titleCard captions beatSync music { start end fade volume } } } }`;
const PROGRESS = `subscription($id: ID!) { vlogProgress(vlogId: $id) { vlogId status phase percent message step totalSteps etaSeconds error errorCode updatedAt } }`;
const VLOG = `query($id: ID!) { vlog(id: $id) { id status progress duration size url thumbnailUrl captionsUrl error segments { sequenceOrder startOffset endOffset outputStart event { id } recording { id } } job { id status attempts progress } } }`;

beforeAll(async () => {
  t = await startTestServer({ minEvents: 3 });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice', { locale: 'zh-TW' });
  const b = await createUser(deps.prisma, 'bob');
  aliceId = a.id;
  day = await seedDay(deps, a.id, { date: '2026-11-20' });
  bobDay = await seedDay(deps, b.id, { date: '2026-11-20', recordings: 1 });
  await seedDay(deps, a.id, { date: '2026-11-21', recordings: 1 });
  musicId = (await seedMusic(deps)).id;
  // As if tracked at import (render/beats.ts): a beat every 0.5 s from 0.3 s.
  await deps.prisma.music.update({ where: { id: musicId }, data: { beats: BEATS } });
  alice = await t.login('alice');
  bob = await t.login('bob');
});

afterAll(async () => {
  await t?.stop();
});

async function counts() {
  const p = t.app.db.prisma;
  return { vlogs: await p.vlog.count(), segments: await p.vlogSegment.count(), jobs: await p.renderJob.count() };
}

async function vlogFiles(): Promise<string[]> {
  return t.app.storage.list(`users/${aliceId}/vlogs`);
}

/** Four events, one per colour clip: the first event of each recording. */
const pick = () => [day.eventIds[0]!, day.eventIds[3]!, day.eventIds[6]!, day.eventIds[9]!];
const base = (over: Record<string, unknown> = {}) => ({ date: '2026-11-20', eventIds: pick(), resolution: 'P480', maxDuration: 30, ...over });

async function probe(url: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-dl-')), 'v.mp4');
  fs.writeFileSync(file, Buffer.from(await (await fetch(url)).arrayBuffer()));
  return { file, info: await t.app.tool.probe(file) };
}

async function frameColour(file: string, seconds: number): Promise<[number, number, number]> {
  const { stdout } = await t.app.tool.run(['-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-vf', 'crop=iw/4:ih/4', '-s', '1x1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdout: true });
  return [stdout[0]!, stdout[1]!, stdout[2]!];
}

function near(actual: [number, number, number], expected: [number, number, number]): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]!) < 60);
}

describe('createVlog validation', () => {
  const cases: [string, () => Record<string, unknown>, string][] = [
    ['no events', () => base({ eventIds: [] }), 'eventIds'],
    ['a duplicate event', () => base({ eventIds: [day.eventIds[0], day.eventIds[0], day.eventIds[3]] }), 'eventIds'],
    ['fewer than the minimum', () => base({ eventIds: day.eventIds.slice(0, 2) }), 'eventIds'],
    ['an unknown event', () => base({ eventIds: [...pick().slice(0, 3), uuidv7()] }), 'eventIds'],
    ["another user's event", () => base({ eventIds: [...pick().slice(0, 3), bobDay.eventIds[0]] }), 'eventIds'],
    ['a malformed event id', () => base({ eventIds: [...pick().slice(0, 3), 'not-a-uuid'] }), 'eventIds'],
    ['events of another day', () => base({ date: '2026-11-21' }), 'eventIds'],
    ['a target length below 30 s', () => base({ maxDuration: 29 }), 'maxDuration'],
    ['a target length above 180 s', () => base({ maxDuration: 181 }), 'maxDuration'],
    ['an overlong title', () => base({ title: 'x'.repeat(201) }), 'title'],
    ['an unknown music track', () => base({ musicId: uuidv7() }), 'musicId'],
    ['a negative music start', () => base({ musicId, musicStart: -1 }), 'musicStart'],
    ['music end before start', () => base({ musicId, musicStart: 10, musicEnd: 5 }), 'musicEnd'],
    ['music end past the track', () => base({ musicId, musicStart: 0, musicEnd: 500 }), 'musicEnd'],
    ['a music window under 0.5 s', () => base({ musicId, musicStart: 1, musicEnd: 1.2 }), 'musicEnd'],
    ['a volume above 1', () => base({ musicId, musicVolume: 1.5 }), 'musicVolume'],
  ];

  it.each(cases)('rejects %s, naming the field and writing nothing', async (_name, input, field) => {
    const before = await counts();
    const res = await t.gql(CREATE, { input: input() }, alice);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
    expect(await vlogFiles()).toEqual([]);
  });

  it('takes a title as long as the limits query says, and refuses one character more', async () => {
    const max = (await t.gql('{ limits { maxTitleLength } }', {}, alice)).data.limits.maxTitleLength;
    expect(max).toBeGreaterThan(0);
    // The title passes; a later check (the length) stops the vlog, so nothing is rendered.
    const atMax = await t.gql(CREATE, { input: base({ title: 'x'.repeat(max), maxDuration: 29 }) }, alice);
    expect(atMax.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxDuration' });
    const over = await t.gql(CREATE, { input: base({ title: 'x'.repeat(max + 1), maxDuration: 29 }) }, alice);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it("says whether words can be drawn into the picture, as this server's ffmpeg and font allow", async () => {
    const { burnedCaptions } = (await t.gql('{ limits { burnedCaptions } }', {}, alice)).data.limits;
    expect(burnedCaptions).toBe(canDraw(buildCaps(t.app.tool.caps), t.app.tool.captionFont));
  });

  it('says the same for a foreign id as for a missing one', async () => {
    const foreign = await t.gql(CREATE, { input: base({ eventIds: [...pick().slice(0, 3), bobDay.eventIds[0]] }) }, alice);
    const missing = await t.gql(CREATE, { input: base({ eventIds: [...pick().slice(0, 3), uuidv7()] }) }, alice);
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
  });

  it('rejects bad enums and dates before the service runs', async () => {
    const res = await t.gql(CREATE, { input: base({ resolution: 'P4K' }) }, alice);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fit = await t.gql(CREATE, { input: base({ fit: 'STRETCH' }) }, alice);
    expect(fit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const captions = await t.gql(CREATE, { input: base({ captions: 'LOUD' }) }, alice);
    expect(captions.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await t.gql(CREATE, { input: base({ date: '2026-02-30' }) }, alice);
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses events whose footage is missing', async () => {
    const prisma = t.app.db.prisma;
    const rec = await prisma.recording.findUniqueOrThrow({ where: { id: day.recordingIds[3]! } });
    const copy = path.join(os.tmpdir(), `dayreel-missing-${process.pid}.mp4`);
    const local = await t.app.storage.localCopy(rec.storageKey);
    fs.copyFileSync(local.path, copy);
    await t.app.storage.delete(rec.storageKey);
    try {
      const before = await counts();
      const res = await t.gql(CREATE, { input: base() }, alice);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventIds' });
      expect(res.errors?.[0]?.message).toMatch(/footage/);
      expect(await counts()).toEqual(before);
    } finally {
      await t.app.storage.putFile(rec.storageKey, copy, { move: true });
    }
  });
});

describe('createVlog', () => {
  it('gives two simultaneous requests with one idempotency key the same vlog', async () => {
    const key = `race-${uuidv7()}`;
    const input = base({ eventIds: pick(), idempotencyKey: key, transition: 'CUT', titleCard: false, captions: 'NONE' });
    const [a, b] = await Promise.all([t.gql(CREATE, { input }, alice), t.gql(CREATE, { input }, alice)]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    expect(a.data.createVlog.id).toBe(b.data.createVlog.id);
    expect(await t.app.db.prisma.vlog.count({ where: { idempotencyKey: key } })).toBe(1);
    await t.gql('mutation($id: ID!) { deleteVlog(id: $id) }', { id: a.data.createVlog.id }, alice);
  });

  it('writes the vlog, its segments in start order and its job in one go, and is idempotent', async () => {
    const key = `k-${uuidv7()}`;
    const shuffled = [...pick()].reverse();
    const first = await t.gql(CREATE, { input: base({ eventIds: shuffled, idempotencyKey: key, transition: 'CUT', fit: 'BARS', titleCard: false, captions: 'NONE' }) }, alice);
    expect(first.errors).toBeUndefined();
    const vlog = first.data.createVlog;
    expect(vlog).toMatchObject({ status: 'PENDING', title: '2026-11-20 的 Vlog', date: '2026-11-20', progress: 0 });
    expect(vlog.settings).toEqual({ maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CUT', fit: 'BARS', titleCard: false, captions: 'NONE', beatSync: false, music: null });
    const again = await t.gql(CREATE, { input: base({ eventIds: shuffled, idempotencyKey: key, transition: 'CUT' }) }, alice);
    expect(again.data.createVlog.id).toBe(vlog.id);

    const prisma = t.app.db.prisma;
    expect(await prisma.vlog.count({ where: { idempotencyKey: key } })).toBe(1);
    const row = await prisma.vlog.findUniqueOrThrow({ where: { id: vlog.id }, include: { segments: { orderBy: { sequenceOrder: 'asc' } } } });
    expect(row.segments.map((s) => s.eventId)).toEqual(pick());
    const settings = row.settings as { job_id: string };
    const job = await prisma.renderJob.findUniqueOrThrow({ where: { id: settings.job_id } });
    expect(job.type).toBe('vlog_generation');
    expect(job.params).toMatchObject({ vlog_id: vlog.id, user_id: aliceId, event_ids: pick() });
    // Let it finish so it doesn't hold up the other tests' renders.
    await collect(t.ws(alice), PROGRESS, { id: vlog.id }).done;
  });

  it('renders through the API: progress over graphql-ws to DONE, then a correct MP4', async () => {
    const created = await t.gql(CREATE, { input: base({ musicId, musicStart: 5, musicEnd: 25 }) }, alice);
    expect(created.errors).toBeUndefined();
    const id = created.data.createVlog.id;
    expect(created.data.createVlog.settings.maxDuration).toBe(30);
    expect(created.data.createVlog.settings).toMatchObject({ fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: true });
    const sub = collect(t.ws(alice), PROGRESS, { id });
    const messages = (await sub.done).map((m) => m.data!.vlogProgress);
    const last = messages.at(-1);
    expect(last).toMatchObject({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
    const percents = messages.map((m) => m.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(messages.some((m) => m.phase === 'RENDERING')).toBe(true);
    expect(messages.some((m) => m.phase === 'RENDERING' && m.percent > 0 && m.percent < 100)).toBe(true);

    const vlog = (await t.gql(VLOG, { id }, alice)).data.vlog;
    expect(vlog).toMatchObject({ status: 'COMPLETED', progress: 100, error: null });
    expect(vlog.job).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    const { file, info } = await probe(vlog.url);
    expect(info.video).toMatchObject({ width: 854, height: 480 });
    expect(info.video!.fps).toBeCloseTo(30, 1);
    expect(info.audio).toBeDefined();
    expect(Math.abs(info.duration - 30)).toBeLessThan(0.1);
    expect(Math.abs(vlog.duration - info.duration)).toBeLessThan(0.05);
    expect(vlog.size).toBe(fs.statSync(file).size);
    const poster = await fetch(vlog.thumbnailUrl);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    // Soft captions (the default) as WebVTT for the web player: each clip's time and summary.
    const vtt = await fetch(vlog.captionsUrl);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    const cues = await vtt.text();
    expect(cues.startsWith('WEBVTT')).toBe(true);
    expect(cues).toMatch(/\d\d:\d\d · \S+/);
    // Music and camera sound together at the streaming level (EBU R128).
    const { stderr } = await t.app.tool.run(['-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
    const loudness = parseLoudness(stderr);
    expect(Math.abs(loudness.integrated! - LOUDNESS.targetLufs)).toBeLessThanOrEqual(1);
    expect(loudness.truePeak!).toBeLessThanOrEqual(LOUDNESS.truePeakMax);

    // Every picked event appears, in order, at its planned time.
    const segments = vlog.segments.filter((s: { outputStart: number | null }) => s.outputStart !== null);
    expect(segments).toHaveLength(4);
    // Cut on the beat: the middle of every crossfade (0.5 s) within a frame of a beat of the
    // window (music from 5 s, looping every 20 s).
    const beats = beatFrames(BEATS, { start: 5, end: 25 }, 30 * 30, 30);
    for (const seg of segments.slice(1)) {
      const middle = Math.round(seg.outputStart * 30) + 7;
      expect(Math.min(...beats.map((b) => Math.abs(b - middle))), `boundary at ${seg.outputStart}`).toBeLessThanOrEqual(1);
    }
    for (const [i, seg] of segments.entries()) {
      const end = segments[i + 1]?.outputStart ?? 30;
      const mid = (seg.outputStart + end) / 2;
      const colour = day.colours[day.eventIds.indexOf(seg.event.id)]!;
      expect(near(await frameColour(file, mid), RGB[colour]), `${colour} at ${mid}`).toBe(true);
    }
    const days = (await t.gql('{ days { date vlogStatus } }', {}, alice)).data.days;
    expect(days).toContainEqual({ date: '2026-11-20', vlogStatus: 'COMPLETED' });
  });

  it('replays the current state to a late subscriber and completes at once', async () => {
    const { nodes } = (await t.gql('{ vlogs(status: COMPLETED) { nodes { id } } }', {}, alice)).data.vlogs;
    const messages = await collect(t.ws(alice), PROGRESS, { id: nodes[0].id }).done;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.data!.vlogProgress).toMatchObject({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
  });

  it("refuses another user's subscription with an error and no data", async () => {
    const { nodes } = (await t.gql('{ vlogs { nodes { id } } }', {}, alice)).data.vlogs;
    const messages = await collect(t.ws(bob), PROGRESS, { id: nodes[0].id }).done;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(messages[0]!.data ?? null).toBeNull();
    const missing = await collect(t.ws(bob), PROGRESS, { id: uuidv7() }).done;
    expect(missing[0]!.errors?.[0]?.message.replace(/[0-9a-f-]{36}/, 'ID')).toBe(messages[0]!.errors?.[0]?.message.replace(/[0-9a-f-]{36}/, 'ID'));
  });

  it('cancels a render at once, leaving no files; retry then completes it', async () => {
    const created = await t.gql(CREATE, { input: base({ resolution: 'P720', maxDuration: 90 }) }, alice);
    const id = created.data.createVlog.id;
    let canceled = false;
    const sub = collect(t.ws(alice), PROGRESS, { id }, (msg) => {
      const p = msg.data?.vlogProgress;
      if (!canceled && p?.phase === 'RENDERING') {
        canceled = true;
        void t.gql('mutation($id: ID!) { cancelVlog(id: $id) { status } }', { id }, alice);
      }
    });
    const messages = (await sub.done).map((m) => m.data!.vlogProgress);
    expect(messages.at(-1)).toMatchObject({ status: 'CANCELED', phase: 'CANCELED' });
    const vlog = (await t.gql(VLOG, { id }, alice)).data.vlog;
    expect(vlog.status).toBe('CANCELED');
    expect(vlog.job.status).toBe('CANCELED');
    expect(vlog.url).toBeNull();
    // ffmpeg was killed and its temporary files removed.
    await expect.poll(() => fs.readdirSync(path.join(t.config.dataDir, 'tmp')).length, { timeout: 5000 }).toBe(0);
    expect((await vlogFiles()).filter((k) => k.includes(id))).toEqual([]);

    const retried = await t.gql('mutation($id: ID!) { retryVlog(id: $id) { status } }', { id }, alice);
    expect(retried.data.retryVlog.status).toBe('PENDING');
    const after = (await collect(t.ws(alice), PROGRESS, { id }).done).map((m) => m.data!.vlogProgress);
    expect(after.at(-1)).toMatchObject({ status: 'COMPLETED', percent: 100 });
  });

  it('deletes a vlog with its rows and files', async () => {
    const { nodes } = (await t.gql('{ vlogs(status: COMPLETED) { nodes { id } } }', {}, alice)).data.vlogs;
    const id = nodes[0].id;
    expect((await vlogFiles()).some((k) => k.includes(id))).toBe(true);
    // Its kept pieces (for re-renders of edits) are in this machine's piece folder.
    const cache = new PieceCache(pieceCacheDir(t.config.dataDir));
    const row = await t.app.db.prisma.vlog.findUniqueOrThrow({ where: { id } });
    const keys = parseSettings(row.settings).piece_keys ?? [];
    expect(keys.length).toBeGreaterThan(0);
    expect(await cache.keys()).toEqual(expect.arrayContaining(keys));
    const bobTry = await t.gql('mutation($id: ID!) { deleteVlog(id: $id) }', { id }, bob);
    expect(bobTry.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const res = await t.gql('mutation($id: ID!) { deleteVlog(id: $id) }', { id }, alice);
    expect(res.data.deleteVlog).toBe(id);
    expect((await vlogFiles()).some((k) => k.includes(id))).toBe(false);
    expect(await t.app.db.prisma.vlogSegment.count({ where: { vlogId: id } })).toBe(0);
    expect((await t.gql(VLOG, { id }, alice)).data.vlog).toBeNull();
    // Gone with it, but for pieces another vlog of hers still uses.
    const others = await t.app.db.prisma.vlog.findMany({ where: { userId: aliceId } });
    const still = new Set(others.flatMap((o) => parseSettings(o.settings).piece_keys ?? []));
    const left = new Set(await cache.keys());
    for (const k of keys) expect(left.has(k)).toBe(still.has(k));
  });

  it('ends failed with a readable reason when a source is corrupt', async () => {
    const prisma = t.app.db.prisma;
    const rec = await prisma.recording.findUniqueOrThrow({ where: { id: day.recordingIds[1]! } });
    const local = await t.app.storage.localCopy(rec.storageKey);
    const good = fs.readFileSync(local.path);
    // Damaged in place, same size (so the stat at createVlog cannot tell): the render finds out.
    const garbage = Buffer.alloc(good.length, 'this is not a video at all ');
    await t.app.storage.put(rec.storageKey, garbage);
    try {
      const id = (await t.gql(CREATE, { input: base() }, alice)).data.createVlog.id;
      const messages = (await collect(t.ws(alice), PROGRESS, { id }).done).map((m) => m.data!.vlogProgress);
      expect(messages.at(-1)).toMatchObject({ status: 'FAILED', phase: 'FAILED' });
      expect(messages.at(-1).error).toMatch(/could not be read/i);
      expect(messages.at(-1).error).not.toMatch(/\//);
      const vlog = (await t.gql(VLOG, { id }, alice)).data.vlog;
      expect(vlog.error.length).toBeGreaterThan(10);
      expect(messages.at(-1).errorCode).toBe('SOURCE_UNREADABLE');
      expect(vlog.job.status).toBe('FAILED');
      expect((await vlogFiles()).filter((k) => k.includes(id))).toEqual([]);
      expect(fs.readdirSync(path.join(t.config.dataDir, 'tmp'))).toEqual([]);
    } finally {
      await t.app.storage.put(rec.storageKey, good);
    }
  });

  it("keeps the newest completed vlog as the day's vlog", async () => {
    const byDate = (await t.gql('{ vlogByDate(date: "2026-11-20") { id status } }', {}, alice)).data.vlogByDate;
    expect(byDate.status).toBe('COMPLETED');
    const list = (await t.gql('{ vlogs(date: "2026-11-20") { totalCount nodes { id status } } }', {}, alice)).data.vlogs;
    expect(list.totalCount).toBeGreaterThan(1);
    const newestCompleted = list.nodes.find((n: { status: string }) => n.status === 'COMPLETED');
    expect(byDate.id).toBe(newestCompleted.id);
  });
});

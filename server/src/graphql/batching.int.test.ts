// Work that must not grow with watchers or rows, measured on the real server: a progress update
// is executed once for all subscribers of a vlog (graphql/fan-out.ts), and a page of
// vlogs with segments, jobs, tracks and links costs the same number of database queries for one
// vlog as for four (graphql/loaders.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, type SeededDay } from '../testing/fixtures.js';
import { SubscriptionFanOut } from './fan-out.js';
import { uuidv7 } from '../lib/uuid.js';

let t: TestServer;
let aliceId: number;
let bobId: number;
let alice: string;
let bob: string;
let day: SeededDay;
let musicId: string;
const shared = new SubscriptionFanOut();

const PROGRESS = `subscription($id: ID!) { vlogProgress(vlogId: $id) { vlogId status phase percent message } }`;
const PERCENT_ONLY = `subscription($id: ID!) { vlogProgress(vlogId: $id) { percent } }`;

beforeAll(async () => {
  // No job runner: its polling would be counted with the request's queries.
  t = await startTestServer({ runner: false }, { fanOut: shared });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  aliceId = (await createUser(deps.prisma, 'alice')).id;
  bobId = (await createUser(deps.prisma, 'bob')).id;
  day = await seedDay(deps, aliceId, { date: '2026-11-20' });
  musicId = (await seedMusic(deps)).id;
  alice = await t.login('alice');
  bob = await t.login('bob');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/** A vlog row of alice's with its segments and job (queued by `jobOwner`: alice, unless a test says otherwise), as a finished render leaves them. */
async function makeVlog(status = 'completed', jobOwner = aliceId): Promise<string> {
  const prisma = t.app.db.prisma;
  const job = await prisma.renderJob.create({ data: { type: 'vlog_generation', params: { user_id: jobOwner, progress: 40 }, status: 'succeeded' } });
  const vlog = await prisma.vlog.create({
    data: {
      userId: aliceId,
      title: 'v',
      targetDate: new Date('2026-11-20'),
      status,
      settings: { job_id: job.id, music: { id: musicId, start: 0, end: 10, fade: true, volume: 1 } },
    },
  });
  await prisma.vlogSegment.createMany({
    data: day.eventIds.slice(0, 3).map((eventId, i) => ({ vlogId: vlog.id, eventId, recordingId: day.recordingIds[i % day.recordingIds.length]!, sequenceOrder: i, startOffset: 0, endOffset: 1 })),
  });
  return vlog.id;
}

describe('subscription fan-out', () => {
  it('executes each progress update once for all subscribers of a vlog, and sends each the same payload', async () => {
    const vlogId = await makeVlog('processing');
    const received: unknown[][] = [[], [], [], []];
    const subs = [0, 1, 2].map((i) => collect(t.ws(alice), PROGRESS, { id: vlogId }, (m) => received[i]!.push(m)));
    // A fourth asks for another selection: its own execution, shared with nobody.
    subs.push(collect(t.ws(alice), PERCENT_ONLY, { id: vlogId }, (m) => received[3]!.push(m)));
    await expect.poll(() => received.every((r) => r.length === 1), { timeout: 20_000 }).toBe(true);

    const before = shared.executions;
    await t.app.services.progress.report(vlogId, uuidv7(), { phase: 'RENDERING', percent: 42, message: 'rendering clip 2 of 5' });
    await expect.poll(() => received.every((r) => r.length === 2), { timeout: 20_000 }).toBe(true);
    expect(shared.executions - before).toBe(2);
    const update = { data: { vlogProgress: { vlogId, status: 'PROCESSING', phase: 'RENDERING', percent: 42, message: 'rendering clip 2 of 5' } } };
    for (const r of received.slice(0, 3)) expect(r[1]).toEqual(update);
    expect(received[3]![1]).toEqual({ data: { vlogProgress: { percent: 42 } } });
    subs.forEach((s) => s.unsubscribe());
  }, 60_000);

  it("answers another user's vlog id exactly like a missing one, while its owner's subscribers share updates", async () => {
    const vlogId = await makeVlog('processing');
    const owner = collect(t.ws(alice), PROGRESS, { id: vlogId });
    await expect.poll(() => owner.messages.length, { timeout: 20_000 }).toBe(1);
    const stranger = await collect(t.ws(bob), PROGRESS, { id: vlogId }).done;
    const missingId = uuidv7();
    const missing = await collect(t.ws(bob), PROGRESS, { id: missingId }).done;
    expect(stranger).toHaveLength(1);
    expect(stranger[0]!.data ?? null).toBeNull();
    expect(stranger[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(stranger).replaceAll(vlogId, 'ID')).toBe(JSON.stringify(missing).replaceAll(missingId, 'ID'));
    await t.app.services.progress.report(vlogId, uuidv7(), { phase: 'RENDERING', percent: 50, message: 'half' });
    await expect.poll(() => owner.messages.length, { timeout: 20_000 }).toBe(2);
    owner.unsubscribe();
  }, 60_000);
});

/** Database statements the server runs for rows while `work` runs (every pg client in this process; session lookups aside). */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = String((args[0] as { text?: string } | undefined)?.text ?? args[0]);
    // The caller's session is looked up per request (and cached for a while): not a per-row lookup.
    if (!/"public"\."(sessions|users)"/.test(text)) count++;
    return query.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = query;
  }
  return count;
}

describe('per-request DataLoaders', () => {
  const VLOGS = `{ vlogs(first: 10) { nodes { id job { status progress } settings { music { music { name } } }
    segments { event { id summary recording { id } } recording { id width } } shareLinks { id } } } }`;

  it('answers a page of vlogs with the same number of queries for one vlog as for four', async () => {
    const prisma = t.app.db.prisma;
    await prisma.vlog.deleteMany({ where: { userId: aliceId } });
    await makeVlog();
    await t.gql(VLOGS, {}, alice); // warm: the session cache and the connection's first statements
    const one = await countQueries(async () => {
      const res = await t.gql(VLOGS, {}, alice);
      expect(res.errors).toBeUndefined();
      expect(res.data.vlogs.nodes).toHaveLength(1);
      expect(res.data.vlogs.nodes[0].segments).toHaveLength(3);
    });
    for (let i = 0; i < 3; i++) await makeVlog();
    let answer: any;
    const four = await countQueries(async () => {
      answer = await t.gql(VLOGS, {}, alice);
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.vlogs.nodes).toHaveLength(4);
    for (const v of answer.data.vlogs.nodes) {
      expect(v.job).toEqual({ status: 'SUCCEEDED', progress: 40 });
      expect(v.settings.music.music.name).toBe('Test tune');
      expect(v.segments.map((s: any) => s.event.id)).toEqual(day.eventIds.slice(0, 3));
      expect(v.segments.every((s: any) => s.recording.width > 0)).toBe(true);
    }
    expect(four).toBe(one);
    // The page (count, rows), then one query each for jobs, tracks, segments, links, events, recordings.
    expect(one).toBe(8);
  }, 60_000);

  it("does not batch another user's rows into a caller's answer", async () => {
    const res = await t.gql(`{ vlogs(first: 10) { nodes { id } } }`, {}, bob);
    expect(res.data.vlogs.nodes).toEqual([]);
  });

  it("answers a job of another user's exactly like a missing one", async () => {
    const prisma = t.app.db.prisma;
    await prisma.vlog.deleteMany({ where: { userId: aliceId } });
    const own = await makeVlog();
    const pointsAtBobs = await makeVlog('completed', bobId);
    const pointsAtNothing = await makeVlog();
    const missing = await prisma.vlog.findUniqueOrThrow({ where: { id: pointsAtNothing } });
    await prisma.vlog.update({ where: { id: pointsAtNothing }, data: { settings: { ...(missing.settings as object), job_id: uuidv7() } } });
    const res = await t.gql(`{ vlogs(first: 10) { nodes { id job { id status createdAt } } } }`, {}, alice);
    expect(res.errors).toBeUndefined();
    const jobOf = (id: string) => res.data.vlogs.nodes.find((v: any) => v.id === id).job;
    expect(jobOf(own)).toMatchObject({ status: 'SUCCEEDED', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(jobOf(pointsAtBobs)).toBeNull();
    expect(jobOf(pointsAtNothing)).toBeNull();
  });
});

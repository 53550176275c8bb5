// CreateVlogInput.clips (trims): validated like every other field (BAD_USER_INPUT, field
// "clips", nothing written) and honoured by the frozen render plan that the pipeline executes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';

let t: TestServer;
let alice: string;
let day: SeededDay;

const CREATE = `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id status segments { startOffset endOffset event { id } } } }`;

beforeAll(async () => {
  // RUNNER off: the plan is what is checked here; nothing needs rendering.
  t = await startTestServer({ minEvents: 3, runner: false });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice');
  day = await seedDay(deps, a.id, { date: '2026-11-20' });
  alice = await t.login('alice');
});

afterAll(async () => {
  await t?.stop();
});

/** The first event of each of four recordings (each event lasts 4 s). */
const pick = () => [day.eventIds[0]!, day.eventIds[3]!, day.eventIds[6]!, day.eventIds[9]!];
const base = (over: Record<string, unknown> = {}) => ({ date: '2026-11-20', eventIds: pick(), resolution: 'P480', maxDuration: 30, transition: 'CUT', ...over });

async function counts() {
  const p = t.app.db.prisma;
  return { vlogs: await p.vlog.count(), segments: await p.vlogSegment.count(), jobs: await p.renderJob.count() };
}

describe('createVlog clips (trims)', () => {
  const cases: [string, () => unknown][] = [
    ['a trim of an event that is not picked', () => [{ eventId: day.eventIds[1], start: 0, end: 2 }]],
    ['an unknown event', () => [{ eventId: uuidv7(), start: 0, end: 2 }]],
    ['two trims of one event', () => [{ eventId: pick()[0], start: 0, end: 2 }, { eventId: pick()[0], start: 1, end: 3 }]],
    ['a negative start', () => [{ eventId: pick()[0], start: -1, end: 2 }]],
    ['an end past the event', () => [{ eventId: pick()[0], start: 1, end: 4.5 }]],
    ['a trim shorter than 1.5 s', () => [{ eventId: pick()[0], start: 1, end: 2 }]],
    ['an end before the start', () => [{ eventId: pick()[0], start: 3, end: 1 }]],
  ];

  it.each(cases)('rejects %s with field "clips" and writes nothing', async (_name, clips) => {
    const before = await counts();
    const res = await t.gql(CREATE, { input: base({ clips: clips() }) }, alice);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clips' });
    expect(await counts()).toEqual(before);
  });

  it('takes footage of a trimmed event only from inside its trim, even with budget to spare', async () => {
    const [first, second] = pick();
    // Untrimmed, 30 s over four 4 s events stretches every clip past its event (to ~7.5 s).
    const plain = await t.gql(CREATE, { input: base() }, alice);
    expect(plain.errors).toBeUndefined();
    const plainSeg = plain.data.createVlog.segments.find((s: { event: { id: string } }) => s.event.id === first);
    expect(plainSeg.endOffset - plainSeg.startOffset).toBeGreaterThan(4);

    const res = await t.gql(CREATE, { input: base({ clips: [{ eventId: first, start: 1, end: 3 }, { eventId: second, start: 0.5, end: 4 }] }) }, alice);
    expect(res.errors).toBeUndefined();
    const segs = res.data.createVlog.segments as { startOffset: number; endOffset: number; event: { id: string } }[];
    const a = segs.find((s) => s.event.id === first)!;
    const b = segs.find((s) => s.event.id === second)!;
    // Event 1 starts 0 s into its recording, event 2 too (first event of each recording).
    const frame = 1 / 30 + 1e-6;
    expect(a.startOffset).toBeGreaterThanOrEqual(1 - frame);
    expect(a.endOffset).toBeLessThanOrEqual(3 + frame);
    expect(a.endOffset - a.startOffset).toBeGreaterThan(1.5);
    expect(b.startOffset).toBeGreaterThanOrEqual(0.5 - frame);
    expect(b.endOffset).toBeLessThanOrEqual(4 + frame);
  });
});

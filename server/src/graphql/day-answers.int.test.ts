// Recent answers to a day's events (day-answers.ts): served again only to the same caller, with
// the same time zone and document; dropped when an import announces the user's events changed
// (over the real event bus — on PostgreSQL from a connection of its own, as another process
// would), after TTL_MS, and beyond the bound; never kept for answers with errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationDefinitionNode } from 'graphql';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';
import { dayreelSchema } from '../app.js';
import { PgNotifyEventBus } from '../bus/pg-notify.js';
import { announceEventsChanged, DayAnswers, dayScoped } from './day-answers.js';
import { graphqlRuntime } from './runtime.js';

const { parse } = graphqlRuntime;

let t: TestServer;
let aliceId: number;
let alice: string;
let bob: string;
let day: SeededDay;
const answers = new DayAnswers();
const schema = dayreelSchema();

const EVENTS = `query Events($date: Date!) { eventsByDate(date: $date) { id startTime summary thumbnailUrl recording { id url } } }`;
type Day = { data?: { eventsByDate: { id: string; startTime: string }[] }; errors?: { extensions?: { code?: string } }[] };

beforeAll(async () => {
  t = await startTestServer({ runner: false }, { dayAnswers: answers });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  aliceId = (await createUser(deps.prisma, 'alice', { timezone: 'Asia/Taipei' })).id;
  const bobId = (await createUser(deps.prisma, 'bob', { timezone: 'Asia/Taipei' })).id;
  day = await seedDay(deps, aliceId, { date: '2026-11-20' });
  await seedDay(deps, bobId, { date: '2026-11-20', recordings: 1 });
  alice = await t.login('alice');
  bob = await t.login('bob');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const ask = async (token: string | undefined, date = day.date) => (await t.gql(EVENTS, { date }, token)) as Day;
const ids = (answer: Day) => answer.data!.eventsByDate.map((e) => e.id);

/** An event written straight into the database, as an import in another process would. */
async function addEvent(): Promise<string> {
  const id = uuidv7();
  const first = await t.app.db.prisma.event.findFirstOrThrow({ where: { id: day.eventIds[0] } });
  await t.app.db.prisma.event.create({ data: { id, userId: aliceId, recordingId: first.recordingId, startTime: new Date(first.startTime!.getTime() + 1000), duration: 1, summary: 'new' } });
  return id;
}

/** Announces alice's change the way another process does: its own bus (on PostgreSQL its own connection). */
async function announce(): Promise<void> {
  const db = t.app.db;
  if (db.kind === 'postgres') await announceEventsChanged(new PgNotifyEventBus({ connectionString: db.url, pool: db.pool }), aliceId);
  else await announceEventsChanged(t.app.bus, aliceId);
  // LISTEN/NOTIFY arrives asynchronously.
  for (let i = 0; i < 50 && answers.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
}

describe("a day's answers kept for a moment", () => {
  it('serves the same answer again, and a change only after an import announces it', async () => {
    const first = await ask(alice);
    expect(ids(first)).toEqual(day.eventIds);
    const hits = answers.hits;
    expect(await ask(alice)).toEqual(first);
    expect(answers.hits).toBe(hits + 1);

    const added = await addEvent();
    expect(await ask(alice)).toEqual(first); // kept: nothing announced yet
    await announce();
    expect(answers.size).toBe(0);
    expect(ids(await ask(alice))).toContain(added);
  });

  it('keeps answers per caller, time zone and variables, and never keeps errors', async () => {
    const mine = ids(await ask(alice));
    const bobs = ids(await ask(bob));
    expect(bobs.some((id) => mine.includes(id))).toBe(false);
    expect(ids(await ask(alice))).toEqual(mine);
    expect(ids(await ask(alice, '2026-11-21'))).toEqual([]);

    const anonymous = await ask(undefined);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();

    // Another time zone moves the day: the answer kept for Taipei must not be served.
    const moved = await t.gql('mutation { updateMe(input: { timezone: "America/Los_Angeles" }) { timezone } }', {}, alice);
    expect(moved.data?.updateMe.timezone).toBe('America/Los_Angeles');
    const there = await ask(alice);
    expect(ids(there)).not.toEqual(mine);
    await t.gql('mutation { updateMe(input: { timezone: "Asia/Taipei" }) { timezone } }', {}, alice);
  });
});

describe('which operations may be kept', () => {
  const scoped = (query: string) => {
    const document = parse(query);
    return dayScoped(schema, document, document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode);
  };
  it('only those that read event and recording columns of a day', () => {
    expect(scoped(EVENTS)).toBe(true);
    expect(scoped('query($d: Date!) { a: eventsByDate(date: $d) { ...E recording { __typename id } } } fragment E on Event { id summary }')).toBe(true);
    expect(scoped('query($d: Date!) { eventsByDate(date: $d) { id } me { id } }')).toBe(false);
    expect(scoped('query($d: Date!) { diary(date: $d) { content } }')).toBe(false);
    expect(scoped('query($d: Date!) { __typename eventsByDate(date: $d) { id } }')).toBe(false);
    expect(scoped('mutation { logout }')).toBe(false);
  });
});

describe('the bound', () => {
  it('forgets answers after the TTL and the least recently used beyond the events held', () => {
    let now = 0;
    const kept = new DayAnswers({ ttlMs: 1000, maxEvents: 5, now: () => now });
    const list = (n: number) => ({ eventsByDate: Array.from({ length: n }, (_, i) => ({ id: String(i) })) });
    kept.set('a', 1, list(2));
    kept.set('b', 1, list(2));
    expect(kept.get('a')).toEqual(list(2));
    kept.set('c', 2, list(2)); // 6 > 5: b, the least recently used, goes
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBeDefined();
    kept.set('huge', 2, list(6));
    expect(kept.get('huge')).toBeUndefined();
    kept.forgetUser(2);
    expect(kept.get('c')).toBeUndefined();
    now = 1000;
    expect(kept.get('a')).toBeUndefined();
    expect(kept.size).toBe(0);
  });
});

describe('refresh ahead of the end', () => {
  it('serves the kept answer in its last moments while making the next behind it; a failed refresh leaves the kept one', async () => {
    let now = 0;
    const kept = new DayAnswers({ ttlMs: 1000, refreshAheadMs: 200, now: () => now });
    let made = 0;
    const make = async () => ({ data: { eventsByDate: [{ id: String(++made) }] } });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    expect(await kept.through('k', 1, make)).toEqual({ data: { eventsByDate: [{ id: '1' }] } });
    now = 700;
    expect(await kept.through('k', 1, make)).toEqual({ data: { eventsByDate: [{ id: '1' }] } });
    expect(made).toBe(1);
    now = 850; // within 200 ms of the end: answered at once from what is kept, the next one made
    expect(await kept.through('k', 1, make)).toEqual({ data: { eventsByDate: [{ id: '1' }] } });
    await tick();
    expect(made).toBe(2);
    expect(kept.get('k')).toEqual({ eventsByDate: [{ id: '2' }] });
    now = 1500; // the new answer lives from 850 to 1850
    expect(await kept.through('k', 1, make)).toEqual({ data: { eventsByDate: [{ id: '2' }] } });
    expect(made).toBe(2);
    now = 1700;
    const failing = async (): Promise<never> => {
      made++;
      throw new Error('database gone');
    };
    expect(await kept.through('k', 1, failing)).toEqual({ data: { eventsByDate: [{ id: '2' }] } });
    await tick();
    expect(made).toBe(3);
    expect(kept.get('k')).toEqual({ eventsByDate: [{ id: '2' }] });
    now = 1850; // and still no answer outlives its TTL
    expect(kept.get('k')).toBeUndefined();
  });
});

describe('answers being made', () => {
  it('are made once for requests that arrive meanwhile, and not kept when a change is announced meanwhile or they have errors', async () => {
    const kept = new DayAnswers();
    let made = 0;
    let release: () => void = () => {};
    const slow = () => {
      made++;
      return new Promise<{ data: { eventsByDate: { id: string }[] } }>((resolve) => (release = () => resolve({ data: { eventsByDate: [{ id: String(made) }] } })));
    };
    const both = Promise.all([kept.through('k', 1, slow), kept.through('k', 1, slow)]);
    await new Promise((r) => setTimeout(r, 0));
    release();
    const [a, b] = await both;
    expect(made).toBe(1);
    expect(b).toBe(a);
    expect(kept.get('k')).toEqual({ eventsByDate: [{ id: '1' }] });

    kept.forgetUser(1);
    const during = kept.through('k', 1, slow);
    await new Promise((r) => setTimeout(r, 0));
    kept.forgetUser(1); // an import committed while the answer was being made
    release();
    await during;
    expect(kept.get('k')).toBeUndefined();

    await kept.through('e', 1, () => ({ errors: [new Error('no') as never] }));
    expect(kept.get('e')).toBeUndefined();
  });
});

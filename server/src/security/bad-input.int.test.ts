// Table-driven bad input across every query, mutation, subscription and media route, over real
// HTTP and real WebSockets: each answer has the expected extensions.code (and field), and
// nothing is written — the row count of every table and the files in the data dir (outside the
// database's own folder) are the same before and after each case.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';

let t: TestServer;
let alice: string;
let aliceDay: SeededDay;
let bobDay: SeededDay;
let musicId: string;
let aliceVlog: string;
let bobVlog: string;
let bobRecordingKey: string;

const NUL = 'a\u0000b';
const CREATE = `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id } }`;

beforeAll(async () => {
  t = await startTestServer({ runner: false, minEvents: 1 });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice');
  const b = await createUser(deps.prisma, 'bob');
  aliceDay = await seedDay(deps, a.id, { date: '2026-11-20', recordings: 1 });
  await seedDay(deps, a.id, { date: '2026-11-21', recordings: 1 });
  bobDay = await seedDay(deps, b.id, { date: '2026-11-20', recordings: 1 });
  musicId = (await seedMusic(deps)).id;
  alice = await t.login('alice');
  const bob = await t.login('bob');
  aliceVlog = (await t.gql(CREATE, { input: { date: '2026-11-20', eventIds: [aliceDay.eventIds[0]] } }, alice)).data.createVlog.id;
  bobVlog = (await t.gql(CREATE, { input: { date: '2026-11-20', eventIds: [bobDay.eventIds[0]] } }, bob)).data.createVlog.id;
  bobRecordingKey = (await deps.prisma.recording.findUniqueOrThrow({ where: { id: bobDay.recordingIds[0]! } })).storageKey;
});

afterAll(async () => {
  await t?.stop();
});

/** Every table's row count (all schemas but the system's) and every file under the data dir except the database's own. */
async function snapshot() {
  const counts: Record<string, number> = {};
  const { rows: tables } = await t.app.db.pool.query(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  expect(tables.length).toBeGreaterThanOrEqual(10);
  for (const { name: table } of tables as { name: string }[]) {
    const { rows } = await t.app.db.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  const files = (fs.readdirSync(t.config.dataDir, { recursive: true }) as string[])
    .filter((f) => !f.startsWith('pglite') && fs.statSync(path.join(t.config.dataDir, f)).isFile())
    .sort();
  return { counts, files };
}

interface GqlCase {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  /** Signed in as alice unless false. */
  auth?: boolean;
  code: string;
  field?: string;
}

const input = (over: Record<string, unknown>) => () => ({ input: { date: '2026-11-20', eventIds: [aliceDay.eventIds[1]], resolution: 'P480', ...over } });
const withMusic = (over: Record<string, unknown>) => input({ musicId, ...over });

const EVENTS = `query($d: Date!) { eventsByDate(date: $d) { id } }`;
const DIARY = `query($d: Date!) { diary(date: $d) { content } }`;
const RECOMMEND = `query($d: Date!, $q: String) { recommendEvents(date: $d, query: $q) { score } }`;
const VLOGS = `query($first: Int, $after: String, $status: VlogStatus, $date: Date) { vlogs(first: $first, after: $after, status: $status, date: $date) { totalCount } }`;
const VLOG = `query($id: ID!) { vlog(id: $id) { id } }`;
const VLOG_BY_DATE = `query($d: Date!) { vlogByDate(date: $d) { id } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const UPDATE_ME = `mutation($i: UpdateMeInput!) { updateMe(input: $i) { id } }`;
const CANCEL = `mutation($id: ID!) { cancelVlog(id: $id) { id } }`;
const RETRY = `mutation($id: ID!) { retryVlog(id: $id) { id } }`;
const DELETE = `mutation($id: ID!) { deleteVlog(id: $id) }`;

const gqlCases: GqlCase[] = [
  // Queries
  { name: 'eventsByDate: month 13', query: EVENTS, variables: () => ({ d: '2026-13-01' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'eventsByDate: 9999-12-31', query: EVENTS, variables: () => ({ d: '9999-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'eventsByDate: year 0', query: EVENTS, variables: () => ({ d: '0000-01-01' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'eventsByDate: February 30', query: EVENTS, variables: () => ({ d: '2026-02-30' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'eventsByDate: NUL', query: EVENTS, variables: () => ({ d: '2026-11-20\u0000' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'eventsByDate: a 1000-character date', query: EVENTS, variables: () => ({ d: '2'.repeat(1000) }), code: 'BAD_USER_INPUT' },
  { name: 'eventsByDate: a number', query: EVENTS, variables: () => ({ d: 20261120 }), code: 'BAD_USER_INPUT' },
  { name: 'eventsByDate: signed out', query: EVENTS, variables: () => ({ d: '2026-11-20' }), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'diary: 9999-12-31', query: DIARY, variables: () => ({ d: '9999-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'diary: trailing space', query: DIARY, variables: () => ({ d: '2026-11-20 ' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'diary: signed out', query: DIARY, variables: () => ({ d: '2026-11-20' }), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'recommendEvents: bad date', query: RECOMMEND, variables: () => ({ d: '1899-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'recommendEvents: NUL in query', query: RECOMMEND, variables: () => ({ d: '2026-11-20', q: NUL }), code: 'BAD_USER_INPUT', field: 'query' },
  { name: 'recommendEvents: signed out', query: RECOMMEND, variables: () => ({ d: '2026-11-20' }), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'vlogs: first 0', query: VLOGS, variables: () => ({ first: 0 }), code: 'BAD_USER_INPUT', field: 'first' },
  { name: 'vlogs: first 101', query: VLOGS, variables: () => ({ first: 101 }), code: 'BAD_USER_INPUT', field: 'first' },
  { name: 'vlogs: first above Int', query: VLOGS, variables: () => ({ first: 2 ** 40 }), code: 'BAD_USER_INPUT' },
  { name: 'vlogs: a foreign cursor', query: VLOGS, variables: () => ({ after: Buffer.from(bobVlog).toString('base64url') }), code: 'BAD_USER_INPUT', field: 'after' },
  { name: 'vlogs: garbage cursor', query: VLOGS, variables: () => ({ after: '!!!' }), code: 'BAD_USER_INPUT', field: 'after' },
  { name: 'vlogs: NUL cursor', query: VLOGS, variables: () => ({ after: NUL }), code: 'BAD_USER_INPUT', field: 'after' },
  { name: 'vlogs: date 9999-12-31', query: VLOGS, variables: () => ({ date: '9999-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'vlogs: unknown status', query: VLOGS, variables: () => ({ status: 'DONE' }), code: 'BAD_USER_INPUT' },
  { name: 'vlogs: signed out', query: VLOGS, auth: false, code: 'UNAUTHENTICATED' },
  { name: 'vlog: NUL id', query: VLOG, variables: () => ({ id: NUL }), code: 'BAD_USER_INPUT', field: 'id' },
  { name: 'vlog: signed out', query: VLOG, variables: () => ({ id: aliceVlog }), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'vlogByDate: month 0', query: VLOG_BY_DATE, variables: () => ({ d: '2026-00-10' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'vlogByDate: 9999-12-31', query: VLOG_BY_DATE, variables: () => ({ d: '9999-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'days: signed out', query: '{ days { date } }', auth: false, code: 'UNAUTHENTICATED' },
  { name: 'music: signed out', query: '{ music { id } }', auth: false, code: 'UNAUTHENTICATED' },
  { name: 'limits: signed out', query: '{ limits { maxEvents } }', auth: false, code: 'UNAUTHENTICATED' },
  { name: 'unknown field', query: '{ secrets }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'syntax error', query: '{ days { date }', code: 'GRAPHQL_PARSE_FAILED' },
  // Mutations
  { name: 'login: NUL in username', query: LOGIN, variables: () => ({ u: `alice${NUL}`, p: 'x' }), auth: false, code: 'BAD_USER_INPUT', field: 'username' },
  { name: 'login: NUL in password', query: LOGIN, variables: () => ({ u: 'alice', p: NUL }), auth: false, code: 'BAD_USER_INPUT', field: 'password' },
  { name: 'login: 65-character username', query: LOGIN, variables: () => ({ u: 'u'.repeat(65), p: 'x' }), auth: false, code: 'BAD_USER_INPUT', field: 'username' },
  { name: 'login: 1025-character password', query: LOGIN, variables: () => ({ u: 'alice', p: 'p'.repeat(1025) }), auth: false, code: 'BAD_USER_INPUT', field: 'password' },
  { name: 'login: missing password', query: `mutation($u: String!) { login(username: $u) { token } }`, variables: () => ({ u: 'alice' }), auth: false, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'updateMe: unknown zone', query: UPDATE_ME, variables: () => ({ i: { timezone: 'Mars/Olympus' } }), code: 'BAD_USER_INPUT', field: 'timezone' },
  { name: 'updateMe: unknown locale', query: UPDATE_ME, variables: () => ({ i: { locale: 'fr' } }), code: 'BAD_USER_INPUT', field: 'locale' },
  { name: 'updateMe: NUL zone', query: UPDATE_ME, variables: () => ({ i: { timezone: `Asia/Taipei${NUL}` } }), code: 'BAD_USER_INPUT', field: 'timezone' },
  { name: 'updateMe: NUL locale', query: UPDATE_ME, variables: () => ({ i: { locale: NUL } }), code: 'BAD_USER_INPUT', field: 'locale' },
  { name: 'updateMe: signed out', query: UPDATE_ME, variables: () => ({ i: { locale: 'en' } }), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'createVlog: 9999-12-31', query: CREATE, variables: input({ date: '9999-12-31' }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'createVlog: NUL date', query: CREATE, variables: input({ date: `2026-11-20${NUL}` }), code: 'BAD_USER_INPUT', field: 'date' },
  { name: 'createVlog: no events', query: CREATE, variables: input({ eventIds: [] }), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: malformed event id', query: CREATE, variables: input({ eventIds: ['not-a-uuid'] }), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: NUL event id', query: CREATE, variables: input({ eventIds: [NUL] }), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: "createVlog: another user's event", query: CREATE, variables: () => input({ eventIds: [bobDay.eventIds[0]] })(), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: an unknown event', query: CREATE, variables: input({ eventIds: [uuidv7()] }), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: a duplicate event', query: CREATE, variables: () => input({ eventIds: [aliceDay.eventIds[1], aliceDay.eventIds[1]] })(), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: events of another day', query: CREATE, variables: input({ date: '2026-11-21' }), code: 'BAD_USER_INPUT', field: 'eventIds' },
  { name: 'createVlog: NUL title', query: CREATE, variables: input({ title: NUL }), code: 'BAD_USER_INPUT', field: 'title' },
  { name: 'createVlog: 201-character title', query: CREATE, variables: input({ title: 't'.repeat(201) }), code: 'BAD_USER_INPUT', field: 'title' },
  { name: 'createVlog: unknown music', query: CREATE, variables: input({ musicId: uuidv7() }), code: 'BAD_USER_INPUT', field: 'musicId' },
  { name: 'createVlog: NUL music id', query: CREATE, variables: input({ musicId: NUL }), code: 'BAD_USER_INPUT', field: 'musicId' },
  { name: 'createVlog: negative music start', query: CREATE, variables: () => withMusic({ musicStart: -1 })(), code: 'BAD_USER_INPUT', field: 'musicStart' },
  { name: 'createVlog: music end before start', query: CREATE, variables: () => withMusic({ musicStart: 10, musicEnd: 5 })(), code: 'BAD_USER_INPUT', field: 'musicEnd' },
  { name: 'createVlog: music end past the track', query: CREATE, variables: () => withMusic({ musicEnd: 4000 })(), code: 'BAD_USER_INPUT', field: 'musicEnd' },
  { name: 'createVlog: volume 2', query: CREATE, variables: () => withMusic({ musicVolume: 2 })(), code: 'BAD_USER_INPUT', field: 'musicVolume' },
  { name: 'createVlog: 29 s', query: CREATE, variables: input({ maxDuration: 29 }), code: 'BAD_USER_INPUT', field: 'maxDuration' },
  { name: 'createVlog: 181 s', query: CREATE, variables: input({ maxDuration: 181 }), code: 'BAD_USER_INPUT', field: 'maxDuration' },
  { name: 'createVlog: unknown resolution', query: CREATE, variables: input({ resolution: 'P4K' }), code: 'BAD_USER_INPUT' },
  { name: 'createVlog: 129-character idempotency key', query: CREATE, variables: input({ idempotencyKey: 'k'.repeat(129) }), code: 'BAD_USER_INPUT', field: 'idempotencyKey' },
  { name: 'createVlog: NUL idempotency key', query: CREATE, variables: input({ idempotencyKey: NUL }), code: 'BAD_USER_INPUT', field: 'idempotencyKey' },
  { name: 'createVlog: signed out', query: CREATE, variables: input({}), auth: false, code: 'UNAUTHENTICATED' },
  { name: 'cancelVlog: not an id', query: CANCEL, variables: () => ({ id: 'nope' }), code: 'NOT_FOUND' },
  { name: 'cancelVlog: NUL id', query: CANCEL, variables: () => ({ id: NUL }), code: 'BAD_USER_INPUT', field: 'id' },
  { name: "cancelVlog: another user's vlog", query: CANCEL, variables: () => ({ id: bobVlog }), code: 'NOT_FOUND' },
  { name: 'retryVlog: unknown id', query: RETRY, variables: () => ({ id: uuidv7() }), code: 'NOT_FOUND' },
  { name: 'retryVlog: a queued vlog', query: RETRY, variables: () => ({ id: aliceVlog }), code: 'BAD_USER_INPUT', field: 'id' },
  { name: "retryVlog: another user's vlog", query: RETRY, variables: () => ({ id: bobVlog }), code: 'NOT_FOUND' },
  { name: 'deleteVlog: unknown id', query: DELETE, variables: () => ({ id: uuidv7() }), code: 'NOT_FOUND' },
  { name: 'deleteVlog: NUL id', query: DELETE, variables: () => ({ id: NUL }), code: 'BAD_USER_INPUT', field: 'id' },
  { name: "deleteVlog: another user's vlog", query: DELETE, variables: () => ({ id: bobVlog }), code: 'NOT_FOUND' },
  { name: 'deleteVlog: signed out', query: DELETE, variables: () => ({ id: aliceVlog }), auth: false, code: 'UNAUTHENTICATED' },
];

const PROGRESS = `subscription($id: ID!) { vlogProgress(vlogId: $id) { status } }`;
const subscriptionCases: GqlCase[] = [
  { name: 'vlogProgress: unknown id', query: PROGRESS, variables: () => ({ id: uuidv7() }), code: 'NOT_FOUND' },
  { name: 'vlogProgress: NUL id', query: PROGRESS, variables: () => ({ id: NUL }), code: 'BAD_USER_INPUT', field: 'vlogId' },
  { name: "vlogProgress: another user's vlog", query: PROGRESS, variables: () => ({ id: bobVlog }), code: 'NOT_FOUND' },
  { name: 'vlogProgress: missing variable', query: PROGRESS, variables: () => ({}), code: 'BAD_USER_INPUT' },
];

interface MediaCase {
  name: string;
  path: () => string;
  auth?: boolean;
  status: number;
}
const mediaCases: MediaCase[] = [
  { name: "another user's recording with a session", path: () => `/media/${bobRecordingKey}`, status: 404 },
  { name: 'traversal', path: () => '/media/users/..%2F..%2Fsecret', status: 404 },
  { name: 'a NUL in the key', path: () => '/media/users/1/a%00b.mp4', status: 404 },
  { name: 'a bad signature', path: () => `/media/${bobRecordingKey}?e=9999999999&s=forged`, auth: false, status: 404 },
  { name: 'an expired signature', path: () => `/media/${bobRecordingKey}?e=1&s=AAAA`, auth: false, status: 404 },
  { name: 'no session and no signature', path: () => `/media/${bobRecordingKey}`, auth: false, status: 401 },
];

async function expectNothingWritten(run: () => Promise<void>) {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

function firstError(res: GraphQLResponse) {
  return res.errors?.[0]?.extensions ?? {};
}

describe('bad input writes nothing and says what was wrong', () => {
  it('has at least 60 cases over queries, mutations, subscriptions and media', () => {
    expect(gqlCases.length + subscriptionCases.length + mediaCases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(gqlCases)('HTTP $name → $code $field', async (c) => {
    await expectNothingWritten(async () => {
      const res = await t.gql(c.query, c.variables?.(), c.auth === false ? undefined : alice);
      expect(res.data?.[Object.keys(res.data ?? {})[0] ?? ''] ?? null).toBeNull();
      expect(firstError(res)).toMatchObject({ code: c.code, ...(c.field ? { field: c.field } : {}) });
      expect(res.errors?.[0]?.message ?? '').not.toMatch(/\/tmp|\/work|prisma|postgres|at \w+ \(/i);
    });
  });

  it.each(subscriptionCases)('WebSocket $name → $code $field', async (c) => {
    await expectNothingWritten(async () => {
      const client = t.ws(alice);
      const errors = await new Promise<GraphQLResponse['errors']>((resolve) => {
        client.subscribe(
          { query: c.query, variables: c.variables?.() },
          {
            next: (msg) => resolve((msg as GraphQLResponse).errors),
            error: (err) => resolve(Array.isArray(err) ? err : [{ message: String(err) }]),
            complete: () => resolve([]),
          },
        );
      });
      expect(errors?.[0]?.extensions).toMatchObject({ code: c.code, ...(c.field ? { field: c.field } : {}) });
    });
  });

  it.each(mediaCases)('media $name → $status', async (c) => {
    await expectNothingWritten(async () => {
      const res = await fetch(`${t.url}${c.path()}`, { headers: c.auth === false ? {} : { authorization: `Bearer ${alice}` } });
      expect(res.status).toBe(c.status);
      expect(await res.text()).not.toMatch(/\/tmp|\/work|Error/);
    });
  });
});

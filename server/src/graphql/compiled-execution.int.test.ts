// Compiled queries (graphql-jit, compiled-execution.ts) answer exactly what graphql-js answers.
// Every query goes over real HTTP to a server with the compiled path, and the same document is
// executed in-process by graphql-js with a context of the same caller: data must be equal, and
// errors (which the compiled path leaves to graphql-js and Apollo) must carry the same messages,
// paths and codes. Another user's ids behave like ids that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationDefinitionNode } from 'graphql';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';
import { dayreelSchema } from '../app.js';
import { CompiledQueries } from './compiled-execution.js';
import { operationContext } from './context.js';
import { formatError } from './errors.js';
import { graphqlRuntime } from './runtime.js';

const { execute, parse, validate } = graphqlRuntime;

let t: TestServer;
let alice: string;
let bob: string;
let day: SeededDay;
let aliceVlog: string;
let bobVlog: string;
const compiled = new CompiledQueries();
const schema = dayreelSchema();

beforeAll(async () => {
  // No kept day answers (the test server's default): every request is executed (day-answers.int.test.ts covers them).
  t = await startTestServer({ runner: false }, { compiledQueries: compiled });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice', { timezone: 'Asia/Taipei' });
  const b = await createUser(deps.prisma, 'bob', { timezone: 'Europe/Berlin' });
  day = await seedDay(deps, a.id, { date: '2026-11-20', diary: '早上帶狗狗去公園，下午跟朋友喝咖啡。' });
  const bobDay = await seedDay(deps, b.id, { date: '2026-11-20', timezone: 'Europe/Berlin', recordings: 1 });
  const musicId = (await seedMusic(deps)).id;
  const vlogOf = async (userId: number, d: SeededDay) => {
    const job = await deps.prisma.renderJob.create({ data: { type: 'vlog_generation', params: { progress: 40 }, status: 'succeeded' } });
    const vlog = await deps.prisma.vlog.create({
      data: { userId, title: 'v', targetDate: new Date('2026-11-20'), status: 'completed', storageKey: `vlogs/${userId}.mp4`, settings: { job_id: job.id, music: { id: musicId, start: 0, end: 10, fade: true, volume: 1 } } },
    });
    await deps.prisma.vlogSegment.createMany({
      data: d.eventIds.slice(0, 3).map((eventId, i) => ({ vlogId: vlog.id, eventId, recordingId: d.recordingIds[0]!, sequenceOrder: i, startOffset: 0, endOffset: 1 })),
    });
    return vlog.id;
  };
  aliceVlog = await vlogOf(a.id, day);
  bobVlog = await vlogOf(b.id, bobDay);
  alice = await t.login('alice');
  bob = await t.login('bob');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

type Answer = { data?: unknown; errors?: { message: string; path?: readonly (string | number)[]; extensions?: { code?: unknown; field?: unknown } }[] };

/** graphql-js's answer to the same document for the same caller, errors shaped as the API shapes them. */
async function reference(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<Answer> {
  const { services } = t.app;
  const contextValue = operationContext({ user: await services.auth.userForToken(token), token, services, origin: t.url });
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const result = await execute({ schema, document, variableValues: variables, contextValue });
  return { data: result.data, ...(result.errors ? { errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : {}) };
}

/** The comparable part of an answer: data, and each error's message, path, code and field. */
function comparable(answer: Answer) {
  return {
    data: answer.data ?? null,
    errors: answer.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code, field: e.extensions?.field })),
  };
}

async function sameAnswer(query: string, variables: Record<string, unknown>, token: string | undefined) {
  const [http, ref] = await Promise.all([t.gql(query, variables, token) as Promise<Answer>, reference(query, variables, token)]);
  expect(comparable(http)).toEqual(comparable(ref));
  return http;
}

const EVENTS = `query Events($date: Date!) {
  eventsByDate(date: $date) { id startTime duration action scene summary thumbnailUrl recording { id url thumbnailUrl startTime width hasAudio } }
}`;

const VLOG_FIELDS = `fragment V on Vlog {
  id title date status progress statusMessage duration size url thumbnailUrl captionsUrl error errorCode automatic createdAt updatedAt
  settings { maxDuration resolution aspect transition fit titleCard captions beatSync music { music { id name url peaks } start end fade volume } }
  segments { sequenceOrder event { id summary recording { id } } recording { id url } startOffset endOffset outputStart }
  job { id type status attempts progress error }
  shareLinks { id }
}`;

describe('compiled queries answer like graphql-js', () => {
  it("answers a day's events, with the same data, and compiles the document once", async () => {
    const before = { compilations: compiled.compilations, answered: compiled.answered };
    const first = await sameAnswer(EVENTS, { date: day.date }, alice);
    expect((first.data as { eventsByDate: unknown[] }).eventsByDate).toHaveLength(day.eventIds.length);
    await sameAnswer(EVENTS, { date: day.date }, alice);
    expect(compiled.compilations - before.compilations).toBe(1);
    expect(compiled.answered - before.answered).toBe(2);
  });

  it('answers the other reads, fragments, aliases, directives and defaults alike', async () => {
    const answered = compiled.answered;
    const queries: [string, Record<string, unknown>][] = [
      ['{ me { id username timezone locale autoVlog { enabled time maxDuration resolution nextRunAt music { id } } } }', {}],
      ['{ days { date eventCount vlogStatus } }', {}],
      ['query($d: Date!) { diary(date: $d) { date content } none: diary(date: "2001-01-01") { date } }', { d: day.date }],
      ['{ music { id name composer duration url peaks } }', {}],
      ['query($d: Date!) { recommendEvents(date: $d, limit: 5) { score reasons basis event { id summary } } }', { d: day.date }],
      [`query($first: Int) { vlogs(first: $first) { nodes { ...V } pageInfo { hasNextPage endCursor } totalCount } } ${VLOG_FIELDS}`, { first: 5 }],
      [`query($id: ID!, $d: Date!) { vlog(id: $id) { ...V } byDate: vlogByDate(date: $d) { __typename id } } ${VLOG_FIELDS}`, { id: aliceVlog, d: day.date }],
      ['query($skip: Boolean!) { limits { __typename } me { id username @skip(if: $skip) ... on User @include(if: $skip) { locale } } }', { skip: true }],
      ['query($d: Date!) { autoVlogRun(date: $d) { date status } }', { d: day.date }],
    ];
    for (const [query, variables] of queries) await sameAnswer(query, variables, alice);
    expect(compiled.answered - answered).toBe(queries.length);
  });

  it("treats another user's ids like missing ones, and answers nothing of theirs", async () => {
    const query = `query($id: ID!) { vlog(id: $id) { id title } }`;
    const theirs = await sameAnswer(query, { id: bobVlog }, alice);
    const missing = await sameAnswer(query, { id: uuidv7() }, alice);
    expect(theirs.data).toEqual({ vlog: null });
    expect(theirs).toEqual(missing);
    const bobsDay = await sameAnswer(EVENTS, { date: day.date }, bob);
    const ids = (bobsDay.data as { eventsByDate: { id: string }[] }).eventsByDate.map((e) => e.id);
    expect(ids.some((id) => day.eventIds.includes(id))).toBe(false);
  });

  it('leaves answers with errors to graphql-js, with the same messages, paths and codes', async () => {
    const answered = compiled.answered;
    const anonymous = await sameAnswer(EVENTS, { date: day.date }, undefined);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const badDate = await sameAnswer(EVENTS, { date: '2026-02-30' }, alice);
    expect(badDate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    const partial = await sameAnswer('query($d: Date!) { me { username } diary(date: $d) { date } days { date } }', { d: 'x\u0000' }, alice);
    expect(partial.data).toMatchObject({ me: { username: 'alice' }, diary: null });
    expect(partial.errors?.[0]?.path).toEqual(['diary']);
    expect(compiled.answered).toBe(answered);
  });

  it('refuses bad variables and documents over the limits before anything runs, as before', async () => {
    const answered = compiled.answered;
    const wrongType = await t.gql(EVENTS, { date: 42 }, alice);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.data).toBeUndefined();
    const flood = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await t.gql(flood, {}, alice)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const introspection = await t.gql('{ __schema { queryType { name } } }', {}, undefined);
    expect(introspection.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await t.gql('{ __schema { queryType { name } } }', {}, alice);
    expect(signedIn.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(compiled.answered).toBe(answered);
  });
});

describe('the compiled-document cache', () => {
  it('keeps at most its size, dropping the least recently used', () => {
    const cache = new CompiledQueries(2);
    const get = (key: string, query: string) => {
      const document = parse(query);
      return cache.get(schema, key, document, document.definitions[0] as OperationDefinitionNode);
    };
    get('a', '{ me { id } }');
    get('b', '{ days { date } }');
    get('a', '{ me { id } }');
    get('c', '{ music { id } }');
    expect(cache.size).toBe(2);
    expect(cache.compilations).toBe(3);
    get('a', '{ me { id } }');
    expect(cache.compilations).toBe(3);
    get('b', '{ days { date } }');
    expect(cache.compilations).toBe(4);
  });
});

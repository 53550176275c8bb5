// The read side of the API through real HTTP and WebSocket requests on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, type SeededDay } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';

let t: TestServer;
let alice: string;
let bob: string;
let day: SeededDay;
let bobDay: SeededDay;

const EVENTS = `query($date: Date!) { eventsByDate(date: $date) { id startTime duration action scene summary thumbnailUrl recording { id url } } }`;

beforeAll(async () => {
  t = await startTestServer();
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice', { timezone: 'Asia/Taipei', locale: 'zh-TW' });
  const b = await createUser(deps.prisma, 'bob', { timezone: 'Europe/Berlin' });
  day = await seedDay(deps, a.id, { date: '2026-11-20', diary: '早上帶狗狗去公園，下午跟朋友喝咖啡。' });
  bobDay = await seedDay(deps, b.id, { date: '2026-11-20', timezone: 'Europe/Berlin', recordings: 1 });
  await seedMusic(deps);
  alice = await t.login('alice');
  bob = await t.login('bob');
});

afterAll(async () => {
  await t?.stop();
});

describe('accounts', () => {
  it('logs in with a cookie and a token, and scopes me to the caller', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "alice", password: "secret123") { token expiresAt user { username timezone locale } } }' }),
    });
    const body = await res.json();
    expect(body.data.login.user).toEqual({ username: 'alice', timezone: 'Asia/Taipei', locale: 'zh-TW' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/dayreel_session=[\w-]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viaCookie = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    expect((await viaCookie.json()).data.me.username).toBe('alice');
    expect((await t.gql('{ me { username } }', {}, bob)).data.me.username).toBe('bob');
  });

  it('rejects a wrong password without saying which part was wrong', async () => {
    const res = await t.gql('mutation { login(username: "alice", password: "nope") { token } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gql('mutation { login(username: "nobody", password: "nope") { token } }');
    expect(unknown.errors?.[0]?.message).toBe(res.errors?.[0]?.message);
  });

  it('answers UNAUTHENTICATED without a token and null for me', async () => {
    expect((await t.gql('{ me { id } }')).data.me).toBeNull();
    const res = await t.gql('{ days { date } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
    const bad = await t.gql('{ days { date } }', {}, 'not-a-token');
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('updates the time zone and locale, validating the zone', async () => {
    const token = await t.login('bob');
    const ok = await t.gql('mutation { updateMe(input: { timezone: "America/New_York", locale: "en" }) { timezone locale } }', {}, token);
    expect(ok.data.updateMe).toEqual({ timezone: 'America/New_York', locale: 'en' });
    const bad = await t.gql('mutation { updateMe(input: { timezone: "Mars/Olympus" }) { timezone } }', {}, token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timezone' });
    expect(bad.errors?.[0]?.message).toMatch(/timezone/);
    await t.gql('mutation { updateMe(input: { timezone: "Europe/Berlin" }) { timezone } }', {}, token);
  });

  it('logs out: the token stops working', async () => {
    const token = await t.login('alice');
    expect((await t.gql('mutation { logout }', {}, token)).data.logout).toBe(true);
    expect((await t.gql('{ me { id } }', {}, token)).data.me).toBeNull();
  });
});

describe('days and events', () => {
  it('lists the days that have events with their counts', async () => {
    const res = await t.gql('{ days { date eventCount vlogStatus } }', {}, alice);
    expect(res.data.days).toEqual([{ date: '2026-11-20', eventCount: 12, vlogStatus: null }]);
  });

  it('returns a day of events in order, with signed media URLs', async () => {
    const res = await t.gql(EVENTS, { date: '2026-11-20' }, alice);
    const events = res.data.eventsByDate;
    expect(events.map((e: { id: string }) => e.id)).toEqual(day.eventIds);
    const times = events.map((e: { startTime: string }) => Date.parse(e.startTime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(events[0].summary).toBe('在廚房煎蛋做早餐');
    expect(events[0].recording.url).toMatch(/\/media\/users\/\d+\/recordings\/.+\.mp4\?e=\d+&s=/);
  });

  it('cuts days at local midnight of the caller’s zone', async () => {
    const prisma = t.app.db.prisma;
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'alice' } });
    const recording = await prisma.recording.findFirstOrThrow({ where: { userId: user.id } });
    // 23:59:59 and 00:00:00 Taipei time on 2026-11-21 → the first is the 21st? No: 23:59:59 of the 20th.
    const late = await prisma.event.create({ data: { userId: user.id, recordingId: recording.id, startTime: new Date('2026-11-20T15:59:59+00:00'), duration: 1, summary: 'late' } });
    const next = await prisma.event.create({ data: { userId: user.id, recordingId: recording.id, startTime: new Date('2026-11-20T16:00:00+00:00'), duration: 1, summary: 'next day' } });
    try {
      const d20 = (await t.gql(EVENTS, { date: '2026-11-20' }, alice)).data.eventsByDate.map((e: { id: string }) => e.id);
      const d21 = (await t.gql(EVENTS, { date: '2026-11-21' }, alice)).data.eventsByDate.map((e: { id: string }) => e.id);
      expect(d20).toContain(late.id);
      expect(d20).not.toContain(next.id);
      expect(d21).toEqual([next.id]);
      const days = (await t.gql('{ days { date eventCount } }', {}, alice)).data.days;
      expect(days).toEqual([
        { date: '2026-11-21', eventCount: 1 },
        { date: '2026-11-20', eventCount: 13 },
      ]);
    } finally {
      await prisma.event.deleteMany({ where: { id: { in: [late.id, next.id] } } });
    }
  });

  it('handles a 25-hour DST day in Berlin', async () => {
    const prisma = t.app.db.prisma;
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'bob' } });
    const recording = await prisma.recording.findFirstOrThrow({ where: { userId: user.id } });
    // 2026-10-25: clocks go back at 03:00 CEST; the day runs 22:00Z (24th) to 23:00Z (25th).
    const early = await prisma.event.create({ data: { userId: user.id, recordingId: recording.id, startTime: new Date('2026-10-24T22:00:00Z'), duration: 1 } });
    const late = await prisma.event.create({ data: { userId: user.id, recordingId: recording.id, startTime: new Date('2026-10-25T22:30:00Z'), duration: 1 } });
    const after = await prisma.event.create({ data: { userId: user.id, recordingId: recording.id, startTime: new Date('2026-10-25T23:00:00Z'), duration: 1 } });
    try {
      const ids = (await t.gql(EVENTS, { date: '2026-10-25' }, bob)).data.eventsByDate.map((e: { id: string }) => e.id);
      expect(ids).toEqual([early.id, late.id]);
      const days = (await t.gql('{ days { date eventCount } }', {}, bob)).data.days;
      expect(days).toContainEqual({ date: '2026-10-25', eventCount: 2 });
      expect(days).toContainEqual({ date: '2026-10-26', eventCount: 1 });
    } finally {
      await prisma.event.deleteMany({ where: { id: { in: [early.id, late.id, after.id] } } });
    }
  });

  it('rejects invalid dates with BAD_USER_INPUT', async () => {
    for (const date of ['2026-02-30', '2026-13-01', 'yesterday', '2026-1-1']) {
      const res = await t.gql(EVENTS, { date }, alice);
      expect(res.errors?.[0]?.extensions?.code, date).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/date/i);
    }
  });

  it('returns the diary and the music library', async () => {
    expect((await t.gql('{ diary(date: "2026-11-20") { content } }', {}, alice)).data.diary.content).toMatch(/公園/);
    expect((await t.gql('{ diary(date: "2026-11-20") { content } }', {}, bob)).data.diary).toBeNull();
    const music = (await t.gql('{ music { id name composer duration url peaks } }', {}, alice)).data.music;
    expect(music).toHaveLength(1);
    expect(music[0].duration).toBeGreaterThan(39);
    expect(music[0].peaks.length).toBeGreaterThan(0);
    expect(music[0].url).toMatch(/\/media\/music\//);
  });
});

describe('recommendEvents', () => {
  it('ranks events against the diary, in Chinese, with reasons', async () => {
    const res = await t.gql('query($d: Date!) { recommendEvents(date: $d, limit: 3) { score reasons event { id summary } } }', { d: '2026-11-20' }, alice);
    const recs = res.data.recommendEvents;
    expect(recs).toHaveLength(3);
    const summaries = recs.map((r: { event: { summary: string } }) => r.event.summary);
    expect(summaries).toContain('帶狗去公園散步');
    expect(summaries).toContain('和朋友在咖啡店聊天');
    const scores = recs.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const dog = recs.find((r: { event: { summary: string } }) => r.event.summary === '帶狗去公園散步');
    expect(dog.reasons.join(' ')).toMatch(/公園|狗/);
  });

  it('uses an explicit query, in English too, and clamps the limit to the day', async () => {
    const prisma = t.app.db.prisma;
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'bob' } });
    await prisma.event.updateMany({ where: { id: bobDay.eventIds[1]! }, data: { summary: 'Walking the dog along the river', action: 'walking', scene: 'river' } });
    const res = await t.gql('query($d: Date!) { recommendEvents(date: $d, limit: 50, query: "dog walk by the river") { reasons event { id } } }', { d: '2026-11-20' }, bob);
    expect(res.data.recommendEvents).toHaveLength(3);
    expect(res.data.recommendEvents[0].event.id).toBe(bobDay.eventIds[1]);
    expect(res.data.recommendEvents[0].reasons.join(' ')).toMatch(/dog|river|walk/);
    void user;
  });

  it('gives an empty list for a day without events', async () => {
    expect((await t.gql('{ recommendEvents(date: "2020-01-01") { score } }', {}, alice)).data.recommendEvents).toEqual([]);
  });
});

describe('isolation', () => {
  it("never shows another user's events, vlogs or files", async () => {
    const ids = (await t.gql(EVENTS, { date: '2026-11-20' }, bob)).data.eventsByDate.map((e: { id: string }) => e.id);
    expect(ids.some((id: string) => day.eventIds.includes(id))).toBe(false);
    const missing = await t.gql('query($id: ID!) { vlog(id: $id) { id } }', { id: uuidv7() }, bob);
    expect(missing.data.vlog).toBeNull();
    // Alice's recording, fetched with Bob's session and no signature: like a missing file.
    const url = new URL((await t.gql(EVENTS, { date: '2026-11-20' }, alice)).data.eventsByDate[0].recording.url);
    const asBob = await fetch(`${t.url}${url.pathname}`, { headers: { authorization: `Bearer ${bob}` } });
    const nothing = await fetch(`${t.url}${url.pathname.replace(/[^/]+$/, 'nothing.mp4')}`, { headers: { authorization: `Bearer ${bob}` } });
    expect(asBob.status).toBe(404);
    expect(nothing.status).toBe(404);
    const asAlice = await fetch(`${t.url}${url.pathname}`, { headers: { authorization: `Bearer ${alice}` } });
    expect(asAlice.status).toBe(200);
  });
});

describe('media over HTTP', () => {
  it('serves byte ranges with the right type, and refuses bad signatures and traversal', async () => {
    const url = (await t.gql(EVENTS, { date: '2026-11-20' }, alice)).data.eventsByDate[0].recording.url as string;
    const full = await fetch(url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await full.arrayBuffer());
    const size = bytes.length;

    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(size - 10))).toBe(true);

    const open = await fetch(url, { headers: { range: `bytes=${size - 5}-` } });
    expect((await open.arrayBuffer()).byteLength).toBe(5);

    const beyond = await fetch(url, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(size));

    const tampered = url.replace(/s=[^&]+/, 's=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await fetch(tampered)).status).toBe(404);
    const expired = url.replace(/e=\d+/, 'e=1000');
    expect((await fetch(expired)).status).toBe(404);
    expect((await fetch(new URL(url).pathname.replace(/^/, t.url))).status).toBe(401);

    for (const evil of ['/media/users/1/../../secret', '/media/%2e%2e/secret', '/media/users/1/%2e%2e%2f%2e%2e%2fsecret']) {
      const res = await fetch(`${t.url}${evil}`, { headers: { authorization: `Bearer ${alice}` } });
      expect([400, 404], evil).toContain(res.status);
    }
  });
});

describe('vlog lookups', () => {
  it('pages vlogs, filters by status, and returns null for unknown days', async () => {
    const res = await t.gql('{ vlogs(first: 5) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }', {}, alice);
    expect(res.data.vlogs).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect((await t.gql('{ vlogByDate(date: "2026-11-20") { id } }', {}, alice)).data.vlogByDate).toBeNull();
    const bad = await t.gql('{ vlogs(first: 1000) { totalCount } }', {}, alice);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('server', () => {
  it('answers /healthz and serves GraphiQL-or-JSON on /graphql by Accept', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const json = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{__typename}')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect((await json.json()).data.__typename).toBe('Query');
  });

  it('passes the GraphQL-over-HTTP audits without errors', async () => {
    // Signed in: two audits ask for __type, and the schema is for signed-in callers.
    const signedIn: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${alice}` } });
    const audits = serverAudits({ url: `${t.url}/graphql`, fetchFn: signedIn });
    const results = await Promise.all(audits.map((a) => a.fn()));
    const errors = results.filter((r) => r.status === 'error');
    expect(errors.map((e) => `${e.name}: ${e.status === "error" ? e.reason : ""}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(40);
  });

  it('authenticates WebSockets by connectionParams and refuses a socket without a session', async () => {
    const anon = t.ws();
    const closed = new Promise<number>((resolve) => anon.on('closed', (event) => resolve((event as { code: number }).code)));
    const res = collect(anon, 'subscription($id: ID!) { vlogProgress(vlogId: $id) { percent } }', { id: uuidv7() });
    await expect(res.done).rejects.toThrow();
    expect(await closed).toBe(4403);
    expect(res.messages).toEqual([]);
    const signedIn = collect(t.ws(alice), '{ me { username } }', {});
    expect((await signedIn.done)[0]?.data).toEqual({ me: { username: 'alice' } });
  });
});

// The typed client other apps import, and its runnable example, against a real server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing/server.js';
import { createUser, seedDay, PASSWORD } from '../server/src/testing/fixtures.js';
import { createDayreelClient, DayreelError, EventsByDateDocument, LoginDocument, CreateVlogDocument } from './index.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const user = await createUser(t.app.db.prisma, 'dave');
  await seedDay({ prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool }, user.id, { date: '2026-11-20', recordings: 2, diary: '去公園散步，和朋友喝咖啡' });
});
afterAll(async () => {
  await t?.stop();
});

it('logs in and reads typed results', async () => {
  const client = createDayreelClient(`${t.url}/graphql`);
  const { login } = await client.request(LoginDocument, { username: 'dave', password: PASSWORD });
  client.setToken(login.token);
  const { eventsByDate } = await client.request(EventsByDateDocument, { date: '2026-11-20' });
  expect(eventsByDate).toHaveLength(6);
  expect(eventsByDate[0]!.recording.id).toMatch(/^[0-9a-f-]{36}$/);
});

it('surfaces error codes and fields', async () => {
  const client = createDayreelClient(`${t.url}/graphql`);
  const { login } = await client.request(LoginDocument, { username: 'dave', password: PASSWORD });
  client.setToken(login.token);
  const err = await client.request(CreateVlogDocument, { input: { date: '2026-11-20', eventIds: [], maxDuration: 60 } }).catch((e) => e);
  expect(err).toBeInstanceOf(DayreelError);
  expect(err.code).toBe('BAD_USER_INPUT');
  expect(err.field).toBe('eventIds');
});

it('runs the example for other apps', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'client/example.ts'], {
    env: { ...process.env, DAYREEL_URL: t.url, DAYREEL_USER: 'dave', DAYREEL_PASSWORD: PASSWORD },
  });
  expect(stdout).toMatch(/Signed in as dave/);
  expect(stdout).toMatch(/2026-11-20: 6 events/);
  expect(stdout).toMatch(/Recommended:/);
  expect(stdout).toMatch(/公園/);
});

it('refuses a subscription without a session with a DayreelError', async () => {
  const WebSocket = (await import('ws')).default;
  const client = createDayreelClient(`${t.url}/graphql`, { token: 'not-a-session', webSocketImpl: WebSocket });
  const err = await (async () => {
    for await (const _ of client.followVlog('00000000-0000-7000-8000-000000000000')) return 'got an update';
  })().catch((e) => e);
  await client.close();
  expect(err).toBeInstanceOf(DayreelError);
  expect(err.code).toBe('UNAUTHENTICATED');
});

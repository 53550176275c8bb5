// The client as another app gets it: `npm pack` builds the package (prepack → tsc), a scratch
// app outside the repository installs the tarball with graphql, graphql-ws and ws, then logs in,
// creates a vlog and follows its render to COMPLETED through `followVlog` (graphql-ws, the token
// sent as connectionParams.Authorization "Bearer …") against a real server. The app's TypeScript
// is checked against the shipped .d.ts too.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing/server.js';
import { createUser, seedDay, PASSWORD } from '../server/src/testing/fixtures.js';

const run = promisify(execFile);
const CLIENT = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(CLIENT);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The version installed at the repository root, so the scratch app installs it from the npm cache. */
const rootVersion = (name: string) => (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const APP = `
import WebSocket from 'ws';
import { createDayreelClient, LoginDocument, EventsByDateDocument, CreateVlogDocument } from '@dayreel/client';

const client = createDayreelClient(process.env.DAYREEL_URL + '/graphql', { webSocketImpl: WebSocket });
const { login } = await client.request(LoginDocument, { username: process.env.DAYREEL_USER, password: process.env.DAYREEL_PASSWORD });
client.setToken(login.token);
const { eventsByDate } = await client.request(EventsByDateDocument, { date: '2026-11-20' });
const input = { date: '2026-11-20', eventIds: eventsByDate.slice(0, 3).map((e) => e.id), resolution: 'P480', maxDuration: 30, titleCard: false };
const { createVlog } = await client.request(CreateVlogDocument, { input });
for await (const progress of client.followVlog(createVlog.id)) console.log(JSON.stringify(progress));
await client.close();
`;

const TYPED_APP = `
import { createDayreelClient, LoginDocument, DayreelError, type VlogProgress } from '@dayreel/client';

const client = createDayreelClient('http://127.0.0.1:4000/graphql');
const { login } = await client.request(LoginDocument, { username: 'demo', password: 'demo1234' });
const token: string = login.token;
// @ts-expect-error password is required
await client.request(LoginDocument, { username: 'demo' });
const last: VlogProgress | undefined = await client.followVlog('id', (p) => {
  const percent: number = p.percent;
  // @ts-expect-error status is an enum, not any string
  const wrong: 'NOPE' = p.status;
  void percent, wrong;
});
void token, last, DayreelError;
`;

let t: TestServer;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-client-app-'));

beforeAll(async () => {
  t = await startTestServer({ minEvents: 3 });
  const user = await createUser(t.app.db.prisma, 'erin');
  await seedDay({ prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool }, user.id, { date: '2026-11-20', recordings: 2 });
});
afterAll(async () => {
  await t?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

it('installs from the packed tarball outside the repository and follows a render to COMPLETED', async () => {
  expect(path.relative(REPO, scratch).startsWith('..')).toBe(true);

  const packed = await run(NPM, ['pack', '--json', '--pack-destination', scratch], { cwd: CLIENT, timeout: 180_000 });
  const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const files = pack!.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/graphql.js', 'dist/generated/graphql.d.ts']));
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);

  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  const deps = [path.join(scratch, pack!.filename), `graphql@${rootVersion('graphql')}`, `graphql-ws@${rootVersion('graphql-ws')}`, `ws@${rootVersion('ws')}`];
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...deps], { cwd: scratch, timeout: 240_000 });
  const installed = JSON.parse(fs.readFileSync(path.join(scratch, 'node_modules/@dayreel/client/package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  expect(Object.keys(installed.peerDependencies).sort()).toEqual(['graphql', 'graphql-ws']);

  // The shipped types: the app's TypeScript compiles, and the @ts-expect-error lines prove the types are not `any`.
  fs.writeFileSync(path.join(scratch, 'typed.ts'), TYPED_APP);
  fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ['typed.ts'] }));
  const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, timeout: 120_000 });

  fs.writeFileSync(path.join(scratch, 'app.mjs'), APP);
  const { stdout } = await run(process.execPath, ['app.mjs'], {
    cwd: scratch,
    env: { ...process.env, DAYREEL_URL: t.url, DAYREEL_USER: 'erin', DAYREEL_PASSWORD: PASSWORD },
    timeout: 240_000,
  });
  const updates = stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: string; percent: number; vlogId: string });
  expect(updates.at(-1)).toMatchObject({ status: 'COMPLETED', percent: 100 });
  expect(updates.length).toBeGreaterThan(1);
  for (let i = 1; i < updates.length; i++) expect(updates[i]!.percent).toBeGreaterThanOrEqual(updates[i - 1]!.percent);
  const vlogs = await t.app.db.prisma.vlog.findMany({ where: { id: updates[0]!.vlogId } });
  expect(vlogs.map((v) => v.status)).toEqual(['completed']);
}, 600_000);

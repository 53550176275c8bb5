// Finding 3 (docs/SECURITY.md) across processes (PostgreSQL only): two API processes on one database; a
// logout through one ends the session's sockets on the other within a second, and the other's
// 5 s session cache forgets the token at once (both over the LISTEN/NOTIFY event bus).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createPostgresDatabase } from '../testing/db.js';
import { createUser, PASSWORD } from '../testing/fixtures.js';
import { postGraphQL, runOnce, wsClient } from '../testing/probes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Api {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

let database: { url: string; drop(): Promise<void> };
let db: Database;
const apis: Api[] = [];

/** An API-only Dayreel process (as `npm start` with RUNNER=off), on the shared database. */
async function startApi(name: string): Promise<Api> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-revoke-${name}-`));
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'off', RUNNER: 'off', SERVE_WEB: 'off', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Tracked before it is ready, so afterAll stops it even when it never starts.
  const api = { url: '', child, dataDir };
  apis.push(api);
  let output = '';
  api.url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Dayreel is running at (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API ${name} exited (${code}):\n${output}`)));
  });
  return api;
}

beforeAll(async () => {
  database = await createPostgresDatabase();
  db = await openDatabase({ databaseUrl: database.url, dataDir: os.tmpdir(), migrate: true, poolSize: 2 });
  await createUser(db.prisma, 'alice');
  await Promise.all([startApi('a'), startApi('b')]);
});

afterAll(async () => {
  await Promise.all(
    apis.map(
      (api) =>
        new Promise<void>((resolve) => {
          if (api.child.exitCode !== null) return resolve();
          api.child.once('exit', () => resolve());
          api.child.kill('SIGTERM');
        }),
    ),
  );
  for (const api of apis) fs.rmSync(api.dataDir, { recursive: true, force: true });
  await db?.close();
  await database?.drop();
});

it('a logout on one API process ends the session on the other within a second', async () => {
  const [a, b] = apis as [Api, Api];
  const login = await postGraphQL(a.url, `mutation { login(username: "alice", password: "${PASSWORD}") { token } }`);
  const token = login.json.data.login.token as string;
  // B knows the session: its cache holds it, and a socket is open on it.
  expect((await postGraphQL(b.url, '{ me { username } }', { authorization: `Bearer ${token}` })).json.data.me).toEqual({ username: 'alice' });
  const socket = wsClient(b.url, { connectionParams: { token }, lazy: false });
  expect(await runOnce(socket, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });

  const started = performance.now();
  expect((await postGraphQL(a.url, 'mutation { logout }', { authorization: `Bearer ${token}` })).json.data.logout).toBe(true);
  const closed = await Promise.race([socket.closed, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
  expect(closed?.code).toBe(4403);
  const ms = closed!.at - started;
  console.log(`[figure] logout on API A → socket on API B closed in ${ms.toFixed(0)} ms`);
  expect(ms).toBeLessThan(1000);
  // B's session cache (5 s) forgot the token too.
  expect((await postGraphQL(b.url, '{ me { username } }', { authorization: `Bearer ${token}` })).json.data.me).toBeNull();
  expect(performance.now() - started).toBeLessThan(2000);
});

// A server killed in the middle of a render finishes the job after a restart, exactly once,
// with no stray files — the real process, killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { LocalStorage } from '../media/storage/local.js';
import { MediaTool } from '../media/ffmpeg.js';
import { createPgliteDataDir, createPostgresDatabase, testBackend } from '../testing/db.js';
import { createUser, seedDay, PASSWORD } from '../testing/fixtures.js';

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const c of cleanups) await c();
});

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, ...env, DEMO: '0', SERVE_WEB: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Dayreel is running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

it('finishes a render interrupted by SIGKILL after restart, once, without stray files', async () => {
  const tool = await MediaTool.create();
  let dataDir: string;
  const env: Record<string, string> = {};
  if (testBackend() === 'postgres') {
    const pg = await createPostgresDatabase();
    cleanups.push(pg.drop);
    env.DATABASE_URL = pg.url;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-crash-'));
  } else dataDir = await createPgliteDataDir();
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const storage = new LocalStorage(path.join(dataDir, 'media'));
  const db = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL });
  const user = await createUser(db.prisma, 'carol');
  const day = await seedDay({ prisma: db.prisma, storage, tool }, user.id, { date: '2026-11-20' });
  await db.close();

  const port = await freePort();
  Object.assign(env, { DATA_DIR: dataDir, PORT: String(port), MIN_EVENTS: '3' });
  let server = await startServer(env);
  const url = `http://127.0.0.1:${port}/graphql`;
  const gql = async (query: string, variables: object, token?: string) =>
    (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })).json()) as any;
  const token = (await gql('mutation($p: String!) { login(username: "carol", password: $p) { token } }', { p: PASSWORD })).data.login.token;
  const created = await gql(
    'mutation($i: CreateVlogInput!) { createVlog(input: $i) { id } }',
    { i: { date: '2026-11-20', eventIds: day.eventIds, resolution: 'P480', maxDuration: 60 } },
    token,
  );
  const id = created.data.createVlog.id as string;

  // Wait until it renders, then kill the server outright.
  const watch = (onPercent: (p: { phase: string; percent: number; status: string }) => boolean) =>
    new Promise<{ phase: string; percent: number; status: string }>((resolve, reject) => {
      const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { token }, retryAttempts: 0 });
      client.subscribe<any>(
        { query: 'subscription($id: ID!) { vlogProgress(vlogId: $id) { phase percent status } }', variables: { id } },
        {
          next: (m) => {
            const p = m.data?.vlogProgress;
            if (p && onPercent(p)) {
              resolve(p);
              void client.dispose();
            }
          },
          error: (e) => reject(e),
          complete: () => {},
        },
      );
    });
  await watch((p) => p.phase === 'RENDERING' && p.percent > 5);
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));

  server = await startServer(env);
  const done = await watch((p) => p.status === 'COMPLETED' || p.status === 'FAILED');
  expect(done.status).toBe('COMPLETED');
  const vlog = (await gql('query($id: ID!) { vlog(id: $id) { duration url job { attempts status } segments { outputStart startOffset endOffset } } }', { id }, token)).data.vlog;
  expect(vlog.job).toEqual({ attempts: 2, status: 'SUCCEEDED' });
  // 48 s of footage is less than the 60 s asked for: all of it, minus the crossfades' overlap.
  const last = vlog.segments.at(-1);
  expect(Math.abs(vlog.duration - (last.outputStart + last.endOffset - last.startOffset))).toBeLessThan(0.05);
  expect(vlog.duration).toBeGreaterThan(40);
  const files = await storage.list(`users/${user.id}/vlogs`);
  // One attempt's video, poster and captions (soft captions are on by default); nothing of the killed attempt.
  expect(files.map((f) => path.extname(f)).sort()).toEqual(['.jpg', '.mp4', '.vtt']);
  expect(new Set(files.map((f) => f.slice(0, -path.extname(f).length))).size).toBe(1);
  expect(files.some((f) => f.includes('.partial'))).toBe(false);
  expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  // Graceful shutdown: drains and exits cleanly.
  server.kill('SIGTERM');
  const code = await new Promise((r) => server.once('exit', (c) => r(c)));
  expect(code).toBe(0);
}, 240_000);

// SIGTERM to `npm start` while a render runs, a subscription is open and a request is half sent:
// the request still gets its answer, the WebSocket closes with 1001, the render goes back to the
// queue without using up an attempt, and npm and everything below it exit within 10 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { createPgliteDataDir, createPostgresDatabase, testBackend } from '../testing/db.js';
import { createUser, seedDay, PASSWORD, type SeededDay } from '../testing/fixtures.js';
import { LocalStorage } from '../media/storage/local.js';
import { MediaTool } from '../media/ffmpeg.js';
import { alive, spawnNpm, type NpmProcess } from '../testing/process.js';

let dataDir: string;
let databaseUrl: string | undefined;
let drop: (() => Promise<void>) | undefined;
let day: SeededDay;
let server: NpmProcess | undefined;

beforeAll(async () => {
  if (testBackend() === 'postgres') {
    const pg = await createPostgresDatabase();
    databaseUrl = pg.url;
    drop = pg.drop;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-stop-'));
  } else dataDir = await createPgliteDataDir();
  const db = await openDatabase({ dataDir, databaseUrl });
  try {
    const user = await createUser(db.prisma, 'sam');
    day = await seedDay({ prisma: db.prisma, storage: new LocalStorage(path.join(dataDir, 'media')), tool: await MediaTool.create() }, user.id, {
      date: '2026-11-20',
      recordings: 4,
    });
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  server?.killTree();
  await drop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function gql(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: unknown };
}

/** Sends a request's headers and half its body; the rest when finish() is called. */
function halfSentRequest(url: string, token: string) {
  const body = JSON.stringify({ query: '{ me { username } }' });
  const req = http.request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 10));
  return { answer, finish: () => req.end(body.slice(10)) };
}

describe('npm start, stopped with SIGTERM', () => {
  it('finishes the in-flight request, closes sockets with 1001, hands the render back and exits within 10 s', async () => {
    server = spawnNpm(['start'], {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      PORT: '0',
      DEMO: '0',
      SERVE_WEB: '0',
      AUTO_BACKUP: 'off',
      LOG_FORMAT: 'json',
    });
    const url = String((await server.waitForLine((l) => typeof l.url === 'string')).url);
    const login = await gql(url, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: 'sam', p: PASSWORD });
    const token = login.data.login.token as string;
    const created = await gql(
      url,
      `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id } }`,
      { input: { date: '2026-11-20', eventIds: day.eventIds, resolution: 'P1080', maxDuration: 60 } },
      token,
    );
    const vlogId = created.data.createVlog.id as string;

    let closeCode: number | undefined;
    const ws = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { token },
      retryAttempts: 0,
      on: { closed: (event) => void (closeCode = (event as { code: number }).code) },
    });
    await new Promise<void>((resolve, reject) => {
      ws.subscribe(
        { query: `subscription($id: ID!) { vlogProgress(vlogId: $id) { status phase } }`, variables: { id: vlogId } },
        {
          next: (msg) => {
            const p = (msg.data as any)?.vlogProgress;
            // Rendering (past the preparation): the render has real ffmpeg work in flight.
            if (p?.status === 'PROCESSING' && p.phase !== 'PREPARING') resolve();
            if (p?.status === 'COMPLETED') reject(new Error('the render finished before the test could stop it'));
          },
          error: () => {},
          complete: () => {},
        },
      );
    });
    const inFlight = halfSentRequest(url, token);
    await new Promise((r) => setTimeout(r, 200));
    const processes = server.descendants();
    // The server's node at least (npm's script execs it), and an ffmpeg when one is running at this instant.
    expect(processes.length).toBeGreaterThanOrEqual(1);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    inFlight.finish();
    const answer = await inFlight.answer;
    const { code, at } = await server.exited;
    const seconds = (at - signalled) / 1000;
    console.log(`npm start exited ${seconds.toFixed(2)} s after SIGTERM`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { me: { username: 'sam' } } });
    expect(closeCode).toBe(1001);
    expect(seconds).toBeLessThan(10);
    // npm waits for its script, then ends itself with the signal it forwarded (its own convention).
    expect(code === 0 || (await server.exited).signal === 'SIGTERM').toBe(true);
    expect(server.lines.find((l) => l.msg === 'stopped')).toBeDefined();
    await expect.poll(() => processes.filter(alive), { timeout: 2000 }).toEqual([]);

    const db = await openDatabase({ dataDir, databaseUrl, migrate: false });
    try {
      const job = await db.prisma.renderJob.findFirstOrThrow({ where: { params: { path: ['vlog_id'], equals: vlogId } } });
      expect(job).toMatchObject({ status: 'pending', attempts: 0, lockedBy: null });
      const vlog = await db.prisma.vlog.findUniqueOrThrow({ where: { id: vlogId } });
      expect(vlog).toMatchObject({ status: 'pending', statusMessage: 'Waiting to resume' });
    } finally {
      await db.close();
    }
    await ws.dispose();
  });
});

// A render worker as a separate process (`npm run worker`) beside an API process on one
// PostgreSQL: its health port (/healthz with the heartbeat age of its jobs, /readyz, /metrics),
// the request id of a createVlog sent to the API in every log line of the worker's render, and
// SIGTERM mid-render handing the job back and exiting within 10 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, type SeededDay } from '../testing/fixtures.js';
import { alive, spawnNpm, type NpmProcess } from '../testing/process.js';
import { mediaDirOf } from '../config.js';

let t: TestServer;
let token: string;
let day: SeededDay;
let worker: NpmProcess;
let health: string;
const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-worker-'));

beforeAll(async () => {
  t = await startTestServer({ runner: false, minEvents: 2 });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const user = await createUser(deps.prisma, 'wren');
  day = await seedDay(deps, user.id, { date: '2026-11-20', recordings: 4 });
  token = await t.login('wren');
  worker = spawnNpm(['run', 'worker'], {
    DATABASE_URL: t.config.databaseUrl!,
    DATA_DIR: workerDir,
    MEDIA_DIR: mediaDirOf(t.config),
    WORKER_HEALTH_PORT: '0',
    LOG_FORMAT: 'json',
    AUTO_BACKUP: 'off',
  });
  health = String((await worker.waitForLine((l) => typeof l.healthUrl === 'string')).healthUrl);
});

afterAll(async () => {
  worker?.killTree();
  await t?.stop();
  fs.rmSync(workerDir, { recursive: true, force: true });
});

async function createVlog(requestId: string, resolution: string): Promise<string> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({
      query: `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id } }`,
      variables: { input: { date: '2026-11-20', eventIds: day.eventIds, resolution, maxDuration: 60 } },
    }),
  });
  return ((await res.json()) as { data: { createVlog: { id: string } } }).data.createVlog.id;
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
}

describe('npm run worker', () => {
  it('answers /healthz and /readyz on its health port', async () => {
    expect(await getJson(`${health}/healthz`)).toEqual({ status: 200, body: { status: 'ok', runningJobs: 0, lastHeartbeatAgeSeconds: null } });
    expect(await getJson(`${health}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', ffmpeg: 'ok', storage: 'ok', queue: 'ok' } },
    });
  });

  it('renders a vlog created through the API with the request id on every line of its render', async () => {
    const id = await createVlog('req-across-1', 'P720');
    const started = await worker.waitForLine((l) => l.requestId === 'req-across-1' && l.msg.startsWith('render started'));
    expect(started).toMatchObject({ name: 'worker', vlogId: id });
    const finished = await worker.waitForLine((l) => l.requestId === 'req-across-1' && l.msg.startsWith('render finished'));
    expect(finished).toMatchObject({ name: 'worker', vlogId: id, jobId: started.jobId });
    await expect.poll(async () => (await t.app.db.prisma.vlog.findUniqueOrThrow({ where: { id } })).status, { timeout: 30_000 }).toBe('completed');
    const metrics = (await getJson(`${health}/metrics`)).body as string;
    expect(metrics).toMatch(/^dayreel_render_wall_seconds_count\{process="worker"\} 1$/m);
    expect(metrics).toMatch(/^dayreel_render_realtime_factor_count\{process="worker"\} 1$/m);
  });

  it('hands a running render back and exits within 10 s of SIGTERM', async () => {
    const id = await createVlog('req-across-2', 'P1080');
    const started = await worker.waitForLine((l) => l.requestId === 'req-across-2' && l.msg.startsWith('render started'));
    await expect.poll(async () => ((await getJson(`${health}/healthz`)).body as { runningJobs: number }).runningJobs).toBe(1);
    // While it renders, /healthz reports its lease as fresh (renewed every 2 s).
    const during = await getJson(`${health}/healthz`);
    expect(during.status).toBe(200);
    expect((during.body as { lastHeartbeatAgeSeconds: number }).lastHeartbeatAgeSeconds).toBeLessThan(5);
    const processes = worker.descendants();
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    const { at } = await worker.exited;
    const seconds = (at - signalled) / 1000;
    console.log(`npm run worker exited ${seconds.toFixed(2)} s after SIGTERM`);
    expect(seconds).toBeLessThan(10);
    expect(worker.lines.find((l) => l.msg === 'stopped')).toBeDefined();
    await expect.poll(() => processes.filter(alive), { timeout: 2000 }).toEqual([]);
    const job = await t.app.db.prisma.renderJob.findUniqueOrThrow({ where: { id: String(started.jobId) } });
    expect(job).toMatchObject({ status: 'pending', attempts: 0, lockedBy: null });
    expect((await t.app.db.prisma.vlog.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });
});

// Dayreel scaled out on one machine, as real processes: PostgreSQL (TEST_DATABASE_URL), an
// S3-speaking server (s3rver), 2 API processes that render nothing (RUNNER=off) and 2 render
// workers (server/src/worker.ts), jobs through pg-boss, progress over LISTEN/NOTIFY.
// - 8 vlogs created through API 1 and watched through API 2 all complete with correct files;
// - a worker killed (SIGKILL) mid-render has its job finished by the other worker exactly once,
//   with no duplicate or orphan files in the bucket;
// - API 2 restarted mid-render: its subscribers reconnect and get the current state first.
import { spawn, type ChildProcess } from 'node:child_process';
import { TITLE_SECONDS } from '../../server/src/render/captions.js';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database.js';
import { MediaTool } from '../../server/src/media/ffmpeg.js';
import { S3Storage } from '../../server/src/media/storage/s3.js';
import { startS3rver, type TestS3 } from '../../server/src/testing/s3rver.js';
import { createPostgresDatabase } from '../../server/src/testing/db.js';
import { createUser, seedDay, PASSWORD, RGB, type SeededDay } from '../../server/src/testing/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const enabled = !!process.env.TEST_DATABASE_URL;
if (!enabled) {
  console.warn(
    '\n[scale] SKIPPED: the multi-process suite needs a PostgreSQL server. Run it with\n' +
      '[scale]   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run --config test/scale/vitest.config.ts\n',
  );
}

const DATE = '2026-11-20';
const CREATE = `mutation($input: CreateVlogInput!) { createVlog(input: $input) { id status } }`;
const PROGRESS = `subscription($id: ID!) { vlogProgress(vlogId: $id) { status phase percent } }`;
const VLOG = `query($id: ID!) { vlog(id: $id) { id status duration size url thumbnailUrl segments { outputStart event { id } } job { id status attempts } } }`;

interface Progress {
  status: string;
  phase: string;
  percent: number;
}

interface Proc {
  name: string;
  dataDir?: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** The AWS SDK's notice that its 2027 releases need Node 22 (Dayreel runs on Node ≥ 20.19; the SDK version is pinned). */
const AWS_NOISE = /NodeVersionSupportWarning|January 2027|node >=22|upgrade to node|a\.co\/|trace-warnings|To continue receiving|security updates/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!enabled)('Dayreel on 2 API processes + 2 workers, PostgreSQL, S3', () => {
  const procs: Proc[] = [];
  const clients: Client[] = [];
  const tmpDirs: string[] = [];
  let s3: TestS3;
  let bucket: S3Storage;
  let tool: MediaTool;
  let dropDb: () => Promise<void>;
  let baseEnv: Record<string, string>;
  let day: SeededDay;
  let userId: number;
  let token: string;
  const api: { port: number; dataDir: string; proc?: Proc }[] = [];
  const workers: Proc[] = [];
  const finished = new Map<string, Progress[]>();

  function start(name: string, script: 'main' | 'worker', env: Record<string, string>): Promise<Proc> {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/src/${script}.ts`], {
      cwd: ROOT,
      env: { ...process.env, ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: Proc = { name, child, output, exited };
    procs.push(proc);
    const ready = script === 'main' ? 'Dayreel is running' : 'render worker is running';
    return new Promise((resolve, reject) => {
      const onData = (d: Buffer) => {
        const text = d.toString();
        output.push(...text.split('\n').filter(Boolean).map((l) => `${((performance.now() - t0) / 1000).toFixed(1)}s ${l}`));
        if (text.includes(ready)) resolve(proc);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output.join('\n')}`)));
    });
  }
  const t0 = performance.now();

  async function startApi(i: number): Promise<Proc> {
    const { port, dataDir } = api[i]!;
    const proc = await start(`api${i + 1}`, 'main', { PORT: String(port), DATA_DIR: dataDir, RUNNER: 'off' });
    api[i]!.proc = proc;
    return proc;
  }

  async function startWorker(i: number): Promise<Proc> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-scale-w${i}-`));
    tmpDirs.push(dataDir);
    const proc = await start(`worker${i + 1}`, 'worker', { DATA_DIR: dataDir, RUNNER: 'on' });
    proc.dataDir = dataDir;
    workers[i] = proc;
    return proc;
  }

  async function gql<T = any>(apiIndex: number, query: string, variables: object = {}): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${api[apiIndex]!.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  /**
   * Watches a vlog through API 2 with a client that reconnects (and re-subscribes) when the
   * server goes away; each message is tagged with the connection it arrived on.
   */
  function watch(id: string) {
    let connections = 0;
    const messages: (Progress & { connection: number })[] = [];
    const client = createClient({
      url: `ws://127.0.0.1:${api[1]!.port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { token },
      retryAttempts: 60,
      retryWait: async () => {
        await sleep(250);
      },
      shouldRetry: () => true,
      on: { connected: () => void connections++ },
    });
    clients.push(client);
    const done = new Promise<(Progress & { connection: number })[]>((resolve, reject) => {
      client.subscribe<{ vlogProgress: Progress }>(
        { query: PROGRESS, variables: { id } },
        {
          next: (m) => {
            if (m.errors) reject(new Error(JSON.stringify(m.errors)));
            if (m.data) messages.push({ ...m.data.vlogProgress, connection: connections });
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => resolve(messages),
        },
      );
    });
    return { messages, done, connections: () => connections };
  }

  async function create(eventIds: string[], maxDuration: number, key: string): Promise<string> {
    const data = await gql(0, CREATE, { input: { date: DATE, eventIds, resolution: 'P480', maxDuration, transition: 'CROSSFADE', idempotencyKey: key } });
    return data.createVlog.id as string;
  }

  async function download(url: string): Promise<string> {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-scale-dl-')), 'vlog.mp4');
    tmpDirs.push(path.dirname(file));
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return file;
  }

  async function frameColour(file: string, seconds: number): Promise<[number, number, number]> {
    const args = ['-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-vf', 'crop=iw/4:ih/4', '-s', '1x1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
    const { stdout } = await tool.run(args, { stdout: true });
    return [stdout[0]!, stdout[1]!, stdout[2]!];
  }

  /** The vlog as API 2 serves it, its MP4 fetched from its presigned URL and checked frame by frame. */
  async function checkFiles(id: string, attempts: number): Promise<void> {
    const { vlog } = await gql(1, VLOG, { id });
    expect(vlog).toMatchObject({ status: 'COMPLETED', job: { status: 'SUCCEEDED', attempts } });
    expect(vlog.url.startsWith(`${s3.endpoint}/`), 'media URLs are presigned S3 URLs').toBe(true);
    expect(vlog.url).toContain('X-Amz-Signature=');
    const file = await download(vlog.url);
    const info = await tool.probe(file);
    expect(info.video).toMatchObject({ width: 854, height: 480 });
    expect(info.audio).toBeDefined();
    expect(Math.abs(info.duration - vlog.duration)).toBeLessThan(0.05);
    expect(fs.statSync(file).size).toBe(vlog.size);
    const segments = vlog.segments.filter((s: { outputStart: number | null }) => s.outputStart !== null);
    for (const [i, seg] of segments.entries()) {
      const end = segments[i + 1]?.outputStart ?? vlog.duration;
      const colour = RGB[day.colours[day.eventIds.indexOf(seg.event.id)]!];
      // The first clip opens under the title card (darkened, words): sample it after the card.
      const at = i === 0 ? Math.max((seg.outputStart + end) / 2, Math.min(TITLE_SECONDS + 0.3, end - 0.1)) : (seg.outputStart + end) / 2;
      const got = await frameColour(file, at);
      expect(got.every((v, c) => Math.abs(v - colour[c]!) < 60), `segment ${i} of ${id}: ${got} vs ${colour}`).toBe(true);
    }
    const poster = await fetch(vlog.thumbnailUrl);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
  }

  beforeAll(async () => {
    tool = await MediaTool.create();
    s3 = await startS3rver('dayreel-scale');
    bucket = new S3Storage(s3.config);
    const pg = await createPostgresDatabase();
    dropDb = pg.drop;
    // Migrate and seed once, as an operator's `npm run import` would, straight into the bucket.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-scale-seed-'));
    tmpDirs.push(dataDir);
    const db = await openDatabase({ databaseUrl: pg.url, dataDir });
    const user = await createUser(db.prisma, 'scale');
    userId = user.id;
    day = await seedDay({ prisma: db.prisma, storage: bucket, tool }, user.id, { date: DATE, recordings: 4 });
    await db.close();

    baseEnv = {
      ...s3.env(),
      DATABASE_URL: pg.url,
      QUEUE: 'pgboss',
      DAYREEL_SECRET: 'scale-test-secret',
      DEMO: '0',
      SERVE_WEB: '0',
      MIN_EVENTS: '3',
      LOG_LEVEL: 'info',
      RENDER_CONCURRENCY: '1',
      JOB_STALE_SECONDS: '6',
      // One user queues all ten vlogs of this suite at once (the per-user cap is a security default, not what is measured here).
      MAX_ACTIVE_VLOGS_PER_USER: '20',
    };
    for (let i = 0; i < 2; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-scale-api${i}-`));
      tmpDirs.push(dataDir);
      api.push({ port: await freePort(), dataDir });
    }
    await Promise.all([startApi(0), startApi(1), startWorker(0), startWorker(1)]);
    const login = await fetch(`http://127.0.0.1:${api[0]!.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($p: String!) { login(username: "scale", password: $p) { token } }', variables: { p: PASSWORD } }),
    });
    token = ((await login.json()) as any).data.login.token;
  }, 180_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const p of procs) console.log(`--- ${p.name} (exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'}) ---\n${p.output.filter((l) => !AWS_NOISE.test(l)).slice(-60).join('\n')}`);
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    bucket?.close();
    await s3?.stop();
    await dropDb?.();
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('renders 8 vlogs created through API 1 and watched through API 2, with correct files', async () => {
    // Three events each (one per colour clip, rotating), so every vlog is different.
    const picks = Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((k) => day.eventIds[(i + k * 4) % 12]!));
    const ids: string[] = [];
    for (const [i, eventIds] of picks.entries()) ids.push(await create(eventIds, 30, `short-${i}`));
    const watches = ids.map((id) => watch(id));
    const results = await Promise.all(watches.map((w) => w.done));
    for (const [i, messages] of results.entries()) {
      expect(messages.at(-1), `vlog ${ids[i]}`).toMatchObject({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
      const percents = messages.map((m) => m.percent);
      expect([...percents].sort((a, b) => a - b)).toEqual(percents);
      finished.set(ids[i]!, messages);
    }
    // Live progress crossed processes (worker → LISTEN/NOTIFY → API 2), not only the stored state.
    const live = results.flat().filter((m) => m.phase === 'RENDERING' && m.percent > 0 && m.percent < 100);
    expect(live.length).toBeGreaterThan(8);
    for (const id of ids) await checkFiles(id, 1);
  }, 240_000);

  it('survives a worker killed mid-render and API 2 restarted mid-render', async () => {
    // Two longer renders, one on each worker.
    const all = day.eventIds;
    const x = await create(all, 60, 'long-x');
    const y = await create(all, 60, 'long-y');
    const wx = watch(x);
    const wy = watch(y);
    const rendering = (w: ReturnType<typeof watch>) => w.messages.some((m) => m.phase === 'RENDERING' && m.percent > 5);
    await expect.poll(() => rendering(wx) && rendering(wy), { timeout: 120_000, interval: 100 }).toBe(true);

    // Kill the worker rendering X outright.
    const jobOf = async (id: string) => (await gql(1, VLOG, { id })).vlog.job.id as string;
    const db = await openDatabase({ databaseUrl: baseEnv.DATABASE_URL, dataDir: tmpDirs[0]!, migrate: false });
    try {
      const lockedBy = async (id: string) =>
        (await db.pool.query(`SELECT locked_by FROM inference_jobs WHERE id = $1`, [await jobOf(id)])).rows[0]?.locked_by as string | null;
      const holderX = await lockedBy(x);
      const holderY = await lockedBy(y);
      expect(holderX).toBeTruthy();
      expect(holderY).toBeTruthy();
      expect(holderX).not.toBe(holderY);
      const pidX = Number(holderX!.split(':').at(-2));
      const victim = workers.find((w) => w.child.pid === pidX)!;
      expect(victim, `a worker with pid ${pidX}`).toBeDefined();
      victim.child.kill('SIGKILL');
      await victim.exited;

      // Restart API 2 (a deploy): its subscribers must reconnect and get the current state.
      const before = { y: wy.messages.at(-1)! };
      const api2 = api[1]!.proc!;
      api2.child.kill('SIGTERM');
      expect(await api2.exited).toBe(0);
      await startApi(1);

      const [mx, my] = await Promise.all([wx.done, wy.done]);
      for (const [name, w, messages] of [['x', wx, mx], ['y', wy, my]] as const) {
        expect(w.connections(), `${name} reconnected`).toBe(2);
        expect(messages.filter((m) => m.connection === 2).length, `${name} got messages after the restart`).toBeGreaterThan(0);
        expect(messages.at(-1)).toMatchObject({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
      }
      // Y kept rendering on its worker through the restart: the first thing its resubscribed
      // client sees is the state now — still rendering, and never behind what it had seen.
      const yAfter = my.filter((m) => m.connection === 2);
      expect(yAfter[0]!.status).toMatch(/^(PROCESSING|COMPLETED)$/);
      expect(yAfter[0]!.percent).toBeGreaterThanOrEqual(before.y.percent);
      // X's worker died: it is queued again or rendering its second attempt, whichever is true now.
      expect(mx.filter((m) => m.connection === 2)[0]!.status).toMatch(/^(PENDING|PROCESSING|COMPLETED)$/);
      const xJob = await db.pool.query(`SELECT status, attempts, locked_by FROM inference_jobs WHERE id = $1`, [await jobOf(x)]);
      expect(xJob.rows[0]).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: null });
    } finally {
      await db.close();
    }
    await checkFiles(x, 2);
    await checkFiles(y, 1);
    finished.set(x, []);
    finished.set(y, []);
  }, 300_000);

  it('leaves exactly one video, one poster and one captions file per vlog in the bucket, every job done once', async () => {
    const db = await openDatabase({ databaseUrl: baseEnv.DATABASE_URL, dataDir: tmpDirs[0]!, migrate: false });
    try {
      const { rows: vlogs } = await db.pool.query(`SELECT id, status, s3_key, thumbnail_key, settings->>'captions_key' AS captions_key FROM vlogs`);
      expect(vlogs).toHaveLength(10);
      expect(vlogs.every((v) => v.status === 'completed')).toBe(true);
      // Soft captions are the default: each vlog has its WebVTT beside the video.
      const expected = vlogs.flatMap((v) => [v.s3_key, v.thumbnail_key, v.captions_key]).sort();
      expect(await bucket.list(`users/${userId}/vlogs`)).toEqual(expected);
      const { rows: jobs } = await db.pool.query(`SELECT id, status, attempts FROM inference_jobs ORDER BY created_at`);
      expect(jobs.map((j) => j.status)).toEqual(Array(10).fill('succeeded'));
      expect(jobs.map((j) => j.attempts).sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
      // pg-boss agrees: every job completed, none waiting or active.
      const { rows: boss } = await db.pool.query(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'vlog_generation' GROUP BY state`);
      expect(boss).toEqual([{ state: 'completed', n: 10 }]);
    } finally {
      await db.close();
    }
    // The surviving worker hands back nothing and exits cleanly on SIGTERM.
    const survivors = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    expect(survivors).toHaveLength(1);
    for (const w of survivors) {
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      // Its temporary render files went with each job.
      expect(fs.readdirSync(path.join(w.dataDir!, 'tmp'))).toEqual([]);
    }
  }, 60_000);
});

// The pg-boss runner on a real PostgreSQL server: every job exactly once with two runners,
// cancel from another process, a worker killed mid-job (SIGKILL of a real process) whose job
// another runner finishes, graceful hand-over, and the reconciler's repair of a lost send.
// pg-boss is refused on the embedded database, so this needs TEST_DATABASE_URL.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBackend, type TestDatabase } from '../testing/db.js';
import { PgBossJobRunner, type PgBossRunnerOptions } from './pgboss.js';
import type { JobType } from './runner.js';

const onPostgres = testBackend() === 'postgres';
if (!onPostgres) console.log('pgboss: skipped here; pg-boss runs on a PostgreSQL server (runs in the postgres project, TEST_DATABASE_URL)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAST: Partial<PgBossRunnerOptions> = { pollMs: 100, heartbeatMs: 200, staleMs: 1500, reconcileMs: 500, retryDelaySeconds: 0 };

describe.skipIf(!onPostgres)('PgBossJobRunner', () => {
  let db: TestDatabase;
  const runners: PgBossJobRunner[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    for (const r of runners) await r.close().catch(() => {});
    await db?.close();
  });

  function runner(types: JobType[], opts: Partial<PgBossRunnerOptions> = {}): PgBossJobRunner {
    const r = new PgBossJobRunner(db.pool, { concurrency: 1, timeoutSeconds: 60, ...FAST, ...opts });
    for (const t of types) r.register(t);
    runners.push(r);
    return r;
  }

  async function enqueue(type: string, maxAttempts = 3): Promise<string> {
    return (await db.prisma.renderJob.create({ data: { type, params: {}, maxAttempts } })).id;
  }

  const row = (id: string) => db.prisma.renderJob.findUniqueOrThrow({ where: { id } });
  const bossState = async (r: PgBossJobRunner, type: string, id: string) => (await r.boss.getJobById(type, id))?.state;

  /** A job that runs until aborted. */
  function blocking(type: string, started: string[], aborted: string[] = []): JobType {
    return {
      type,
      run: ({ job, signal }) =>
        new Promise((_resolve, reject) => {
          started.push(job.id);
          signal.addEventListener('abort', () => {
            aborted.push(job.id);
            reject(new Error('aborted'));
          });
        }),
    };
  }

  it('runs every job exactly once with two runners, dispatched by a third that does not run jobs', async () => {
    const runs: string[] = [];
    const type: JobType = {
      type: 'count',
      async run({ job }) {
        runs.push(job.id);
        await sleep(30);
        return { ok: true };
      },
    };
    const api = runner([type]); // RUNNER=off: opened to send, never started
    await api.open();
    const a = runner([type], { concurrency: 2 });
    const b = runner([type], { concurrency: 2 });
    await Promise.all([a.start(), b.start()]);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await enqueue('count');
      ids.push(id);
      api.enqueued(id);
    }
    await expect.poll(() => db.prisma.renderJob.count({ where: { type: 'count', status: 'succeeded' } }), { timeout: 30_000 }).toBe(12);
    expect([...runs].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const j = await row(id);
      expect(j.attempts).toBe(1);
      expect(j.result).toEqual({ ok: true });
    }
    await expect.poll(() => bossState(api, 'count', ids[0]!)).toBe('completed');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('aborts a job canceled by another process and withdraws its pg-boss job', async () => {
    const started: string[] = [];
    const aborted: string[] = [];
    const api = runner([blocking('cancel-me', [])]);
    await api.open();
    const worker = runner([blocking('cancel-me', started, aborted)]);
    await worker.start();
    const id = await enqueue('cancel-me');
    api.enqueued(id);
    await expect.poll(() => started, { timeout: 10_000 }).toEqual([id]);
    // What VlogService.cancel does on an API process: mark the row, then abort through its runner.
    await db.prisma.renderJob.update({ where: { id }, data: { status: 'canceled', finishedAt: new Date(), lockedBy: null } });
    api.abort(id);
    await expect.poll(() => aborted, { timeout: 5_000 }).toEqual([id]);
    await expect.poll(() => bossState(api, 'cancel-me', id)).toBe('cancelled');
    expect((await row(id)).status).toBe('canceled');
    await worker.stop();
  });

  it('does not run a fetched job whose row was canceled before the claim', async () => {
    const started: string[] = [];
    const worker = runner([blocking('late-cancel', started)]);
    await worker.open();
    const id = await enqueue('late-cancel');
    await worker.dispatch(id);
    await db.prisma.renderJob.update({ where: { id }, data: { status: 'canceled' } });
    await worker.start();
    await expect.poll(() => bossState(worker, 'late-cancel', id), { timeout: 10_000 }).toBe('completed');
    expect(started).toEqual([]);
    await worker.stop();
  });

  it('finishes, exactly once, the job of a worker process killed mid-job', async () => {
    const id = await enqueue('crash');
    // A real worker process that claims the job and hangs in it, then dies by SIGKILL.
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const code = `
      import pg from 'pg';
      import { PgBossJobRunner } from '${root}/server/src/jobs/pgboss.ts';
      const pool = new pg.Pool({ connectionString: process.env.URL });
      const r = new PgBossJobRunner(pool, { concurrency: 1, timeoutSeconds: 60, pollMs: 100, heartbeatMs: 200, staleMs: 1500 });
      r.register({ type: 'crash', run: () => { console.log('RUNNING'); return new Promise(() => {}); } });
      await r.start();
      await r.dispatch(process.env.JOB);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: { ...process.env, URL: db.databaseUrl!, JOB: id },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('RUNNING') && resolve());
      child.once('exit', (c) => reject(new Error(`worker exited early (${c})`)));
    });
    expect((await row(id)).status).toBe('running');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const runs: string[] = [];
    const survivor = runner([{ type: 'crash', run: async ({ job }) => void runs.push(job.id) }]);
    await survivor.start();
    await expect.poll(async () => (await row(id)).status, { timeout: 20_000 }).toBe('succeeded');
    expect(runs).toEqual([id]);
    expect((await row(id)).attempts).toBe(2);
    await expect.poll(() => bossState(survivor, 'crash', id)).toBe('completed');
    await sleep(1000);
    expect(runs).toEqual([id]); // not again
    await survivor.stop();
  }, 60_000);

  it('hands a job over on graceful stop without counting the attempt', async () => {
    const started: string[] = [];
    const first = runner([blocking('handover', started)]);
    await first.start();
    const id = await enqueue('handover');
    first.enqueued(id);
    await expect.poll(() => started, { timeout: 10_000 }).toEqual([id]);
    await first.stop();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    const runs: string[] = [];
    const second = runner([{ type: 'handover', run: async ({ job }) => void runs.push(job.id) }]);
    await second.start();
    await expect.poll(async () => (await row(id)).status, { timeout: 10_000 }).toBe('succeeded');
    expect(runs).toEqual([id]);
    expect((await row(id)).attempts).toBe(1);
    await second.stop();
  });

  it('dispatches a pending row whose send was lost (the API died after its commit)', async () => {
    const runs: string[] = [];
    const id = await enqueue('lost-send');
    await db.pool.query(`UPDATE inference_jobs SET updated_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const worker = runner([{ type: 'lost-send', run: async ({ job }) => void runs.push(job.id) }]);
    await worker.start(); // never told about the job
    await expect.poll(async () => (await row(id)).status, { timeout: 10_000 }).toBe('succeeded');
    expect(runs).toEqual([id]);
    await worker.stop();
  });

  it('fails a job whose time limit passes, aborting its work', async () => {
    const aborted: string[] = [];
    const worker = runner([blocking('slow', [], aborted)], { timeoutSeconds: 1 });
    await worker.start();
    const id = await enqueue('slow');
    worker.enqueued(id);
    await expect.poll(async () => (await row(id)).status, { timeout: 10_000 }).toBe('failed');
    expect(aborted).toEqual([id]);
    expect((await row(id)).error).toMatch(/longer than 1 s/);
    await expect.poll(() => bossState(worker, 'slow', id)).toBe('completed');
    await worker.stop();
  });
});

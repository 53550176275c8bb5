// The job queue over inference_jobs on a real database: claims, time limits, recovery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { DatabaseJobQueue } from './queue.js';
import type { JobType } from './runner.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function enqueue(type: string, params: object = {}, maxAttempts = 3): Promise<string> {
  const job = await db.prisma.renderJob.create({ data: { type, params, maxAttempts } });
  return job.id;
}

function queue(opts: Partial<ConstructorParameters<typeof DatabaseJobQueue>[1]> = {}) {
  return new DatabaseJobQueue(db.pool, { concurrency: 1, timeoutSeconds: 30, exclusive: false, pollMs: 50, heartbeatMs: 100, ...opts });
}

async function status(id: string) {
  return db.prisma.renderJob.findUniqueOrThrow({ where: { id } });
}

describe('DatabaseJobQueue', () => {
  it('runs every job exactly once with two queues competing', async () => {
    const runs: string[] = [];
    const type: JobType = {
      type: 'count',
      async run({ job }) {
        runs.push(job.id);
        await sleep(20);
        return { ok: true };
      },
    };
    const ids = await Promise.all(Array.from({ length: 8 }, () => enqueue('count')));
    const a = queue({ concurrency: 2 });
    const b = queue({ concurrency: 2 });
    a.register(type);
    b.register(type);
    await Promise.all([a.start(), b.start()]);
    await expect.poll(async () => db.prisma.renderJob.count({ where: { type: 'count', status: 'succeeded' } }), { timeout: 20_000 }).toBe(8);
    await Promise.all([a.stop(), b.stop()]);
    expect([...runs].sort()).toEqual([...ids].sort());
    const job = await status(ids[0]!);
    expect(job.result).toEqual({ ok: true });
    expect(job.attempts).toBe(1);
    expect(job.finishedAt).not.toBeNull();
  });

  it('fails a job that exceeds its time limit, aborting its work', async () => {
    let aborted = false;
    const q = queue({ timeoutSeconds: 1 });
    q.register({
      type: 'slow',
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    });
    const id = await enqueue('slow');
    await q.start();
    await expect.poll(async () => (await status(id)).status, { timeout: 10_000 }).toBe('failed');
    await q.stop();
    expect(aborted).toBe(true);
    expect((await status(id)).error).toMatch(/longer than 1 s/);
  });

  it('records a handler error as the job error', async () => {
    const q = queue();
    q.register({ type: 'broken', run: async () => Promise.reject(new Error('the source file is corrupt')) });
    const id = await enqueue('broken');
    await q.start();
    await expect.poll(async () => (await status(id)).status, { timeout: 10_000 }).toBe('failed');
    await q.stop();
    expect((await status(id)).error).toBe('the source file is corrupt');
  });

  it('requeues a job whose worker died, and gives up after its last attempt', async () => {
    const stale = new Date(Date.now() - 60_000);
    const retry = await enqueue('recover', {}, 3);
    const dead = await enqueue('recover', {}, 2);
    await db.prisma.renderJob.update({ where: { id: retry }, data: { status: 'running', attempts: 1, heartbeatAt: stale, lockedBy: 'gone:1:x' } });
    await db.prisma.renderJob.update({ where: { id: dead }, data: { status: 'running', attempts: 2, heartbeatAt: stale, lockedBy: 'gone:1:x' } });
    const ran: string[] = [];
    const q = queue();
    q.register({ type: 'recover', run: async ({ job }) => void ran.push(job.id) });
    await q.start();
    await expect.poll(async () => (await status(retry)).status, { timeout: 10_000 }).toBe('succeeded');
    await q.stop();
    expect(ran).toEqual([retry]);
    expect((await status(retry)).attempts).toBe(2);
    const failed = await status(dead);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/interrupted 2 times/);
  });

  it('puts running jobs back on shutdown without counting the attempt', async () => {
    const q = queue();
    let started = false;
    q.register({
      type: 'long',
      run: ({ signal }) =>
        new Promise((_r, reject) => {
          started = true;
          signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    const id = await enqueue('long');
    await q.start();
    await expect.poll(() => started, { timeout: 10_000 }).toBe(true);
    await q.stop();
    const job = await status(id);
    expect(job.status).toBe('pending');
    expect(job.attempts).toBe(0);
  });

  it('aborts a job canceled in the database by another process', async () => {
    const q = queue();
    let aborted = false;
    q.register({
      type: 'cancel-me',
      run: ({ signal }) =>
        new Promise((_r, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('stopped'));
          });
        }),
    });
    const id = await enqueue('cancel-me');
    await q.start();
    await expect.poll(async () => (await status(id)).status, { timeout: 10_000 }).toBe('running');
    await db.prisma.renderJob.update({ where: { id }, data: { status: 'canceled' } });
    await expect.poll(() => aborted, { timeout: 5_000 }).toBe(true);
    await q.stop();
    expect((await status(id)).status).toBe('canceled');
  });

  it('hands what onFinished returned to settled, once the outcome is committed', async () => {
    const settled: unknown[] = [];
    const q = queue();
    q.register({
      type: 'handoff',
      run: async () => 'rendered',
      onFinished: async (tx, job, outcome) => {
        const { rows } = await tx.query(`SELECT status FROM inference_jobs WHERE id = $1`, [job.id]);
        return { seenInTx: rows[0].status, outcome: outcome.status };
      },
      settled: async (job, _outcome, finished) => {
        settled.push({ finished, committed: (await status(job.id)).status });
      },
    });
    await q.start();
    await enqueue('handoff');
    q.enqueued('');
    await expect.poll(() => settled.length, { timeout: 10_000 }).toBe(1);
    await q.stop();
    expect(settled[0]).toEqual({ finished: { seenInTx: 'succeeded', outcome: 'succeeded' }, committed: 'succeeded' });
  });
});

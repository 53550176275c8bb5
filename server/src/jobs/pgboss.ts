// A JobRunner on pg-boss, for render workers spread over processes and machines. inference_jobs
// stays the record the API reads; pg-boss is the dispatcher: one pg-boss job per inference job
// (same id, singleton key = that id, so no job is ever active twice in pg-boss), its retries
// bring interrupted jobs back, its expiry catches a worker that vanished.
//
// Who decides what:
// - The claim is the inference_jobs row going pending → running inside a transaction (as in
//   DatabaseJobQueue). A worker that fetches a pg-boss job whose row is not claimable ends the
//   pg-boss job instead of running it, so a stray duplicate can never render.
// - Leases are heartbeats on the row. A row whose heartbeat is older than staleMs belongs to a
//   dead worker: any worker requeues it (or fails it after its last attempt) and fails its
//   pg-boss job, which pg-boss then retries — usually long before pg-boss's own expiry.
// - Cancel marks the row canceled (VlogService); the worker notices at its next heartbeat and
//   aborts (ffmpeg is killed through the signal).
// - A reconciler makes sure every pending row has a pg-boss job that can be fetched: it covers
//   an API process that died between its commit and its send, and pg-boss retries used up by
//   graceful restarts (which don't count as attempts in inference_jobs).
import os from 'node:os';
import crypto from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { JobOutcome, JobRow, JobRunner, JobType } from './runner.js';

export interface PgBossRunnerOptions {
  /** Jobs at once in this process. */
  concurrency: number;
  /** Seconds a job may run before it is failed (pg-boss's expiry is set a little longer). */
  timeoutSeconds: number;
  heartbeatMs?: number;
  /** A running row whose heartbeat is older than this belongs to a dead worker. */
  staleMs?: number;
  /** How often an idle worker asks pg-boss for work (enqueued() in this process asks at once). */
  pollMs?: number;
  /** How often pending rows are checked for a missing or finished pg-boss job. */
  reconcileMs?: number;
  /** pg-boss's delay before an interrupted job is offered again. */
  retryDelaySeconds?: number;
  log?: (msg: string) => void;
}

interface Running {
  job: JobRow;
  queue: string;
  controller: AbortController;
  reason?: 'cancel' | 'timeout' | 'shutdown';
  done: Promise<void>;
}

type Settle = [JobRow, JobOutcome];

/** pg-boss may retry this many more times than a job has attempts: graceful restarts use retries but not attempts. */
const RETRY_HEADROOM = 3;
/** pg-boss expiry = our time limit + this, so it only fires for a worker that is gone. */
const EXPIRY_MARGIN_SECONDS = 120;
const TERMINAL = ['succeeded', 'failed', 'canceled'];
const INSTALL_LOCK = 'dayreel:pgboss-install';
/** Only one process at a time reconciles (others skip that round). */
const RECONCILE_LOCK = 'dayreel:pgboss-reconcile';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class PgBossJobRunner implements JobRunner {
  private readonly types = new Map<string, JobType<any>>();
  private readonly running = new Map<string, Running>();
  readonly workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  readonly boss: PgBoss;
  private opened?: Promise<void>;
  private active = false;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private reconcileTimer?: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;
  private nextQueue = 0;
  private readonly opts: Required<Omit<PgBossRunnerOptions, 'log'>> & { log: (msg: string) => void };

  constructor(
    private readonly pool: pg.Pool,
    options: PgBossRunnerOptions,
  ) {
    this.opts = { heartbeatMs: 2000, staleMs: 20_000, pollMs: 1000, reconcileMs: 15_000, retryDelaySeconds: 2, log: () => {}, ...options };
    // pg-boss shares our pool (no second pool per process) and keeps to its own schema.
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      schedule: false, // no cron jobs here
      supervise: true, // expiry and archiving; pg-boss runs them in one process at a time
    });
    // Without a listener an EventEmitter 'error' would crash the process.
    this.boss.on('error', (err) => this.opts.log(`pg-boss: ${errorMessage(err)}`));
  }

  register(type: JobType<any>): void {
    if (this.opened) throw new Error(`register job type "${type.type}" before the runner opens`);
    this.types.set(type.type, type);
  }

  /** Installs or migrates pg-boss's schema and creates one queue per job type; needed to send, too. */
  open(): Promise<void> {
    this.opened ??= (async () => {
      // Processes starting together would all find pg-boss missing and race to install it; its
      // own advisory lock doesn't stop CREATE SCHEMA IF NOT EXISTS from colliding (catalog
      // caches aren't refreshed by an advisory lock). One at a time, under a session lock.
      const lock = await this.pool.connect();
      try {
        await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [INSTALL_LOCK]);
        await this.boss.start();
        for (const name of this.types.keys()) {
          await this.boss.createQueue(name, { name, policy: 'singleton', retryDelay: this.opts.retryDelaySeconds, expireInSeconds: this.expirySeconds() });
        }
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [INSTALL_LOCK]).catch(() => {});
        lock.release();
      }
    })();
    return this.opened;
  }

  async start(): Promise<void> {
    await this.open();
    this.active = true;
    await this.sweep();
    await this.reconcile();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.opts.reconcileMs);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.reconcileTimer);
    for (const r of this.running.values()) {
      r.reason = 'shutdown';
      r.controller.abort();
    }
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Stops claiming (if started) and pg-boss's maintenance; the shared pool stays open. */
  async close(): Promise<void> {
    await this.stop();
    if (this.opened) await this.opened.catch(() => {});
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }

  enqueued(jobId: string): void {
    void this.dispatch(jobId).catch((err) => this.opts.log(`job ${jobId}: could not hand it to pg-boss (the reconciler will retry): ${errorMessage(err)}`));
    this.schedule(0);
  }

  abort(jobId: string): void {
    const r = this.running.get(jobId);
    if (r) {
      r.reason ??= 'cancel';
      r.controller.abort();
    }
    // The row is already canceled; withdraw the pg-boss job too so no worker fetches it.
    for (const name of this.types.keys()) void this.boss.cancel(name, jobId).catch(() => {});
  }

  private expirySeconds(): number {
    return this.opts.timeoutSeconds + EXPIRY_MARGIN_SECONDS;
  }

  /** Sends the pg-boss job of a committed inference job; a second send of the same id is a no-op. */
  async dispatch(jobId: string): Promise<void> {
    await this.open();
    const { rows } = await this.pool.query(`SELECT type, max_attempts FROM inference_jobs WHERE id = $1`, [jobId]);
    const row = rows[0] as { type: string; max_attempts: number } | undefined;
    if (!row) throw new Error('no such inference job');
    if (!this.types.has(row.type)) throw new Error(`no job type "${row.type}" is registered`);
    await this.boss.send(row.type, {}, {
      id: jobId,
      singletonKey: jobId,
      retryLimit: row.max_attempts + RETRY_HEADROOM,
      retryDelay: this.opts.retryDelaySeconds,
      expireInSeconds: this.expirySeconds(),
    });
  }

  private schedule(ms: number): void {
    if (!this.active) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const out = await work(tx);
      await tx.query('COMMIT');
      return out;
    } catch (err) {
      await tx.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      tx.release();
    }
  }

  private async settle(settled: Settle[]): Promise<void> {
    for (const [job, outcome] of settled) await this.types.get(job.type)?.settled?.(job, outcome).catch(() => {});
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      const queues = [...this.types.keys()];
      let idle = 0;
      // Round-robin over the queues until every slot is busy or every queue is empty.
      while (this.active && this.running.size < this.opts.concurrency && idle < queues.length) {
        const queue = queues[this.nextQueue++ % queues.length]!;
        const [fetched] = await this.boss.fetch(queue, { batchSize: 1 });
        if (!fetched) {
          idle++;
          continue;
        }
        idle = 0;
        const job = await this.claim(queue, fetched.id);
        if (job) this.launch(job, queue);
      }
    } catch (err) {
      this.opts.log(`job runner: ${errorMessage(err)}`);
    } finally {
      this.polling = false;
    }
    if (this.pollAgain) {
      this.pollAgain = false;
      this.schedule(0);
    } else this.schedule(this.opts.pollMs);
  }

  /**
   * Turns a fetched pg-boss job into a claimed row, or ends the pg-boss job when its row says
   * there is nothing to run here.
   */
  private async claim(queue: string, id: string): Promise<JobRow | null> {
    const settled: Settle[] = [];
    const decision = await this.transaction(async (tx): Promise<{ job: JobRow } | { end: 'complete' | 'fail'; why: string }> => {
      const { rows } = await tx.query(
        `SELECT id, type, params, attempts, max_attempts, status, locked_by,
           (heartbeat_at IS NULL OR heartbeat_at < now() - ($2::int * interval '1 millisecond')) AS stale
         FROM inference_jobs WHERE id = $1 FOR UPDATE`,
        [id, this.opts.staleMs],
      );
      const row = rows[0] as (Parameters<typeof toJob>[0] & { status: string; locked_by: string | null; stale: boolean }) | undefined;
      if (!row) return { end: 'complete', why: 'its inference job no longer exists' };
      if (TERMINAL.includes(row.status)) return { end: 'complete', why: `it is already ${row.status}` };
      // pg-boss offered a job another worker still holds (its expiry fired early): not ours to run.
      if (row.status === 'running' && !row.stale) return { end: 'fail', why: `worker ${row.locked_by} is still running it` };
      let job = toJob(row);
      if (row.status === 'running') {
        // Its worker died and no sweep has caught it yet: the same rule as the sweep.
        if (job.attempts >= job.maxAttempts) {
          settled.push([job, await this.interrupted(tx, job)]);
          return { end: 'complete', why: 'its last attempt was interrupted' };
        }
        this.opts.log(`job ${id}: taking it over from ${row.locked_by}, whose heartbeat stopped`);
      }
      const claimed = await tx.query(
        `UPDATE inference_jobs SET status = 'running', attempts = attempts + 1, locked_by = $2,
           heartbeat_at = now(), started_at = now(), error = NULL, updated_at = now()
         WHERE id = $1 RETURNING id, type, params, attempts, max_attempts`,
        [id, this.workerId],
      );
      job = toJob(claimed.rows[0]);
      await this.types.get(job.type)?.onClaimed?.(tx, job);
      return { job };
    });
    await this.settle(settled);
    if ('job' in decision) return decision.job;
    this.opts.log(`job ${id}: not run here, ${decision.why}`);
    if (decision.end === 'complete') await this.boss.complete(queue, id, { skipped: decision.why });
    else await this.boss.fail(queue, id, { message: decision.why });
    return null;
  }

  private launch(job: JobRow, queue: string): void {
    const type = this.types.get(job.type)!;
    const controller = new AbortController();
    const entry: Running = { job, queue, controller, done: Promise.resolve() };
    const timeout = setTimeout(() => {
      entry.reason ??= 'timeout';
      controller.abort();
    }, this.opts.timeoutSeconds * 1000);
    this.running.set(job.id, entry);
    this.opts.log(`job ${job.id} (${job.type}) started, attempt ${job.attempts}`);
    entry.done = (async () => {
      let outcome: JobOutcome;
      let result: unknown;
      try {
        result = await type.run({ job, signal: controller.signal });
        outcome = controller.signal.aborted ? this.abortOutcome(entry) : { status: 'succeeded', result };
      } catch (err) {
        outcome = controller.signal.aborted ? this.abortOutcome(entry) : { status: 'failed', error: errorMessage(err) };
      } finally {
        clearTimeout(timeout);
      }
      try {
        const recorded = await this.finish(job, outcome);
        if (!recorded && outcome.status === 'succeeded') await type.discard?.(job, result);
        if (recorded) await type.settled?.(job, outcome);
        await this.endBossJob(queue, job.id, recorded ? outcome : null);
        this.opts.log(`job ${job.id} ${recorded ? outcome.status : 'was taken away (canceled or expired)'}`);
      } catch (err) {
        this.opts.log(`job ${job.id}: could not record its outcome: ${errorMessage(err)}`);
        if (outcome.status === 'succeeded') await type.discard?.(job, result).catch(() => {});
      } finally {
        this.running.delete(job.id);
        this.schedule(0);
      }
    })();
  }

  /** Mirrors an outcome onto the pg-boss job: done, or offered again (requeued). */
  private async endBossJob(queue: string, id: string, outcome: JobOutcome | null): Promise<void> {
    if (outcome?.status === 'requeued') {
      await this.boss.fail(queue, id, { message: 'the worker stopped; offered again' });
      return;
    }
    if (!outcome) {
      // Taken away: by a cancel (the row is final; abort() withdrew the pg-boss job already) or
      // by a sweep that requeued it — then the pg-boss job belongs to whoever runs it next.
      const { rows } = await this.pool.query(`SELECT status FROM inference_jobs WHERE id = $1`, [id]);
      if (rows[0] && !TERMINAL.includes(rows[0].status)) return;
    }
    await this.boss.complete(queue, id, { status: outcome?.status ?? 'taken away' });
  }

  private abortOutcome(entry: Running): JobOutcome {
    switch (entry.reason) {
      case 'timeout':
        return { status: 'failed', error: `the render took longer than ${this.opts.timeoutSeconds} s and was stopped` };
      case 'shutdown':
        return { status: 'requeued' };
      default:
        return { status: 'canceled' };
    }
  }

  /** Records the outcome if this worker still holds the row; false when it no longer does. */
  private async finish(job: JobRow, outcome: JobOutcome): Promise<boolean> {
    const type = this.types.get(job.type)!;
    return this.transaction(async (tx) => {
      const { rows } = await tx.query(`SELECT status, locked_by FROM inference_jobs WHERE id = $1 FOR UPDATE`, [job.id]);
      const row = rows[0] as { status: string; locked_by: string | null } | undefined;
      if (!row || row.status !== 'running' || row.locked_by !== this.workerId) return false;
      switch (outcome.status) {
        case 'succeeded':
          await tx.query(
            `UPDATE inference_jobs SET status = 'succeeded', result = $2, finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`,
            [job.id, JSON.stringify(outcome.result ?? null)],
          );
          break;
        case 'failed':
          await tx.query(
            `UPDATE inference_jobs SET status = 'failed', error = $2, finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`,
            [job.id, outcome.error],
          );
          break;
        case 'canceled':
          await tx.query(`UPDATE inference_jobs SET status = 'canceled', finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`, [job.id]);
          break;
        case 'requeued':
          await tx.query(
            `UPDATE inference_jobs SET status = 'pending', attempts = greatest(attempts - 1, 0), locked_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE id = $1`,
            [job.id],
          );
          break;
      }
      await type.onFinished?.(tx, job, outcome);
      return true;
    });
  }

  /** A dead worker's row: back to pending, or failed after its last attempt (in tx, mirrored). */
  private async interrupted(tx: pg.PoolClient, job: JobRow): Promise<JobOutcome> {
    const type = this.types.get(job.type);
    if (job.attempts >= job.maxAttempts) {
      const error = `the render was interrupted ${job.attempts} times (the worker stopped); giving up`;
      await tx.query(`UPDATE inference_jobs SET status = 'failed', error = $2, finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`, [
        job.id,
        error,
      ]);
      await type?.onFinished?.(tx, job, { status: 'failed', error });
      this.opts.log(`job ${job.id} failed after ${job.attempts} interrupted attempts`);
      return { status: 'failed', error };
    }
    await tx.query(`UPDATE inference_jobs SET status = 'pending', locked_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE id = $1`, [job.id]);
    await type?.onFinished?.(tx, job, { status: 'requeued' });
    this.opts.log(`job ${job.id} was left running by a stopped worker; queued again (attempt ${job.attempts + 1} of ${job.maxAttempts})`);
    return { status: 'requeued' };
  }

  /** Takes back the rows of dead workers and has pg-boss offer them again. */
  async sweep(): Promise<void> {
    const settled: Settle[] = [];
    await this.transaction(async (tx) => {
      const { rows } = await tx.query(
        `SELECT id, type, params, attempts, max_attempts FROM inference_jobs
         WHERE status = 'running' AND type = ANY($2)
           AND (heartbeat_at IS NULL OR heartbeat_at < now() - ($1::int * interval '1 millisecond'))
         FOR UPDATE SKIP LOCKED`,
        [this.opts.staleMs, [...this.types.keys()]],
      );
      for (const row of rows) {
        const job = toJob(row);
        settled.push([job, await this.interrupted(tx, job)]);
      }
    });
    for (const [job, outcome] of settled) {
      // The pg-boss job is still active under the dead worker's name: end it or have it retried.
      if (outcome.status === 'requeued') await this.boss.fail(job.type, job.id, { message: 'the worker stopped (no heartbeat)' }).catch(() => {});
      else await this.boss.complete(job.type, job.id, { status: outcome.status }).catch(() => {});
    }
    await this.settle(settled);
    if (settled.length) this.schedule(0);
  }

  /** Every pending row gets a pg-boss job that can be fetched (see the top of this file). */
  async reconcile(): Promise<void> {
    try {
      await this.transaction(async (tx) => {
        const { rows: lock } = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [RECONCILE_LOCK]);
        if (!lock[0]?.ok) return;
        // Only rows pending for a while: a fresh one is being sent or claimed right now.
        const { rows } = await tx.query(
          `SELECT id, type FROM inference_jobs WHERE status = 'pending' AND type = ANY($1)
             AND updated_at < now() - ($2::int * interval '1 millisecond') ORDER BY created_at LIMIT 500`,
          [[...this.types.keys()], this.opts.staleMs],
        );
        for (const { id, type } of rows as { id: string; type: string }[]) {
          const found = await this.boss.getJobById(type, id);
          switch (found?.state) {
            case undefined:
              await this.dispatch(id);
              break;
            case 'created':
            case 'retry':
              continue;
            case 'active': // its fetcher died before claiming the row
              await this.boss.fail(type, id, { message: 'fetched but never claimed' });
              break;
            case 'failed':
              await this.boss.retry(type, id);
              break;
            case 'cancelled':
              await this.boss.resume(type, id);
              break;
            case 'completed':
              await this.boss.deleteJob(type, id);
              await this.dispatch(id);
              break;
          }
          this.opts.log(`job ${id}: pending without a live pg-boss job (${found?.state ?? 'none'}); offered again`);
        }
      });
    } catch (err) {
      if (this.active) this.opts.log(`job reconcile: ${errorMessage(err)}`);
    }
  }

  /** Keeps our leases alive; notices rows canceled or taken away elsewhere; sweeps dead workers' rows. */
  private async heartbeat(): Promise<void> {
    try {
      const ids = [...this.running.keys()];
      if (ids.length) {
        const { rows } = await this.pool.query(
          `UPDATE inference_jobs SET heartbeat_at = now() WHERE id = ANY($1::uuid[]) AND status = 'running' AND locked_by = $2 RETURNING id`,
          [ids, this.workerId],
        );
        const alive = new Set(rows.map((r: { id: string }) => r.id));
        for (const id of ids) {
          const r = this.running.get(id);
          if (!alive.has(id) && r && !r.controller.signal.aborted) {
            r.reason ??= 'cancel';
            r.controller.abort();
          }
        }
      }
      await this.sweep();
    } catch (err) {
      if (this.active) this.opts.log(`job heartbeat: ${errorMessage(err)}`);
    }
  }
}

function toJob(row: { id: string; type: string; params: unknown; attempts: number; max_attempts: number }): JobRow {
  return {
    id: row.id,
    type: row.type,
    params: (row.params ?? {}) as Record<string, unknown>,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

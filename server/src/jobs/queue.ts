// The in-process runner over inference_jobs: claims with FOR UPDATE SKIP LOCKED (safe with
// several processes on PostgreSQL), bounded concurrency, heartbeats, a per-job time limit, and
// recovery of jobs whose worker died. Status changes and their domain mirror share a transaction.
import os from 'node:os';
import crypto from 'node:crypto';
import type pg from 'pg';
import type { JobOutcome, JobRow, JobRunner, JobType } from './runner.js';

export interface QueueOptions {
  concurrency: number;
  /** Seconds a job may run before it is failed. */
  timeoutSeconds: number;
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this belongs to a dead worker. */
  staleMs?: number;
  pollMs?: number;
  /** The database is embedded and this process holds its lock: every running job at start is orphaned. */
  exclusive: boolean;
  log?: (msg: string) => void;
}

interface Running {
  job: JobRow;
  controller: AbortController;
  reason?: 'cancel' | 'timeout' | 'shutdown' | 'lost';
  done: Promise<void>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class DatabaseJobQueue implements JobRunner {
  private readonly types = new Map<string, JobType<any>>();
  private readonly running = new Map<string, Running>();
  private readonly workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private active = false;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;
  private readonly opts: Required<Omit<QueueOptions, 'log'>> & { log: (msg: string) => void };

  constructor(
    private readonly pool: pg.Pool,
    options: QueueOptions,
  ) {
    this.opts = {
      heartbeatMs: 2000,
      staleMs: 20_000,
      pollMs: 1000,
      log: () => {},
      ...options,
    };
  }

  register(type: JobType<any>): void {
    this.types.set(type.type, type);
  }

  async start(): Promise<void> {
    this.active = true;
    await this.recover(true);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    for (const r of this.running.values()) {
      r.reason = 'shutdown';
      r.controller.abort();
    }
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  enqueued(): void {
    this.schedule(0);
  }

  abort(jobId: string): void {
    const r = this.running.get(jobId);
    if (r) {
      r.reason ??= 'cancel';
      r.controller.abort();
    }
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

  /** Requeues jobs whose worker died (or fails them after their last attempt). */
  async recover(atStart = false): Promise<void> {
    const orphaned = atStart && this.opts.exclusive ? 'true' : `heartbeat_at < now() - ($1::int * interval '1 millisecond')`;
    const settled: [JobRow, JobOutcome][] = [];
    await this.transaction(async (tx) => {
      const { rows } = await tx.query(
        `SELECT id, type, params, attempts, max_attempts FROM inference_jobs
         WHERE status = 'running' AND (${orphaned} OR heartbeat_at IS NULL) FOR UPDATE SKIP LOCKED`,
        atStart && this.opts.exclusive ? [] : [this.opts.staleMs],
      );
      for (const row of rows) {
        const job = toJob(row);
        const type = this.types.get(job.type);
        if (job.attempts >= job.maxAttempts) {
          const error = `the render was interrupted ${job.attempts} times (the worker stopped); giving up`;
          await tx.query(
            `UPDATE inference_jobs SET status = 'failed', error = $2, finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`,
            [job.id, error],
          );
          await type?.onFinished?.(tx, job, { status: 'failed', error });
          settled.push([job, { status: 'failed', error }]);
          this.opts.log(`job ${job.id} failed after ${job.attempts} interrupted attempts`);
        } else {
          await tx.query(
            `UPDATE inference_jobs SET status = 'pending', locked_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE id = $1`,
            [job.id],
          );
          await type?.onFinished?.(tx, job, { status: 'requeued' });
          settled.push([job, { status: 'requeued' }]);
          this.opts.log(`job ${job.id} was left running by a stopped worker; queued again (attempt ${job.attempts + 1} of ${job.maxAttempts})`);
        }
      }
    });
    for (const [job, outcome] of settled) await this.types.get(job.type)?.settled?.(job, outcome).catch(() => {});
    if (settled.some(([, o]) => o.status === 'requeued')) this.schedule(0);
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      while (this.active && this.running.size < this.opts.concurrency) {
        const job = await this.claim();
        if (!job) break;
        this.launch(job);
      }
    } catch (err) {
      this.opts.log(`job queue: ${errorMessage(err)}`);
    } finally {
      this.polling = false;
    }
    if (this.pollAgain) {
      this.pollAgain = false;
      this.schedule(0);
    } else this.schedule(this.opts.pollMs);
  }

  private async claim(): Promise<JobRow | null> {
    if (this.types.size === 0) return null;
    return this.transaction(async (tx) => {
      const { rows } = await tx.query(
        `UPDATE inference_jobs SET status = 'running', attempts = attempts + 1, locked_by = $1,
           heartbeat_at = now(), started_at = now(), error = NULL, updated_at = now()
         WHERE id = (SELECT id FROM inference_jobs WHERE status = 'pending' AND type = ANY($2)
                     ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
         RETURNING id, type, params, attempts, max_attempts`,
        [this.workerId, [...this.types.keys()]],
      );
      if (!rows[0]) return null;
      const job = toJob(rows[0]);
      await this.types.get(job.type)!.onClaimed?.(tx, job);
      return job;
    });
  }

  private launch(job: JobRow): void {
    const type = this.types.get(job.type)!;
    const controller = new AbortController();
    const entry: Running = { job, controller, done: Promise.resolve() };
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

  private abortOutcome(entry: Running): JobOutcome {
    switch (entry.reason) {
      case 'timeout':
        return { status: 'failed', error: `the render took longer than ${this.opts.timeoutSeconds} s and was stopped` };
      case 'shutdown':
      case 'lost':
        return { status: 'requeued' };
      default:
        return { status: 'canceled' };
    }
  }

  /** Records the outcome if this worker still holds the job; false when it no longer does. */
  private async finish(job: JobRow, outcome: JobOutcome): Promise<boolean> {
    const type = this.types.get(job.type)!;
    return this.transaction(async (tx) => {
      const { rows } = await tx.query(`SELECT status, locked_by FROM inference_jobs WHERE id = $1 FOR UPDATE`, [job.id]);
      const row = rows[0] as { status: string; locked_by: string | null } | undefined;
      // Canceled (the cancel already mirrored itself) or swept and requeued by another worker.
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
          await tx.query(
            `UPDATE inference_jobs SET status = 'canceled', finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`,
            [job.id],
          );
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

  /** Keeps our leases alive; notices jobs canceled or taken away elsewhere; sweeps dead workers' jobs. */
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
          if (!alive.has(id)) {
            const r = this.running.get(id);
            if (r && !r.controller.signal.aborted) {
              r.reason ??= 'cancel';
              r.controller.abort();
            }
          }
        }
      }
      await this.recover(false);
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

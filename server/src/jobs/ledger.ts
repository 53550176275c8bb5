// The inference_jobs record, as every runner keeps it: claiming a row, running its handler
// under a time limit, renewing leases, recording outcomes, and taking back dead workers'
// rows — each with the job type's domain mirror in the same transaction. The runners
// (queue.ts in-process, pgboss.ts distributed) only decide *which* row to claim and when.
import type pg from 'pg';
import { pgTransaction } from '../db/sql.js';
import { JobTimeoutError, type JobOutcome, type JobRow, type JobType } from './runner.js';
import type { LogFn } from '../lib/logger.js';
import { newProcessId } from '../lib/process-id.js';

export type AbortReason = 'cancel' | 'timeout' | 'shutdown';

export interface RunningJob {
  job: JobRow;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

/** A recorded outcome and what the type's onFinished returned, for its settled hook. */
export type Settled = [JobRow, JobOutcome, unknown];

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The columns every runner selects or returns. */
export const JOB_COLUMNS = 'id, type, params, attempts, max_attempts';

export function toJob(row: { id: string; type: string; params: unknown; attempts: number; max_attempts: number }): JobRow {
  return {
    id: row.id,
    type: row.type,
    params: (row.params ?? {}) as Record<string, unknown>,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

/** How far back a user's renders count as "recently served" for the fair order. */
const FAIR_WINDOW = `interval '1 hour'`;

/**
 * The next pending job, fairly: users take turns. Users with fewer jobs running or started in
 * the last hour go first, then the oldest job — so another user's first render comes before the
 * next of a user who has just been served, and one user's backlog never holds others up.
 * (params.user_id; jobs without one share a turn.) $2 = the job types; the outer status check
 * is re-evaluated once the row is locked. Reads only pending, running and recent rows (indexed).
 */
export const FAIR_NEXT_PENDING_SQL = `
  WITH pending AS (
    SELECT id, params->>'user_id' AS owner, created_at FROM inference_jobs WHERE status = 'pending' AND type = ANY($2)
  ), served AS (
    SELECT params->>'user_id' AS owner, count(*) AS n FROM inference_jobs
    WHERE status = 'running' OR started_at >= now() - ${FAIR_WINDOW} GROUP BY 1
  )
  SELECT j.id FROM pending p
    JOIN inference_jobs j ON j.id = p.id
    LEFT JOIN served s ON s.owner IS NOT DISTINCT FROM p.owner
  WHERE j.status = 'pending'
  ORDER BY coalesce(s.n, 0), p.created_at, p.id
  FOR UPDATE OF j SKIP LOCKED LIMIT 1`;

/**
 * The same order for a queue that fetches by priority (pg-boss: higher first), fixed when a job
 * is sent: minus the number of its user's jobs running, started in the last hour, or queued
 * before it. $1 = the job's id.
 */
export const FAIR_PRIORITY_SQL = `
  SELECT -count(o.id)::int AS priority FROM inference_jobs j
    LEFT JOIN inference_jobs o ON o.params->>'user_id' IS NOT DISTINCT FROM j.params->>'user_id' AND o.id <> j.id
      AND (o.status = 'running' OR o.started_at >= now() - ${FAIR_WINDOW}
        OR (o.status = 'pending' AND (o.created_at, o.id) < (j.created_at, j.id)))
  WHERE j.id = $1 GROUP BY j.id`;

export class JobLedger {
  readonly workerId = newProcessId();
  readonly types = new Map<string, JobType<any, any>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly timeoutSeconds: number,
    private readonly log: LogFn,
  ) {}

  transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return pgTransaction(this.pool, work);
  }

  /** Marks the row `id` running for this worker (inside tx, the row already chosen and locked). */
  async claim(tx: pg.PoolClient, where: { id: string } | { sql: string; values: unknown[] }): Promise<JobRow | null> {
    const target = 'id' in where ? { sql: '$2::uuid', values: [where.id] } : { sql: `(${where.sql})`, values: where.values };
    const { rows } = await tx.query(
      `UPDATE inference_jobs SET status = 'running', attempts = attempts + 1, locked_by = $1,
         heartbeat_at = now(), started_at = now(), error = NULL, updated_at = now()
       WHERE id = ${target.sql} RETURNING ${JOB_COLUMNS}`,
      [this.workerId, ...target.values],
    );
    if (!rows[0]) return null;
    const job = toJob(rows[0]);
    await this.types.get(job.type)?.onClaimed?.(tx, job);
    return job;
  }

  /** Runs the job's handler under the time limit; an abort becomes the outcome its reason says. */
  async execute(entry: RunningJob): Promise<{ outcome: JobOutcome; result: unknown }> {
    const { job, controller } = entry;
    const timeout = setTimeout(() => {
      entry.reason ??= 'timeout';
      controller.abort();
    }, this.timeoutSeconds * 1000);
    this.log(`job ${job.id} (${job.type}) started, attempt ${job.attempts}`);
    let result: unknown;
    try {
      result = await this.types.get(job.type)!.run({ job, signal: controller.signal });
      return { outcome: controller.signal.aborted ? this.abortOutcome(entry) : { status: 'succeeded', result }, result };
    } catch (err) {
      return { outcome: controller.signal.aborted ? this.abortOutcome(entry) : this.failure(job, err), result };
    } finally {
      clearTimeout(timeout);
    }
  }

  private failure(job: JobRow, err: unknown): JobOutcome {
    const described = this.types.get(job.type)?.describeFailure?.(job, err);
    return described ? { status: 'failed', ...described } : { status: 'failed', error: errorMessage(err) };
  }

  private abortOutcome(entry: RunningJob): JobOutcome {
    switch (entry.reason) {
      case 'timeout':
        return this.failure(entry.job, new JobTimeoutError(this.timeoutSeconds));
      case 'shutdown':
        return { status: 'requeued' };
      default:
        return { status: 'canceled' };
    }
  }

  /**
   * Records the outcome if this worker still holds the row, then settles it; when the row was
   * taken away meanwhile (canceled, or requeued by a sweep) a result's side effects are undone.
   * True when recorded.
   */
  async conclude(job: JobRow, outcome: JobOutcome, result: unknown): Promise<boolean> {
    const type = this.types.get(job.type)!;
    try {
      const recorded = await this.record(job, outcome);
      if (!recorded && outcome.status === 'succeeded') await type.discard?.(job, result);
      if (recorded) await type.settled?.(job, outcome, recorded.finished);
      this.log(`job ${job.id} ${recorded ? outcome.status : 'was taken away (canceled or expired)'}`, recorded && outcome.status !== 'failed' ? 'info' : 'warn');
      return !!recorded;
    } catch (err) {
      this.log(`job ${job.id}: could not record its outcome: ${errorMessage(err)}`, 'error');
      if (outcome.status === 'succeeded') await type.discard?.(job, result).catch(() => {});
      return false;
    }
  }

  /** Null when this worker no longer holds the row; else what the type's onFinished returned. */
  private async record(job: JobRow, outcome: JobOutcome): Promise<{ finished: unknown } | null> {
    return this.transaction(async (tx) => {
      const { rows } = await tx.query(`SELECT status, locked_by FROM inference_jobs WHERE id = $1 FOR UPDATE`, [job.id]);
      const row = rows[0] as { status: string; locked_by: string | null } | undefined;
      if (!row || row.status !== 'running' || row.locked_by !== this.workerId) return null;
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
          // A graceful hand-back does not use up an attempt.
          await tx.query(
            `UPDATE inference_jobs SET status = 'pending', attempts = greatest(attempts - 1, 0), locked_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE id = $1`,
            [job.id],
          );
          break;
      }
      return { finished: await this.types.get(job.type)!.onFinished?.(tx, job, outcome) };
    });
  }

  /** A dead worker's row: back to pending, or failed after its last attempt (in tx, mirrored). */
  async interrupted(tx: pg.PoolClient, job: JobRow): Promise<Settled> {
    const type = this.types.get(job.type);
    if (job.attempts >= job.maxAttempts) {
      const error = `the render was interrupted ${job.attempts} times (the worker stopped); giving up`;
      await tx.query(`UPDATE inference_jobs SET status = 'failed', error = $2, finished_at = now(), locked_by = NULL, updated_at = now() WHERE id = $1`, [
        job.id,
        error,
      ]);
      const outcome: JobOutcome = { status: 'failed', error };
      const finished = await type?.onFinished?.(tx, job, outcome);
      this.log(`job ${job.id} failed after ${job.attempts} interrupted attempts`, 'warn');
      return [job, outcome, finished];
    }
    await tx.query(`UPDATE inference_jobs SET status = 'pending', locked_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE id = $1`, [job.id]);
    const outcome: JobOutcome = { status: 'requeued' };
    const finished = await type?.onFinished?.(tx, job, outcome);
    this.log(`job ${job.id} was left running by a stopped worker; queued again (attempt ${job.attempts + 1} of ${job.maxAttempts})`, 'warn');
    return [job, outcome, finished];
  }

  /** Running rows of our types whose worker stopped: all of them (`orphaned`) or those with a stale heartbeat. */
  async takeBackStale(tx: pg.PoolClient, staleMs: number | 'all'): Promise<Settled[]> {
    const stale = staleMs === 'all' ? 'true' : `(heartbeat_at IS NULL OR heartbeat_at < now() - ($2::int * interval '1 millisecond'))`;
    const { rows } = await tx.query(
      `SELECT ${JOB_COLUMNS} FROM inference_jobs WHERE status = 'running' AND type = ANY($1) AND ${stale} FOR UPDATE SKIP LOCKED`,
      staleMs === 'all' ? [[...this.types.keys()]] : [[...this.types.keys()], staleMs],
    );
    const settled: Settled[] = [];
    for (const row of rows) settled.push(await this.interrupted(tx, toJob(row)));
    return settled;
  }

  async settle(settled: Settled[]): Promise<void> {
    for (const [job, outcome, finished] of settled) await this.types.get(job.type)?.settled?.(job, outcome, finished).catch(() => {});
  }

  /** Renews our leases; aborts the jobs whose rows were canceled or taken away elsewhere. */
  async renew(running: Map<string, RunningJob>): Promise<void> {
    const ids = [...running.keys()];
    if (!ids.length) return;
    const { rows } = await this.pool.query(
      `UPDATE inference_jobs SET heartbeat_at = now() WHERE id = ANY($1::uuid[]) AND status = 'running' AND locked_by = $2 RETURNING id`,
      [ids, this.workerId],
    );
    const alive = new Set(rows.map((r: { id: string }) => r.id));
    for (const id of ids) {
      const r = running.get(id);
      if (!alive.has(id) && r && !r.controller.signal.aborted) {
        r.reason ??= 'cancel';
        r.controller.abort();
      }
    }
  }
}

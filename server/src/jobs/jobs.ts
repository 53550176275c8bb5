// The jobs API for the services that queue work: create a job inside the caller's transaction,
// cancel it, read it (one, or a user's by id for the API's loaders), and record its progress. Rows are written here and in the ledger only
// (ledger.ts, for the runners); the runner is woken once the caller's transaction committed.
import type { Sql } from '../db/sql.js';
import { isUuid } from '../lib/uuid.js';
import type { JobRunner } from './runner.js';

/** inference_jobs.status (the inference_job_status enum). */
export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];
/** Statuses a cancel can still stop. */
export const OPEN_JOB_STATUSES: readonly JobStatus[] = ['pending', 'running'];

/** A list of job statuses as SQL literals, e.g. `status IN (${jobStatusList(OPEN_JOB_STATUSES)})`. */
export function jobStatusList(statuses: readonly JobStatus[]): string {
  return statuses.map((s) => `'${s}'`).join(', ');
}

export interface NewJob {
  id: string;
  type: string;
  params: object;
  maxAttempts: number;
}

export interface JobRecord {
  id: string;
  type: string;
  status: JobStatus;
  params: Record<string, unknown>;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  updatedAt: Date;
}

const RECORD_COLUMNS = `id::text AS id, type, status::text AS status, params, error, attempts, max_attempts, created_at, updated_at`;

function recordOf(r: any): JobRecord {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    params: r.params ?? {},
    error: r.error,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export class JobQueue {
  constructor(
    private readonly runner: Pick<JobRunner, 'enqueued' | 'abort'>,
    /** Where reads outside a caller's transaction go (ofUser). */
    private readonly db: Sql,
  ) {}

  /** Inside the caller's transaction: a pending job. Call submit(id) once it committed. */
  async create(tx: Sql, job: NewJob): Promise<void> {
    await tx.query(
      `INSERT INTO inference_jobs (id, type, status, params, max_attempts, updated_at) VALUES ($1::uuid, $2, 'pending', $3::jsonb, $4::int, now())`,
      [job.id, job.type, JSON.stringify(job.params), job.maxAttempts],
    );
  }

  /** The committed job `id` is ready to run: wake the runner. */
  submit(id: string): void {
    this.runner.enqueued(id);
  }

  /** Inside the caller's transaction: marks the job canceled unless it already finished. Call stop(id) once it committed. */
  async cancel(tx: Sql, id: string, reason: string | null = null): Promise<void> {
    await tx.query(
      `UPDATE inference_jobs SET status = 'canceled', finished_at = now(), locked_by = NULL, error = coalesce($2, error), updated_at = now()
       WHERE id = $1::uuid AND status IN (${jobStatusList(OPEN_JOB_STATUSES)})`,
      [id, reason],
    );
  }

  /** The canceled job `id` is aborted at once if it runs in this process (others notice at their next heartbeat). */
  stop(id: string): void {
    this.runner.abort(id);
  }

  /** The job, or null (also for a malformed id the caller must have checked). */
  async get(sql: Sql, id: string): Promise<JobRecord | null> {
    const { rows } = await sql.query(`SELECT ${RECORD_COLUMNS} FROM inference_jobs WHERE id = $1::uuid`, [id]);
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /**
   * The jobs among `ids` that user `userId` queued (params.user_id), in one query. Another
   * user's job is left out exactly like a missing one or a malformed id.
   */
  async ofUser(userId: number, ids: readonly string[]): Promise<JobRecord[]> {
    const wanted = ids.filter(isUuid);
    if (!wanted.length) return [];
    const { rows } = await this.db.query(`SELECT ${RECORD_COLUMNS} FROM inference_jobs WHERE id = ANY($1::uuid[]) AND params->>'user_id' = $2`, [
      wanted,
      String(userId),
    ]);
    return rows.map(recordOf);
  }

  /** Merges a running job's progress into its params (a finished job keeps what it had). */
  async recordProgress(tx: Sql, id: string, progress: Record<string, unknown>): Promise<void> {
    await tx.query(`UPDATE inference_jobs SET params = params || $2::jsonb, updated_at = now() WHERE id = $1::uuid AND status = 'running'`, [
      id,
      JSON.stringify(progress),
    ]);
  }
}

/** The render queue across all processes: jobs waiting, running, and the age of the oldest waiting (0 when none). */
export async function queueDepth(sql: Sql): Promise<{ pending: number; running: number; oldest: number }> {
  const { rows } = await sql.query(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'running')::int AS running,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest
     FROM inference_jobs WHERE status IN (${jobStatusList(OPEN_JOB_STATUSES)})`,
  );
  return rows[0];
}

/** Seconds since the oldest lease of the running jobs `ids` was renewed; null when none of them runs. */
export async function oldestLeaseAge(sql: Sql, ids: string[]): Promise<number | null> {
  if (!ids.length) return null;
  const { rows } = await sql.query(
    `SELECT extract(epoch FROM now() - min(heartbeat_at))::float8 AS age FROM inference_jobs WHERE id = ANY($1::uuid[]) AND status = 'running'`,
    [ids],
  );
  return rows[0]?.age ?? null;
}

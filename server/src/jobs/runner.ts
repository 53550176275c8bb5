// The job runner boundary. inference_jobs is the durable record the API reads; a runner
// claims pending rows, runs the handler registered for their type, and records the outcome.
// One scheduler (scheduler.ts) with two claim sources: the database itself (queue.ts) or
// pg-boss (pgboss.ts); services queue work through the jobs API (jobs.ts).
import type { Sql } from '../db/sql.js';

export interface JobRow {
  id: string;
  type: string;
  params: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  job: JobRow;
  /** Aborted on cancel, time limit, or shutdown. */
  signal: AbortSignal;
}

export type JobOutcome =
  | { status: 'succeeded'; result: unknown }
  /** error: a sentence safe to show; code: the job type's kind of failure (e.g. DISK_FULL). */
  | { status: 'failed'; error: string; code?: string }
  | { status: 'canceled' }
  /** Shutdown or a lost lease: the job goes back to the queue without counting the attempt. */
  | { status: 'requeued' };

/**
 * One kind of job. `Finished` is what onFinished hands to settled (e.g. files to delete once
 * the outcome is committed): hooks pass state by return value, never by mutating the job.
 */
export interface JobType<Result = unknown, Finished = unknown> {
  type: string;
  run(ctx: JobContext): Promise<Result>;
  /** Mirrors the job's state onto its domain rows, inside the runner's transaction. */
  onClaimed?(tx: Sql, job: JobRow): Promise<void>;
  onFinished?(tx: Sql, job: JobRow, outcome: JobOutcome): Promise<Finished>;
  /** After the outcome is committed (publish it, clean up); `finished` is what onFinished returned. */
  settled?(job: JobRow, outcome: JobOutcome, finished?: Finished): Promise<void>;
  /**
   * Turns what run() threw (or a JobTimeoutError) into a sentence safe to show and a code; the
   * detail is the type's to log. Without it the error's message is stored as it is.
   */
  describeFailure?(job: JobRow, err: unknown): { error: string; code: string };
  /** The job was canceled or taken away while its result was being produced: undo side effects (files). */
  discard?(job: JobRow, result: Result): Promise<void>;
}

/** A job ran past the runner's time limit and was stopped. */
export class JobTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`the job took longer than ${seconds} s and was stopped`);
    this.name = 'JobTimeoutError';
  }
}

export interface JobRunner {
  register(type: JobType<any, any>): void;
  /** Makes the runner able to take jobs (enqueued) — also in a process that never starts it; after register. */
  open(): Promise<void>;
  /** Stops (if started) and releases what open() took; the database pool stays open. */
  close(): Promise<void>;
  /** Recovers jobs left running by a crash, then starts claiming. */
  start(): Promise<void>;
  /** Stops claiming, aborts running jobs and puts them back in the queue. */
  stop(): Promise<void>;
  /** A job row was committed: run it soon. What this starts never carries the caller's log context. */
  enqueued(jobId: string): void;
  /** Aborts the job at once if it runs here (its row has already been marked canceled). */
  abort(jobId: string): void;
}

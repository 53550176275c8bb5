// The job runner boundary. inference_jobs is the durable record the API reads; a runner
// claims pending rows, runs the handler registered for their type, and records the outcome.
// In-process over the database now (queue.ts); a distributed queue can replace it without
// touching the services that enqueue jobs or the handlers that run them.
import type pg from 'pg';

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

export interface JobType<Result = unknown> {
  type: string;
  run(ctx: JobContext): Promise<Result>;
  /** Mirrors the job's state onto its domain rows, inside the runner's transaction. */
  onClaimed?(tx: pg.ClientBase, job: JobRow): Promise<void>;
  onFinished?(tx: pg.ClientBase, job: JobRow, outcome: JobOutcome): Promise<void>;
  /** After the outcome is committed (publish it, clean up). */
  settled?(job: JobRow, outcome: JobOutcome): Promise<void>;
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
  register(type: JobType<any>): void;
  /** Recovers jobs left running by a crash, then starts claiming. */
  start(): Promise<void>;
  /** Stops claiming, aborts running jobs and puts them back in the queue. */
  stop(): Promise<void>;
  /** A job row was committed: run it soon. */
  enqueued(jobId: string): void;
  /** Aborts the job at once if it runs here (its row has already been marked canceled). */
  abort(jobId: string): void;
}

// The in-process runner over inference_jobs: the scheduler (scheduler.ts) claiming straight from
// the table with FOR UPDATE SKIP LOCKED (safe with several processes on PostgreSQL), in fair
// order (ledger.ts), and taking back the jobs of workers whose heartbeat stopped.
import type pg from 'pg';
import type { JobRow } from './runner.js';
import { FAIR_NEXT_PENDING_SQL, JobLedger } from './ledger.js';
import { JobScheduler, type ClaimSource } from './scheduler.js';

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

/** Claims from inference_jobs itself; nothing to open, send or withdraw. */
class DatabaseClaims implements ClaimSource {
  isOpen = false;

  constructor(
    private readonly ledger: JobLedger,
    private readonly opts: { staleMs: number; exclusive: boolean },
  ) {}

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async close(): Promise<void> {}

  /** The next pending job in fair order (see FAIR_NEXT_PENDING_SQL); another process's claim is skipped, not waited for. */
  async next(): Promise<JobRow | null> {
    if (this.ledger.types.size === 0) return null;
    return this.ledger.transaction((tx) => this.ledger.claim(tx, { sql: FAIR_NEXT_PENDING_SQL, values: [[...this.ledger.types.keys()]] }));
  }

  /** Requeues jobs whose worker died (or fails them after their last attempt). */
  async recover(atStart: boolean): Promise<boolean> {
    const settled = await this.ledger.transaction((tx) => this.ledger.takeBackStale(tx, atStart && this.opts.exclusive ? 'all' : this.opts.staleMs));
    await this.ledger.settle(settled);
    return settled.some(([, o]) => o.status === 'requeued');
  }

  enqueued(): void {}
  withdrawn(): void {}
  async concluded(): Promise<void> {}
}

export class DatabaseJobQueue extends JobScheduler {
  constructor(pool: pg.Pool, options: QueueOptions) {
    const opts = { heartbeatMs: 2000, staleMs: 20_000, pollMs: 1000, log: () => {}, ...options };
    const ledger = new JobLedger(pool, opts.timeoutSeconds, opts.log);
    super(ledger, new DatabaseClaims(ledger, opts), opts);
  }
}

// The in-process runner over inference_jobs: claims with FOR UPDATE SKIP LOCKED (safe with
// several processes on PostgreSQL), bounded concurrency, heartbeats, a per-job time limit, and
// recovery of jobs whose worker died. The row bookkeeping is the ledger's (ledger.ts).
import type pg from 'pg';
import type { JobRow, JobRunner, JobType } from './runner.js';
import { errorMessage, FAIR_NEXT_PENDING_SQL, JobLedger, type RunningJob } from './ledger.js';

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

export class DatabaseJobQueue implements JobRunner {
  private readonly ledger: JobLedger;
  private readonly running = new Map<string, RunningJob>();
  private active = false;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;
  private readonly opts: Required<Omit<QueueOptions, 'log'>> & { log: (msg: string) => void };

  constructor(pool: pg.Pool, options: QueueOptions) {
    this.opts = { heartbeatMs: 2000, staleMs: 20_000, pollMs: 1000, log: () => {}, ...options };
    this.ledger = new JobLedger(pool, this.opts.timeoutSeconds, this.opts.log);
  }

  register(type: JobType<any>): void {
    this.ledger.types.set(type.type, type);
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

  /** Requeues jobs whose worker died (or fails them after their last attempt). */
  async recover(atStart = false): Promise<void> {
    const settled = await this.ledger.transaction((tx) => this.ledger.takeBackStale(tx, atStart && this.opts.exclusive ? 'all' : this.opts.staleMs));
    await this.ledger.settle(settled);
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

  /** The next pending job in fair order (see FAIR_NEXT_PENDING_SQL); another process's claim is skipped, not waited for. */
  private async claim(): Promise<JobRow | null> {
    if (this.ledger.types.size === 0) return null;
    return this.ledger.transaction((tx) =>
      this.ledger.claim(tx, {
        sql: FAIR_NEXT_PENDING_SQL,
        values: [[...this.ledger.types.keys()]],
      }),
    );
  }

  private launch(job: JobRow): void {
    const entry: RunningJob = { job, controller: new AbortController(), done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = (async () => {
      try {
        const { outcome, result } = await this.ledger.execute(entry);
        await this.ledger.conclude(job, outcome, result);
      } finally {
        this.running.delete(job.id);
        this.schedule(0);
      }
    })();
  }

  /** Keeps our leases alive; notices jobs canceled or taken away elsewhere; sweeps dead workers' jobs. */
  private async heartbeat(): Promise<void> {
    try {
      await this.ledger.renew(this.running);
      await this.recover(false);
    } catch (err) {
      if (this.active) this.opts.log(`job heartbeat: ${errorMessage(err)}`);
    }
  }
}

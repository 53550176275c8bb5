// The one job scheduler: polling, bounded concurrency, leases (heartbeats), a per-job time limit
// (the ledger's), and graceful stop. Where claimed jobs come from is a ClaimSource: the
// database itself (queue.ts) or pg-boss (pgboss.ts). The row bookkeeping is the ledger's.
import type { JobOutcome, JobRow, JobRunner, JobType } from './runner.js';
import { errorMessage, type JobLedger, type RunningJob } from './ledger.js';
import { outsideLogContext, type LogFn } from '../lib/logger.js';

/** Where the scheduler gets its next job. */
export interface ClaimSource {
  /** True once open() was called: job types are fixed from then on. */
  readonly isOpen: boolean;
  /** Ready to hand out and accept jobs (idempotent). */
  open(): Promise<void>;
  /** Releases what open() took, after the scheduler stopped. */
  close(): Promise<void>;
  /** The next job, claimed for this worker (its row running), or null when none waits. */
  next(): Promise<JobRow | null>;
  /** Takes back dead workers' jobs (all orphans `atStart` where the source can tell); true when some became claimable. */
  recover(atStart: boolean): Promise<boolean>;
  /** A committed job row: make it claimable. */
  enqueued(jobId: string): void;
  /** A job whose row was canceled: withdraw it. */
  withdrawn(jobId: string): void;
  /** This worker recorded the job's outcome (null: the row was taken away meanwhile). */
  concluded(job: JobRow, outcome: JobOutcome | null): Promise<void>;
  /** Periodic upkeep besides the heartbeat's recovery. */
  upkeep?: { everyMs: number; run(): Promise<void> };
}

export interface SchedulerOptions {
  /** Jobs at once in this process. */
  concurrency: number;
  heartbeatMs: number;
  /** How often an idle runner looks for work (enqueued() in this process looks at once). */
  pollMs: number;
  log: LogFn;
}

export class JobScheduler implements JobRunner {
  private readonly running = new Map<string, RunningJob>();
  private active = false;
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private upkeepTimer?: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;

  constructor(
    protected readonly ledger: JobLedger,
    private readonly source: ClaimSource,
    private readonly opts: SchedulerOptions,
  ) {}

  register(type: JobType<any, any>): void {
    if (this.source.isOpen) throw new Error(`register job type "${type.type}" before the runner opens`);
    this.ledger.types.set(type.type, type);
  }

  open(): Promise<void> {
    return this.source.open();
  }

  async start(): Promise<void> {
    await this.open();
    this.active = true;
    await this.source.recover(true);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    const upkeep = this.source.upkeep;
    if (upkeep) {
      await upkeep.run();
      this.upkeepTimer = setInterval(() => void upkeep.run(), upkeep.everyMs);
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.upkeepTimer);
    for (const r of this.running.values()) {
      r.reason = 'shutdown';
      r.controller.abort();
    }
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  async close(): Promise<void> {
    await this.stop();
    await this.source.close();
  }

  /**
   * Called from inside the request that committed the job (createVlog): what it starts — the
   * claim, the poll timers after it — runs outside that request's log context, or the request
   * would be named on every later line of the runner (a render sets its own context, from its job).
   */
  enqueued(jobId: string): void {
    outsideLogContext(() => {
      this.source.enqueued(jobId);
      this.schedule(0);
    });
  }

  abort(jobId: string): void {
    const r = this.running.get(jobId);
    if (r) {
      r.reason ??= 'cancel';
      r.controller.abort();
    }
    this.source.withdrawn(jobId);
  }

  private schedule(ms: number): void {
    if (!this.active) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      while (this.active && this.running.size < this.opts.concurrency) {
        const job = await this.source.next();
        if (!job) break;
        this.launch(job);
      }
    } catch (err) {
      this.opts.log(`job runner: ${errorMessage(err)}`, 'error');
    } finally {
      this.polling = false;
    }
    if (this.pollAgain) {
      this.pollAgain = false;
      this.schedule(0);
    } else this.schedule(this.opts.pollMs);
  }

  private launch(job: JobRow): void {
    const entry: RunningJob = { job, controller: new AbortController(), done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = (async () => {
      try {
        const { outcome, result } = await this.ledger.execute(entry);
        const recorded = await this.ledger.conclude(job, outcome, result);
        await this.source.concluded(job, recorded ? outcome : null);
      } catch (err) {
        this.opts.log(`job ${job.id}: ${errorMessage(err)}`, 'error');
      } finally {
        this.running.delete(job.id);
        this.schedule(0);
      }
    })();
  }

  /** Keeps our leases alive; notices jobs canceled or taken away elsewhere; takes back dead workers' jobs. */
  private async heartbeat(): Promise<void> {
    try {
      await this.ledger.renew(this.running);
      if (await this.source.recover(false)) this.schedule(0);
    } catch (err) {
      if (this.active) this.opts.log(`job heartbeat: ${errorMessage(err)}`, 'error');
    }
  }
}

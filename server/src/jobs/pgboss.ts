// A JobRunner on pg-boss, for render workers spread over processes and machines. inference_jobs
// stays the record the API reads; pg-boss is the dispatcher: one pg-boss job per job row
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
// - Cancel marks the row canceled (the jobs API, jobs.ts); the worker notices at its next heartbeat and
//   aborts (ffmpeg is killed through the signal).
// - A reconciler makes sure every pending row has a pg-boss job that can be fetched: it covers
//   an API process that died between its commit and its send, and pg-boss retries used up by
//   graceful restarts (which don't count as attempts in inference_jobs).
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { JobOutcome, JobRow } from './runner.js';
import { errorMessage, FAIR_PRIORITY_SQL, JobLedger, toJob, type Settled } from './ledger.js';
import { FINISHED_JOB_STATUSES, type JobStatus } from './jobs.js';
import { JobScheduler, type ClaimSource } from './scheduler.js';
import type { LogFn } from '../lib/logger.js';

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
  log?: LogFn;
}

/** pg-boss may retry this many more times than a job has attempts: graceful restarts use retries but not attempts. */
const RETRY_HEADROOM = 3;
/** pg-boss expiry = our time limit + this, so it only fires for a worker that is gone. */
const EXPIRY_MARGIN_SECONDS = 120;
const INSTALL_LOCK = 'dayreel:pgboss-install';
/** Only one process at a time reconciles (others skip that round). */
const RECONCILE_LOCK = 'dayreel:pgboss-reconcile';

type Options = Required<Omit<PgBossRunnerOptions, 'log'>> & { log: LogFn };

/** Claims what pg-boss hands out (round-robin over the job types' queues), through the ledger. */
class PgBossClaims implements ClaimSource {
  readonly boss: PgBoss;
  private opened?: Promise<void>;
  private nextQueue = 0;
  private closed = false;
  readonly upkeep: ClaimSource['upkeep'];

  constructor(
    private readonly pool: pg.Pool,
    private readonly ledger: JobLedger,
    private readonly opts: Options,
  ) {
    // pg-boss shares our pool (no second pool per process) and keeps to its own schema.
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      schedule: false, // no cron jobs here
      supervise: true, // expiry and archiving; pg-boss runs them in one process at a time
    });
    // Without a listener an EventEmitter 'error' would crash the process.
    this.boss.on('error', (err) => this.opts.log(`pg-boss: ${errorMessage(err)}`, 'error'));
    this.upkeep = { everyMs: opts.reconcileMs, run: () => this.reconcile() };
  }

  get isOpen(): boolean {
    return !!this.opened;
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
        for (const name of this.ledger.types.keys()) {
          await this.boss.createQueue(name, { name, policy: 'singleton', retryDelay: this.opts.retryDelaySeconds, expireInSeconds: this.expirySeconds() });
        }
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [INSTALL_LOCK]).catch(() => {});
        lock.release();
      }
    })();
    return this.opened;
  }

  /** Stops pg-boss's maintenance; the shared pool stays open. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.opened) await this.opened.catch(() => {});
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }

  enqueued(jobId: string): void {
    void this.dispatch(jobId).catch((err) => this.opts.log(`job ${jobId}: could not hand it to pg-boss (the reconciler will retry): ${errorMessage(err)}`, 'warn'));
  }

  /** The row is already canceled; withdraw the pg-boss job too so no worker fetches it. */
  withdrawn(jobId: string): void {
    for (const name of this.ledger.types.keys()) void this.boss.cancel(name, jobId).catch(() => {});
  }

  private expirySeconds(): number {
    return this.opts.timeoutSeconds + EXPIRY_MARGIN_SECONDS;
  }

  /** Sends the pg-boss job of a committed job row; a second send of the same id is a no-op. */
  async dispatch(jobId: string): Promise<void> {
    await this.open();
    const { rows } = await this.pool.query(`SELECT type, max_attempts FROM inference_jobs WHERE id = $1`, [jobId]);
    const row = rows[0] as { type: string; max_attempts: number } | undefined;
    if (!row) throw new Error('no such job row');
    if (!this.ledger.types.has(row.type)) throw new Error(`no job type "${row.type}" is registered`);
    // pg-boss fetches by priority, then age: a user's later jobs rank below everyone's first.
    const { rows: fair } = await this.pool.query(FAIR_PRIORITY_SQL, [jobId]);
    await this.boss.send(row.type, {}, {
      id: jobId,
      priority: Number(fair[0]?.priority ?? 0),
      singletonKey: jobId,
      retryLimit: row.max_attempts + RETRY_HEADROOM,
      retryDelay: this.opts.retryDelaySeconds,
      expireInSeconds: this.expirySeconds(),
    });
  }

  /** Round-robin over the queues until a job is claimed or every queue is empty. */
  async next(): Promise<JobRow | null> {
    const queues = [...this.ledger.types.keys()];
    let idle = 0;
    while (idle < queues.length) {
      const queue = queues[this.nextQueue++ % queues.length]!;
      const [fetched] = await this.boss.fetch(queue, { batchSize: 1 });
      if (!fetched) {
        idle++;
        continue;
      }
      idle = 0;
      const job = await this.claim(queue, fetched.id);
      if (job) return job;
    }
    return null;
  }

  /**
   * Turns a fetched pg-boss job into a claimed row, or ends the pg-boss job when its row says
   * there is nothing to run here.
   */
  private async claim(queue: string, id: string): Promise<JobRow | null> {
    const settled: Settled[] = [];
    const decision = await this.ledger.transaction(async (tx): Promise<{ job: JobRow } | { end: 'complete' | 'fail'; why: string }> => {
      const { rows } = await tx.query(
        `SELECT id, type, params, attempts, max_attempts, status, locked_by,
           (heartbeat_at IS NULL OR heartbeat_at < now() - ($2::int * interval '1 millisecond')) AS stale
         FROM inference_jobs WHERE id = $1 FOR UPDATE`,
        [id, this.opts.staleMs],
      );
      const row = rows[0] as (Parameters<typeof toJob>[0] & { status: string; locked_by: string | null; stale: boolean }) | undefined;
      if (!row) return { end: 'complete', why: 'its job row no longer exists' };
      if ((FINISHED_JOB_STATUSES as readonly string[]).includes(row.status)) return { end: 'complete', why: `it is already ${row.status}` };
      // pg-boss offered a job another worker still holds (its expiry fired early): not ours to run.
      if (row.status === 'running' && !row.stale) return { end: 'fail', why: `worker ${row.locked_by} is still running it` };
      const job = toJob(row);
      if (row.status === 'running') {
        // Its worker died and no sweep has caught it yet: the same rule as the sweep.
        if (job.attempts >= job.maxAttempts) {
          settled.push(await this.ledger.interrupted(tx, job));
          return { end: 'complete', why: 'its last attempt was interrupted' };
        }
        this.opts.log(`job ${id}: taking it over from ${row.locked_by}, whose heartbeat stopped`, 'warn');
      }
      return { job: (await this.ledger.claim(tx, { id }))! };
    });
    await this.ledger.settle(settled);
    if ('job' in decision) return decision.job;
    this.opts.log(`job ${id}: not run here, ${decision.why}`);
    if (decision.end === 'complete') await this.boss.complete(queue, id, { skipped: decision.why });
    else await this.boss.fail(queue, id, { message: decision.why });
    return null;
  }

  /** Mirrors an outcome onto the pg-boss job (its queue is the job's type). */
  concluded(job: JobRow, outcome: JobOutcome | null): Promise<void> {
    return this.endBossJob(job.type, job.id, outcome);
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
      if (rows[0] && !FINISHED_JOB_STATUSES.includes(rows[0].status as JobStatus)) return;
    }
    await this.boss.complete(queue, id, { status: outcome?.status ?? 'taken away' });
  }

  /** Takes back the rows of dead workers and has pg-boss offer them again (also at start: rows of other live workers are theirs). */
  async recover(): Promise<boolean> {
    const settled = await this.ledger.transaction((tx) => this.ledger.takeBackStale(tx, this.opts.staleMs));
    for (const [job, outcome] of settled) {
      // The pg-boss job is still active under the dead worker's name: end it or have it retried.
      if (outcome.status === 'requeued') await this.boss.fail(job.type, job.id, { message: 'the worker stopped (no heartbeat)' }).catch(() => {});
      else await this.boss.complete(job.type, job.id, { status: outcome.status }).catch(() => {});
    }
    await this.ledger.settle(settled);
    return settled.length > 0;
  }

  /** Every pending row gets a pg-boss job that can be fetched (see the top of this file). */
  async reconcile(): Promise<void> {
    try {
      await this.ledger.transaction(async (tx) => {
        const { rows: lock } = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [RECONCILE_LOCK]);
        if (!lock[0]?.ok) return;
        // Only rows pending for a while: a fresh one is being sent or claimed right now.
        const { rows } = await tx.query(
          `SELECT id, type FROM inference_jobs WHERE status = 'pending' AND type = ANY($1)
             AND updated_at < now() - ($2::int * interval '1 millisecond') ORDER BY created_at LIMIT 500`,
          [[...this.ledger.types.keys()], this.opts.staleMs],
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
          this.opts.log(`job ${id}: pending without a live pg-boss job (${found?.state ?? 'none'}); offered again`, 'warn');
        }
      });
    } catch (err) {
      if (!this.closed) this.opts.log(`job reconcile: ${errorMessage(err)}`, 'error');
    }
  }
}

/** The scheduler with pg-boss as its claim source. */
export class PgBossJobRunner extends JobScheduler {
  readonly boss: PgBoss;
  private readonly claims: PgBossClaims;

  constructor(pool: pg.Pool, options: PgBossRunnerOptions) {
    const opts: Options = { heartbeatMs: 2000, staleMs: 20_000, pollMs: 1000, reconcileMs: 15_000, retryDelaySeconds: 2, log: () => {}, ...options };
    const ledger = new JobLedger(pool, opts.timeoutSeconds, opts.log);
    const claims = new PgBossClaims(pool, ledger, opts);
    super(ledger, claims, opts);
    this.claims = claims;
    this.boss = claims.boss;
  }

  /** Sends the pg-boss job of a committed job row; a second send of the same id is a no-op. */
  dispatch(jobId: string): Promise<void> {
    return this.claims.dispatch(jobId);
  }
}

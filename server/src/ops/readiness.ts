// Readiness: may this process take traffic (an API process) or jobs (a worker)? Each part is a
// check that throws with the reason; /readyz answers 200 when all pass, else 503 naming the
// failing parts. Reasons go to the log, not to the (possibly public) response.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type pg from 'pg';
import { listMigrations } from '../db/migrate.js';
import { MIGRATIONS_DIR } from '../db/database.js';
import type { Storage } from '../media/storage/storage.js';
import type { MediaTool } from '../media/ffmpeg.js';

const execFileAsync = promisify(execFile);

export interface Check {
  name: string;
  run(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** 'ok' or 'failed' per part. */
  checks: Record<string, 'ok' | 'failed'>;
  failing: string[];
  /** Why each failing part failed (for the log). */
  reasons: Record<string, string>;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check at once, each under `timeoutMs`. */
export async function checkReadiness(checks: Check[], timeoutMs = 3000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map((c) =>
      withTimeout(c.run(), timeoutMs, c.name).then(
        () => null,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      ),
    ),
  );
  const report: ReadinessReport = { ready: true, checks: {}, failing: [], reasons: {} };
  checks.forEach((c, i) => {
    const reason = results[i];
    report.checks[c.name] = reason === null ? 'ok' : 'failed';
    if (reason !== null) {
      report.ready = false;
      report.failing.push(c.name);
      report.reasons[c.name] = reason!;
    }
  });
  return report;
}

/** A check whose success is remembered for `ms` (spawning ffmpeg or writing to S3 on every probe is waste). */
export function cached(check: Check, ms: number): Check {
  let okUntil = 0;
  return {
    name: check.name,
    async run() {
      if (Date.now() < okUntil) return;
      await check.run();
      okUntil = Date.now() + ms;
    },
  };
}

export interface ReadinessDeps {
  pool: pg.Pool;
  storage: Storage;
  tool: MediaTool;
  queue: 'db' | 'pgboss';
}

/** database, migrations, ffmpeg, storage, queue — in the order /readyz lists them. */
export function readinessChecks(deps: ReadinessDeps): Check[] {
  const { pool, storage, tool } = deps;
  const expected = listMigrations(MIGRATIONS_DIR).map((m) => m.name);
  return [
    {
      name: 'database',
      run: async () => void (await pool.query('SELECT 1')),
    },
    {
      name: 'migrations',
      async run() {
        const { rows } = await pool.query(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        );
        const applied = new Set(rows.map((r: { migration_name: string }) => r.migration_name));
        const missing = expected.filter((name) => !applied.has(name));
        if (missing.length) throw new Error(`not applied: ${missing.join(', ')}`);
      },
    },
    cached(
      {
        name: 'ffmpeg',
        async run() {
          await execFileAsync(tool.binaries.ffmpeg, ['-hide_banner', '-version'], { timeout: 5000 });
          await execFileAsync(tool.binaries.ffprobe, ['-hide_banner', '-version'], { timeout: 5000 });
        },
      },
      60_000,
    ),
    cached(
      {
        name: 'storage',
        async run() {
          const key = `.readyz/${process.pid}`;
          await storage.put(key, Buffer.from('ok'));
          await storage.delete(key);
        },
      },
      15_000,
    ),
    {
      name: 'queue',
      run: async () =>
        void (await pool.query(deps.queue === 'pgboss' ? 'SELECT version FROM pgboss.version' : 'SELECT 1 FROM inference_jobs LIMIT 1')),
    },
  ];
}

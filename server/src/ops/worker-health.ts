// A render worker's own small listener (WORKER_HEALTH_PORT): /healthz (alive, with the age of the
// heartbeat of the jobs it renders), /readyz (the same checks as an API process) and /metrics.
// A heartbeat older than JOB_STALE_SECONDS means other workers are about to take this one's jobs
// away: the process is stuck, so /healthz fails and the orchestrator restarts it.
import http from 'node:http';
import type pg from 'pg';
import { metricsHandler, readyHandler } from '../http/ops.js';
import type { Metrics } from './metrics.js';
import type { ReadinessReport } from './readiness.js';
import type { LogFn } from '../lib/logger.js';
import { oldestLeaseAge } from '../jobs/jobs.js';

export interface WorkerHealthDeps {
  pool: pg.Pool;
  metrics: Metrics;
  ready: () => Promise<ReadinessReport>;
  /** Jobs this process renders now. */
  running: () => string[];
  staleSeconds: number;
  metricsToken?: string;
  log: LogFn;
}

export interface WorkerHealth {
  url: string;
  close(): Promise<void>;
}

/** Seconds since the oldest lease of `ids` was renewed; null when none runs (or the database is away). */
async function heartbeatAge(pool: pg.Pool, ids: string[]): Promise<number | null> {
  try {
    return await oldestLeaseAge(pool, ids);
  } catch {
    return null; // liveness is not readiness: a database outage must not restart every worker
  }
}

export async function startWorkerHealth(deps: WorkerHealthDeps, port: number, host: string): Promise<WorkerHealth> {
  const ready = readyHandler(deps.ready, deps.log);
  const metrics = metricsHandler(deps.metrics, deps.metricsToken);
  const server = http.createServer((req, res) => {
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    const done = (p: void | Promise<void>) =>
      Promise.resolve(p).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    if (route === 'GET /readyz') return void done(ready(req, res));
    if (route === 'GET /metrics') return void done(metrics(req, res));
    if (route === 'GET /healthz') {
      return void done(
        (async () => {
          const running = deps.running();
          const age = await heartbeatAge(deps.pool, running);
          const stale = age !== null && age > deps.staleSeconds;
          res.statusCode = stale ? 503 : 200;
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ status: stale ? 'stale' : 'ok', runningJobs: running.length, lastHeartbeatAgeSeconds: age === null ? null : Math.round(age * 10) / 10 }));
        })(),
      );
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

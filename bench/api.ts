// Section 2 — API throughput. autocannon (in this process) against a Dayreel server and a raw
// node:http + pg server (each in its own process, each with its own freshly seeded database of the
// same kind), on PGlite and on PostgreSQL, for eventsByDate (days of 200 and 1,000 events) and
// recommendEvents, at fixed concurrency, then eventsByDate at a fixed offered rate (half the raw
// server's best) from an open-loop generator in its own process (bench/lib/open-loop.ts). Runs alternate Dayreel / raw so the ratio is taken under
// the same machine state; each server is warmed up first. Besides req/s and latency, the server
// process's own CPU per request (from /proc/<pid>/stat) — steadier than req/s on a busy machine.
import autocannon from 'autocannon';
import pg from 'pg';
import { ServerChild } from './lib/child.ts';
import { Steps } from './lib/log.ts';
import { clockTicks, machineJiffies, processCpu } from './lib/proc.ts';
import { EVENTS_QUERY, RECOMMEND_QUERY } from './api-seed.ts';
import { OpenLoopChild } from './lib/open-loop-process.ts';
import type { PauseStats } from './lib/pauses.ts';
import type { PausesMessage } from './server-child.ts';

export type Backend = 'pglite' | 'postgres';
export type ApiQuery = 'eventsByDate' | 'recommendEvents';
export type ApiServerKind = 'dayreel' | 'dayreel-uncached' | 'dayreel-production' | 'raw' | 'raw-prisma-trips';

export interface ApiRun {
  server: ApiServerKind;
  round: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  bytesPerResponse: number;
  /** CPU ms of the server process per request (includes PGlite when embedded). */
  serverCpuMsPerRequest: number;
  /** Share of the machine's CPU used by other work (0–1). */
  foreignLoad: number;
  /** Open-loop runs: the generator's lateness (scheduled → handed to its pool) and its own CPU per request. */
  generator?: { sendLagMs: { p50: number; p99: number; max: number }; cpuMsPerRequest: number; errorCodes: Record<string, number> };
  /** Open-loop runs: the server process's event-loop delay and GC pauses over the run, warm-up included. */
  serverPauses?: PauseStats;
}

export interface ApiCase {
  backend: Backend;
  query: ApiQuery;
  /** Events in the day asked for. */
  events: number;
  /** The best round of each server (highest req/s). */
  dayreel: ApiRun;
  raw: ApiRun;
  /** Diagnostics (full runs, eventsByDate): the raw server making Prisma's four round trips, and
   * Dayreel started with NODE_ENV=production. */
  rawPrismaTrips?: ApiRun;
  dayreelProduction?: ApiRun;
  /** eventsByDate: Dayreel executing every request (no kept day answers, graphql/day-answers.ts). */
  dayreelUncached?: ApiRun;
  /** dayreelUncached ÷ raw req/s. */
  uncachedThroughputRatio?: number;
  /** Dayreel ÷ raw req/s, and raw ÷ Dayreel CPU per request (both "fraction of the ceiling"). */
  throughputRatio: number;
  cpuRatio: number;
  /** Open loop (eventsByDate, bench/lib/open-loop.ts): both servers offered half the raw server's best req/s, evenly spaced, over up to `connections` keep-alive connections. */
  atHalfRawRate?: { offeredPerSecond: number; durationSeconds?: number; dayreel: ApiRun; raw: ApiRun };
  /** Diagnostic (full runs, 200 events): the same rate through autocannon's overallRate, the method used before the open-loop generator. */
  autocannonAtHalfRawRate?: { dayreel: ApiRun; raw: ApiRun };
  runs: ApiRun[];
}

export interface ApiSection {
  connections: number;
  durationSeconds: number;
  rounds: number;
  /** The days measured (events per day); recommendEvents and the diagnostics only on the first. */
  events: number[];
  backends: Backend[];
  skipped: { backend: Backend; reason: string }[];
  cases: ApiCase[];
  method: string;
}

export interface ApiBenchOptions {
  quick: boolean;
  backends?: Backend[];
  databaseUrl?: string;
  connections?: number;
}

export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

interface Target {
  kind: ApiServerKind;
  child: ServerChild;
  url: string;
}

function targetUrl(kind: ApiServerKind, child: ServerChild, query: ApiQuery): string {
  if (kind === 'dayreel' || kind === 'dayreel-uncached' || kind === 'dayreel-production') return `${child.ready.url}/graphql`;
  if (query === 'recommendEvents') return `${child.ready.url}/recommend`;
  return `${child.ready.url}/${kind === 'raw' ? 'events' : 'events-prisma-trips'}`;
}

function requestBody(query: ApiQuery, date: string): string {
  return JSON.stringify(
    query === 'eventsByDate'
      ? { query: EVENTS_QUERY, variables: { date } }
      : { query: RECOMMEND_QUERY, variables: { date, limit: 20 } },
  );
}

/** One request, checked: the answer must hold the whole day (or 20 recommendations). */
async function check(t: Target, query: ApiQuery): Promise<unknown[]> {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.child.ready.token}` },
    body: requestBody(query, t.child.ready.date),
  });
  const json = (await res.json()) as { data?: Record<string, unknown[]>; errors?: unknown };
  const list = json.data?.[query];
  if (res.status !== 200 || !Array.isArray(list)) throw new Error(`${t.kind} ${query}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  const want = query === 'eventsByDate' ? t.child.ready.events : 20;
  if (list.length !== want) throw new Error(`${t.kind} ${query}: ${list.length} items, expected ${want}`);
  return list;
}

async function cannon(t: Target, query: ApiQuery, connections: number, duration: number, round: number, overallRate?: number): Promise<ApiRun> {
  const cpu0 = processCpu(t.child.pid);
  const m0 = machineJiffies();
  const self0 = process.cpuUsage();
  const r = await autocannon({
    url: t.url,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.child.ready.token}` },
    body: requestBody(query, t.child.ready.date),
    timeout: 30,
    ...(overallRate ? { overallRate } : {}),
  });
  const cpu = processCpu(t.child.pid) - cpu0;
  const m1 = machineJiffies();
  const self = process.cpuUsage(self0);
  const requests = r['2xx'];
  const foreignLoad = foreignShare(m0, m1, cpu + (self.user + self.system) / 1e6);
  return {
    server: t.kind,
    round,
    requestsPerSecond: requests / r.duration,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests,
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    bytesPerResponse: requests ? r.throughput.total / Math.max(1, r.latency.totalCount) : 0,
    serverCpuMsPerRequest: requests ? (cpu * 1000) / requests : NaN,
    foreignLoad,
  };
}

/** Share of the machine's CPU taken by other work between two /proc/stat readings, given the CPU seconds of our own processes. */
function foreignShare(m0: ReturnType<typeof machineJiffies>, m1: ReturnType<typeof machineJiffies>, ownCpuSeconds: number): number {
  if (!m0 || !m1 || m1.total <= m0.total) return NaN;
  const busy = (m1.busy - m0.busy) / clockTicks();
  const capacity = (m1.total - m0.total) / clockTicks();
  return Math.max(0, Math.min(1, (busy - ownCpuSeconds) / capacity));
}

/**
 * A fixed offered rate, open loop (bench/lib/open-loop.ts), from a generator process of its own so
 * its CPU is neither the server's nor hidden in it: `rate` requests per second evenly spaced, 1 s
 * of warm-up then `duration` s measured, latency from each request's scheduled time.
 */
async function openLoop(t: Target, query: ApiQuery, connections: number, duration: number, rate: number): Promise<ApiRun> {
  const generator = await OpenLoopChild.start();
  try {
    await t.child.request({ cmd: 'pauses-reset' }, 'pauses-reset');
    const cpu0 = processCpu(t.child.pid);
    const m0 = machineJiffies();
    const self0 = process.cpuUsage();
    const r = await generator.run({
      url: t.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.child.ready.token}` },
      body: requestBody(query, t.child.ready.date),
      rate,
      durationSeconds: duration,
      warmupSeconds: 1,
      connections,
      arrivals: 'even',
      timeoutSeconds: 30,
    });
    const cpu = processCpu(t.child.pid) - cpu0;
    const self = process.cpuUsage(self0);
    const foreignLoad = foreignShare(m0, machineJiffies(), cpu + (self.user + self.system) / 1e6 + r.generatorCpuMs / 1000);
    const { type: _type, ...serverPauses } = await t.child.request<PausesMessage>({ cmd: 'pauses' }, 'pauses');
    return {
      server: t.kind,
      round: 0,
      requestsPerSecond: r.servedPerSecond,
      latencyMs: r.latencyMs,
      requests: r.ok,
      errors: r.errors,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
      bytesPerResponse: r.bytesPerResponse,
      serverCpuMsPerRequest: r.sentWithWarmup ? (cpu * 1000) / r.sentWithWarmup : NaN,
      foreignLoad,
      generator: { sendLagMs: r.sendLagMs, cpuMsPerRequest: r.sentWithWarmup ? r.generatorCpuMs / r.sentWithWarmup : NaN, errorCodes: r.errorCodes },
      serverPauses,
    };
  } finally {
    generator.kill();
  }
}

/**
 * Waits until the server has finished what a run left in flight (autocannon stops at its deadline
 * with up to `connections` requests still queued): its CPU stays flat for 300 ms.
 */
async function drain(child: ServerChild, maxMs = 60_000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = processCpu(child.pid);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 300));
    const now = processCpu(child.pid);
    if (!(now - last > 0.02)) return;
    last = now;
  }
}

/** Warm-up that leaves nothing in flight: a fixed number of requests, all answered. */
async function warmUp(t: Target, query: ApiQuery, amount: number): Promise<void> {
  await autocannon({
    url: t.url,
    connections: 10,
    amount,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.child.ready.token}` },
    body: requestBody(query, t.child.ready.date),
    timeout: 60,
  });
  await drain(t.child);
}

const best = (runs: ApiRun[], kind: ApiServerKind) =>
  runs.filter((r) => r.server === kind).sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0];

export async function runApiBench(opts: ApiBenchOptions): Promise<ApiSection> {
  const connections = opts.connections ?? 50;
  // Short rounds, alternating servers, best of each: a burst of other work on the shared machine
  // spoils one round, not the comparison.
  const duration = opts.quick ? 3 : 8;
  /** Open-loop runs are longer: p99 of 10 s at ≈ 200 req/s rests on the 20 slowest of ≈ 2,000 answers. */
  const openSeconds = opts.quick ? 3 : 10;
  const diagnostics = !opts.quick;
  /** Warm-up requests per server and query. */
  const warmup = opts.quick ? 30 : 100;
  const rounds = opts.quick ? 1 : 3;
  const days = [200, 1000];
  const databaseUrl = opts.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const skipped: ApiSection['skipped'] = [];
  const backends: Backend[] = [];
  for (const b of opts.backends ?? ['pglite', 'postgres']) {
    if (b === 'postgres') {
      const why = await postgresReachable(databaseUrl);
      if (why) {
        skipped.push({ backend: b, reason: `PostgreSQL at ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')} unreachable: ${why}` });
        continue;
      }
    }
    backends.push(b);
  }
  const queriesOf = (events: number): ApiQuery[] => (events === days[0] ? ['eventsByDate', 'recommendEvents'] : ['eventsByDate']);
  const kindsOf = (q: ApiQuery, events: number): ApiServerKind[] =>
    q !== 'eventsByDate' ? ['dayreel', 'raw'] : diagnostics && events === days[0] ? ['dayreel', 'raw', 'dayreel-uncached', 'raw-prisma-trips', 'dayreel-production'] : ['dayreel', 'raw', 'dayreel-uncached'];
  // Per day: starting, the rounds, the open-loop pair of eventsByDate (and the autocannon pair when diagnosing).
  const perBackend = days.reduce((a, events) => a + 1 + queriesOf(events).reduce((b, q) => b + rounds * kindsOf(q, events).length, 0) + (diagnostics && events === days[0] ? 4 : 2), 0);
  const steps = new Steps('api', backends.length * perBackend);
  const cases: ApiCase[] = [];

  for (const backend of backends) for (const events of days) {
    const diagnose = diagnostics && events === days[0];
    steps.step(`${backend}: starting Dayreel (with and without kept day answers) and the raw server${diagnose ? ' (and Dayreel with NODE_ENV=production)' : ''}, seeding ${events} events each`);
    const [dayreel, raw, uncached, production] = await Promise.all([
      ServerChild.start('dayreel', { backend, databaseUrl, events }),
      ServerChild.start('raw', { backend, databaseUrl, events }),
      ServerChild.start('dayreel', { backend, databaseUrl, events, env: { BENCH_DAY_ANSWERS: 'off' } }),
      diagnose ? ServerChild.start('dayreel', { backend, databaseUrl, events, env: { NODE_ENV: 'production' } }) : undefined,
    ]);
    try {
      for (const query of queriesOf(events)) {
        const targets = kindsOf(query, events).map((kind) => {
          const child = kind === 'dayreel' ? dayreel : kind === 'dayreel-uncached' ? uncached : kind === 'dayreel-production' ? production! : raw;
          return { kind, child, url: targetUrl(kind, child, query) } satisfies Target;
        });
        // Same answers: the same number of items, the same reasons for the recommendations.
        const answers = await Promise.all(targets.map((t) => check(t, query)));
        if (query === 'recommendEvents') {
          const reasons = answers.map((a) => JSON.stringify((a as { reasons: string[] }[]).map((x) => x.reasons)));
          if (new Set(reasons).size !== 1) throw new Error('Dayreel and the raw server recommend differently');
        }
        for (const t of targets) await warmUp(t, query, warmup);
        const runs: ApiRun[] = [];
        for (let round = 1; round <= rounds; round++) {
          // Alternate the order between rounds so neither server always runs right after the other.
          const order = round % 2 === 1 ? targets : [...targets].reverse();
          for (const t of order) {
            steps.step(`${backend} ${query}: ${t.kind}, round ${round}/${rounds} (${duration} s, ${connections} connections)`);
            const run = await cannon(t, query, connections, duration, round);
            await drain(t.child);
            if (run.requests === 0) throw new Error(`${t.kind} ${query}: no successful requests (${run.errors} errors, ${run.non2xx} non-2xx)`);
            runs.push(run);
          }
        }
        const d = best(runs, 'dayreel')!;
        const r = best(runs, 'raw')!;
        let atHalfRawRate: ApiCase['atHalfRawRate'];
        let autocannonAtHalfRawRate: ApiCase['autocannonAtHalfRawRate'];
        if (query === 'eventsByDate') {
          // Latency at a load both can carry: open loop at half the raw server's best rate.
          const offeredPerSecond = Math.max(1, Math.floor(r.requestsPerSecond / 2));
          const half: Partial<Record<ApiServerKind, ApiRun>> = {};
          for (const t of targets.filter((x) => x.kind === 'dayreel' || x.kind === 'raw')) {
            steps.step(`${backend} ${query}: ${t.kind} at ${offeredPerSecond} req/s offered, open loop (1 + ${openSeconds} s)`);
            half[t.kind] = await openLoop(t, query, connections, openSeconds, offeredPerSecond);
            await drain(t.child);
          }
          atHalfRawRate = { offeredPerSecond, durationSeconds: openSeconds, dayreel: half.dayreel!, raw: half.raw! };
          if (diagnose) {
            const viaAutocannon: Partial<Record<ApiServerKind, ApiRun>> = {};
            for (const t of targets.filter((x) => x.kind === 'dayreel' || x.kind === 'raw')) {
              steps.step(`${backend} ${query}: ${t.kind} at ${offeredPerSecond} req/s through autocannon's overallRate (${duration} s, the earlier method)`);
              viaAutocannon[t.kind] = await cannon(t, query, connections, duration, 0, offeredPerSecond);
              await drain(t.child);
            }
            autocannonAtHalfRawRate = { dayreel: viaAutocannon.dayreel!, raw: viaAutocannon.raw! };
          }
        }
        cases.push({
          backend,
          query,
          events,
          atHalfRawRate,
          autocannonAtHalfRawRate,
          dayreel: d,
          raw: r,
          rawPrismaTrips: best(runs, 'raw-prisma-trips'),
          dayreelProduction: best(runs, 'dayreel-production'),
          dayreelUncached: best(runs, 'dayreel-uncached'),
          uncachedThroughputRatio: best(runs, 'dayreel-uncached') ? best(runs, 'dayreel-uncached')!.requestsPerSecond / r.requestsPerSecond : undefined,
          throughputRatio: d.requestsPerSecond / r.requestsPerSecond,
          cpuRatio: r.serverCpuMsPerRequest / d.serverCpuMsPerRequest,
          runs,
        });
      }
    } finally {
      await Promise.all([dayreel.stop(), raw.stop(), uncached.stop(), production?.stop()]);
    }
  }
  return {
    connections,
    durationSeconds: duration,
    rounds,
    events: days,
    backends,
    skipped,
    cases,
    method:
      `autocannon in the bench process, ${connections} connections, POST with a bearer token; per server ${warmup} warm-up requests, then ${rounds} round(s) of ${duration} s, ` +
      'alternating Dayreel / raw and waiting after each run until the server has answered what was left in flight; the best round of each is reported. Each server runs in its own Node process with its own database seeded alike ' +
      '(PGlite: a copy of the migrated template behind pglite-socket, one pooled connection, as the product runs it; PostgreSQL: a throwaway database, pool of 10). ' +
      'The raw server answers with the same JSON (signed thumbnail URLs included) using one join per request (auth, day), node:http and pg only. ' +
      '"raw, Prisma\'s round trips" makes the four queries Prisma makes for eventsByDate (session, user, events, recordings); "Dayreel, NODE_ENV=production" is the same product started ' +
      'with that variable (graphql-js and Apollo skip development checks). Server CPU per request: /proc/<pid>/stat of the server process. ' +
      `"At half the raw rate": half the raw server's best req/s offered open loop by bench/lib/open-loop.ts in a process of its own (not autocannon's overallRate, which bursts each connection's budget at the start of every second and adds synthetic samples — bench/README.md): ` +
      `requests evenly spaced, over up to ${connections} keep-alive node:http connections, latency from each request's scheduled time to the end of its answer; 1 s warm-up, then ${openSeconds} s measured per server; its p99 is the latency target's. The server's event-loop delay (monitorEventLoopDelay, 5 ms resolution) and GC pauses (PerformanceObserver) over each open-loop run, warm-up included. Full runs repeat the 200-event rate through autocannon's overallRate (${duration} s), the earlier method, for comparison. ` +
      `Days of ${days.join(' and ')} events; recommendEvents and the diagnostics on the ${days[0]}-event day only.`,
  };
}

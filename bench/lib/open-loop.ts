// An open-loop HTTP load generator: requests are sent at times fixed in advance (the offered rate),
// whatever the server is doing, and each request's latency runs from its *scheduled* time to the
// end of its response. A closed loop (or autocannon's per-connection, per-second budget — see
// bench/README.md) waits for answers before sending more, so a server pause delays the requests
// that would have measured it ("coordinated omission"); here a pause shows as the latency of every
// request scheduled during it, including the time a request waited for a free connection in the
// generator's own pool.
//
// Pure parts (the schedule, what is due, the summary) are separate from the sending, and tested
// alone (open-loop.test.ts). `runOpenLoop` sends over node:http keep-alive connections (an Agent
// with at most `connections` sockets; a request finding them all busy waits in the Agent's queue,
// and that wait counts). The bench runs it in a process of its own (open-loop-child.ts).
import http from 'node:http';
import { percentiles } from './percentiles.ts';
import { mulberry32 } from './random.ts';

export { mulberry32 };

export type Arrivals = 'even' | 'poisson';

/**
 * Offsets (ms from the start) at which requests are due: `rate` per second for `durationMs`.
 * 'even': exactly 1000/rate apart — a fixed offered rate, so any tail is the server's (or the
 * machine's), not the arrival process's. 'poisson': exponential gaps with the same mean
 * (independent users), seeded so a run can be repeated.
 */
export function arrivalOffsets(rate: number, durationMs: number, arrivals: Arrivals = 'even', seed = 1): number[] {
  if (!(rate > 0) || !(durationMs > 0)) return [];
  const gap = 1000 / rate;
  const out: number[] = [];
  if (arrivals === 'even') {
    for (let i = 0; i * gap < durationMs; i++) out.push(i * gap);
    return out;
  }
  const random = mulberry32(seed);
  for (let t = 0; t < durationMs; t += -Math.log(1 - random()) * gap) out.push(t);
  return out;
}


/** The index after the last offset due at `elapsedMs`, starting from `from` (offsets ascending). */
export function dueUntil(offsets: readonly number[], from: number, elapsedMs: number): number {
  let i = from;
  while (i < offsets.length && offsets[i]! <= elapsedMs) i++;
  return i;
}

/** One request's fate, times in ms from the start of the run. */
export interface Sample {
  scheduledMs: number;
  /** When it was handed to the connection pool (≥ scheduledMs; the gap is the generator's lateness). */
  sentMs: number;
  /** End of the response body (or of the failure). */
  doneMs: number;
  status: number;
  bytes: number;
  /** 'error': connection failure; 'timeout': no full answer within the timeout. */
  failure?: 'error' | 'timeout';
  /** The error's code (ECONNRESET, …) when it failed. */
  errorCode?: string;
}

export interface OpenLoopResult {
  arrivals: Arrivals;
  offeredPerSecond: number;
  connections: number;
  /** The measured window (warm-up excluded). */
  durationSeconds: number;
  /** Requests scheduled in the measured window. */
  requests: number;
  /** Requests sent, the warm-up's included (for a server's CPU per request over the whole run). */
  sentWithWarmup: number;
  /** Answered with 2xx. */
  ok: number;
  non2xx: number;
  errors: number;
  /** Connection failures by code (ECONNRESET, ECONNREFUSED, …). */
  errorCodes: Record<string, number>;
  timeouts: number;
  /** 2xx answers ÷ the measured window. */
  servedPerSecond: number;
  /** Scheduled time → end of the response, 2xx answers only. */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Scheduled time → handed to the pool: the generator's own lateness (timer, event loop). */
  sendLagMs: { p50: number; p99: number; max: number };
  bytesPerResponse: number;
  /** CPU of the generating process during the run (ms), so a bench can tell it from the server's. */
  generatorCpuMs: number;
  /** The slowest answers (when asked for): when each was due (ms into the measured window) and its latency. */
  slowest?: { atMs: number; latencyMs: number; sendLagMs: number }[];
}

/** Summary of the samples scheduled at or after `fromMs` (the warm-up before it is dropped). */
export function summarise(
  samples: readonly Sample[],
  opts: { fromMs: number; durationMs: number; offeredPerSecond: number; connections: number; arrivals: Arrivals; generatorCpuMs: number; slowest?: number },
): OpenLoopResult {
  const measured = samples.filter((s) => s.scheduledMs >= opts.fromMs);
  const ok = measured.filter((s) => !s.failure && s.status >= 200 && s.status < 300);
  const lat = percentiles(ok.map((s) => s.doneMs - s.scheduledMs));
  const lag = percentiles(measured.map((s) => s.sentMs - s.scheduledMs));
  return {
    arrivals: opts.arrivals,
    offeredPerSecond: opts.offeredPerSecond,
    connections: opts.connections,
    durationSeconds: opts.durationMs / 1000,
    requests: measured.length,
    sentWithWarmup: samples.length,
    ok: ok.length,
    non2xx: measured.filter((s) => !s.failure && (s.status < 200 || s.status >= 300)).length,
    errors: measured.filter((s) => s.failure === 'error').length,
    errorCodes: measured.filter((s) => s.failure === 'error').reduce<Record<string, number>>((a, s) => ({ ...a, [s.errorCode ?? '?']: (a[s.errorCode ?? '?'] ?? 0) + 1 }), {}),
    timeouts: measured.filter((s) => s.failure === 'timeout').length,
    servedPerSecond: ok.length / (opts.durationMs / 1000),
    latencyMs: lat,
    sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
    bytesPerResponse: ok.length ? ok.reduce((a, s) => a + s.bytes, 0) / ok.length : 0,
    generatorCpuMs: opts.generatorCpuMs,
    ...(opts.slowest
      ? {
          slowest: ok
            .map((s) => ({ atMs: s.scheduledMs - opts.fromMs, latencyMs: s.doneMs - s.scheduledMs, sendLagMs: s.sentMs - s.scheduledMs }))
            .sort((a, b) => b.latencyMs - a.latencyMs)
            .slice(0, opts.slowest),
        }
      : {}),
  };
}

export interface OpenLoopOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests per second offered. */
  rate: number;
  /** Measured window. */
  durationSeconds: number;
  /** Sent at the same rate before the window and not counted (the generator's own warm-up). */
  warmupSeconds?: number;
  /** Most keep-alive connections open at once. */
  connections: number;
  arrivals?: Arrivals;
  seed?: number;
  timeoutSeconds?: number;
  /** Return this many of the slowest answers with their times (diagnostics). */
  slowest?: number;
}

/** Sends the schedule and waits for every answer (or its timeout). */
export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const arrivals = o.arrivals ?? 'even';
  const warmupMs = (o.warmupSeconds ?? 0) * 1000;
  const durationMs = o.durationSeconds * 1000;
  const offsets = arrivalOffsets(o.rate, warmupMs + durationMs, arrivals, o.seed);
  // Idle sockets are closed after 4 s, before a Node server's default keepAliveTimeout (5 s) can
  // close one just as a request is written on it (an ECONNRESET that is the generator's, not the
  // server's). An in-use socket's timeout only notifies; requests keep their own timer below.
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections, timeout: 4000 });
  const body = o.body === undefined ? undefined : Buffer.from(o.body);
  const headers = { ...o.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  const url = new URL(o.url);
  const timeoutMs = (o.timeoutSeconds ?? 30) * 1000;
  const samples: Sample[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;

  const send = (scheduledMs: number) =>
    new Promise<void>((resolve) => {
      const sample: Sample = { scheduledMs, sentMs: elapsed(), doneMs: NaN, status: 0, bytes: 0 };
      samples.push(sample);
      const finish = (failure?: Sample['failure'], err?: NodeJS.ErrnoException) => {
        if (!Number.isNaN(sample.doneMs)) return;
        sample.doneMs = elapsed();
        sample.failure = failure;
        if (err) sample.errorCode = err.code ?? err.message;
        resolve();
      };
      const req = http.request({ agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', headers }, (res) => {
        sample.status = res.statusCode ?? 0;
        res.on('data', (c: Buffer) => (sample.bytes += c.length));
        res.on('end', () => finish());
        res.on('error', (err) => finish('error', err));
      });
      // The timeout runs from the scheduled time, like the latency.
      const timer = setTimeout(() => {
        finish('timeout');
        req.destroy();
      }, Math.max(0, timeoutMs - (elapsed() - scheduledMs)));
      req.on('close', () => clearTimeout(timer));
      req.on('error', (err) => finish('error', err));
      req.end(body);
    });

  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const due = dueUntil(offsets, next, elapsed());
      for (; next < due; next++) pending.push(send(offsets[next]!));
      if (next >= offsets.length) return resolve();
      setTimeout(tick, Math.max(0, offsets[next]! - elapsed()));
    };
    tick();
  });
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return summarise(samples, { fromMs: warmupMs, durationMs, offeredPerSecond: o.rate, connections: o.connections, arrivals, generatorCpuMs: (cpu.user + cpu.system) / 1000, slowest: o.slowest });
}

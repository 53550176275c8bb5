// The open-loop generator: its schedule and summary (pure), then real HTTP against a node:http
// server that holds its answers, in this process and in the generator's own process. The HTTP
// assertions are lower bounds the server enforces (it holds each answer for a fixed time), not
// speed measurements.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalOffsets, dueUntil, mulberry32, runOpenLoop, summarise, type Sample } from './open-loop.ts';
import { runOpenLoopInChild } from './open-loop-process.ts';

describe('schedule', () => {
  it('spaces even arrivals exactly 1000/rate ms apart over the duration', () => {
    const t = arrivalOffsets(200, 1000);
    expect(t).toHaveLength(200);
    expect(t[0]).toBe(0);
    expect(t[1]).toBe(5);
    expect(t[199]).toBe(995);
    expect(arrivalOffsets(3, 1000)).toEqual([0, 1000 / 3, 2000 / 3]);
    expect(arrivalOffsets(0, 1000)).toEqual([]);
    expect(arrivalOffsets(100, 0)).toEqual([]);
  });

  it('draws Poisson arrivals with the offered mean rate, ascending, repeatable by seed', () => {
    const a = arrivalOffsets(500, 20_000, 'poisson', 7);
    expect(a.length).toBeGreaterThan(500 * 20 * 0.95);
    expect(a.length).toBeLessThan(500 * 20 * 1.05);
    expect(a.every((x, i) => i === 0 || x > a[i - 1]!)).toBe(true);
    expect(a[a.length - 1]).toBeLessThan(20_000);
    expect(arrivalOffsets(500, 20_000, 'poisson', 7)).toEqual(a);
    expect(arrivalOffsets(500, 20_000, 'poisson', 8)).not.toEqual(a);
    // Exponential gaps: their standard deviation is their mean (even gaps have none).
    const gaps = a.slice(1).map((x, i) => x - a[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });

  it('mulberry32 is uniform in [0, 1)', () => {
    const r = mulberry32(1);
    const v = Array.from({ length: 10_000 }, r);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(v.filter((x) => x < 0.5).length / v.length).toBeCloseTo(0.5, 1);
  });

  it('sends everything due, late ones at once, nothing early', () => {
    const t = [0, 5, 10, 15, 20];
    expect(dueUntil(t, 0, 0)).toBe(1);
    expect(dueUntil(t, 1, 4.9)).toBe(1);
    expect(dueUntil(t, 1, 17)).toBe(4);
    expect(dueUntil(t, 4, 100)).toBe(5);
    expect(dueUntil(t, 5, 100)).toBe(5);
  });
});

describe('summary', () => {
  const sample = (scheduledMs: number, sentMs: number, doneMs: number, status = 200, failure?: Sample['failure']): Sample => ({ scheduledMs, sentMs, doneMs, status, bytes: 1000, failure });
  const opts = { fromMs: 1000, durationMs: 2000, offeredPerSecond: 2, connections: 1, arrivals: 'even' as const, generatorCpuMs: 5 };

  it('counts latency from the scheduled time, drops the warm-up, and sorts failures', () => {
    const r = summarise(
      [
        sample(0, 0, 900), // warm-up: dropped
        sample(1000, 1000, 1010),
        sample(1500, 1700, 1720), // sent 200 ms late (the pool was busy): 220 ms, not 20
        sample(2000, 2000, 2030, 500),
        { ...sample(2500, 2500, 2600, 0, 'error'), errorCode: 'ECONNRESET' },
        sample(2900, 2900, 32_900, 0, 'timeout'),
      ],
      opts,
    );
    expect(r).toMatchObject({ requests: 5, ok: 2, non2xx: 1, errors: 1, errorCodes: { ECONNRESET: 1 }, timeouts: 1, servedPerSecond: 1, durationSeconds: 2, bytesPerResponse: 1000, generatorCpuMs: 5 });
    expect(r.latencyMs).toMatchObject({ p50: 10, p99: 220, max: 220, mean: 115 });
    expect(r.sendLagMs).toEqual({ p50: 0, p99: 200, max: 200 });
    expect(summarise([sample(1000, 1000, 1010), sample(1500, 1700, 1720), sample(2000, 2000, 2005)], { ...opts, slowest: 2 }).slowest).toEqual([
      { atMs: 500, latencyMs: 220, sendLagMs: 200 },
      { atMs: 0, latencyMs: 10, sendLagMs: 0 },
    ]);
  });
});

describe('real HTTP', () => {
  /** Answers every request after HOLD_MS; notes the connections it saw and the bodies' sizes. */
  const HOLD_MS = 100;
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  let requests = 0;
  let bodyBytes = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      requests++;
      req.on('data', (c: Buffer) => (bodyBytes += c.length));
      req.on('end', () => setTimeout(() => res.end(req.headers.authorization === 'Bearer t' ? 'x'.repeat(5000) : ''), HOLD_MS));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/q`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps sending on schedule while answers are held: the wait for a connection counts', async () => {
    sockets.clear();
    requests = 0;
    bodyBytes = 0;
    // 20 requests at 50/s over 2 connections, each held 100 ms: a closed loop would send 2 at a
    // time and report ≈ 100 ms for each. Answered two by two, request k (0-based) cannot end before
    // (floor(k/2)+1)·100 ms, though it was due at k·20 ms: the last is ≥ 1000 − 380 = 620 ms.
    const r = await runOpenLoop({ url, method: 'POST', headers: { authorization: 'Bearer t' }, body: 'abc', rate: 50, durationSeconds: 0.4, connections: 2 });
    expect(r).toMatchObject({ requests: 20, ok: 20, non2xx: 0, errors: 0, timeouts: 0, offeredPerSecond: 50, connections: 2, bytesPerResponse: 5000 });
    expect(requests).toBe(20);
    expect(bodyBytes).toBe(60);
    expect(sockets.size).toBeLessThanOrEqual(2);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(620 - 1);
    expect(r.latencyMs.p50).toBeGreaterThan(HOLD_MS);
  });

  it('runs in its own process, drops the warm-up; refused connections count as errors', async () => {
    sockets.clear();
    requests = 0;
    const r = await runOpenLoopInChild({ url, method: 'POST', body: '{}', rate: 40, durationSeconds: 0.5, warmupSeconds: 0.25, connections: 50 });
    expect(requests).toBe(30);
    expect(r).toMatchObject({ requests: 20, ok: 20, bytesPerResponse: 0, durationSeconds: 0.5, servedPerSecond: 40 });
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(HOLD_MS - 1);
    expect(r.generatorCpuMs).toBeGreaterThan(0);
    const closed = await runOpenLoop({ url: 'http://127.0.0.1:1/', rate: 20, durationSeconds: 0.2, connections: 1 });
    expect(closed).toMatchObject({ requests: 4, ok: 0, errors: 4, errorCodes: { ECONNREFUSED: 4 } });
  });
});

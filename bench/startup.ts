// Section 5 — start-up. `npm start` as an operator runs it (npm → sh → tsx → node, JSON logs) on
// a fresh data directory, which generates the demo day (the first start), then again on the same
// directory (every later start). Each is timed from spawning npm until /healthz answers 200 and
// GraphQL answers a query; then the server is stopped with SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnNpm } from '../server/src/testing/process.ts';
import { Steps } from './lib/log.ts';

export interface StartupRun {
  /** 'first': empty data directory (migrations, demo generation); 'second': the same directory again. */
  start: 'first' | 'second';
  /** Seconds from spawning `npm start` to /healthz 200 and a GraphQL answer. */
  servingSeconds: number;
  /** Seconds until the process logged its URL (listening). */
  listeningSeconds: number;
}

export interface StartupSection {
  runs: StartupRun[];
  loadAverage: number[];
  method: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serving(url: string): Promise<boolean> {
  try {
    const health = await fetch(`${url}/healthz`);
    if (health.status !== 200) return false;
    const gql = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    return gql.status === 200 && ((await gql.json()) as { data?: { __typename?: string } }).data?.__typename === 'Query';
  } catch {
    return false;
  }
}

async function startOnce(start: StartupRun['start'], dataDir: string): Promise<StartupRun> {
  const t0 = performance.now();
  const server = spawnNpm(['start'], { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'true', LOG_LEVEL: 'info' });
  try {
    const url = String((await server.waitForLine((l) => typeof l.url === 'string', 180_000)).url);
    const listeningSeconds = (performance.now() - t0) / 1000;
    while (!(await serving(url))) {
      if (performance.now() - t0 > 180_000) throw new Error(`${start} start: not serving after 180 s`);
      await sleep(50);
    }
    return { start, servingSeconds: (performance.now() - t0) / 1000, listeningSeconds };
  } finally {
    server.child.kill('SIGTERM');
    await Promise.race([server.exited, sleep(30_000)]);
  }
}

export async function runStartupBench(): Promise<StartupSection> {
  const steps = new Steps('startup', 2);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bench-startup-'));
  try {
    steps.step('first start: empty data directory (demo generation)');
    const first = await startOnce('first', dataDir);
    steps.step('second start: the same data directory');
    const second = await startOnce('second', dataDir);
    return {
      runs: [first, second],
      loadAverage: os.loadavg(),
      method:
        '`npm start` (its prestart web build skipped with --ignore-scripts; NODE_ENV=production, PGlite, DEMO=true, PORT=0) spawned by the bench; ' +
        'serving = /healthz answered 200 and POST /graphql answered `{ __typename }`, polled every 50 ms after the process logged its URL. ' +
        'First: an empty DATA_DIR (migrations, demo day generated with ffmpeg); second: the same DATA_DIR after a SIGTERM stop.',
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

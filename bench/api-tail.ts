// Where does eventsByDate's tail come from? One server child (Dayreel, Dayreel without kept
// answers, or the raw server) on one database and day, offered a fixed rate open loop
// (bench/lib/open-loop.ts) for long enough to span kept answers' expiry (30 s), with the server's
// event-loop delay and GC pauses, and the slowest answers with the second they were due — so a
// tail every 30 s (expiry), at GCs, or spread evenly (CPU contention) can be told apart.
//
//   npx tsx bench/api-tail.ts [--server dayreel|dayreel-uncached|raw] [--backend pglite|postgres]
//                             [--events 200] [--rate 150] [--seconds 40] [--slowest 20]
//                             [--refresh-ahead-ms 0]   (0: kept answers expire without being refreshed ahead)
import { parseArgs } from 'node:util';
import { ServerChild } from './lib/child.ts';
import { OpenLoopChild } from './lib/open-loop-process.ts';
import { machineJiffies, processCpu, clockTicks } from './lib/proc.ts';
import { EVENTS_QUERY } from './api-seed.ts';
import { DEFAULT_PG_URL } from './api.ts';
import type { PausesMessage } from './server-child.ts';

const { values: a } = parseArgs({
  options: {
    server: { type: 'string', default: 'dayreel' },
    backend: { type: 'string', default: 'pglite' },
    events: { type: 'string', default: '200' },
    rate: { type: 'string', default: '150' },
    seconds: { type: 'string', default: '40' },
    slowest: { type: 'string', default: '20' },
    'refresh-ahead-ms': { type: 'string' },
  },
});

async function main() {
  const backend = a.backend as 'pglite' | 'postgres';
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const raw = a.server === 'raw';
  const env: Record<string, string> = {
    ...(a.server === 'dayreel-uncached' ? { BENCH_DAY_ANSWERS: 'off' } : {}),
    ...(a['refresh-ahead-ms'] !== undefined ? { BENCH_REFRESH_AHEAD_MS: a['refresh-ahead-ms'] } : {}),
  };
  const child = await ServerChild.start(raw ? 'raw' : 'dayreel', { backend, databaseUrl, events: Number(a.events), env });
  const generator = await OpenLoopChild.start();
  try {
    const url = raw ? `${child.ready.url}/events` : `${child.ready.url}/graphql`;
    await child.request({ cmd: 'pauses-reset' }, 'pauses-reset');
    const cpu0 = processCpu(child.pid);
    const m0 = machineJiffies();
    const r = await generator.run({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${child.ready.token}` },
      body: JSON.stringify({ query: EVENTS_QUERY, variables: { date: child.ready.date } }),
      rate: Number(a.rate),
      durationSeconds: Number(a.seconds),
      warmupSeconds: 1,
      connections: 50,
      slowest: Number(a.slowest),
    });
    const cpu = processCpu(child.pid) - cpu0;
    const m1 = machineJiffies();
    const { type: _t, ...pauses } = await child.request<PausesMessage>({ cmd: 'pauses' }, 'pauses');
    const foreign = m0 && m1 ? ((m1.busy - m0.busy) / clockTicks() - cpu - r.generatorCpuMs / 1000) / ((m1.total - m0.total) / clockTicks()) : NaN;
    const { slowest, ...summary } = r;
    console.log(JSON.stringify({ server: a.server, backend, events: Number(a.events), refreshAheadMs: a['refresh-ahead-ms'] ?? 'default', ...summary, serverCpuMsPerRequest: (cpu * 1000) / r.sentWithWarmup, foreignLoad: foreign, pauses }, null, 1));
    console.log('slowest (s into the window, latency ms, generator lag ms):');
    for (const s of slowest ?? []) console.log(`  ${(s.atMs / 1000).toFixed(2)} s  ${s.latencyMs.toFixed(1)} ms  lag ${s.sendLagMs.toFixed(1)}`);
  } finally {
    generator.kill();
    await child.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

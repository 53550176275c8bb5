// Section 3 — subscription fan-out. The whole product runs in a child process (PGlite, runner
// off) with one rendering vlog; this process opens N graphql-ws clients (ws package), each on its
// own WebSocket, all subscribed to that vlog's progress. The child then publishes progress through
// ProgressService.report — the call a render makes — stamping the publish time into the message;
// each client notes when the message arrives (both clocks are performance.timeOrigin +
// performance.now(), the same system clock). Per publish: time to the first and to the last of the
// N clients. Memory per subscriber: the child's heap and RSS after a forced GC, with N subscribers
// minus with none, ÷ N; and again after everyone left (what is not given back).
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { ServerChild } from './lib/child.ts';
import { Steps } from './lib/log.ts';
import { clockTicks, machineJiffies, processCpu } from './lib/proc.ts';
import type { MemoryMessage, PublishedMessage, SendsMessage } from './server-child.ts';
import { percentiles, type Percentiles } from './lib/percentiles.ts';
import { measureTcpFloor, type TcpFloor } from './tcp-floor.ts';

export { percentiles, type Percentiles };


export interface SubscriptionSection {
  subscribers: number;
  publishes: number;
  /** ms from report() to the last of the N clients receiving it. */
  lastClientMs: Percentiles;
  /** ms from report() to the first client. */
  firstClientMs: Percentiles;
  /** ms from report() to the server handing the last client's frame to its socket (server side only). */
  serverLastSendMs: Percentiles;
  /** Server CPU per publish (all subscribers), and other work's share of the machine meanwhile. */
  serverCpuMsPerPublish?: number;
  foreignLoad?: number;
  /** GraphQL executions of the progress selection per publish, all subscribers together (1 = shared). */
  executionsPerPublish: number;
  /** ms report() itself took in the server (bus publish + throttled persist). */
  reportMs: Percentiles;
  /** Publishes that did not reach every client within the timeout. */
  incomplete: number;
  connectSeconds: number;
  memory: {
    before: Omit<MemoryMessage, 'type'>;
    subscribed: Omit<MemoryMessage, 'type'>;
    afterPublishes: Omit<MemoryMessage, 'type'>;
    afterLeaving: Omit<MemoryMessage, 'type'>;
    heapPerSubscriberBytes: number;
    rssPerSubscriberBytes: number;
    /** Heap still held per subscriber after all of them left (a leak shows here). */
    heapRetainedPerSubscriberBytes: number;
  };
  /** Server CPU (ms per second) while idle, without and with the subscribers (no publishes). */
  idleCpuMsPerSecond: { without: number; with: number };
  /** Every client disconnecting at once: until the server is quiet again, and its CPU meanwhile. */
  leaving: { seconds: number; serverCpuSeconds: number };
  /** The same number of frames of the same size written with bare node:net (bench/tcp-floor.ts): the floor under serverCpuMsPerPublish. */
  tcpFloor?: TcpFloor;
  method: string;
}

export interface SubscriptionBenchOptions {
  quick: boolean;
  subscribers?: number;
  publishes?: number;
}


const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const strip = ({ type: _t, ...rest }: MemoryMessage) => rest;

const SUBSCRIPTION = `subscription($id: ID!) { vlogProgress(vlogId: $id) { vlogId status phase percent message step totalSteps etaSeconds } }`;

/** Bytes on the wire of one publish's frame to one subscriber (a typical one: ids and numbers as the bench's). */
function frameBytes(vlogId: string): number {
  const vlogProgress = { vlogId, status: 'PROCESSING', phase: 'RENDERING', percent: 25, message: `bench 25 ${(Date.now() + 0.123).toFixed(3)}`, step: 25, totalSteps: 1000, etaSeconds: null };
  const json = JSON.stringify({ id: crypto.randomUUID(), type: 'next', payload: { data: { vlogProgress } } });
  return Buffer.byteLength(json) + (json.length < 126 ? 2 : 4);
}

async function idleCpu(child: ServerChild, seconds: number): Promise<number> {
  const c0 = processCpu(child.pid);
  await sleep(seconds * 1000);
  return ((processCpu(child.pid) - c0) * 1000) / seconds;
}

export async function runSubscriptionBench(opts: SubscriptionBenchOptions): Promise<SubscriptionSection> {
  const n = opts.subscribers ?? 1000;
  const publishes = opts.publishes ?? (opts.quick ? 20 : 50);
  const idleSeconds = opts.quick ? 3 : 6;
  const steps = new Steps('subscriptions', 7);
  steps.step('starting the server (PGlite) with one rendering vlog');
  const child = await ServerChild.start('subs', { backend: 'pglite' });
  const clients: Client[] = [];
  try {
    const { url, token, vlogId } = child.ready;
    const before = await child.request<MemoryMessage>({ cmd: 'memory' }, 'memory');
    const idleWithout = await idleCpu(child, idleSeconds);

    // Receipts per publish: count, first and last arrival.
    const receipts = new Map<number, { count: number; first: number; last: number; done?: () => void }>();
    let initial = 0;
    let onInitial: (() => void) | undefined;
    let failures = 0;
    const onNext = (data: { vlogProgress?: { message?: string | null } } | null | undefined) => {
      const t = now();
      const msg = data?.vlogProgress?.message ?? '';
      const m = /^bench (\d+) /.exec(msg);
      if (!m) {
        initial++;
        if (initial >= n) onInitial?.();
        return;
      }
      const i = Number(m[1]);
      const r = receipts.get(i) ?? { count: 0, first: t, last: t };
      receipts.set(i, r);
      r.count++;
      if (t < r.first) r.first = t;
      if (t > r.last) r.last = t;
      if (r.count >= n) r.done?.();
    };

    steps.step(`connecting ${n} graphql-ws clients`);
    const allInitial = new Promise<void>((resolve) => (onInitial = resolve));
    const t0 = performance.now();
    const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
    const batch = 50;
    for (let i = 0; i < n; i += batch) {
      const opened: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) {
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { token }, retryAttempts: 0, lazy: true });
        clients.push(client);
        opened.push(
          new Promise<void>((resolve) => {
            let first = true;
            client.subscribe<{ vlogProgress?: { message?: string | null } }>(
              { query: SUBSCRIPTION, variables: { id: vlogId } },
              {
                next: (msg) => {
                  onNext(msg.data);
                  if (first) {
                    first = false;
                    resolve();
                  }
                },
                error: () => {
                  failures++;
                  resolve();
                },
                complete: () => resolve(),
              },
            );
          }),
        );
      }
      await Promise.all(opened);
    }
    await Promise.race([allInitial, sleep(60_000)]);
    if (failures) throw new Error(`${failures} of ${n} subscriptions failed`);
    if (initial < n) throw new Error(`only ${initial} of ${n} subscribers got the current state`);
    const connectSeconds = (performance.now() - t0) / 1000;

    steps.step(`measuring memory and idle CPU with ${n} subscribers`);
    const subscribed = await child.request<MemoryMessage>({ cmd: 'memory' }, 'memory');
    const idleWith = await idleCpu(child, idleSeconds);

    steps.step(`${publishes} publishes to ${n} subscribers`);
    const last: number[] = [];
    const first: number[] = [];
    const reportMs: number[] = [];
    const lastSend: number[] = [];
    let incomplete = 0;
    let executions0 = NaN;
    let executions1 = NaN;
    const m0 = machineJiffies();
    const server0 = processCpu(child.pid);
    const self0 = process.cpuUsage();
    for (let i = 1; i <= publishes; i++) {
      const everyone = new Promise<boolean>((resolve) => {
        const r = { count: 0, first: Infinity, last: -Infinity, done: () => resolve(true) };
        receipts.set(i, r);
        setTimeout(() => resolve(false), 10_000).unref();
      });
      const published = await child.request<PublishedMessage>({ cmd: 'publish', i }, 'published');
      const complete = await everyone;
      const r = receipts.get(i)!;
      if (!complete) incomplete++;
      reportMs.push(published.reportMs);
      if (r.count > 0) {
        first.push(r.first - published.at);
        last.push(r.last - published.at);
      }
      const sent = await child.request<SendsMessage>({ cmd: 'sends', i }, 'sends');
      // From after the first publish: the subscribers' initial states are each their own read.
      if (i === 1) executions0 = sent.executions;
      executions1 = sent.executions;
      if (sent.count > 0) lastSend.push(sent.last - published.at);
      await sleep(30); // let the loops settle between publishes
    }
    const m1 = machineJiffies();
    const serverCpu = processCpu(child.pid) - server0;
    const self = process.cpuUsage(self0);
    let foreignLoad = NaN;
    if (m0 && m1 && m1.total > m0.total) {
      const busy = (m1.busy - m0.busy) / clockTicks();
      const capacity = (m1.total - m0.total) / clockTicks();
      foreignLoad = Math.max(0, Math.min(1, (busy - serverCpu - (self.user + self.system) / 1e6) / capacity));
    }
    const afterPublishes = await child.request<MemoryMessage>({ cmd: 'memory' }, 'memory');

    steps.step('disconnecting');
    const leaveCpu0 = processCpu(child.pid);
    const leave0 = performance.now();
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    // Until the server has settled (its CPU flat for a second), then past the resync interval so
    // timers that still hold a subscriber's state have fired.
    let cpuMark = processCpu(child.pid);
    for (let k = 0; k < 120; k++) {
      await sleep(1000);
      const c = processCpu(child.pid);
      if (c - cpuMark < 0.02) break;
      cpuMark = c;
    }
    const leaveSeconds = (performance.now() - leave0) / 1000;
    const leaveCpuSeconds = processCpu(child.pid) - leaveCpu0;
    await sleep(6000);
    const afterLeaving = await child.request<MemoryMessage>({ cmd: 'memory' }, 'memory');
    steps.step('stopping the server');
    await child.stop();
    const bytes = frameBytes(vlogId!);
    steps.step(`the floor: a ${bytes}-byte frame to each of ${n} bare TCP connections, ${publishes} times`);
    const tcpFloor = await measureTcpFloor(n, bytes, publishes);

    return {
      subscribers: n,
      publishes,
      lastClientMs: percentiles(last),
      firstClientMs: percentiles(first),
      serverLastSendMs: percentiles(lastSend),
      serverCpuMsPerPublish: (serverCpu * 1000) / publishes,
      executionsPerPublish: (executions1 - executions0) / (publishes - 1),
      foreignLoad,
      reportMs: percentiles(reportMs),
      incomplete,
      connectSeconds,
      memory: {
        before: strip(before),
        subscribed: strip(subscribed),
        afterPublishes: strip(afterPublishes),
        afterLeaving: strip(afterLeaving),
        heapPerSubscriberBytes: (subscribed.heapUsed - before.heapUsed) / n,
        rssPerSubscriberBytes: (subscribed.rss - before.rss) / n,
        heapRetainedPerSubscriberBytes: (afterLeaving.heapUsed - before.heapUsed) / n,
      },
      idleCpuMsPerSecond: { without: idleWithout, with: idleWith },
      leaving: { seconds: leaveSeconds, serverCpuSeconds: leaveCpuSeconds },
      tcpFloor,
      method:
        `Server: the product (startTestServer, PGlite, runner off) in a child process run with --expose-gc. ${n} clients in the bench process, each its own WebSocket ` +
        `(graphql-ws createClient + ws), connected ${50} at a time. ${publishes} publishes via ProgressService.report, one after the other once every client has the previous one (timeout 10 s), 30 ms apart. ` +
        'Latency = arrival at a client − the moment report() was called in the server (both performance.timeOrigin + performance.now()); it includes the clients\' own JSON parsing, all in one event loop. ' +
        '"Server, last send" is when the server had handed the last of those frames to its socket (the fan-out\'s `sent` hook, called after its write loop). ' +
        'Memory: process.memoryUsage() in the server after three forced GCs. Idle CPU: /proc/<pid>/stat of the server over a quiet window. ' +
        'Floor: bench/tcp-floor.ts — a node:net server in its own process writing one buffer of the frame\'s size to each of as many loopback connections (bare sockets in the bench process), once per round, as many rounds as publishes, 30 ms apart; its CPU per round.',
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    const t = performance.now();
    await child.stop();
    steps.note(`server stopped in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

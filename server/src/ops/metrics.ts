// Prometheus metrics (prom-client), one registry per process (tests run several apps in one).
// What an operator needs to see what is slow or failing: GraphQL request durations by operation
// and errors by extensions.code, open WebSockets and subscriptions, the render queue's depth and
// oldest job, render wall time, realtime factor, failures by error code and ffmpeg's peak memory.
import client from 'prom-client';
import type pg from 'pg';
import type { GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { queueDepth } from '../jobs/jobs.js';
import { errorCode } from '../graphql/errors.js';
import { observed, PushStream } from '../lib/push-stream.js';

/** Operation names come from clients: bounded in shape and in number of distinct labels. */
const MAX_OPERATIONS = 200;

export class Metrics {
  readonly registry = new client.Registry();
  private readonly operations = new Set<string>();

  readonly graphqlDuration = new client.Histogram({
    name: 'dayreel_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly graphqlErrors = new client.Counter({
    name: 'dayreel_graphql_errors_total',
    help: 'GraphQL errors sent to clients over HTTP and WebSocket, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly openSockets = new client.Gauge({
    name: 'dayreel_open_websockets',
    help: 'WebSocket connections open now',
    registers: [this.registry],
  });
  readonly slowClientsClosed = new client.Counter({
    name: 'dayreel_websocket_slow_clients_closed_total',
    help: 'WebSockets closed (1013) because their client stopped reading subscription messages',
    registers: [this.registry],
  });
  readonly subscriptions = new client.Gauge({
    name: 'dayreel_active_subscriptions',
    help: 'GraphQL subscriptions running now, by field',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  readonly renderWall = new client.Histogram({
    name: 'dayreel_render_wall_seconds',
    help: 'Wall time of successful renders',
    buckets: [5, 10, 20, 30, 60, 120, 300, 600, 900],
    registers: [this.registry],
  });
  readonly renderRealtime = new client.Histogram({
    name: 'dayreel_render_realtime_factor',
    help: 'Seconds of video rendered per second of wall time (above 1 = faster than real time)',
    buckets: [0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  readonly renderFailures = new client.Counter({
    name: 'dayreel_render_failures_total',
    help: 'Renders that failed, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly ffmpegPeak = new client.Gauge({
    name: 'dayreel_render_ffmpeg_peak_bytes',
    help: 'Highest resident memory (VmHWM) of one ffmpeg process during the last finished render',
    registers: [this.registry],
  });

  constructor(opts: { pool?: pg.Pool; process: string }) {
    this.registry.setDefaultLabels({ process: opts.process });
    client.collectDefaultMetrics({ register: this.registry, prefix: 'dayreel_' });
    if (opts.pool) this.queueGauges(opts.pool);
  }

  /** The render queue, read from the jobs' record (both runners keep it) at each scrape. */
  private queueGauges(pool: pg.Pool): void {
    let last: Promise<{ pending: number; running: number; oldest: number }> | undefined;
    // One query per scrape for both gauges.
    const read = () =>
      (last ??= queueDepth(pool).finally(() => setTimeout(() => (last = undefined), 100)));
    new client.Gauge({
      name: 'dayreel_queue_jobs',
      help: 'Render jobs waiting (pending) or being rendered (running), across all processes',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const q = await read();
        this.set({ status: 'pending' }, q.pending);
        this.set({ status: 'running' }, q.running);
      },
    });
    new client.Gauge({
      name: 'dayreel_queue_oldest_pending_seconds',
      help: 'Age of the oldest job still waiting to be rendered (0 when none waits)',
      registers: [this.registry],
      async collect() {
        this.set((await read()).oldest);
      },
    });
  }

  operationLabel(name: string | null | undefined): string {
    if (!name || !/^\w{1,64}$/.test(name)) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Times every HTTP GraphQL request and counts the codes of the errors it answers with. */
  apolloPlugin(): ApolloServerPlugin<any> {
    const metrics = this;
    return {
      async requestDidStart() {
        const end = metrics.graphqlDuration.startTimer();
        return {
          async willSendResponse(ctx) {
            end({ operation: metrics.operationLabel(ctx.operationName ?? ctx.request.operationName) });
            const body = ctx.response.body;
            const errors = body.kind === 'single' ? body.singleResult.errors : ctx.errors;
            for (const e of errors ?? []) metrics.countError(errorCode(e));
          },
        };
      },
    };
  }

  countError(code: string): void {
    this.graphqlErrors.inc({ code: /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER' });
  }

  /** Counts the running subscriptions of every Subscription field (wraps their subscribe). */
  instrumentSubscriptions(schema: GraphQLSchema): void {
    const gauge = this.subscriptions;
    for (const [name, field] of Object.entries(schema.getSubscriptionType()?.getFields() ?? {})) {
      const subscribe = field.subscribe;
      if (!subscribe) continue;
      field.subscribe = async (...args) => {
        const stream = await subscribe(...args);
        if (!stream || typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return stream;
        // A stream that pushes keeps pushing (the subscription fan-out reads it so, graphql/fan-out.ts).
        if (stream instanceof PushStream) return observed(stream, () => gauge.inc({ field: name }), () => gauge.dec({ field: name }));
        return counted(stream as AsyncIterable<unknown>, () => gauge.inc({ field: name }), () => gauge.dec({ field: name }));
      };
    }
  }

  /** Counts WebSocket connections on an HTTP server (every upgrade until its socket closes). */
  countWebSockets(server: import('node:http').Server): void {
    server.on('upgrade', (_req, socket) => {
      this.openSockets.inc();
      socket.once('close', () => this.openSockets.dec());
    });
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

async function* counted<T>(stream: AsyncIterable<T>, opened: () => void, closed: () => void): AsyncGenerator<T> {
  opened();
  try {
    yield* stream;
  } finally {
    closed();
  }
}

/** A render error's code for the failures counter: an error's own `code` (DISK_FULL…) or RENDER_FAILED. */
export function renderErrorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,39}$/.test(code) ? code : 'RENDER_FAILED';
}

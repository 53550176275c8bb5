// Operations endpoints and request ids, for API processes (mounted into the Express app by
// http/server.ts) and render workers (their own small listener, ops/worker-health.ts):
//   /readyz   200 when every part works, else 503 naming the failing parts
//   /metrics  Prometheus text; loopback clients only, unless METRICS_TOKEN is set (then the token)
// The handlers are plain node:http ones so both servers use them as they are.
import type http from 'node:http';
import crypto from 'node:crypto';
import type { Express } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../ops/metrics.js';
import type { ReadinessReport } from '../ops/readiness.js';
import { requestIdFrom, withLogContext, type LogFn } from '../lib/logger.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

export function readyHandler(ready: () => Promise<ReadinessReport>, log: LogFn): Handler {
  let lastFailing = '';
  return async (_req, res) => {
    const report = await ready();
    // Log a change of state once, not every probe.
    const failing = report.failing.map((name) => `${name} (${report.reasons[name]})`).join('; ');
    if (failing !== lastFailing) log(failing ? `not ready: ${failing}` : 'ready again', failing ? 'warn' : 'info');
    lastFailing = failing;
    sendJson(res, report.ready ? 200 : 503, {
      status: report.ready ? 'ready' : 'unavailable',
      checks: report.checks,
      ...(report.ready ? {} : { failing: report.failing }),
    });
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** May this request read /metrics? With a token, whoever presents it; without, loopback only. */
export function metricsAllowed(req: http.IncomingMessage, token: string | undefined): boolean {
  if (!token) return LOOPBACK.test(req.socket.remoteAddress ?? '');
  const auth = req.headers.authorization ?? '';
  const given = Buffer.from(auth.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && crypto.timingSafeEqual(given, wanted);
}

export function metricsHandler(metrics: Metrics, token: string | undefined): Handler {
  return async (req, res) => {
    if (!metricsAllowed(req, token)) {
      res.statusCode = token ? 401 : 403;
      if (token) res.setHeader('WWW-Authenticate', 'Bearer');
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.end(await metrics.text());
  };
}

export interface OpsRoutes {
  /** Request ids, /readyz and /metrics, and WebSocket counting; call first, before other routes. */
  mount(app: Express, server: http.Server): void;
  apolloPlugins: ApolloServerPlugin<any>[];
  /** What the WebSocket side counts: errors sent (by code, beside HTTP's) and slow clients closed. */
  socketCounts: { error(code: string): void; slowClientClosed(): void };
}

export function opsRoutes(deps: { metrics: Metrics; ready: () => Promise<ReadinessReport>; metricsToken?: string; log: LogFn }): OpsRoutes {
  return {
    mount(app, server) {
      // Every log line of a request — and of the render a createVlog queues — carries this id.
      app.use((req, res, next) => {
        const requestId = requestIdFrom(req.headers['x-request-id']);
        res.setHeader('X-Request-Id', requestId);
        withLogContext({ requestId }, next);
      });
      app.get('/readyz', readyHandler(deps.ready, deps.log));
      app.get('/metrics', metricsHandler(deps.metrics, deps.metricsToken));
      deps.metrics.countWebSockets(server);
    },
    apolloPlugins: [deps.metrics.apolloPlugin()],
    socketCounts: { error: (code) => deps.metrics.countError(code), slowClientClosed: () => deps.metrics.slowClientsClosed.inc() },
  };
}

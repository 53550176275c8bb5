// GraphQL over WebSocket (graphql-ws) on /graphql. Every socket belongs to a live session:
// connection_init without one is refused (4403 Forbidden); a cookie-authenticated socket must
// come from this server's own page (or ALLOWED_ORIGINS); a token in connectionParams needs no
// Origin check. The session is checked again before each operation, and the socket is closed
// when its session ends — logout on any process (AuthService.onSessionEnded) or expiry. Documents
// meet the same limits as over HTTP, and a bad one errors only its own operation. A subscription
// message is executed and serialised once for every subscriber of the same operation and written
// to their sockets from one loop (graphql/fan-out.ts); each subscriber's own `subscribe` resolver
// still checks its access.
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { CloseCode } from 'graphql-ws';
import type { GraphQLSchema } from 'graphql';
import type { Services } from '../services.js';
import { operationContext, type GraphQLContext } from '../graphql/context.js';
import type { User } from '../generated/prisma/client.js';
import type { GraphQLLimits } from '../config.js';
import type { LiveSession } from '../auth/service.js';
import { errorCode, formatErrors } from '../graphql/errors.js';
import { parseWithinLimits } from '../graphql/limits.js';
import { graphqlRuntime } from '../graphql/runtime.js';
import { SubscriptionFanOut } from '../graphql/fan-out.js';
import { unauthenticated } from '../lib/errors.js';
import { cookieOriginAllowed, requestOrigin, type OriginPolicy } from './origin.js';
import { tokenOf } from './session.js';

const { getOperationAST, GraphQLError } = graphqlRuntime;

/** setTimeout's longest delay; a session expiring later is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const SESSION_ENDED = 'Forbidden: the session ended';
/**
 * A ping per socket this often (graphql-ws's default is 12 s): a dead client is dropped within
 * twice this, under common proxies' 60 s idle timeout, and 10,000 idle sockets cost ≈ 330 pings a
 * second instead of ≈ 830 (bench/subscriptions.ts measures idle CPU).
 */
const KEEPALIVE_MS = 30_000;

interface SocketState {
  token?: string;
  session?: LiveSession;
  origin?: string;
  expiryTimer?: NodeJS.Timeout;
}

/** The token a socket signs in with: connectionParams.token, connectionParams.Authorization "Bearer …", else the cookie. */
export function socketToken(params: Record<string, unknown> | undefined, req: http.IncomingMessage): { token?: string; fromCookie: boolean } {
  if (typeof params?.token === 'string' && params.token) return { token: params.token, fromCookie: false };
  const auth = params?.Authorization ?? params?.authorization;
  if (typeof auth === 'string' && /^bearer\s+\S/i.test(auth)) return { token: auth.replace(/^bearer\s+/i, '').trim(), fromCookie: false };
  const token = tokenOf({ cookie: req.headers.cookie });
  return { token, fromCookie: !!token };
}

/**
 * graphql-ws reports every socket error as an implementation bug, with a dump of the socket.
 * A message over maxPayload is the client's doing (ws already closes it with 1009): one log line.
 */
function quietClientErrors(socket: WebSocket, log: (msg: string) => void): void {
  const once = socket.once.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => WebSocket;
  socket.once = ((event: string, listener: (...args: unknown[]) => void) =>
    once(event, event !== 'error' ? listener : (err: unknown) => {
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return log(`websocket: closed a client's message over the size limit (${(err as Error).message})`);
      listener(err);
    })) as WebSocket['once'];
}

/**
 * The open sockets of each session (by token hash), closed when it ends: a logout on any process
 * (AuthService.onSessionEnded) or its expiry (a timer per socket, re-checked at the timer's limit).
 */
function sessionSockets(auth: Services['auth']) {
  const bySession = new Map<string, Set<WebSocket>>();
  const end = (socket: WebSocket) => socket.close(CloseCode.Forbidden, SESSION_ENDED);
  const stopListening = auth.onSessionEnded((hash) => {
    for (const socket of bySession.get(hash) ?? []) end(socket);
  });
  const forget = (socket: WebSocket, state: SocketState) => {
    clearTimeout(state.expiryTimer);
    const hash = state.session?.tokenHash;
    const set = hash ? bySession.get(hash) : undefined;
    set?.delete(socket);
    if (hash && set?.size === 0) bySession.delete(hash);
  };
  const armExpiry = (socket: WebSocket, state: SocketState) => {
    clearTimeout(state.expiryTimer);
    const delay = Math.max(0, Math.min(MAX_TIMER_MS, state.session!.expiresAt - Date.now()));
    state.expiryTimer = setTimeout(async () => {
      const session = await auth.sessionForToken(state.token).catch(() => null);
      if (!session) return end(socket);
      state.session = session;
      armExpiry(socket, state);
    }, delay);
    state.expiryTimer.unref();
  };
  return {
    end,
    track(socket: WebSocket, state: SocketState) {
      const hash = state.session!.tokenHash;
      let set = bySession.get(hash);
      if (!set) bySession.set(hash, (set = new Set()));
      set.add(socket);
      socket.once('close', () => forget(socket, state));
      armExpiry(socket, state);
    },
    dispose: () => stopListening(),
  };
}

export function createGraphQLWebSocket(deps: {
  server: http.Server;
  schema: GraphQLSchema;
  services: Services;
  limits: GraphQLLimits;
  maxPayload: number;
  policy: () => OriginPolicy;
  log: (msg: string) => void;
  /** Runs each subscription message once for all its subscribers (tests pass one to count executions). */
  fanOut?: SubscriptionFanOut;
  /** Counts what the sockets send and close (ops/metrics.ts): each error's code, each slow client closed. */
  count?: { error(code: string): void; slowClientClosed(): void };
}): { dispose(): Promise<void> } {
  const { schema, services, limits, log } = deps;
  const fanOut = deps.fanOut ?? new SubscriptionFanOut();
  fanOut.logTo(log);
  fanOut.errorSent = deps.count?.error;
  fanOut.slowClientClosed = deps.count?.slowClientClosed;
  // Every error a socket sends is counted under its code, as over HTTP.
  const counted = <E extends { extensions?: Record<string, unknown> }>(errors: E[]): E[] => {
    for (const e of errors) deps.count?.error(errorCode(e));
    return errors;
  };
  // noServer: the HTTP server's own errors (a port in use) stay its own, not "WebSocket server" errors.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayload });
  deps.server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') return socket.destroy();
    wsServer.handleUpgrade(req, socket, head, (ws) => {
      quietClientErrors(ws, log);
      fanOut.connect(ws, socket);
      wsServer.emit('connection', ws, req);
    });
  });
  const sockets = sessionSockets(services.auth);

  const disposable = useServer<Record<string, unknown>, { state?: SocketState }>(
    {
      schema,
      onConnect: async (ctx) => {
        const req = ctx.extra.request;
        const { token, fromCookie } = socketToken(ctx.connectionParams, req);
        if (fromCookie && !cookieOriginAllowed(req, deps.policy())) return false;
        const session = await services.auth.sessionForToken(token);
        if (!session) return false;
        const state: SocketState = { token, session, origin: requestOrigin(req, deps.policy()) };
        ctx.extra.state = state;
        sockets.track(ctx.extra.socket, state);
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = ctx.extra.state!;
        // The session may have ended since the socket opened (revoked rows, another cache).
        const session = await services.auth.sessionForToken(state.token);
        if (!session) {
          sockets.end(ctx.extra.socket);
          return [new GraphQLError(unauthenticated().message, { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        state.session = session;
        const parsed = parseWithinLimits(schema, payload.query, limits);
        if (parsed.errors) return parsed.errors;
        if (!getOperationAST(parsed.document, payload.operationName)) {
          return [new GraphQLError('Unable to identify the operation: name it with operationName', { extensions: { code: 'BAD_USER_INPUT', field: 'operationName' } })];
        }
        const args = { schema, document: parsed.document, operationName: payload.operationName, variableValues: payload.variables };
        fanOut.target(args, ctx.extra.socket, id, payload);
        return args;
      },
      context: (ctx): GraphQLContext =>
        operationContext({
          user: (ctx.extra.state?.session?.user as User | undefined) ?? null,
          token: ctx.extra.state?.token,
          services,
          origin: ctx.extra.state?.origin ?? '',
          client: ctx.extra.request.socket.remoteAddress,
        }),
      subscribe: fanOut.subscribe,
      // The same error shapes as over HTTP (codes, fields, no internals). Fanned-out messages never come here.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: counted(formatErrors(result.errors, log)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => counted(formatErrors(errors, log)),
    },
    wsServer,
    KEEPALIVE_MS,
  );

  return {
    async dispose() {
      sockets.dispose();
      await disposable.dispose();
    },
  };
}

// The HTTP side: one Express app and one http.Server carrying /graphql (Apollo over HTTP,
// graphql-ws over WebSocket on the same path), /media, /healthz, and the SPA.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request } from 'express';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { Services } from '../services.js';
import type { Storage } from '../media/storage/storage.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { User } from '../generated/prisma/client.js';
import { formatError } from '../graphql/errors.js';
import { mediaHandler } from './media.js';
import { shareRouter } from './share.js';
import { SHARE_PATH } from '../sharing/service.js';
import type { OpsRoutes } from './ops.js';

export const SESSION_COOKIE = 'dayreel_session';
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface HttpServer {
  server: http.Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, drains HTTP requests and WebSocket subscriptions. */
  close(): Promise<void>;
}

/** The session token of a request: `Authorization: Bearer …` first, else the cookie. */
export function tokenOf(headers: http.IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim() || undefined;
  if (headers.cookie) return parseCookie(headers.cookie)[SESSION_COOKIE] || undefined;
  return undefined;
}

function originOf(req: http.IncomingMessage, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0] ?? 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

export async function createHttpServer(deps: {
  schema: GraphQLSchema;
  services: Services;
  storage: Storage;
  publicUrl?: string;
  serveWeb: boolean;
  healthy: () => Promise<boolean>;
  log: (msg: string) => void;
  /** Request ids, /readyz, /metrics (http/ops.ts). */
  ops?: OpsRoutes;
}): Promise<HttpServer> {
  const { schema, services, storage } = deps;
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  deps.ops?.mount(app, server);

  const userOf = (req: Request): Promise<User | null> => services.auth.userForToken(tokenOf(req.headers));

  // WebSockets: authenticated once per connection (connectionParams.token or the cookie).
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const wsCleanup = useServer<{ token?: string }, { user?: User | null; token?: string; origin?: string }>(
    {
      schema,
      onConnect: async (ctx) => {
        const token = (typeof ctx.connectionParams?.token === 'string' ? ctx.connectionParams.token : undefined) ?? tokenOf(ctx.extra.request.headers);
        ctx.extra.token = token;
        ctx.extra.user = await services.auth.userForToken(token);
        ctx.extra.origin = originOf(ctx.extra.request, deps.publicUrl);
        return true;
      },
      context: (ctx): GraphQLContext => ({
        user: ctx.extra.user ?? null,
        token: ctx.extra.token,
        services,
        origin: ctx.extra.origin ?? '',
        client: ctx.extra.request.socket.remoteAddress,
      }),
      // The same error shapes as over HTTP (codes, fields, no internals).
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, deps.log)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) deps.log(`subscription error: ${e.message}`);
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: true,
    // The process runner (process.ts) owns SIGTERM/SIGINT and stops everything in order.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, deps.log),
    plugins: [
      // Requests still running after 6 s (a long media download) are cut, so the database still
      // closes cleanly within the 10 s a stop may take (process.ts).
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: 6000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints, traces and usage reports are for Apollo's cloud; each costs a hook per field.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ...(deps.ops?.apolloPlugins ?? []),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    const ok = await deps.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });

  // A browser opening /graphql gets the offline GraphiQL IDE; API clients get GraphQL.
  const graphiql = path.join(WEB_DIST, 'graphiql.html');
  app.get('/graphql', (req, res, next) => {
    const wantsHtml = req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
    if (!wantsHtml || req.query.query) return next();
    if (fs.existsSync(graphiql)) return res.sendFile(graphiql);
    res.status(503).type('text/plain').send('GraphiQL is not built yet: run `npm run build`.');
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        const token = tokenOf(req.headers);
        const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
        return {
          user: await services.auth.userForToken(token),
          token,
          services,
          origin: originOf(req, deps.publicUrl),
          client: req.ip,
          setSessionCookie: (value, expiresAt) =>
            res.append(
              'Set-Cookie',
              serializeCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', expires: expiresAt, secure }),
            ),
          clearSessionCookie: () =>
            res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 0, secure })),
        };
      },
    }),
  );

  app.get('/media/*key', mediaHandler({ storage, urls: services.urls, userOf }));
  app.use(SHARE_PATH, shareRouter({ sharing: services.sharing, storage }));

  if (deps.serveWeb) {
    app.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      const index = path.join(WEB_DIST, 'index.html');
      if (fs.existsSync(index)) return res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
      res.status(503).type('text/plain').send('The web app is not built yet: run `npm run build`.');
    });
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as { port: number }).port);
        });
      }),
    close: () => apollo.stop(),
  };
}

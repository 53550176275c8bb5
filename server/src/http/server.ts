// The HTTP side: one Express app and one http.Server carrying /graphql (Apollo over HTTP,
// graphql-ws over WebSocket on the same path), /media, /healthz, and the SPA.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response } from 'express';
import { serialize as serializeCookie } from 'cookie';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Services } from '../services.js';
import type { Storage } from '../media/storage/storage.js';
import { operationContext, type GraphQLContext } from '../graphql/context.js';
import type { User } from '../generated/prisma/client.js';
import type { Config } from '../config.js';
import { formatError } from '../graphql/errors.js';
import { budgetRule, introspectionRefused, introspects } from '../graphql/limits.js';
import type { DirectUrls } from '../media/storage/storage.js';
import { mediaHandler } from './media.js';
import { requestHost, requestOrigin, type OriginPolicy } from './origin.js';
import { allowCrossOriginEmbedding, compressResponses, requestErrors, securityHeaders, webCacheControl } from './security.js';
import { SESSION_COOKIE, tokenOf } from './session.js';
import { createGraphQLWebSocket } from './websocket.js';
import type { SubscriptionFanOut } from '../graphql/fan-out.js';
import { compiledExecution, type CompiledQueries } from '../graphql/compiled-execution.js';
import type { DayAnswers } from '../graphql/day-answers.js';
import { shareRouter, type ShareLimiters } from './share.js';
import { SHARE_PATH } from '../sharing/service.js';
import type { OpsRoutes } from './ops.js';

export { SESSION_COOKIE, tokenOf };
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface HttpServer {
  server: http.Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, drains HTTP requests and WebSocket subscriptions. */
  close(): Promise<void>;
}

export type HttpOptions = Pick<Config, 'publicUrl' | 'serveWeb' | 'trustProxy' | 'allowedOrigins' | 'maxRequestBytes' | 'graphql'>;

/** Introspection (__schema, __type) is for signed-in callers; refused before anything runs. */
const introspectionForSignedIn: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        if (!contextValue.user && introspects(document)) throw introspectionRefused();
      },
    };
  },
};

/** The origin a storage's presigned URLs point at (signing is local: no request is made). */
async function presignedOrigin(direct: DirectUrls, log: (msg: string) => void): Promise<string[]> {
  try {
    return [new URL(await direct.presign('csp-origin-probe', 60)).origin];
  } catch (err) {
    log(`content security policy: could not learn the media store's origin (${(err as Error).message}); presigned media may be blocked`);
    return [];
  }
}

/** Apollo over HTTP, with the document limits (limits.ts) and the introspection rule. */
function createApollo(deps: {
  schema: GraphQLSchema;
  server: http.Server;
  limits: HttpOptions['graphql'];
  log: (msg: string) => void;
  onDrain: () => Promise<void>;
  plugins: ApolloServerPlugin<GraphQLContext>[];
}) {
  return new ApolloServer<GraphQLContext>({
    schema: deps.schema,
    introspection: true, // for signed-in callers only: introspectionForSignedIn
    // The process runner (process.ts) owns SIGTERM/SIGINT and stops everything in order.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: deps.limits.maxTokens },
    validationRules: [budgetRule(deps.limits)],
    formatError: (formatted, error) => formatError(formatted, error, deps.log),
    plugins: [
      // Requests still running after 6 s (a long media download) are cut, so the database still
      // closes cleanly within the 10 s a stop may take (process.ts).
      ApolloServerPluginDrainHttpServer({ httpServer: deps.server, stopGracePeriodMillis: 6000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints, traces and usage reports are for Apollo's cloud; each costs a hook per field.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      introspectionForSignedIn,
      ...deps.plugins,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await deps.onDrain();
            },
          };
        },
      },
    ],
  });
}

/** The context of one HTTP request: its caller, its origin, and its session cookie. */
async function httpContext(req: Request, res: Response, services: Services, policy: OriginPolicy): Promise<GraphQLContext> {
  const token = tokenOf(req.headers);
  // req.secure is TLS here, or X-Forwarded-Proto from a proxy TRUST_PROXY trusts.
  const cookie = { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure } as const;
  return operationContext({
    user: await services.auth.userForToken(token),
    token,
    services,
    origin: requestOrigin(req, policy),
    client: req.ip,
    setSessionCookie: (value, expiresAt) => res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, value, { ...cookie, expires: expiresAt })),
    clearSessionCookie: () => res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { ...cookie, maxAge: 0 })),
  });
}

/** A browser opening /graphql gets the offline GraphiQL IDE; API clients get GraphQL (next). */
function graphiqlPage(webDir: string): express.RequestHandler {
  const graphiql = path.join(webDir, 'graphiql.html');
  return (req, res, next) => {
    const wantsHtml = req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
    if (!wantsHtml || req.query.query) return next();
    if (fs.existsSync(graphiql)) return res.sendFile(graphiql, { headers: { 'Cache-Control': 'no-cache' } });
    res.status(503).type('text/plain').send('GraphiQL is not built yet: run `npm run build`.');
  };
}

/** The built SPA: its files, and index.html for every other path (client-side routes). */
function serveWebApp(app: express.Express, webDir: string): void {
  app.use(express.static(webDir, { index: false, cacheControl: false, setHeaders: webCacheControl(webDir) }));
  app.get('/{*path}', (_req, res) => {
    const index = path.join(webDir, 'index.html');
    if (fs.existsSync(index)) return res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    res.status(503).type('text/plain').send('The web app is not built yet: run `npm run build`.');
  });
}

export async function createHttpServer(deps: {
  schema: GraphQLSchema;
  services: Services;
  storage: Storage;
  options: HttpOptions;
  healthy: () => Promise<boolean>;
  log: (msg: string) => void;
  /** How share pages are rate-limited (http/share.ts shareLimiters). */
  shareLimiters: ShareLimiters;
  /** Request ids, /readyz, /metrics (http/ops.ts). */
  ops?: OpsRoutes;
  /** The built web app (tests point this at a folder of their own). */
  webDir?: string;
  fanOut?: SubscriptionFanOut;
  /** Queries run compiled (graphql/compiled-execution.ts); false or absent: graphql-js only. */
  compiledQueries?: CompiledQueries | false;
  /** Recent answers to a day's events, served again (needs compiledQueries). */
  dayAnswers?: DayAnswers;
}): Promise<HttpServer> {
  const { schema, services, storage, options } = deps;
  const webDir = deps.webDir ?? WEB_DIST;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  const server = http.createServer(app);
  deps.ops?.mount(app, server);
  let listening: OriginPolicy['listen'];
  const policy = (): OriginPolicy => ({
    publicUrl: options.publicUrl,
    trust: app.get('trust proxy fn') as OriginPolicy['trust'],
    listen: listening,
    allowedOrigins: options.allowedOrigins,
  });

  const userOf = (req: Request): Promise<User | null> => services.auth.userForToken(tokenOf(req.headers));

  const ws = createGraphQLWebSocket({ server, schema, services, limits: options.graphql, maxPayload: options.maxRequestBytes, policy, log: deps.log, fanOut: deps.fanOut, count: deps.ops?.socketCounts });

  const plugins = [...(deps.ops?.apolloPlugins ?? []), ...(deps.compiledQueries ? [compiledExecution(deps.compiledQueries, deps.dayAnswers)] : [])];
  const apollo = createApollo({ schema, server, limits: options.graphql, log: deps.log, onDrain: () => ws.dispose(), plugins });
  await apollo.start();

  // Presigned media (STORAGE=s3) comes from the store's own origin; the page must be allowed to load it.
  const direct = storage.directUrls();
  const mediaOrigins = direct ? await presignedOrigin(direct, deps.log) : [];
  app.use(
    securityHeaders({
      mediaOrigins,
      socketOrigins: (req) => {
        const host = requestHost(req, policy(), false);
        return host ? [`ws://${host}`, `wss://${host}`] : [];
      },
    }),
  );
  app.use(compressResponses());

  app.get('/healthz', async (_req, res) => {
    const ok = await deps.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });

  app.get('/graphql', graphiqlPage(webDir));

  app.use(
    '/graphql',
    express.json({ limit: options.maxRequestBytes }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => httpContext(req, res, services, policy()),
    }),
  );

  app.get('/media/*key', allowCrossOriginEmbedding, mediaHandler({ storage, urls: services.urls, userOf }));
  app.use(SHARE_PATH, shareRouter({ sharing: services.sharing, storage, limiters: deps.shareLimiters }));

  if (options.serveWeb) serveWebApp(app, webDir);

  app.use(requestErrors(options.maxRequestBytes, deps.log));

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const bound = (server.address() as { port: number }).port;
          listening = { host, port: bound };
          resolve(bound);
        });
      }),
    close: () => apollo.stop(),
  };
}

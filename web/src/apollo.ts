// Apollo Client for the SPA: queries and mutations over HTTP (the HttpOnly session cookie is
// sent with credentials: 'include'), subscriptions over graphql-ws on the same /graphql path
// (the cookie authenticates the WebSocket upgrade too; the token from this tab's login, if any,
// also goes in connectionParams).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { reportOnline, reportSocket } from './connection.ts';
import { graphqlHttpUrl, graphqlWsUrl } from './urls.ts';

let sessionToken: string | null = null;

/** Kept in memory only (never in storage): the cookie is what survives a reload. */
export function setSessionToken(token: string | null): void {
  sessionToken = token;
}

export interface DayreelClient {
  client: ApolloClient;
  ws: Client;
  /** Drops the WebSocket so that the next subscription connects with the current cookie. */
  restartSocket: () => void;
}

export function createDayreelClient(onUnauthenticated: () => void): DayreelClient {
  const ws = createClient({
    url: graphqlWsUrl(window.location),
    lazy: true,
    connectionParams: () => (sessionToken ? { token: sessionToken } : {}),
    // A render may run for minutes: keep following it through network hiccups and restarts.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** Math.min(retries, 5))));
    },
  });

  ws.on('connected', () => reportSocket(true));
  // A socket that closes while subscriptions want it will be retried: until then, say so.
  ws.on('closed', () => reportSocket(false));
  window.addEventListener('offline', () => reportOnline(false));
  window.addEventListener('online', () => {
    reportOnline(true);
    // Don't wait for the retry back-off (up to 10 s): reconnect now and catch up.
    ws.terminate();
  });

  const http = new HttpLink({ uri: graphqlHttpUrl(), credentials: 'include' });
  const errors = new ErrorLink(({ error, operation }) => {
    if (operation.operationName === 'Login' || operation.operationName === 'Session') return;
    const unauthenticated =
      (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) ||
      (ServerError.is(error) && error.statusCode === 401);
    if (unauthenticated) onUnauthenticated();
  });

  const link = ApolloLink.from([
    errors,
    ApolloLink.split((op) => op.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http),
  ]);

  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        DaySummary: { keyFields: ['date'] },
        Limits: { keyFields: [] },
        Diary: { keyFields: ['date'] },
        VlogSettings: { merge: true },
        MusicWindow: { merge: true },
        VlogProgress: { keyFields: false },
        VlogConnection: { merge: false },
        Query: {
          fields: {
            // A re-read replaces the list (deleted vlogs disappear).
            vlogs: { keyArgs: ['date', 'status'], merge: false },
            recommendEvents: { merge: false },
            eventsByDate: { merge: false },
          },
        },
        Vlog: { fields: { segments: { merge: false } } },
      },
    }),
  });

  return { client, ws, restartSocket: () => ws.terminate() };
}

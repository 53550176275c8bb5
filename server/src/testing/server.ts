// Starts the whole product for a test file — real HTTP, real WebSockets, real database
// (PGlite, or PostgreSQL with TEST_BACKEND=postgres) — and offers small client helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { loadConfig, type Config } from '../config.js';
import { startDayreel, type Dayreel, type Logger, type StartOptions } from '../app.js';
import { createPgliteDataDir, createPostgresDatabase, testBackend } from './db.js';
import { PASSWORD } from './fixtures.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface TestServer {
  app: Dayreel;
  url: string;
  config: Config;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  login(username: string, password?: string): Promise<string>;
  ws(token?: string): Client;
  stop(): Promise<void>;
}

/** `log` receives the server's log lines (else they print only with DAYREEL_TEST_LOG set). */
export async function startTestServer(overrides: Partial<Config> = {}, opts: StartOptions & { log?: Logger } = {}): Promise<TestServer> {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (testBackend() === 'postgres') {
    const pg = await createPostgresDatabase();
    databaseUrl = pg.url;
    drop = pg.drop;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-test-'));
  } else {
    dataDir = await createPgliteDataDir();
  }
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    dataDir,
    databaseUrl,
    demo: false,
    serveWeb: false,
    logLevel: 'silent',
    autoBackup: false,
    minEvents: 3,
    ...overrides,
  };
  // No kept day answers unless a test asks for them (graphql/day-answers.ts): fixtures write events
  // straight into the database, which no product path does without announcing it.
  const app = await startDayreel(config, opts.log ?? (process.env.DAYREEL_TEST_LOG ? (m) => console.log(m) : undefined), { dayAnswers: false, ...opts });
  const clients: Client[] = [];
  const gql: TestServer['gql'] = async (query, variables, token) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };
  return {
    app,
    url: app.url,
    config,
    gql,
    async login(username, password = PASSWORD) {
      const res = await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: username, p: password });
      if (!res.data?.login?.token) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.token as string;
    },
    ws(token) {
      const client = createClient({
        url: `${app.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { token } : undefined,
        retryAttempts: 0,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await app.stop();
      await drop?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects a subscription's messages until it completes (or fails). */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown>, onMessage?: (msg: GraphQLResponse<T>) => void) {
  const messages: GraphQLResponse<T>[] = [];
  let unsubscribe = () => {};
  const done = new Promise<GraphQLResponse<T>[]>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (msg) => {
          messages.push(msg as GraphQLResponse<T>);
          onMessage?.(msg as GraphQLResponse<T>);
        },
        error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => resolve(messages),
      },
    );
  });
  return { messages, done, unsubscribe: () => unsubscribe() };
}

// Small real-network probes for the security tests: raw HTTP (any Host header), graphql-ws
// clients with browser-like headers (Origin, Cookie), raw WebSockets, close codes, and how long
// /healthz takes while something else runs (a loose measure of event-loop hold).
import fs from 'node:fs';
import http from 'node:http';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** An HTTP request with exactly these headers (fetch would not send a Host of our choosing). */
export function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST a GraphQL document over HTTP; the body is parsed when it is JSON. */
export async function postGraphQL(baseUrl: string, query: string, headers: Record<string, string> = {}): Promise<RawResponse & { json: any }> {
  const res = await rawRequest(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

/** A graphql-ws client whose upgrade request carries these headers (as a browser's Origin and Cookie). */
export function wsClient(baseUrl: string, opts: { headers?: Record<string, string>; connectionParams?: Record<string, unknown>; lazy?: boolean } = {}): Client & { closed: Promise<{ code: number; reason: string; at: number }> } {
  const headers = opts.headers ?? {};
  class HeaderSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  let onClosed: (v: { code: number; reason: string; at: number }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string; at: number }>((r) => (onClosed = r));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: HeaderSocket,
    connectionParams: opts.connectionParams,
    lazy: opts.lazy ?? true,
    retryAttempts: 0,
    onNonLazyError: () => {}, // the tests read `closed` instead
    on: { closed: (e) => onClosed({ code: (e as { code: number }).code, reason: String((e as { reason?: string }).reason ?? ''), at: performance.now() }) },
  });
  return Object.assign(client, { closed });
}

/** The first result of one operation over a graphql-ws client: its payload, or the error it ended with. */
export function runOnce(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] } | { closed: unknown }> {
  return new Promise((resolve) => {
    let first: { data?: any; errors?: any[] } | undefined;
    client.subscribe(
      { query, variables },
      {
        next: (v) => (first ??= v as { data?: any; errors?: any[] }),
        error: (err) => resolve(Array.isArray(err) ? { errors: err } : { closed: err }),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}

/** A raw WebSocket speaking graphql-transport-ws, resolving with how it was closed. */
export function rawSocket(baseUrl: string, onOpen: (socket: WebSocket) => void, headers: Record<string, string> = {}): Promise<{ code: number; ms: number; messages: string[] }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(String(data)));
    socket.on('open', () => onOpen(socket));
    socket.on('close', (code) => resolve({ code, ms: performance.now() - started, messages }));
    socket.on('error', (err) => {
      // ws reports the server's early close of a huge frame as an error before 'close'.
      if (socket.readyState === WebSocket.CLOSED) reject(err);
    });
  });
}

/**
 * Runs work while asking /healthz at once and then every 20 ms; the slowest answer, counted from
 * when the ask was due (so a held event loop shows whether it delays the timer or the request),
 * is how long the server's event loop was held — loosely: client and server share this process.
 */
export async function healthWhile<T>(baseUrl: string, work: () => Promise<T>): Promise<{ result: T; slowestHealthMs: number; workMs: number; healthChecks: number }> {
  let running = true;
  let slowest = 0;
  let checks = 0;
  const poll = (async () => {
    for (let first = true; running; first = false) {
      // The first ask goes out with the work; later ones every 20 ms.
      const due = performance.now() + (first ? 0 : 20);
      if (!first) await new Promise((r) => setTimeout(r, 20));
      const res = await rawRequest(`${baseUrl}/healthz`);
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      slowest = Math.max(slowest, performance.now() - due);
      checks++;
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, slowestHealthMs: slowest, workMs: performance.now() - started, healthChecks: checks };
  } finally {
    running = false;
    await poll;
  }
}

/** Ports this process listens on over TCP (IPv4 and IPv6), from /proc. */
export function listeningTcpPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) ports.push(parseInt(cols[1]!.split(':').pop()!, 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

// Security regression suite for the transport (findings 1, 2, 3, 7 of docs/SECURITY.md and the start-up
// part of 6), over real HTTP and real WebSockets against the whole product on a real database.
// Each test failed on the code before the fix; the timings it logs are the figures reported.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay } from '../testing/fixtures.js';
import { healthWhile, listeningTcpPorts, postGraphQL, rawRequest, rawSocket, runOnce, wsClient } from '../testing/probes.js';
import { openDatabase } from '../db/database.js';
import { dayreelSchema } from '../app.js';
import { createHttpServer, SESSION_COOKIE, type HttpServer } from '../http/server.js';
import { shareLimiters } from '../http/share.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DATE = '2026-11-20';
/** Generous: the machine is shared and noisy; the attacks took 1.7–26 s before the fix. */
const HEALTH_BOUND_MS = 1500;

let t: TestServer;
let alice: string;
const bearer = () => ({ authorization: `Bearer ${alice}` });
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

beforeAll(async () => {
  t = await startTestServer();
  const user = await createUser(t.app.db.prisma, 'alice');
  await seedDay({ prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool }, user.id, { date: DATE, recordings: 2, diary: '早上做早餐，下午去公園散步。' });
  alice = await t.login('alice');
});

afterAll(async () => {
  await t?.stop();
});

describe('finding 1: the embedded database answers only Dayreel', () => {
  it('serves PGlite on an owner-only Unix socket in DATA_DIR, with no TCP listener', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-db-'));
    const dataDir = path.join(root, 'nested', 'data'); // Dayreel creates it
    const before = listeningTcpPorts();
    const db = await openDatabase({ dataDir });
    try {
      // No new TCP listener in this process (before the fix: one on 127.0.0.1 for PGlite).
      expect(listeningTcpPorts()).toEqual(before);
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dataDir, 'pglite')).mode & 0o777).toBe(0o700);
      const { host, port } = parseConnectionString(db.url);
      expect(host).toMatch(/^\//);
      expect(fs.statSync(host!).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(host!, `.s.PGSQL.${port}`)).isSocket()).toBe(true);
      // Dayreel's own clients (pg-notify, scripts) still connect through Database.url.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await client.end();
      if (process.getuid?.() === 0) {
        // Another local user cannot reach it (as root here, we can try as nobody).
        const probe = `require('net').connect(${JSON.stringify(path.join(host!, `.s.PGSQL.${port}`))}).on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
        const out = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, cwd: '/', encoding: 'utf8', timeout: 20_000 });
        expect(out.stdout.trim()).toBe('EACCES');
      }
    } finally {
      await db.close();
    }
    // Stopped: the socket folder is gone with it.
    expect(fs.readdirSync(dataDir)).not.toContain('pglite-socket');
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('finding 2: no request holds the event loop', () => {
  const refusedQuickly = (res: { status: number; json: any }) => {
    expect(res.json?.data).toBeUndefined();
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.json?.errors?.[0]?.message).toMatch(/tokens|fields/);
  };

  it('refuses a 5,000-alias `days` flood before running it, and /healthz keeps answering', async () => {
    const run = await healthWhile(t.url, () => postGraphQL(t.url, aliases(5000, 'days { date }'), bearer()));
    console.log(`[figure] 5,000 aliased days: answered (${run.result.json?.errors?.[0]?.extensions?.code ?? 'ran'}) in ${run.workMs.toFixed(0)} ms; slowest /healthz ${run.slowestHealthMs.toFixed(0)} ms`);
    refusedQuickly(run.result);
    expect(run.result.status).toBe(400);
    expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  });

  it('refuses 1,000 aliased `recommendEvents`, and 100 of them (within the token limit) by the field budget', async () => {
    const field = `recommendEvents(date: "${DATE}") { score }`;
    const run = await healthWhile(t.url, () => postGraphQL(t.url, aliases(1000, field), bearer()));
    console.log(`[figure] 1,000 aliased recommendEvents: answered (${run.result.json?.errors?.[0]?.extensions?.code ?? 'ran'}) in ${run.workMs.toFixed(0)} ms; slowest /healthz ${run.slowestHealthMs.toFixed(0)} ms`);
    refusedQuickly(run.result);
    expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
    const hundred = await postGraphQL(t.url, aliases(100, field), bearer());
    refusedQuickly(hundred);
    expect(hundred.json.errors[0].message).toMatch(/100 top-level fields; at most 20/);
    // A modest document still runs.
    const ok = await postGraphQL(t.url, aliases(3, field), bearer());
    expect(ok.json.errors).toBeUndefined();
    expect(ok.json.data.a0.length).toBeGreaterThan(0);
  });

  it('refuses an unauthenticated 60,000-field document at the parser', async () => {
    const doc = `{ me { ${'id '.repeat(60_000)}} }`; // 180 KB
    const run = await healthWhile(t.url, () => postGraphQL(t.url, doc));
    console.log(`[figure] 60,000-field document: answered (${run.result.json?.errors?.[0]?.extensions?.code ?? 'ran'}) in ${run.workMs.toFixed(0)} ms; slowest /healthz ${run.slowestHealthMs.toFixed(0)} ms`);
    refusedQuickly(run.result);
    expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  });

  it('refuses an HTTP body over 1 MB with 413 and no internals', async () => {
    const res = await postGraphQL(t.url, `{ me { username } } # ${'x'.repeat(2 * 1024 * 1024)}`, bearer());
    expect(res.status).toBe(413);
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body).not.toMatch(/node_modules|\bat \w+ \(|\/src\//);
  });

  it('applies the same limits over WebSocket, erroring only that operation', async () => {
    const client = wsClient(t.url, { connectionParams: { token: alice } });
    const flood = await runOnce(client, aliases(5000, 'days { date }'));
    expect((flood as { errors: any[] }).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const budget = await runOnce(client, aliases(100, 'days { date }'));
    expect((budget as { errors: any[] }).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // The socket is still open and serves the next operation.
    expect(await runOnce(client, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    await client.dispose();
  });

  it('closes a socket sending a 30 MB frame (the HTTP body limit, 1 MB, applies), before and after connection_init', async () => {
    const huge = JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(30 * 1024 * 1024) } });
    const run = await healthWhile(t.url, () => rawSocket(t.url, (socket) => {
      socket.send(huge);
      setTimeout(() => socket.close(), 5000); // without a limit nothing closes it
    }));
    console.log(`[figure] 30 MB frame before connection_init: closed (${run.result.code}) in ${run.result.ms.toFixed(0)} ms, answers ${JSON.stringify(run.result.messages.map((m) => JSON.parse(m).type))}; slowest /healthz ${run.slowestHealthMs.toFixed(0)} ms`);
    expect(run.result.code).toBe(1009); // Message Too Big
    expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);

    const subscribe = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ me { username } } # ${'x'.repeat(30 * 1024 * 1024)}` } });
    const signedIn = await rawSocket(t.url, (socket) => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { token: alice } }));
      socket.once('message', () => socket.send(subscribe)); // after connection_ack
    });
    expect(signedIn.messages.map((m) => JSON.parse(m).type)).toEqual(['connection_ack']);
    expect(signedIn.code).toBe(1009);
    // Just under the limit is still a message like any other.
    const ok = await runOnce(wsClient(t.url, { connectionParams: { token: alice } }), `{ me { username } } # ${'x'.repeat(900 * 1024)}`);
    expect(ok).toEqual({ data: { me: { username: 'alice' } } });
  });
});

describe('finding 3: sockets belong to a live session', () => {
  it('refuses connection_init without a valid session (4403)', async () => {
    for (const params of [undefined, { token: 'not-a-session' }]) {
      const client = wsClient(t.url, { connectionParams: params, lazy: false });
      expect((await client.closed).code).toBe(4403);
    }
  });

  it('accepts cookie sockets only from its own origin; tokens need no Origin', async () => {
    const cookie = `${SESSION_COOKIE}=${alice}`;
    const evil = wsClient(t.url, { headers: { cookie, origin: 'http://evil.example' } });
    const evilRun = await runOnce(evil, 'mutation { updateMe(input: { locale: "zh-TW" }) { locale } }');
    expect(evilRun).toHaveProperty('closed');
    expect((await evil.closed).code).toBe(4403);
    expect((await t.gql('{ me { locale } }', {}, alice)).data.me.locale).toBe('en'); // nothing changed

    const own = wsClient(t.url, { headers: { cookie, origin: t.url } });
    expect(await runOnce(own, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    await own.dispose();
    const viaToken = wsClient(t.url, { headers: { origin: 'http://evil.example' }, connectionParams: { token: alice } });
    expect(await runOnce(viaToken, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    await viaToken.dispose();
    const viaBearer = wsClient(t.url, { connectionParams: { Authorization: `Bearer ${alice}` } });
    expect(await runOnce(viaBearer, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    await viaBearer.dispose();
  });

  it('ends the sockets of a session within a second of its logout', async () => {
    const token = await t.login('alice');
    const client = wsClient(t.url, { connectionParams: { token }, lazy: false });
    expect(await runOnce(client, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    const cookieSocket = wsClient(t.url, { headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: t.url }, lazy: false });
    expect(await runOnce(cookieSocket, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    const started = performance.now();
    expect((await t.gql('mutation { logout }', {}, token)).data.logout).toBe(true);
    const [closed, closedCookie] = await Promise.all([client.closed, cookieSocket.closed]);
    console.log(`[figure] logout → socket closed in ${(closed.at - started).toFixed(0)} ms`);
    expect(closed.code).toBe(4403);
    expect(closedCookie.code).toBe(4403);
    expect(closed.at - started).toBeLessThan(1000);
    // The token is dead everywhere at once, not after the 5 s session cache.
    expect((await t.gql('{ me { username } }', {}, token)).data.me).toBeNull();
    const again = wsClient(t.url, { connectionParams: { token }, lazy: false });
    expect((await again.closed).code).toBe(4403);
  });

  it('ends a socket when its session expires', async () => {
    const token = await t.login('alice');
    const expiresAt = new Date(Date.now() + 1500);
    const hash = (await import('node:crypto')).createHash('sha256').update(token).digest('hex');
    await t.app.db.prisma.session.update({ where: { tokenHash: hash }, data: { expiresAt } });
    const client = wsClient(t.url, { connectionParams: { token }, lazy: false });
    expect(await runOnce(client, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    const closed = await client.closed;
    expect(closed.code).toBe(4403);
    expect(Date.now() - expiresAt.getTime()).toBeLessThan(1000);
  });

  it('errors only the bad operation: a syntax error leaves the socket and its other subscriptions open', async () => {
    const client = wsClient(t.url, { connectionParams: { token: alice }, lazy: false });
    const bad = await runOnce(client, '{ me { username ');
    expect((bad as { errors: any[] }).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await runOnce(client, '{ nothing }');
    expect((unknown as { errors: any[] }).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await runOnce(client, '{ me { username } }')).toEqual({ data: { me: { username: 'alice' } } });
    const stillOpen = await Promise.race([client.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 300))]);
    expect(stillOpen).toBe(true);
    await client.dispose();
  });
});

describe('finding 7: HTTP hygiene', () => {
  let proxied: HttpServer;
  let proxiedUrl: string;
  let webDir: string;

  beforeAll(async () => {
    // The same services behind a second listener that serves a small built web app and trusts
    // a proxy on loopback (as TRUST_PROXY=loopback does).
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Dayreel</title><script type="module" src="/assets/index-abc123.js"></script>');
    fs.writeFileSync(path.join(webDir, 'graphiql.html'), '<!doctype html><title>GraphiQL</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('dayreel '.repeat(20_000))});`);
    proxied = await createHttpServer({
      schema: dayreelSchema(),
      services: t.app.services,
      storage: t.app.storage,
      options: { ...t.config, serveWeb: true, trustProxy: 'loopback' },
      healthy: async () => true,
      log: () => {},
      shareLimiters: shareLimiters(t.app.db),
      webDir,
    });
    proxiedUrl = `http://127.0.0.1:${await proxied.listen(0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    await proxied?.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('sends security headers on every page: the SPA, its routes, GraphiQL, GraphQL, media and /healthz', async () => {
    const pages = [
      `${proxiedUrl}/`,
      `${proxiedUrl}/day/${DATE}`,
      `${proxiedUrl}/assets/index-abc123.js`,
      `${t.url}/healthz`,
      `${t.url}/media/users/1/nothing.mp4`,
    ];
    const responses = await Promise.all(pages.map((url) => rawRequest(url)));
    responses.push(await rawRequest(`${proxiedUrl}/graphql`, { headers: { accept: 'text/html' } }));
    responses.push(await postGraphQL(t.url, '{ __typename }'));
    for (const res of responses) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(responses[5]!.body).toContain('GraphiQL');
  });

  it('compresses the web app and GraphQL answers, and caches hashed assets for good', async () => {
    const js = await rawRequest(`${proxiedUrl}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.headers['content-encoding']).toMatch(/^(br|gzip)$/);
    expect(js.body.length).toBeLessThan(20_000); // 160 KB of text, compressed
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await rawRequest(`${proxiedUrl}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(index.headers['cache-control']).toBe('no-cache');
    const route = await rawRequest(`${proxiedUrl}/day/${DATE}`);
    expect(route.headers['cache-control']).toBe('no-cache');
    const answer = await postGraphQL(t.url, getIntrospectionQuery(), { ...bearer(), 'accept-encoding': 'gzip' });
    expect(answer.headers['content-encoding']).toBe('gzip');
  });

  it('shows the schema to signed-in callers only', async () => {
    const anonymous = await postGraphQL(t.url, '{ __schema { types { name } } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.data).toBeUndefined();
    expect(anonymous.json.errors[0].extensions.http).toBeUndefined();
    expect(anonymous.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const viaFragment = await postGraphQL(t.url, 'query { ...F } fragment F on Query { __type(name: "User") { name } }');
    expect(viaFragment.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await postGraphQL(t.url, '{ __typename }')).json.data).toEqual({ __typename: 'Query' });
    const signedIn = await postGraphQL(t.url, getIntrospectionQuery(), bearer());
    expect(signedIn.json.errors).toBeUndefined();
    expect(signedIn.json.data.__schema.types.length).toBeGreaterThan(20);
  });

  it('trusts X-Forwarded-* and Host only as configured (TRUST_PROXY), for media URLs and the Secure cookie', async () => {
    const query = `{ eventsByDate(date: "${DATE}") { recording { url } } }`;
    const port = new URL(t.url).port;
    const forged = { ...bearer(), host: 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
    const direct = await postGraphQL(t.url, query, forged);
    expect(new URL(direct.json.data.eventsByDate[0].recording.url).origin).toBe(`http://127.0.0.1:${port}`);
    const login = await postGraphQL(t.url, 'mutation { login(username: "alice", password: "secret123") { token } }', { 'x-forwarded-proto': 'https' });
    expect(String(login.headers['set-cookie'])).not.toMatch(/Secure/i);
    // Another name of this same server is fine.
    const localhost = await postGraphQL(t.url, query, { ...bearer(), host: `localhost:${port}` });
    expect(new URL(localhost.json.data.eventsByDate[0].recording.url).origin).toBe(`http://localhost:${port}`);

    // Behind a trusted proxy its headers count.
    const proxiedAnswer = await postGraphQL(proxiedUrl, query, { ...bearer(), 'x-forwarded-proto': 'https', 'x-forwarded-host': 'dayreel.example' });
    expect(new URL(proxiedAnswer.json.data.eventsByDate[0].recording.url).origin).toBe('https://dayreel.example');
    const proxiedLogin = await postGraphQL(proxiedUrl, 'mutation { login(username: "alice", password: "secret123") { token } }', { 'x-forwarded-proto': 'https' });
    expect(String(proxiedLogin.headers['set-cookie'])).toMatch(/Secure/i);
  });
});

describe('finding 6 (start-up): a failed start says why in one sentence and exits non-zero', () => {
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, DEMO: 'off', SERVE_WEB: 'off', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  const oneSentence = (stderr: string) => {
    const lines = stderr.trim().split('\n').filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Dayreel cannot start: .+\.$/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack
    return lines[0]!;
  };

  it('DATA_DIR that is a file, and a port already in use', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-startup-'));
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const blocker = net.createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as net.AddressInfo).port)));
    try {
      const [notAFolder, busy] = await Promise.all([
        start({ DATA_DIR: file, PORT: '0' }),
        start({ DATA_DIR: path.join(dir, 'data'), PORT: String(port) }),
      ]);
      expect(notAFolder.code).not.toBe(0);
      expect(oneSentence(notAFolder.stderr)).toContain(`DATA_DIR ${file} is not a folder`);
      expect(busy.code).not.toBe(0);
      expect(oneSentence(busy.stderr)).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Operations of an API process over real HTTP and WebSockets: /readyz naming the failing part,
// /metrics after real requests, subscriptions and renders, and a request id that follows a
// createVlog into every log line of its render.
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, seedDay, type SeededDay } from '../testing/fixtures.js';
import { mediaDirOf } from '../config.js';
import { createLogger, logFunction } from '../lib/logger.js';
import { startWorkerHealth } from './worker-health.js';
import { uuidv7 } from '../lib/uuid.js';

let t: TestServer;
let token: string;
let day: SeededDay;
const lines: Record<string, unknown>[] = [];

const CREATE = `mutation CreateVlog($input: CreateVlogInput!) { createVlog(input: $input) { id } }`;
const PROGRESS = `subscription Watch($id: ID!) { vlogProgress(vlogId: $id) { status } }`;

beforeAll(async () => {
  const logger = createLogger({ level: 'debug', format: 'json', name: 'api', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  t = await startTestServer({ minEvents: 2 }, { log: logFunction(logger) });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const user = await createUser(deps.prisma, 'olivia');
  day = await seedDay(deps, user.id, { date: '2026-11-20', recordings: 2 });
  token = await t.login('olivia');
});

afterAll(async () => {
  await t?.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The value of one sample in Prometheus text: `name{…}` whose labels include `label` (e.g. `code="X"`). */
function sample(text: string, name: string, label = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function createVlog(eventIds: string[], requestId: string): Promise<string> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query: CREATE, variables: { input: { date: '2026-11-20', eventIds, resolution: 'P480', maxDuration: 30 } } }),
  });
  expect(res.headers.get('x-request-id')).toBe(requestId);
  const body = (await res.json()) as { data?: { createVlog: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.createVlog.id;
}

describe('/readyz', () => {
  it('answers 503 naming storage when the media folder cannot be written, 200 once it can', async () => {
    const media = mediaDirOf(t.config);
    fs.mkdirSync(media, { recursive: true });
    fs.renameSync(media, `${media}.away`);
    fs.writeFileSync(media, 'not a folder');
    try {
      const res = await get('/readyz');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text)).toMatchObject({
        status: 'unavailable',
        failing: ['storage'],
        checks: { database: 'ok', migrations: 'ok', ffmpeg: 'ok', storage: 'failed', queue: 'ok' },
      });
      expect(res.text).not.toContain(media); // no paths in a possibly public answer
      expect(lines.some((l) => l.level === 'warn' && String(l.msg).startsWith('not ready: storage'))).toBe(true);
    } finally {
      fs.rmSync(media);
      fs.renameSync(`${media}.away`, media);
    }
    const again = await get('/readyz');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', ffmpeg: 'ok', storage: 'ok', queue: 'ok' } });
  });

  it('answers 503 naming migrations when one is not applied', async () => {
    const pool = t.app.db.pool;
    const { rows } = await pool.query(`SELECT id FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
    await pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [rows[0].id]);
    try {
      const res = await get('/readyz');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text).failing).toEqual(['migrations']);
    } finally {
      await pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = $1`, [rows[0].id]);
    }
    expect((await get('/readyz')).status).toBe(200);
  });

  it('leaves /healthz a cheap liveness answer', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'ok' });
  });
});

describe('a createVlog followed into its render', () => {
  it('carries the request id into the job and every log line of its render, and counts it in /metrics', async () => {
    const requestId = 'req-ops-test-1';
    const id = await createVlog([day.eventIds[0]!, day.eventIds[3]!], requestId);
    const job = await t.app.db.prisma.renderJob.findFirstOrThrow({ where: { params: { path: ['vlog_id'], equals: id } } });
    expect((job.params as { request_id?: string }).request_id).toBe(requestId);

    const ws = t.ws(token);
    const watch = collect(ws, PROGRESS, { id });
    // While the subscription is open it is counted, with its socket.
    await expect.poll(async () => sample((await get('/metrics')).text, 'dayreel_active_subscriptions', 'field="vlogProgress"'), { timeout: 10_000 }).toBe(1);
    expect(sample((await get('/metrics')).text, 'dayreel_open_websockets')).toBe(1);
    const messages = await watch.done;
    expect(messages.at(-1)?.data?.vlogProgress.status).toBe('COMPLETED');

    const ours = lines.filter((l) => l.requestId === requestId);
    const renderLines = ours.filter((l) => String(l.msg).startsWith('render '));
    expect(renderLines.map((l) => String(l.msg).split(/[ :]/)[1])).toEqual(['started', 'finished']);
    for (const l of renderLines) expect(l).toMatchObject({ jobId: job.id, vlogId: id, name: 'api' });
    // The runner's own lines (woken by that request, polling on) are not tagged with it.
    const runnerLines = lines.filter((l) => String(l.msg).startsWith(`job ${job.id}`));
    expect(runnerLines.length).toBeGreaterThan(0);
    expect(runnerLines.filter((l) => l.requestId)).toEqual([]);

    const metrics = (await get('/metrics')).text;
    expect(sample(metrics, 'dayreel_render_wall_seconds_count')).toBe(1);
    expect(sample(metrics, 'dayreel_render_realtime_factor_count')).toBe(1);
    expect(sample(metrics, 'dayreel_render_ffmpeg_peak_bytes')).toBeGreaterThan(1_000_000);
    expect(sample(metrics, 'dayreel_graphql_request_duration_seconds_count', 'operation="CreateVlog"')).toBe(1);
    expect(sample(metrics, 'dayreel_queue_jobs', 'status="pending"')).toBe(0);
    expect(sample(metrics, 'dayreel_queue_oldest_pending_seconds')).toBe(0);
    await expect.poll(async () => sample((await get('/metrics')).text, 'dayreel_active_subscriptions', 'field="vlogProgress"')).toBe(0);
  });

  it('counts GraphQL errors by extensions.code and failed renders by error code', async () => {
    await t.gql('{ nope }');
    await t.gql('{ vlogs { totalCount } }');
    // A render whose footage goes missing after the vlog was accepted fails.
    await t.app.runner.stop();
    const id = await createVlog([day.eventIds[3]!, day.eventIds[4]!], 'req-ops-test-2');
    const recording = await t.app.db.prisma.recording.findUniqueOrThrow({ where: { id: day.recordingIds[1]! } });
    await t.app.storage.delete(recording.storageKey);
    await t.app.runner.start();
    await expect.poll(async () => (await t.app.db.prisma.vlog.findUniqueOrThrow({ where: { id } })).status, { timeout: 60_000 }).toBe('failed');
    // Over the WebSocket too: a document that does not validate, a vlog that is not there.
    const ws = t.ws(token);
    await expect(collect(ws, 'subscription { nope }', {}).done).rejects.toThrow(/nope/);
    const missing = await collect(ws, PROGRESS, { id: uuidv7() }).done;
    expect(missing[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const metrics = (await get('/metrics')).text;
    expect(sample(metrics, 'dayreel_graphql_errors_total', 'code="GRAPHQL_VALIDATION_FAILED"')).toBe(2);
    expect(sample(metrics, 'dayreel_graphql_errors_total', 'code="NOT_FOUND"')).toBe(1);
    expect(sample(metrics, 'dayreel_graphql_errors_total', 'code="UNAUTHENTICATED"')).toBe(1);
    expect(sample(metrics, 'dayreel_websocket_slow_clients_closed_total')).toBe(0);
    await expect.poll(async () => sample((await get('/metrics')).text, 'dayreel_render_failures_total', 'code="RENDER_FAILED"')).toBe(1);
    expect(lines.some((l) => l.requestId === 'req-ops-test-2' && l.level === 'warn' && String(l.msg).startsWith('render failed'))).toBe(true);
  });

  it('serves /metrics to loopback clients in Prometheus text', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toContain('# TYPE dayreel_graphql_request_duration_seconds histogram');
  });
});

describe("a worker's health port", () => {
  it('fails /healthz when a job it renders has a stale heartbeat, and keeps /metrics from other machines', async () => {
    const jobId = uuidv7();
    await t.app.db.prisma.renderJob.create({
      data: { id: jobId, type: 'health_probe_test', status: 'running', params: {}, heartbeatAt: new Date(Date.now() - 60_000) },
    });
    let running: string[] = [];
    const health = await startWorkerHealth(
      { pool: t.app.db.pool, metrics: t.app.metrics, ready: t.app.ready, running: () => running, staleSeconds: 20, log: () => {} },
      0,
      '0.0.0.0',
    );
    try {
      const port = new URL(health.url).port;
      const healthz = async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return { status: res.status, body: await res.json() };
      };
      expect(await healthz()).toEqual({ status: 200, body: { status: 'ok', runningJobs: 0, lastHeartbeatAgeSeconds: null } });
      running = [jobId];
      const stale = await healthz();
      expect(stale.status).toBe(503);
      expect(stale.body).toMatchObject({ status: 'stale', runningJobs: 1 });
      expect(stale.body.lastHeartbeatAgeSeconds).toBeGreaterThanOrEqual(59);
      await t.app.db.prisma.renderJob.update({ where: { id: jobId }, data: { heartbeatAt: new Date() } });
      expect((await healthz()).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      // The same listener reached through this machine's own network address is not loopback.
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4');
      expect(external, 'this test needs a non-loopback IPv4 address').toBeDefined();
      expect((await fetch(`http://${external!.address}:${port}/metrics`)).status).toBe(403);
    } finally {
      await health.close();
      await t.app.db.prisma.renderJob.delete({ where: { id: jobId } });
    }
  });
});

// The security review's domain findings (docs/SECURITY.md) where several processes share one PostgreSQL server: sign-in
// throttling and the share pages' rate limit hold across API processes, and pg-boss serves users in turn. PostgreSQL only
// (vitest.config.ts postgresOnly): the embedded database belongs to one process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser } from '../testing/fixtures.js';
import { startDayreel, type Dayreel } from '../app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { PgBossJobRunner } from '../jobs/pgboss.js';
import type { JobType } from '../jobs/runner.js';
import { SHARE_PAGE_LIMIT } from '../http/share.js';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

describe('login throttling and share-page limits across API processes', () => {
  let t: TestServer;
  let second: Dayreel;
  let secondDir: string;

  beforeAll(async () => {
    t = await startTestServer({ runner: false, loginFreeAttempts: 3, loginFreeAttemptsPerClient: 1000, loginMaxDelaySeconds: 60 });
    await createUser(t.app.db.prisma, 'alice');
    // A second API server on the same database: its own pool, caches and memory.
    secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-second-'));
    second = await startDayreel({ ...t.config, dataDir: secondDir, port: 0 });
  });
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
    if (secondDir) fs.rmSync(secondDir, { recursive: true, force: true });
  });

  const attempt = async (url: string, password: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { u: 'alice', p: password } }),
    });
    return { status: res.status, code: ((await res.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code };
  };

  it('counts failures on one process against the other, even when they arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? second.url : t.url, `guess${i}`)));
    const checked = results.filter((r) => r.code === 'UNAUTHENTICATED').length;
    console.log(`[figure] 20 parallel wrong passwords over 2 API processes: ${checked} checked, ${20 - checked} refused RATE_LIMITED`);
    expect(checked).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r.code === 'RATE_LIMITED').every((r) => r.status === 429)).toBe(true);
    // Blocked on both.
    expect((await attempt(t.url, 'secret123')).code).toBe('RATE_LIMITED');
    expect((await attempt(second.url, 'secret123')).code).toBe('RATE_LIMITED');
  });

  it("counts a client's share-page views on one process against the other", async () => {
    // No such link: a 404 page, counted like any other view.
    const view = async (url: string) => {
      const res = await fetch(`${url}/s/${'0'.repeat(64)}`);
      await res.text();
      return { status: res.status, retryAfter: Number(res.headers.get('retry-after')) };
    };
    const views = [];
    for (let i = 0; i < SHARE_PAGE_LIMIT; i++) views.push(await view(i % 2 ? second.url : t.url));
    expect(views.every((v) => v.status === 404)).toBe(true);
    // The window is used up on both, half of it on each.
    for (const url of [t.url, second.url]) {
      const refused = await view(url);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(0);
    }
  });
});

describe('pg-boss serves users in turn', () => {
  let db: TestDatabase;
  const runners: PgBossJobRunner[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    for (const r of runners) await r.close().catch(() => {});
    await db?.close();
  });

  it("runs another user's first job before the first user's backlog", async () => {
    const order: number[] = [];
    const type: JobType = {
      type: 'fair',
      async run({ job }) {
        order.push(Number(job.params.user_id));
        return null;
      },
    };
    const make = () => {
      const r = new PgBossJobRunner(db.pool, { concurrency: 1, timeoutSeconds: 60, pollMs: 100, heartbeatMs: 200, reconcileMs: 60_000 });
      r.register(type);
      runners.push(r);
      return r;
    };
    const api = make();
    await api.open();
    // User 1 queues three jobs, then user 2 queues one.
    for (const user of [1, 1, 1, 2]) {
      const { id } = await db.prisma.renderJob.create({ data: { type: 'fair', params: { user_id: user } } });
      await api.dispatch(id);
    }
    const worker = make();
    await worker.start();
    await expect.poll(() => order.length, { timeout: 30_000 }).toBe(4);
    console.log(`[figure] pg-boss run order, user 1 queued 3 before user 2 queued 1: ${order.join(', ')}`);
    expect(order).toEqual([1, 2, 1, 1]);
  });
});

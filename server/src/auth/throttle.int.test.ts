// DatabaseRateLimiter on a real database (both backends): each request is one upsert of its
// key's row in login_attempts, so requests that arrive at once through independent clients (on
// PostgreSQL two pools, as two API processes have) are counted together and exactly, and a
// window ends by the database's clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { openTestDatabase, testBackend, type TestDatabase } from '../testing/db.js';
import { DatabaseRateLimiter } from './throttle.js';

let db: TestDatabase;
let other: Database | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
  // A second process's view: its own pool on PostgreSQL (the embedded database has one owner).
  other = db.databaseUrl ? await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, migrate: false }) : undefined;
});

afterAll(async () => {
  await other?.close();
  await db?.close();
});

describe('DatabaseRateLimiter', () => {
  it('counts the requests of two clients together, exactly, even when they arrive at once', async () => {
    const a = new DatabaseRateLimiter(db.prisma, 'test-burst', 10, 60);
    const b = new DatabaseRateLimiter((other ?? db).prisma, 'test-burst', 10, 60);
    const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('10.0.0.1')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfter]));
    expect(waits).toHaveLength(20);
    expect(waits.every((s) => s >= 1 && s <= 60)).toBe(true);
    // Another address, and another limiter's name, have windows of their own.
    expect((await a.take('10.0.0.2')).allowed).toBe(true);
    expect((await new DatabaseRateLimiter(db.prisma, 'test-other', 1, 60).take('10.0.0.1')).allowed).toBe(true);
  });

  it('starts a new window once the last one ended', async () => {
    const rl = new DatabaseRateLimiter(db.prisma, 'test-window', 1, 2);
    expect(await rl.take('k')).toEqual({ allowed: true });
    const refused = await rl.take('k');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed ? 0 : refused.retryAfter).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await rl.take('k')).toEqual({ allowed: true });
  });

  it('forgets keys idle for a day, as the sign-in throttle does', async () => {
    await db.prisma.$executeRaw`INSERT INTO login_attempts (key, failures, blocked_until, updated_at)
      VALUES ('test-idle:10.0.0.9', 3, now() - interval '2 days', now() - interval '2 days')`;
    await new DatabaseRateLimiter(db.prisma, 'test-idle', 5, 60).take('10.0.0.1');
    expect(await db.prisma.loginAttempt.count({ where: { key: 'test-idle:10.0.0.9' } })).toBe(0);
  });

  it("measures what a request costs (one upsert; a process's first request also prunes)", async () => {
    const rl = new DatabaseRateLimiter(db.prisma, 'test-cost', 1_000_000, 60);
    const ms: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      expect((await rl.take(`10.1.${i % 20}.1`)).allowed).toBe(true);
      ms.push(performance.now() - t0);
    }
    ms.sort((x, y) => x - y);
    console.log(`[figure] DatabaseRateLimiter.take on ${testBackend()}: median ${ms[100]!.toFixed(2)} ms, p95 ${ms[190]!.toFixed(2)} ms over 200 sequential requests`);
    expect(await db.prisma.loginAttempt.count({ where: { key: { startsWith: 'test-cost:' } } })).toBe(20);
  });
});

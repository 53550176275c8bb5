// Counting per key that every API process shares, in login_attempts.
//
// Sign-in throttling (LoginThrottle): failures are counted per username and per client address,
// and each key waits longer after every failure past its free allowance (2 s, 4 s, 8 s …
// capped), so guessing is slow but the real user is never locked out for good: the wait is
// capped and a successful sign-in resets the username's count. An attempt is counted *before*
// its password is checked, in one transaction over the keys' rows (FOR UPDATE), and blocks the
// key for its delay at once, so parallel guesses from many connections or processes cannot all
// slip through the free allowance; when it turns out wrong, the wait starts again from the
// answer (a slow hash must not eat the delay).
//
// Fixed-window request limits (DatabaseRateLimiter, the share pages on PostgreSQL): a key's row
// counts the requests of the window that ends at blocked_until, in one upsert per request.
import type { Prisma } from '../db/database.js';
import type { RateDecision, RateLimiter } from '../lib/rate-limit.js';

export interface ThrottleLimits {
  /** Failures per username before delays start. */
  freePerUser: number;
  /** Failures per client address before delays start (higher: many people may share one NAT). */
  freePerClient: number;
  /** The longest wait, in seconds. */
  maxDelaySeconds: number;
}

/** A key's count is forgotten after this long without attempts. */
const FORGET_AFTER_HOURS = 24;
const PRUNE_EVERY_MS = 10 * 60_000;

/** Seconds to wait after the `failures`-th failure: none within the allowance, then 2 s doubling to the cap. */
export function loginDelaySeconds(failures: number, free: number, maxDelaySeconds: number): number {
  if (failures <= free) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(30, failures - free));
}

export interface AttemptKeys {
  user: string;
  client?: string;
}

export function attemptKeys(username: string, client: string | undefined): AttemptKeys {
  return {
    user: `user:${username.trim().toLowerCase()}`.slice(0, 200),
    client: client ? `client:${client}`.slice(0, 200) : undefined,
  };
}

/** Forgets keys idle for a day (sign-in keys and rate-limit windows alike), at most every ten minutes per owner: random usernames and addresses must not pile up. */
class IdleKeys {
  private lastPrune = 0;

  constructor(private readonly prisma: Prisma) {}

  async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.prisma.$executeRaw`DELETE FROM login_attempts
      WHERE updated_at < now() - make_interval(hours => ${FORGET_AFTER_HOURS}::int) AND (blocked_until IS NULL OR blocked_until < now())`;
  }
}

export class LoginThrottle {
  private readonly idle: IdleKeys;

  constructor(
    private readonly prisma: Prisma,
    private readonly limits: ThrottleLimits,
  ) {
    this.idle = new IdleKeys(prisma);
  }

  /** Counts an attempt on every key, or answers how many seconds to wait (nothing counted then). */
  async reserve(keys: AttemptKeys): Promise<RateDecision> {
    await this.idle.prune();
    const all = [keys.user, ...(keys.client ? [keys.client] : [])];
    await this.prisma.$executeRaw`INSERT INTO login_attempts (key) SELECT unnest(${all}::text[]) ON CONFLICT (key) DO NOTHING`;
    return this.prisma.$transaction(async (tx) => {
      // Sorted, so two attempts lock the same rows in the same order (no deadlock).
      const rows = await tx.$queryRaw<{ key: string; failures: number; wait: number; stale: boolean }[]>`
        SELECT key, failures,
          greatest(0, extract(epoch FROM (coalesce(blocked_until, now()) - now())))::float8 AS wait,
          updated_at < now() - make_interval(hours => ${FORGET_AFTER_HOURS}::int) AS stale
        FROM login_attempts WHERE key = ANY(${all}::text[]) ORDER BY key FOR UPDATE`;
      const wait = Math.max(0, ...rows.map((r) => r.wait));
      if (wait > 0) return { allowed: false as const, retryAfter: Math.ceil(wait) };
      for (const row of rows) {
        const failures = (row.stale ? 0 : row.failures) + 1;
        const delay = loginDelaySeconds(failures, this.free(keys, row.key), this.limits.maxDelaySeconds);
        await tx.$executeRaw`UPDATE login_attempts SET failures = ${failures},
          blocked_until = now() + make_interval(secs => ${delay}::float8), updated_at = now() WHERE key = ${row.key}`;
      }
      return { allowed: true as const };
    });
  }

  /** The password was wrong: each key's wait runs from now (the answer), not from the attempt's start. */
  async failed(keys: AttemptKeys): Promise<void> {
    const all = [keys.user, ...(keys.client ? [keys.client] : [])];
    const rows = await this.prisma.$queryRaw<{ key: string; failures: number }[]>`
      SELECT key, failures FROM login_attempts WHERE key = ANY(${all}::text[])`;
    for (const row of rows) {
      const delay = loginDelaySeconds(row.failures, this.free(keys, row.key), this.limits.maxDelaySeconds);
      if (delay === 0) continue;
      await this.prisma.$executeRaw`UPDATE login_attempts
        SET blocked_until = greatest(blocked_until, now() + make_interval(secs => ${delay}::float8)) WHERE key = ${row.key}`;
    }
  }

  private free(keys: AttemptKeys, key: string): number {
    return key === keys.user ? this.limits.freePerUser : this.limits.freePerClient;
  }

  /** The password was right: the username starts afresh; the client gets its attempt back. */
  async succeeded(keys: AttemptKeys): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM login_attempts WHERE key = ${keys.user}`;
    if (keys.client) {
      await this.prisma.$executeRaw`UPDATE login_attempts SET failures = greatest(failures - 1, 0) WHERE key = ${keys.client}`;
    }
  }
}

/**
 * A RateLimiter every process counts in together: `limit` requests per key in each window of
 * `windowSeconds`, by the database's clock. Keys are prefixed with `name` (e.g. "share-page:"),
 * apart from the sign-in keys.
 */
export class DatabaseRateLimiter implements RateLimiter {
  private readonly idle: IdleKeys;

  constructor(
    private readonly prisma: Prisma,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {
    this.idle = new IdleKeys(prisma);
  }

  async take(key: string): Promise<RateDecision> {
    await this.idle.prune();
    const row = `${this.name}:${key}`.slice(0, 200);
    // One statement: concurrent requests queue on the row's lock, so no two read the same count.
    const [counted] = await this.prisma.$queryRaw<{ count: number; remaining: number }[]>`
      INSERT INTO login_attempts AS a (key, failures, blocked_until, updated_at)
      VALUES (${row}, 1, now() + make_interval(secs => ${this.windowSeconds}::float8), now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN a.blocked_until > now() THEN a.failures + 1 ELSE 1 END,
        blocked_until = CASE WHEN a.blocked_until > now() THEN a.blocked_until ELSE now() + make_interval(secs => ${this.windowSeconds}::float8) END,
        updated_at = now()
      RETURNING failures AS count, extract(epoch FROM blocked_until - now())::float8 AS remaining`;
    if (counted!.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfter: Math.max(1, Math.ceil(counted!.remaining)) };
  }
}

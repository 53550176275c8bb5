// Sign-in throttling shared by every API process: failures are counted per username and per
// client address in login_attempts, and each key waits longer after every failure past its free
// allowance (2 s, 4 s, 8 s … capped), so guessing is slow but the real user is never locked out
// for good: the wait is capped and a successful sign-in resets the username's count.
//
// An attempt is counted *before* its password is checked, in one transaction over the keys'
// rows (FOR UPDATE), and blocks the key for its delay at once, so parallel guesses from many
// connections or processes cannot all slip through the free allowance; when it turns out wrong,
// the wait starts again from the answer (a slow hash must not eat the delay).
import type { Prisma } from '../db/database.js';

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

export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly prisma: Prisma,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Counts an attempt on every key, or answers how many seconds to wait (nothing counted then). */
  async reserve(keys: AttemptKeys): Promise<{ allowed: true } | { allowed: false; retryAfter: number }> {
    await this.prune();
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

  /** Forgets keys idle for a day, at most every ten minutes per process (random usernames must not pile up). */
  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.prisma.$executeRaw`DELETE FROM login_attempts
      WHERE updated_at < now() - make_interval(hours => ${FORGET_AFTER_HOURS}::int) AND (blocked_until IS NULL OR blocked_until < now())`;
  }
}

// Fixed-window request limits per key (e.g. a client address): at most `limit` requests in each
// window. The interface is async so that a limit can be counted where every process sees it
// (auth/throttle.ts DatabaseRateLimiter, in login_attempts); MemoryRateLimiter counts in this
// process only, which is exact where there is one process (the embedded database).

export type RateDecision = { allowed: true } | { allowed: false; retryAfter: number };

export interface RateLimiter {
  /** Counts one request of `key`; refused, with the seconds until its window ends (for Retry-After), once the window is used up. */
  take(key: string): Promise<RateDecision>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Requests allowed per window and key. */
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys tracked at once; beyond it the table starts over (bounded memory under a flood). */
    private readonly maxKeys = 50_000,
  ) {}

  async take(key: string): Promise<RateDecision> {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfter: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) };
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}

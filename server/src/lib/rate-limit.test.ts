import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './rate-limit.js';

describe('MemoryRateLimiter', () => {
  it('allows the limit per window and key, then refuses until the window ends', async () => {
    let now = 0;
    const rl = new MemoryRateLimiter(3, 60_000, () => now);
    const allowed = async (key: string) => (await rl.take(key)).allowed;
    expect([await allowed('a'), await allowed('a'), await allowed('a'), await allowed('a')]).toEqual([true, true, true, false]);
    expect(await allowed('b')).toBe(true);
    now = 30_000;
    expect(await rl.take('a')).toEqual({ allowed: false, retryAfter: 30 });
    now = 60_000;
    expect(await allowed('a')).toBe(true);
  });

  it('keeps its table bounded', async () => {
    let now = 0;
    const rl = new MemoryRateLimiter(1, 1000, () => now, 10);
    for (let i = 0; i < 100; i++) await rl.take(`k${i}`);
    expect((rl as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10);
    now = 5000;
    expect((await rl.take('k1')).allowed).toBe(true);
  });
});

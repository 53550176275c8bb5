import { describe, expect, it } from 'vitest';
import { mapLimit } from './concurrency.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n, i) => {
      peak = Math.max(peak, ++running);
      for (let k = 0; k < n; k++) await tick();
      running--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(peak).toBe(2);
  });

  it('starts nothing new after the first failure and throws it once the running calls end', async () => {
    const started: number[] = [];
    let finished = 0;
    const err = await mapLimit([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 0) throw new Error('first');
      await tick();
      finished++;
      return n;
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('first');
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(1);
  });

  it('handles an empty list and a limit below one', async () => {
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 0, async (n) => n * 2)).toEqual([2, 4]);
  });
});

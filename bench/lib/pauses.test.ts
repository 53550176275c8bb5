// PauseWatch sees a blocked event loop and garbage collection, and forgets both on reset.
import { describe, expect, it } from 'vitest';
import { PauseWatch } from './pauses.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PauseWatch', () => {
  it('reports a loop blocked for 80 ms and the GCs of an allocation burst; reset clears them', async () => {
    const w = new PauseWatch();
    w.start();
    await sleep(30);
    w.reset();
    await sleep(20); // a sample after the reset, so the block falls between two samples
    const until = performance.now() + 80;
    while (performance.now() < until) {
      // blocking the loop on purpose
    }
    let keep: number[][] = [];
    for (let i = 0; i < 2000; i++) keep.push(new Array(5000).fill(i));
    keep = [];
    await sleep(50); // the GC entries and the next loop-delay sample arrive asynchronously
    const r = w.read();
    expect(keep).toHaveLength(0);
    expect(r.loopDelayMs.max).toBeGreaterThanOrEqual(70);
    expect(r.gc.count).toBeGreaterThan(0);
    expect(r.gc.maxMs).toBeGreaterThan(0);
    expect(r.gc.totalMs).toBeGreaterThanOrEqual(r.gc.maxMs);
    w.reset();
    expect(w.read().gc).toEqual({ count: 0, totalMs: 0, maxMs: 0, major: 0, majorMaxMs: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { ProgressTracker, type Pass, type RenderProgress } from './progress.ts';

const passes: Pass[] = [
  { id: 'prep', phase: 'PREPARING', weight: 1, outSeconds: 0 },
  { id: 'a', phase: 'RENDERING', weight: 300, outSeconds: 10 },
  { id: 'b', phase: 'RENDERING', weight: 100, outSeconds: 2 },
  { id: 'final', phase: 'FINALIZING', weight: 1, outSeconds: 12 },
];

function setup(intervalMs = 250) {
  let now = 0;
  const out: RenderProgress[] = [];
  const t = new ProgressTracker(passes, (p) => out.push(p), () => now, intervalMs);
  return { t, out, advance: (ms: number) => (now += ms) };
}

describe('ProgressTracker', () => {
  it('maps each pass clock onto its phase span, weighted', () => {
    const { t } = setup();
    expect(t.percentOf('RENDERING')).toBe(2);
    t.clock('a', 5); // half of 3/4 of the rendering span
    expect(t.percentOf('RENDERING')).toBeCloseTo(2 + 88 * 0.375, 9);
    t.finish('a');
    t.clock('b', 1);
    expect(t.percentOf('RENDERING')).toBeCloseTo(2 + 88 * 0.875, 9);
    t.clock('b', 99); // a clock past the planned end counts as done, no more
    expect(t.percentOf('RENDERING')).toBe(90);
    expect(t.percentOf('FINALIZING')).toBe(90);
  });

  it('never goes backwards, even when a pass clock does', () => {
    const { t, out, advance } = setup(0);
    t.clock('a', 6);
    t.report('RENDERING', 'x');
    t.clock('a', 2);
    advance(1);
    t.report('RENDERING', 'x');
    t.report('PREPARING', 'late', { force: true });
    const p = out.map((o) => o.percent);
    expect(p).toEqual([...p].sort((a, b) => a - b));
  });

  it('throttles updates but always sends forced ones and 100 %', () => {
    const { t, out, advance } = setup(250);
    for (let i = 0; i < 100; i++) {
      t.clock('a', i / 10);
      t.report('RENDERING', 'Rendering clip 1 of 2');
      advance(10); // 100 ticks per second
    }
    expect(out.length).toBeLessThanOrEqual(5); // 1 s of ticks → ≤ 4 (+ the first)
    t.report('FINALIZING', 'Joining', { force: true });
    t.report('FINALIZING', 'Done', { percent: 100 });
    expect(out.at(-2)!.message).toBe('Joining');
    expect(out.at(-1)).toMatchObject({ percent: 100, message: 'Done' });
  });

  it('estimates the time left from the rendering rate', () => {
    const { t, out, advance } = setup(0);
    t.report('RENDERING', 'start');
    advance(10_000);
    t.finish('a'); // 68 % after 10 s of rendering
    t.report('RENDERING', 'later', { step: 2, totalSteps: 4 });
    const last = out.at(-1)!;
    expect(last).toMatchObject({ step: 2, totalSteps: 4 });
    expect(last.etaSeconds).toBe(Math.round((10 * (100 - 68)) / 66));
    expect(out[0]!.etaSeconds).toBeUndefined();
  });
});

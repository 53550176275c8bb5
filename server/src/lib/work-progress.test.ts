import { describe, expect, it } from 'vitest';
import { WorkProgress, type StepProgress } from './work-progress.js';

describe('WorkProgress', () => {
  it('reports work done over the estimate, never going back, 100 only when done', () => {
    const seen: StepProgress[] = [];
    const p = new WorkProgress((x) => seen.push(x));
    p.setTotal(10);
    p.advance(5);
    p.report('hash', 1, 2);
    // A larger estimate would lower the share; the reported percent holds.
    p.setTotal(20);
    p.report('hash', 2, 2);
    p.advance(15);
    p.report('analyse', 3, 3);
    p.report('done', 3, 3);
    expect(seen).toEqual([
      { step: 'hash', done: 1, total: 2, percent: 50 },
      { step: 'hash', done: 2, total: 2, percent: 50 },
      { step: 'analyse', done: 3, total: 3, percent: 99.9 },
      { step: 'done', done: 3, total: 3, percent: 100 },
    ]);
  });

  it('never sets the total below the work already done', () => {
    const seen: number[] = [];
    const p = new WorkProgress((x) => seen.push(x.percent));
    p.advance(4);
    p.setTotal(2);
    p.report('probe', 1, 1);
    expect(seen).toEqual([99.9]);
  });
});

// The merge rule of progress reports (advance in progress.ts), without a database or bus.
import { describe, expect, it } from 'vitest';
import { advance, isTerminal, type ProgressState } from './progress.js';

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  vlogId: 'v1',
  status: 'PROCESSING',
  phase: 'RENDERING',
  percent: 40,
  message: 'clip 2 of 5',
  step: 2,
  totalSteps: 5,
  etaSeconds: 30,
  error: null,
  errorCode: null,
  updatedAt: '2026-11-20T01:00:10.000Z',
  ...over,
});

describe('advance (the progress merge rule)', () => {
  it('takes a report that moves forward', () => {
    const next = state({ percent: 55, step: 3, message: 'clip 3 of 5', updatedAt: '2026-11-20T01:00:12.000Z' });
    expect(advance(state(), next)).toEqual(next);
  });

  it('drops a report that changes nothing', () => {
    expect(advance(state(), state({ etaSeconds: 12, updatedAt: '2026-11-20T01:00:11.000Z' }))).toBeNull();
  });

  it('never lets the percentage go back while other fields still change', () => {
    const next = state({ percent: 30, phase: 'FINALIZING', message: 'joining', updatedAt: '2026-11-20T01:00:12.000Z' });
    expect(advance(state(), next)).toEqual({ ...next, percent: 40 });
  });

  it('drops an older report that is behind (a late message from the bus)', () => {
    expect(advance(state(), state({ percent: 20, message: 'clip 1 of 5', step: 1, updatedAt: '2026-11-20T01:00:05.000Z' }))).toBeNull();
  });

  it('goes back to PENDING only from PENDING', () => {
    expect(advance(state(), state({ status: 'PENDING', phase: 'QUEUED', percent: 0, updatedAt: '2026-11-20T01:00:20.000Z' }))).toBeNull();
    const queued = state({ status: 'PENDING', phase: 'QUEUED', percent: 0, message: null });
    expect(advance(queued, { ...queued, message: 'waiting for a worker' })).toMatchObject({ message: 'waiting for a worker' });
  });

  it('a terminal state always wins, and nothing follows it', () => {
    const done = state({ status: 'COMPLETED', phase: 'DONE', percent: 100, updatedAt: '2026-11-20T01:00:01.000Z' });
    expect(isTerminal(done)).toBe(true);
    expect(advance(state(), done)).toEqual(done);
    expect(advance(done, state({ percent: 99, updatedAt: '2026-11-20T01:00:30.000Z' }))).toBeNull();
    const failed = state({ status: 'FAILED', phase: 'FAILED', percent: 10, error: 'the disk is full', errorCode: 'DISK_FULL' });
    expect(advance(state(), failed)).toEqual(failed);
  });
});

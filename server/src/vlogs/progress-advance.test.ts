// The merge rule every subscriber applies to each message, and the identity the shared
// subscription execution relies on: when nothing is merged in, the message itself comes out, so
// all subscribers of a vlog emit the same object (graphql/fan-out.ts executes it once).
import { describe, expect, it } from 'vitest';
import { advance, type ProgressState } from './progress.js';

const state = (o: Partial<ProgressState> = {}): ProgressState => ({
  vlogId: 'v', status: 'PROCESSING', phase: 'RENDERING', percent: 10, message: 'm', step: 1, totalSteps: 5,
  etaSeconds: null, error: null, errorCode: null, updatedAt: '2026-11-20T10:00:00.000Z', ...o,
});

describe('advance', () => {
  it('returns the message itself when it moves forward, so subscribers share it', () => {
    const next = state({ percent: 20, updatedAt: '2026-11-20T10:00:01.000Z' });
    expect(advance(state(), next)).toBe(next);
    const terminal = state({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
    expect(advance(state(), terminal)).toBe(terminal);
  });

  it('never lets percent go back: a new phase at a lower percent keeps the higher one (a copy)', () => {
    const next = state({ phase: 'FINALIZING', percent: 5, updatedAt: '2026-11-20T10:00:01.000Z' });
    const merged = advance(state({ percent: 50 }), next);
    expect(merged).not.toBe(next);
    expect(merged).toMatchObject({ phase: 'FINALIZING', percent: 50 });
  });

  it('drops what says nothing new, a stale queued state, and anything after the end', () => {
    expect(advance(state(), state())).toBeNull();
    expect(advance(state(), state({ status: 'PENDING', phase: 'QUEUED', percent: 0 }))).toBeNull();
    expect(advance(state({ status: 'CANCELED', phase: 'CANCELED' }), state({ percent: 90 }))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { batchClips, batchInputs, pieceFrames, pieceId, planBatches, playingOrder, type Piece } from './batches.ts';
import type { PlanSettings, RenderPlan } from './plan.ts';
import { testPlan } from './plan-fixtures.ts';

const plan = (n: number, o: Partial<PlanSettings> = {}): RenderPlan => testPlan(n, { maxDuration: 4 * n, ...o });
const ids = (pieces: Piece[]) => pieces.map(pieceId);
const body = (clip: number): Piece => ({ kind: 'body', clip });

describe('playing order', () => {
  it('lists body 0, crossfade 0→1, body 1, …; bodies only for cuts', () => {
    expect(ids(playingOrder(plan(3)))).toEqual(['body0', 'xfade0', 'body1', 'xfade1', 'body2']);
    expect(ids(playingOrder(plan(3, { transition: 'CUT' })))).toEqual(['body0', 'body1', 'body2']);
    expect(ids(playingOrder(plan(1)))).toEqual(['body0']);
  });

  it('adds up to the vlog: every frame in exactly one piece', () => {
    for (const p of [plan(5), plan(5, { transition: 'CUT' })]) {
      expect(playingOrder(p).reduce((a, x) => a + pieceFrames(p, x), 0)).toBe(p.totalFrames);
    }
  });
});

describe('batches', () => {
  it('puts a whole first render in one batch when the clips fit', () => {
    const p = plan(4);
    const [only, ...rest] = planBatches(p, () => true, 8);
    expect(rest).toEqual([]);
    expect(ids(only!.pieces)).toEqual(ids(playingOrder(p)));
    expect(only!.inputs.map((r) => [r.clip, r.from, r.to])).toEqual(p.segments.map((s) => [s.index, 0, s.frames]));
  });

  it('cuts a long run before a body, ending the batch before on the crossfade into it', () => {
    const p = plan(6);
    const batches = planBatches(p, () => true, 3);
    expect(batches.map((b) => ids(b.pieces))).toEqual([
      ['body0', 'xfade0', 'body1', 'xfade1'],
      ['body2', 'xfade2', 'body3', 'xfade3'],
      ['body4', 'xfade4', 'body5'],
    ]);
    for (const b of batches) expect(b.inputs.length).toBeLessThanOrEqual(3);
    // The crossfade at the end needs only the next clip's first frames.
    expect(batches[0]!.inputs.at(-1)).toEqual({ clip: 2, from: 0, to: 15 });
  });

  it('keeps at most maxClips bodies per batch for cuts', () => {
    expect(planBatches(plan(5, { transition: 'CUT' }), () => true, 2).map((b) => ids(b.pieces))).toEqual([['body0', 'body1'], ['body2', 'body3'], ['body4']]);
  });

  it('encodes on a re-render only the runs between kept pieces, with the frames their crossfades need', () => {
    const p = plan(5);
    // Clip 2 replaced: its body and the crossfades into and out of it.
    const todo = new Set(['xfade1', 'body2', 'xfade2']);
    const [b, ...rest] = planBatches(p, (x) => todo.has(pieceId(x)), 8);
    expect(rest).toEqual([]);
    expect(ids(b!.pieces)).toEqual(['xfade1', 'body2', 'xfade2']);
    const n1 = p.segments[1]!.frames;
    expect(b!.inputs).toEqual([
      { clip: 1, from: n1 - 15, to: n1 },
      { clip: 2, from: 0, to: p.segments[2]!.frames },
      { clip: 3, from: 0, to: 15 },
    ]);
    // Two separate runs make two batches.
    expect(planBatches(p, (x) => x.kind === 'xfade' && x.from !== 2, 8).map((x) => ids(x.pieces))).toEqual([['xfade0'], ['xfade1'], ['xfade3']]);
  });

  it('needs room for a crossfade’s two clips', () => {
    expect(() => planBatches(plan(3), () => true, 1)).toThrow(/at least 2/);
    expect(planBatches(plan(3, { transition: 'CUT' }), () => true, 1)).toHaveLength(3);
  });

  it('merges the frames one clip gives to several pieces into one range', () => {
    const p = plan(3);
    const n1 = p.segments[1]!.frames;
    expect(batchInputs(p, [{ kind: 'xfade', from: 0 }, body(1)])).toEqual([
      { clip: 0, from: p.segments[0]!.frames - 15, to: p.segments[0]!.frames },
      { clip: 1, from: 0, to: n1 - 15 },
    ]);
  });

  it('holds fewer clips per batch at larger frame sizes', () => {
    expect(batchClips(1920, 1080)).toBeLessThan(batchClips(1280, 720));
    expect(batchClips(1080, 1920)).toBe(batchClips(1920, 1080));
    expect(batchClips(854, 480)).toBeGreaterThanOrEqual(batchClips(1280, 720));
  });
});

// Which pieces one ffmpeg encodes, pure: the vlog is a row of pieces in playing order (body 0,
// crossfade 0→1, body 1, …; bodies only for cuts), each stored on its own for the piece cache and
// the final join. A batch is a run of consecutive pieces to encode — all of them on a first
// render, the runs between kept pieces on a re-render — in one process, one filter graph and one
// x264 stream (commands-batch.ts), so a 40-clip vlog pays process and encoder start-up a few
// times, not 40, and a crossfade is blended from decoded frames, not from files written and read
// back. Every clip a batch decodes keeps its decoder and filters until the process ends, so a
// batch is cut after `maxClips` clips (batchClips: by frame size) to bound memory.
import { clipPieces } from './commands.ts';
import type { RenderPlan } from './plan.ts';

/** A body of a clip, or the crossfade from clip `from` to clip `from + 1`. */
export type Piece = { kind: 'body'; clip: number } | { kind: 'xfade'; from: number };

type Layout = Pick<RenderPlan, 'segments' | 'transition'>;

/** True when the plan has crossfades between its clips. */
export function crossfades(plan: Layout): boolean {
  return plan.transition.frames > 0 && plan.segments.length > 1;
}

/** The pieces in playing order. */
export function playingOrder(plan: Layout): Piece[] {
  const out: Piece[] = [];
  const blend = crossfades(plan);
  plan.segments.forEach((_, i) => {
    out.push({ kind: 'body', clip: i });
    if (blend && i < plan.segments.length - 1) out.push({ kind: 'xfade', from: i });
  });
  return out;
}

/** A stable name of a piece (progress passes, file names). */
export function pieceId(p: Piece): string {
  return p.kind === 'body' ? `body${p.clip}` : `xfade${p.from}`;
}

/** Frames [from, to) of a clip. */
export interface ClipRange {
  clip: number;
  from: number;
  to: number;
}

/** The frames of each clip a piece shows: a body its own, a crossfade the tail under the head. */
export function pieceRanges(plan: Layout, p: Piece): ClipRange[] {
  if (p.kind === 'body') {
    const c = clipPieces(plan, p.clip);
    return [{ clip: p.clip, from: c.bodyStart, to: c.bodyEnd }];
  }
  const tf = plan.transition.frames;
  const n = plan.segments[p.from]!.frames;
  return [
    { clip: p.from, from: n - tf, to: n },
    { clip: p.from + 1, from: 0, to: tf },
  ];
}

export function pieceFrames(plan: Layout, p: Piece): number {
  return p.kind === 'body' ? pieceRanges(plan, p)[0]!.to - pieceRanges(plan, p)[0]!.from : plan.transition.frames;
}

export interface Batch {
  pieces: Piece[];
  /** The clips it decodes, in order, each with the frames its pieces need (one contiguous range). */
  inputs: ClipRange[];
}

/** The clips and frames a row of pieces needs. */
export function batchInputs(plan: Layout, pieces: Piece[]): ClipRange[] {
  const byClip = new Map<number, ClipRange>();
  for (const r of pieces.flatMap((p) => pieceRanges(plan, p))) {
    const had = byClip.get(r.clip);
    byClip.set(r.clip, had ? { clip: r.clip, from: Math.min(had.from, r.from), to: Math.max(had.to, r.to) } : { ...r });
  }
  return [...byClip.values()].sort((a, b) => a.clip - b.clip);
}

/**
 * The batches of a render: the runs of consecutive pieces `encode` says to make, each cut so that
 * it decodes at most `maxClips` clips. A run is cut before a body where it can (the batch before
 * ends on the crossfade into it, which needs only that clip's first frames), not before a
 * crossfade (which would decode the outgoing clip a second time to reach its tail).
 */
export function planBatches(plan: Layout, encode: (p: Piece) => boolean, maxClips: number): Batch[] {
  if (!(maxClips >= 2) && crossfades(plan)) throw new Error(`a batch must hold at least 2 clips with crossfades, got ${maxClips}`);
  const limit = Math.max(1, Math.floor(maxClips));
  const runs: Piece[][] = [];
  let run: Piece[] = [];
  const close = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (const p of playingOrder(plan)) {
    if (!encode(p)) {
      close();
      continue;
    }
    if (run.length && batchInputs(plan, [...run, p]).length > limit) {
      const last = run.at(-1)!;
      const carry = p.kind === 'xfade' && last.kind === 'body' && run.length > 1 ? [run.pop()!] : [];
      close();
      run = carry;
    }
    run.push(p);
  }
  close();
  return runs.map((pieces) => ({ pieces, inputs: batchInputs(plan, pieces) }));
}

/**
 * Clips per batch for a frame size: each decoded clip keeps its decoder's frames and its fill's
 * frame pools (several frames of the output size) until the batch ends — ≈ 25–45 MB a clip at
 * 720p, 35–70 MB at 1080p, most with Debian's build, on top of x264's — so fewer at 1080p, where a
 * batch is one clip and the head of the next (peak of one batch: bench/batch-memory.ts; of a whole
 * render: the render bench).
 */
export function batchClips(width: number, height: number): number {
  const pixels = width * height;
  if (pixels > 1280 * 720) return 2;
  if (pixels > 854 * 480) return 4;
  return 6;
}

// Content-addressed keys of rendered pieces, pure: a body (its video and sound) and a crossfade are
// named by a hash of everything that decides what they show and sound like — the source and its
// window, the output size and frame rate, the fit, the drawn words, the sound levelling, the
// encoder settings and the ffmpeg build — so an edited vlog (other music, window, volume, title,
// captions or fit, a clip dropped, added or replaced) re-renders only the pieces whose inputs changed.
// A piece is encoded inside a batch's x264 stream (batches.ts), starting at a forced IDR: its bytes
// also carry the encoder's state from the pieces around it (rate control, look-ahead), which the
// key deliberately leaves out — a kept piece shows the same frames at the same settings wherever
// it was encoded, and joins any other piece by stream copy.
import { createHash } from 'node:crypto';
import { clipPieces, ENCODER_THREADS, pieceVideoArgs, type BuildCaps, type SourceInfo } from './commands.ts';
import { LOUDNESS } from './loudness.ts';
import type { RenderPlan } from './plan.ts';

/** Bump when the batch commands change what they write for the same inputs. */
export const PIECE_FORMAT = 4;

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 40);

export interface ClipKeyInput {
  /** The source's identity (its recording id) and shape; the path is not part of it. */
  sourceId: string;
  src: Omit<SourceInfo, 'path'>;
  fit: string;
  /** The drawn words' filters with the text itself (file names are not content). */
  draw?: { filters: string[]; texts: string[] };
  caps: Pick<BuildCaps, 'needsTrellisOff'>;
  /** ffmpeg's version line: another build may write other bytes. */
  version: string;
}

/** Key of clip `index`: names its body, and (as one side) the crossfades into and out of it. */
export function clipKey(plan: RenderPlan, index: number, o: ClipKeyInput): string {
  const seg = plan.segments[index]!;
  const p = clipPieces(plan, index);
  return sha({
    f: PIECE_FORMAT,
    kind: 'clip',
    source: o.sourceId,
    src: o.src,
    window: [seg.sourceStartFrame, seg.frames, plan.fps],
    pieces: [p.head, p.bodyStart, p.bodyEnd, p.tail],
    size: [plan.width, plan.height],
    fit: o.fit,
    draw: o.draw ?? null,
    camera: LOUDNESS.camera,
    codec: [pieceVideoArgs(plan, o.caps), ENCODER_THREADS],
    version: o.version,
  });
}

/** Key of the crossfade between two clips, by their clip keys (clipKey), in that order. */
export function transitionKey(plan: RenderPlan, tailClip: string, headClip: string, caps: Pick<BuildCaps, 'xfade' | 'needsTrellisOff'>, version: string): string {
  return sha({ f: PIECE_FORMAT, kind: 'xfade', tailClip, headClip, frames: plan.transition.frames, xfade: caps.xfade, codec: [pieceVideoArgs(plan, caps), ENCODER_THREADS], version });
}

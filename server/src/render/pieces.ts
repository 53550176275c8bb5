// Content-addressed keys of rendered pieces, pure: a clip pass's outputs (body and its sound, head,
// tail) and a crossfade's output are named by a hash of everything that decides their bytes — the
// source and its window, the output size and frame rate, the fit, the drawn words, the sound
// levelling, the encoder settings, the ffmpeg build and, for a body encoded in one x264 stream
// after the crossfade into it, the clip before it — so an edited vlog (other music, window, volume,
// title, captions or fit, a clip dropped or added) re-renders only the pieces whose inputs changed.
import { createHash } from 'node:crypto';
import { clipPieces, ENCODER_THREADS, exactCodecArgs, pieceVideoArgs, type BuildCaps, type SourceInfo } from './commands.ts';
import { LOUDNESS } from './loudness.ts';
import type { RenderPlan } from './plan.ts';

/** Bump when the clip or crossfade commands change what they write for the same inputs. */
export const PIECE_FORMAT = 3;

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
  /**
   * The key (the alone variant) of the clip whose crossfade into this one was encoded in the same
   * x264 stream, before this body (commands.ts segmentedCodecArgs): x264's rate control carries
   * over the IDR between them, so the body's bytes depend on that clip. Undefined: encoded alone.
   */
  after?: string;
}

/** Key of clip `index`'s pass (its body and, with crossfades, its head and tail). */
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
    codec: [pieceVideoArgs(plan, o.caps), ENCODER_THREADS, exactCodecArgs(o.caps)],
    stream: o.after ?? 'alone',
    version: o.version,
  });
}

/**
 * Key of the crossfade between two clips (by their sources' clip keys, see clipKey), encoded on
 * its own or at the start of the incoming clip's stream (`inClipPass`: other bytes).
 */
export function transitionKey(plan: RenderPlan, tailClip: string, headClip: string, caps: Pick<BuildCaps, 'xfade' | 'needsTrellisOff'>, version: string, inClipPass: boolean): string {
  return sha({ f: PIECE_FORMAT, kind: 'xfade', tailClip, headClip, frames: plan.transition.frames, xfade: caps.xfade, codec: [pieceVideoArgs(plan, caps), ENCODER_THREADS], stream: inClipPass ? 'clip-pass' : 'alone', version });
}

// The ffmpeg arguments of one batch (batches.ts), pure: every clip it needs is an input (seeked to
// its window, filled as fill.ts says), the clips' frames are cut by frame count into
// the batch's pieces — bodies, and the tails and heads a crossfade blends in-graph — joined in
// playing order by concat into ONE x264 stream, an IDR forced at every piece's first frame, and
// the segment muxer writes each piece to its own .mov at those IDRs (joined again by stream copy
// in the final pass). The sound follows the same timeline into one WAV, which the pipeline cuts
// per piece by sample count (wavPieces).
import { blendGraph, ENCODER_THREADS, pieceVideoArgs, SAMPLE_RATE, samplesPerFrame, secs, soundCodecArgs, type BuildCaps, type SourceInfo } from './commands.ts';
import { fillGraph, type Fit } from './fill.ts';
import { cameraChain } from './loudness.ts';
import { pieceFrames, pieceRanges, type Batch, type ClipRange, type Piece } from './batches.ts';
import type { RenderPlan } from './plan.ts';

const TIMESCALE = '15360';

/**
 * Decoder threads of each input: one. A batch keeps every clip's decoder until it ends, and frame
 * threads hold frames of their own (≈ 12 MB a clip at 720p with Debian's build, measured with
 * bench/batch-memory.ts); x264's two threads keep both cores busy meanwhile.
 */
export const DECODER_THREADS = ['-threads', '1'];

/** What a batch needs to know about one of its clips. */
export interface BatchClip {
  src: SourceInfo;
  fit: Fit;
  /** For CROP: where the motion is in the clip's whole window (fill.ts motionProfile). */
  motion?: { cols: number[]; rows: number[] };
  /** The clip's sound's measured gain (loudness.ts cameraGainDb). */
  cameraGainDb: number;
  /** Filters drawing words on the clip (captions.ts drawFilters), after the fill. */
  draw?: string[];
}

/** Pads of a clip's frames a piece takes: its body, or its tail / head in a crossfade. */
const partName = (p: Piece, r: ClipRange) => (p.kind === 'body' ? `b${r.clip}` : r.clip === p.from ? `t${r.clip}` : `h${r.clip}`);

/** Labels of one input's chain made unique: `[0:v:0]` → `[j:v:0]`, `[v]` → `[v_j]`. */
export function relabel(graph: string[], j: number): string[] {
  return graph.map((f) => f.replace(/\[0:([va]):0\]/g, `[${j}:$1:0]`).replace(/\[([A-Za-z][A-Za-z0-9_]*)\]/g, `[$1_${j}]`));
}

/** Clip `r.clip`'s frames [from, to) filled to `[v_j]` and its levelled sound to `[a_j]`. */
function inputChains(plan: RenderPlan, r: ClipRange, clip: BatchClip, j: number): string[] {
  const { width: W, height: H, fps } = plan;
  const seg = plan.segments[r.clip]!;
  const spf = samplesPerFrame(fps);
  const graph = fillGraph({
    src: clip.src, W, H, fps, N: r.to, from: r.from,
    // Near the file's end its video may stop a little before its stated duration.
    nearEnd: seg.sourceStart + r.to / fps > clip.src.duration - 1,
    fit: clip.fit,
    motion: clip.motion,
  });
  if (clip.draw?.length) {
    graph[graph.length - 1] = graph.at(-1)!.replace(/\[v\]$/, '[filled]');
    // Drawn on the clip's own clock (a title card's times), also when only its tail is here.
    const shift = r.from ? [`setpts=PTS+${r.from}/(${fps}*TB)`] : [];
    graph.push(`[filled]${[...shift, ...clip.draw, ...(r.from ? ['setpts=PTS-STARTPTS'] : [])].join(',')}[v]`);
  }
  // 48 kHz stereo s16, padded with silence and cut to exactly the frames' worth of samples.
  if (clip.src.hasAudio) {
    graph.push(`[0:a:0]aresample=${SAMPLE_RATE},${cameraChain(clip.cameraGainDb)},aformat=sample_fmts=s16:channel_layouts=stereo,apad,atrim=start_sample=${r.from * spf}:end_sample=${r.to * spf},asetpts=PTS-STARTPTS[a]`);
  } else {
    graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,aformat=sample_fmts=s16:channel_layouts=stereo,atrim=end_sample=${(r.to - r.from) * spf}[a]`);
  }
  return relabel(graph, j);
}

/** An input's frames split into the parts its pieces take, by frame and sample count. */
function splitInput(plan: RenderPlan, input: ClipRange, parts: { name: string; from: number; to: number }[], j: number): string[] {
  const spf = samplesPerFrame(plan.fps);
  if (parts.length === 1) return [`[v_${j}]null[v${parts[0]!.name}]`, `[a_${j}]anull[a${parts[0]!.name}]`];
  const graph = [`[v_${j}]split=${parts.length}${parts.map((p) => `[v${p.name}0]`).join('')}`, `[a_${j}]asplit=${parts.length}${parts.map((p) => `[a${p.name}0]`).join('')}`];
  for (const p of parts) {
    const [from, to] = [p.from - input.from, p.to - input.from];
    graph.push(`[v${p.name}0]trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS[v${p.name}]`);
    graph.push(`[a${p.name}0]atrim=start_sample=${from * spf}:end_sample=${to * spf},asetpts=PTS-STARTPTS[a${p.name}]`);
  }
  return graph;
}

/** The frame where each piece of the batch starts in its stream (the first is 0). */
export function pieceStarts(plan: Pick<RenderPlan, 'segments' | 'transition'>, pieces: Piece[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += pieceFrames(plan, p);
  }
  return starts;
}

/**
 * One batch: the pieces' video to `files.segments` (…-%d.mov, segment j = piece j, see
 * batchSegment) and their sound, in the same order, to `files.sound`.
 */
export function batchArgs(
  plan: RenderPlan,
  batch: Batch,
  clipOf: (index: number) => BatchClip,
  files: { segments: string; sound: string },
  caps: Pick<BuildCaps, 'needsTrellisOff' | 'xfade'>,
): string[] {
  const args: string[] = [];
  const graph: string[] = [];
  batch.inputs.forEach((r, j) => {
    const clip = clipOf(r.clip);
    args.push(...DECODER_THREADS, '-ss', secs(plan.segments[r.clip]!.sourceStart), '-i', clip.src.path);
    graph.push(...inputChains(plan, r, clip, j));
    const parts = batch.pieces.flatMap((p) => pieceRanges(plan, p).filter((x) => x.clip === r.clip).map((x) => ({ name: partName(p, x), from: x.from, to: x.to })));
    graph.push(...splitInput(plan, r, parts, j));
  });
  const pads = batch.pieces.map((p) => {
    if (p.kind === 'body') return { v: `vb${p.clip}`, a: `ab${p.clip}` };
    const k = p.from;
    graph.push(...blendGraph(plan, { tailV: `vt${k}`, tailA: `at${k}`, headV: `vh${k + 1}`, headA: `ah${k + 1}`, out: `x${k}` }, caps));
    return { v: `x${k}v`, a: `x${k}a` };
  });
  if (pads.length === 1) graph.push(`[${pads[0]!.v}]null[vout]`, `[${pads[0]!.a}]anull[aout]`);
  else graph.push(`${pads.map((p) => `[${p.v}][${p.a}]`).join('')}concat=n=${pads.length}:v=1:a=1[vout][aout]`);
  const starts = pieceStarts(plan, batch.pieces).slice(1);
  const total = batch.pieces.reduce((a, p) => a + pieceFrames(plan, p), 0);
  args.push('-filter_complex', graph.join(';'));
  args.push(
    '-map', '[vout]', ...pieceVideoArgs(plan, caps), ...ENCODER_THREADS,
    ...(starts.length ? ['-force_key_frames', `expr:${starts.map((s) => `eq(n,${s})`).join('+')}`] : []),
    '-map_metadata', '-1',
    // Timestamps as the encoder gives them (B-frames: the first dts is negative): the default shift
    // would start a piece two frames late and leave a gap at its join.
    '-avoid_negative_ts', 'disabled',
    // No split at all for one piece: its frame count is past its last frame.
    '-f', 'segment', '-segment_frames', starts.length ? starts.join(',') : String(total), '-segment_format', 'mov',
    '-segment_format_options', `video_track_timescale=${TIMESCALE}`, '-reset_timestamps', '1', files.segments,
  );
  args.push('-map', '[aout]', ...soundCodecArgs(), files.sound);
  return args;
}

/** The file the segment muxer writes piece j of a batch to. */
export function batchSegment(pattern: string, j: number): string {
  return pattern.replace('%d', String(j));
}

/** Byte ranges of each piece's sound in a batch's WAV data (16-bit stereo: 4 bytes a sample). */
export function wavPieces(plan: Pick<RenderPlan, 'segments' | 'transition' | 'fps'>, pieces: Piece[]): { start: number; end: number }[] {
  const spf = samplesPerFrame(plan.fps);
  let at = 0;
  return pieces.map((p) => {
    const bytes = pieceFrames(plan, p) * spf * 4;
    const range = { start: at, end: at + bytes };
    at += bytes;
    return range;
  });
}

/** Where the samples are in a WAV file: the 'data' chunk after the RIFF header's other chunks. */
export function wavData(file: Buffer): { offset: number; size: number } {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  while (at + 8 <= file.length) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'data') return { offset: at + 8, size: Math.min(size, file.length - at - 8) };
    at += 8 + size + (size % 2);
  }
  throw new Error('WAV file without a data chunk');
}

/** A 16-bit stereo 48 kHz PCM WAV around `data`. */
export function wavFile(data: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

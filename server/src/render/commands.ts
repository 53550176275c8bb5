// Pure builders of ffmpeg argument lists from a RenderPlan (no I/O; tested argument by argument).
// Structure (held to the ffmpeg floor by the render bench, bench/README.md): one process per clip
// decodes the clip once and writes its last transition frames (lossless .nut) and, in one x264
// stream, the crossfade from the previous clip's kept tail followed by its body, cut at an IDR
// into two video pieces (a small process of its own per crossfade only when one side comes from
// the piece cache). Each piece's sound is PCM in a WAV beside it. Every video piece uses identical
// encoder settings so the final pass joins them with the concat demuxer by stream copy and only
// encodes audio (mixed by the sound pass from the WAVs).
import { filterPath } from './captions.ts';
import { coverSize, fillGraph, type Fit } from './fill.ts';
import { cameraChain, EBUR128, masterChain, type MasterSetting } from './loudness.ts';
import type { RenderPlan, RenderSegment } from './plan.ts';

export const SAMPLE_RATE = 48000;

/** What the builders need to know about the ffmpeg build (from MediaTool.caps). */
export interface BuildCaps {
  xfade: boolean;
  needsTrellisOff: boolean;
  /** Music ducking under the clips' own sound. */
  sidechaincompress: boolean;
  /** Words drawn into the picture (title card, burned captions), given a font. */
  drawtext: boolean;
}

export function buildCaps(caps: { xfade: boolean; needsTrellisOff: boolean; filters: Set<string> }): BuildCaps {
  return {
    xfade: caps.xfade,
    needsTrellisOff: caps.needsTrellisOff,
    sidechaincompress: caps.filters.has('sidechaincompress'),
    drawtext: caps.filters.has('drawtext'),
  };
}

/** What the pipeline knows about one source file (from the probe). */
export interface SourceInfo {
  path: string;
  /** Coded size, before rotation. */
  width: number;
  height: number;
  fps: number;
  /** Sample (pixel) aspect ratio; 1 for square pixels. */
  sar: number;
  /** Degrees clockwise the picture is turned for display (0, 90, 180, 270). */
  rotation: number;
  hasAudio: boolean;
  /** Seconds. */
  duration: number;
}

export function samplesPerFrame(fps: number): number {
  const spf = SAMPLE_RATE / fps;
  if (!Number.isInteger(spf)) throw new Error(`fps ${fps} does not divide ${SAMPLE_RATE} Hz: audio could not be cut per frame`);
  return spf;
}

/** Seconds as ffmpeg reads them, without float noise (12.333333 rather than 12.333333333333334). */
export function secs(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/**
 * Encoder settings shared by every video piece (bodies and transitions): identical SPS/PPS so the
 * concat demuxer can stream-copy them. `stitchable` keeps x264 from varying headers; trellis=0
 * because the 2018 x264 turns trellis on even where the preset says off, which would differ per
 * piece. The time scale is the container's (a .mov option, given to the segment muxer's .mov files
 * as a format option).
 */
export function pieceVideoArgs(plan: Pick<RenderPlan, 'fps'>, caps: Pick<BuildCaps, 'needsTrellisOff'>): string[] {
  return [
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-level:v', '4.0',
    '-x264-params', caps.needsTrellisOff ? 'stitchable=1:trellis=0' : 'stitchable=1',
    '-pix_fmt', 'yuv420p', '-r', String(plan.fps),
  ];
}

const TIMESCALE = '15360';

/**
 * x264 threads of a render's encoder: two, as renders run one process per two cores
 * (pipeline.ts renderProcesses). x264's default (1.5 × cores) holds a frame thread more for
 * no gain there (≈ 20 MB less per 1080p clip pass in single-pass trials; the render bench shows
 * the total).
 */
export const ENCODER_THREADS = ['-threads', '2'];

/** A video piece on its own: H.264 in .mov, no sound (pieces keep their sound in a WAV beside). */
export function pieceCodecArgs(plan: Pick<RenderPlan, 'fps'>, caps: Pick<BuildCaps, 'needsTrellisOff'>): string[] {
  return [...pieceVideoArgs(plan, caps), ...ENCODER_THREADS, '-video_track_timescale', TIMESCALE, '-map_metadata', '-1', '-f', 'mov'];
}

/**
 * The crossfade and the body of one clip pass from ONE x264 stream (no second encoder): an IDR
 * forced at the crossfade's end, and the segment muxer cuts the stream there into two .mov files —
 * `-%d` 0 the crossfade, 1 the body — which join the other pieces by stream copy. A body after the
 * IDR does not depend on the frames before it (commands.test.ts checks the bytes), only on there
 * being some: its key says which (pieces.ts).
 */
export function segmentedCodecArgs(plan: Pick<RenderPlan, 'fps' | 'transition'>, caps: Pick<BuildCaps, 'needsTrellisOff'>): string[] {
  const tf = plan.transition.frames;
  return [
    ...pieceVideoArgs(plan, caps), ...ENCODER_THREADS, '-force_key_frames', `expr:eq(n,${tf})`, '-map_metadata', '-1',
    // Timestamps as the encoder gives them (B-frames: the first dts is negative): the default shift
    // would start the crossfade two frames late and leave a gap at its join.
    '-avoid_negative_ts', 'disabled',
    '-f', 'segment', '-segment_frames', String(tf), '-segment_format', 'mov',
    '-segment_format_options', `video_track_timescale=${TIMESCALE}`, '-reset_timestamps', '1',
  ];
}

/** The two files a segmented clip pass writes for `pattern` (…-%d.mov): the crossfade, then the body. */
export function segmentFiles(pattern: string): { transition: string; body: string } {
  return { transition: pattern.replace('%d', '0'), body: pattern.replace('%d', '1') };
}

/** A piece's sound: PCM in a WAV, cut by sample count, joined by the sound pass's concat list. */
export function soundCodecArgs(): string[] {
  return ['-c:a', 'pcm_s16le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-map_metadata', '-1', '-f', 'wav'];
}

/**
 * The few frames a crossfade needs, without generation loss: lossless H.264 (qp 0, bit-exact for
 * yuv420p) and PCM — a tenth of raw frames on disk, which matters once pieces are kept for
 * re-renders (see pieces.ts), at a few milliseconds of ultrafast encoding per frame.
 */
export function exactCodecArgs(caps: Pick<BuildCaps, 'needsTrellisOff'>): string[] {
  return [
    // One thread: a few frames each, and every extra x264 instance's threads cost memory.
    '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-threads', '1', ...(caps.needsTrellisOff ? ['-x264-params', 'trellis=0'] : []), '-pix_fmt', 'yuv420p',
    '-c:a', 'pcm_s16le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-map_metadata', '-1', '-f', 'nut',
  ];
}

/** Frames of a clip that go to its head (blended with the previous clip), body and tail. */
export interface ClipPieces {
  head: number;
  bodyStart: number;
  bodyEnd: number;
  tail: number;
}

export function clipPieces(plan: Pick<RenderPlan, 'segments' | 'transition'>, index: number): ClipPieces {
  const seg = plan.segments[index];
  if (!seg) throw new Error(`no segment ${index}`);
  const tf = plan.transition.frames;
  const head = index > 0 ? tf : 0;
  const tail = index < plan.segments.length - 1 ? tf : 0;
  if (seg.frames < head + tail + 1) throw new Error(`segment ${index} (${seg.frames} frames) cannot hold its transitions`);
  return { head, bodyStart: head, bodyEnd: seg.frames - tail, tail };
}

export { fitSize } from './fill.ts';

export interface ClipFiles {
  /** The body's video (.mov) and sound (.wav). */
  body: string;
  bodySound: string;
  head?: string;
  tail?: string;
  /**
   * Blend the crossfade from the previous clip in this pass: its kept tail frames (input 1) under
   * this clip's head, encoded in the same x264 stream as the body and cut from it at an IDR
   * (segmentedCodecArgs): the video goes to `segments` (…-%d.mov, see segmentFiles) instead of
   * `body`, the crossfade's sound to `sound`. The head file is then optional (written only to be
   * kept for re-renders).
   */
  blend?: { tail: string; segments: string; sound: string };
}

/**
 * One clip: seek near the window (input -ss: fast keyframe seek, then ffmpeg drops frames before
 * the exact point), convert to one fps, cut by frame count, fit + pad, and cut the audio by
 * sample count. `split` sends the decoded frames to the body and to the raw head/tail files, so
 * the source is decoded once.
 */
export function clipArgs(
  plan: RenderPlan,
  index: number,
  src: SourceInfo,
  files: ClipFiles,
  caps: Pick<BuildCaps, 'needsTrellisOff' | 'xfade'>,
  opts: {
    fit?: Fit;
    motion?: { cols: number[]; rows: number[] };
    cameraGainDb?: number;
    /** Filters drawing words on the clip (captions.ts drawFilters), after the fill. */
    draw?: string[];
  } = {},
): string[] {
  const seg = plan.segments[index]!;
  const pieces = clipPieces(plan, index);
  const { width: W, height: H, fps } = plan;
  const N = seg.frames;
  const spf = samplesPerFrame(fps);
  const graph = fillGraph({
    src,
    W,
    H,
    fps,
    N,
    // Near the file's end its video may stop a little before its stated duration.
    nearEnd: seg.sourceEnd > src.duration - 1,
    fit: opts.fit ?? 'BLUR',
    motion: opts.motion,
  });
  if (opts.draw?.length) {
    graph[graph.length - 1] = graph.at(-1)!.replace(/\[v\]$/, '[filled]');
    graph.push(`[filled]${opts.draw.join(',')}[v]`);
  }

  // Audio: 48 kHz stereo s16, padded with silence and cut to exactly N frames' worth of samples.
  const M = N * spf;
  if (src.hasAudio) {
    // The clip's sound, high-passed and brought towards the common level (loudness.ts).
    const level = cameraChain(opts.cameraGainDb ?? 0);
    graph.push(`[0:a:0]aresample=${SAMPLE_RATE},${level},aformat=sample_fmts=s16:channel_layouts=stereo,apad,atrim=end_sample=${M},asetpts=PTS-STARTPTS[a]`);
  } else {
    graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,aformat=sample_fmts=s16:channel_layouts=stereo,atrim=end_sample=${M}[a]`);
  }

  // Split into body / head / tail (and the frames blended here) by frame and sample count.
  const parts: ClipPart[] = [{ name: 'b', from: pieces.bodyStart, to: pieces.bodyEnd, file: files.body }];
  const blend = pieces.head ? files.blend : undefined;
  if (pieces.head && (files.head || !blend)) parts.push({ name: 'h', from: 0, to: pieces.head, file: need(files.head, 'head') });
  if (pieces.tail) parts.push({ name: 't', from: N - pieces.tail, to: N, file: need(files.tail, 'tail') });
  if (parts.length === 1 && pieces.bodyStart === 0 && pieces.bodyEnd === N) {
    graph.push('[v]null[vb]', '[a]anull[ab]');
  } else if (!blend) {
    graph.push(...splitParts(parts, parts, 'v', 'a', 0, spf));
  } else {
    graph.push(...blendInPass(plan, parts, blend.tail, spf));
  }

  const args = ['-ss', secs(seg.sourceStart), '-i', src.path, '-filter_complex', graph.join(';')];
  if (blend) {
    args.push('-map', '[vs]', ...segmentedCodecArgs(plan, caps), blend.segments);
    args.push('-map', '[xa]', ...soundCodecArgs(), blend.sound);
  }
  for (const p of parts) {
    if (p.name !== 'b') {
      args.push('-map', `[v${p.name}]`, '-map', `[a${p.name}]`, ...exactCodecArgs(caps), p.file!);
      continue;
    }
    if (!blend) args.push('-map', '[vb]', ...pieceCodecArgs(plan, caps), files.body);
    args.push('-map', '[ab]', ...soundCodecArgs(), files.bodySound);
  }
  return args;
}

/** Frames [from, to) of the clip (negative: the previous clip's tail put in front of it). */
interface ClipPart {
  name: 'b' | 'h' | 't' | 'x' | 'p' | 'm';
  from: number;
  to: number;
  file?: string;
}

/**
 * The parts cut from one video and one audio stream (frames `offset` on) by frame and sample
 * count, to `[v{name}]` and `[a{name}]`.
 */
function splitParts(video: ClipPart[], audio: ClipPart[], v: string, a: string, offset: number, spf: number): string[] {
  const graph = [`[${v}]split=${video.length}${video.map((p) => `[v${p.name}0]`).join('')}`, `[${a}]asplit=${audio.length}${audio.map((p) => `[a${p.name}0]`).join('')}`];
  for (const p of video) graph.push(`[v${p.name}0]trim=start_frame=${p.from + offset}:end_frame=${p.to + offset},setpts=PTS-STARTPTS[v${p.name}]`);
  for (const p of audio) graph.push(`[a${p.name}0]atrim=start_sample=${(p.from + offset) * spf}:end_sample=${(p.to + offset) * spf},asetpts=PTS-STARTPTS[a${p.name}]`);
  return graph;
}

/**
 * The crossfade from the previous clip blended in this clip's pass, into `[vs]` (the crossfade,
 * then the body: one stream for one encoder) and `[xa]` (the crossfade's sound); the body's sound
 * and the other parts as splitParts makes them.
 *
 * The previous clip's kept tail is read by a movie source inside the graph — frame by frame as the
 * overlay asks for it — and laid over the clip's head with its alpha fading out; once it ends, the
 * clip's frames pass through (overlay eof_action=pass), so nothing waits for the crossfade to end.
 * Joining the crossfade and the body with concat (or at xfade's end) held the body's frames in the
 * graph while the other outputs pulled the whole clip through (hundreds of MB at 1080p); putting the
 * tail in front of the clip held all its frames at once.
 */
function blendInPass(plan: RenderPlan, parts: ClipPart[], tail: string, spf: number): string[] {
  const { fps } = plan;
  const tf = plan.transition.frames;
  const body = parts.find((p) => p.name === 'b')!;
  const others = parts.filter((p) => p.name !== 'b');
  const ns = tf * spf;
  return [
    ...splitParts([{ name: 'm', from: 0, to: body.to }, ...others], [{ name: 'x', from: 0, to: tf }, body, ...others], 'v', 'a', 0, spf),
    `movie=${filterPath(tail)}:s=dv+da[pv0][pa]`,
    `[pv0]setsar=1,settb=1/${fps},format=yuva420p,fade=t=out:s=0:n=${tf}:alpha=1[pv]`,
    `[vm]settb=1/${fps}[vmt]`,
    `[vmt][pv]overlay=format=yuv420:eof_action=pass,format=yuv420p[vs]`,
    `[pa]afade=t=out:ss=0:ns=${ns}[xao]`,
    `[ax]afade=t=in:ss=0:ns=${ns}[xai]`,
    `[xao][xai]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3,aformat=sample_fmts=s16,atrim=end_sample=${ns}[xa]`,
  ];
}

function need(file: string | undefined, what: string): string {
  if (!file) throw new Error(`clip needs a ${what} file`);
  return file;
}

/**
 * The crossfade's filters: the outgoing clip's tail under the incoming clip's head, frame- and
 * sample-exact, from the given pads to `[{out}v]` and `[{out}a]`. xfade where the build has it;
 * the 2018 build fades the head's alpha in and overlays it.
 */
export function blendGraph(
  plan: Pick<RenderPlan, 'fps' | 'transition'>,
  pads: { tailV: string; tailA: string; headV: string; headA: string; out: string },
  caps: Pick<BuildCaps, 'xfade'>,
): string[] {
  const tf = plan.transition.frames;
  const ns = tf * samplesPerFrame(plan.fps);
  const { tailV, tailA, headV, headA, out } = pads;
  const video = caps.xfade
    ? [`[${tailV}][${headV}]xfade=transition=fade:duration=${secs(tf / plan.fps)}:offset=0,format=yuv420p[${out}v]`]
    : [`[${headV}]format=yuva420p,fade=t=in:s=0:n=${tf}:alpha=1[${out}in]`, `[${tailV}][${out}in]overlay=format=yuv420,format=yuv420p[${out}v]`];
  return [
    ...video,
    `[${tailA}]afade=t=out:ss=0:ns=${ns}[${out}ao]`,
    `[${headA}]afade=t=in:ss=0:ns=${ns}[${out}ai]`,
    `[${out}ao][${out}ai]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3,aformat=sample_fmts=s16,atrim=end_sample=${ns}[${out}a]`,
  ];
}

/**
 * One crossfade on its own, from the kept tail and head frames (when one of its clips was taken
 * from the piece cache; otherwise the incoming clip's pass blends it, see clipArgs).
 */
export function transitionArgs(
  plan: RenderPlan,
  files: { tail: string; head: string; out: string; sound: string },
  caps: Pick<BuildCaps, 'xfade' | 'needsTrellisOff'>,
): string[] {
  const graph = blendGraph(plan, { tailV: '0:v', tailA: '0:a', headV: '1:v', headA: '1:a', out: '' }, caps);
  return [
    '-i', files.tail, '-i', files.head,
    '-filter_complex', graph.join(';'),
    // No -frames:v: hitting a frame limit ends the file before the last audio is flushed.
    '-map', '[v]', ...pieceCodecArgs(plan, caps), files.out,
    '-map', '[a]', ...soundCodecArgs(), files.sound,
  ];
}

/** Text of a concat-demuxer list; paths are single-quoted with ffmpeg's '\'' escape. */
export function concatList(files: string[]): string {
  return files.map((f) => `file '${f.replace(/'/g, "'\\''")}'\n`).join('');
}

/** The pieces in playing order: body 0, transition 0→1, body 1, … (bodies only for cuts). */
export function pieceOrder(plan: Pick<RenderPlan, 'segments' | 'transition'>, names: { body: (i: number) => string; transition: (i: number) => string }): string[] {
  const out: string[] = [];
  plan.segments.forEach((_, i) => {
    out.push(names.body(i));
    if (plan.transition.frames > 0 && i < plan.segments.length - 1) out.push(names.transition(i));
  });
  return out;
}

/** Level of the clips' own sound under music, and the ducking of the music while they speak. */
export const MIX = {
  clipGainUnderMusic: 0.8,
  duck: 'threshold=0.05:ratio=4:attack=20:release=400',
  /** The ducking listens to the speech band only, so wind and hum do not push the music down. */
  duckKey: 'highpass=f=200,lowpass=f=3500',
};

/** Two-input filters (sidechaincompress, amerge) need a named channel layout on each input. */
const STEREO = 'aformat=sample_fmts=fltp:channel_layouts=stereo';

/**
 * Sound pass: the clips' sound joined from the pieces (no video is decoded), plus the music
 * window (looped when shorter, cut to the video, faded, normalised by its measured gain, at its
 * volume, ducked under the clips' speech), measured by ebur128 on the way out to a float WAV,
 * so the final pass can bring it to the target level with one fixed gain.
 */
export function mixArgs(
  plan: RenderPlan,
  files: { list: string; music?: { path: string; duration: number }; out: string },
  caps: Pick<BuildCaps, 'sidechaincompress'>,
  /** Measured gain for the music (loudness.ts musicGainDb). */
  musicGainDb = 0,
): string[] {
  const spf = samplesPerFrame(plan.fps);
  const M = plan.totalFrames * spf;
  const args = ['-f', 'concat', '-safe', '0', '-i', files.list];
  const graph: string[] = [];
  const music = plan.music && files.music ? plan.music : null;
  if (music && files.music) {
    const window = Math.min(music.end, files.music.duration) - music.start;
    if (!(window > 0)) throw new Error(`music window ${music.start}–${music.end} is outside the track (${files.music.duration} s)`);
    const W = Math.round(window * SAMPLE_RATE);
    args.push('-ss', secs(music.start), '-t', secs(window), '-i', files.music.path);
    const chain = [
      `[1:a:0]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`,
      // Exactly the window's samples (a decoder may give a few less), then repeat it if needed.
      `apad,atrim=end_sample=${W}`,
      ...(music.loop ? [`aloop=loop=-1:size=${W}`] : []),
      `atrim=end_sample=${M}`,
      `volume=${secs(musicGainDb)}dB`,
      ...(music.fadeSeconds > 0
        ? [`afade=t=in:st=0:d=${secs(music.fadeSeconds)}`, `afade=t=out:st=${secs(plan.totalDuration - music.fadeSeconds)}:d=${secs(music.fadeSeconds)}`]
        : []),
      `volume=${secs(music.volume)}`,
    ];
    graph.push(`${chain.join(',')}[music]`);
    if (caps.sidechaincompress) {
      graph.push(`[0:a]${STEREO},asplit=2[clips][key0]`);
      graph.push(`[key0]${MIX.duckKey},${STEREO}[key]`);
      graph.push(`[music][key]sidechaincompress=${MIX.duck}[bed]`);
    } else {
      graph.push(`[0:a]${STEREO}[clips]`);
      graph.push(`[music]anull[bed]`);
    }
    graph.push(`[clips]volume=${MIX.clipGainUnderMusic},${STEREO}[under]`);
    // Newer ffmpeg builds cannot negotiate amerge's formats after sidechaincompress unless
    // both inputs name them.
    graph.push(`[bed]${STEREO}[bedf]`);
    graph.push(`[bedf][under]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3[mix]`);
  } else {
    graph.push(`[0:a]${STEREO}[mix]`);
  }
  graph.push(`[mix]aresample=${SAMPLE_RATE},apad,atrim=end_sample=${M},${EBUR128}[aout]`);
  args.push('-filter_complex', graph.join(';'), '-map', '[aout]', '-c:a', 'pcm_f32le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-f', 'wav', files.out);
  return args;
}

/**
 * Final pass: join the pieces by stream copy (no video re-encode) and encode the measured mix
 * at the target level (loudness.ts masterChain) in AAC; +faststart.
 */
export function finalArgs(
  plan: RenderPlan,
  files: { list: string; mix: string; out: string; subtitles?: { path: string; language: string } },
  master: MasterSetting | undefined,
): string[] {
  const M = plan.totalFrames * samplesPerFrame(plan.fps);
  const subs = files.subtitles;
  return [
    '-f', 'concat', '-safe', '0', '-i', files.list, '-i', files.mix, ...(subs ? ['-i', subs.path] : []),
    '-filter_complex', `[1:a:0]${masterChain(master)},aresample=${SAMPLE_RATE},apad,atrim=end_sample=${M}[aout]`,
    '-map', '0:v:0', '-map', '[aout]', ...(subs ? ['-map', '2:0'] : []),
    '-c:v', 'copy', '-c:a', 'aac', '-b:a', '160k', '-ar', String(SAMPLE_RATE), '-ac', '2',
    // Soft captions: the MP4 text track players (and phones) show and switch off.
    ...(subs ? ['-c:s', 'mov_text', '-metadata:s:s:0', `language=${subs.language}`] : []),
    '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', files.out,
  ];
}

/**
 * The poster: the planned moment (the middle of the most interesting clip), taken from its source
 * and scaled to cover the output frame, so it is a full-frame picture whatever the fit.
 */
export function posterArgs(plan: RenderPlan, src: Pick<SourceInfo, 'path' | 'width' | 'height' | 'sar' | 'rotation'>, out: string): string[] {
  const at = posterSource(plan);
  const c = coverSize(src, plan.width, plan.height);
  return [
    '-ss', secs(at.sourceTime), '-i', src.path, '-frames:v', '1', '-an',
    '-vf', `scale=${c.w}:${c.h},crop=${plan.width}:${plan.height},setsar=1`,
    '-c:v', 'mjpeg', '-q:v', '3', '-pix_fmt', 'yuvj420p', '-f', 'image2', out,
  ];
}

/** The clip the poster moment falls in and the second of its source to take. */
export function posterSource(plan: Pick<RenderPlan, 'segments' | 'posterTime' | 'fps'>): { segment: RenderSegment; sourceTime: number } {
  const frame = Math.round(plan.posterTime * plan.fps);
  const segment = plan.segments.find((s) => frame >= s.outputStartFrame && frame < s.outputStartFrame + s.frames) ?? plan.segments[0]!;
  const within = Math.min(segment.frames - 1, Math.max(0, frame - segment.outputStartFrame));
  return { segment, sourceTime: (segment.sourceStartFrame + within) / plan.fps };
}

/** Expected output length, in seconds, of the longest stream a clip pass writes (for progress): the crossfade + body stream. */
export function clipOutputSeconds(plan: RenderPlan, seg: RenderSegment): number {
  const p = clipPieces(plan, seg.index);
  return Math.max(p.bodyEnd, p.tail) / plan.fps;
}

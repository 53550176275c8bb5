// Pure builders of ffmpeg argument lists from a RenderPlan (no I/O; tested argument by argument).
// The pieces themselves (bodies and crossfades, one x264 stream per batch of clips) are built by
// commands-batch.ts with the encoder settings and the crossfade graph defined here. Every video
// piece uses identical encoder settings so the final pass joins them with the concat demuxer by
// stream copy and only encodes audio (mixed by the sound pass from the pieces' WAVs).
import { coverSize } from './fill.ts';
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

/**
 * x264 threads of a render's encoder: two, as renders run one process per two cores
 * (pipeline.ts renderProcesses). x264's default (1.5 × cores) holds a frame thread more for
 * no gain there (≈ 20 MB less per 1080p encoder in single-process trials; the render bench shows
 * the total).
 */
export const ENCODER_THREADS = ['-threads', '2'];

/** A piece's sound: PCM in a WAV, cut by sample count, joined by the sound pass's concat list. */
export function soundCodecArgs(): string[] {
  return ['-c:a', 'pcm_s16le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-map_metadata', '-1', '-f', 'wav'];
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

/** Text of a concat-demuxer list; paths are single-quoted with ffmpeg's '\'' escape. */
export function concatList(files: string[]): string {
  return files.map((f) => `file '${f.replace(/'/g, "'\\''")}'\n`).join('');
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

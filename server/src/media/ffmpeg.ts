// The one place that knows the ffmpeg and ffprobe binaries: which ones, their versions and
// capabilities, and how to run them (with cancellation and `-progress` parsing).
// Everything that touches media goes through a MediaTool.
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

export interface Binaries {
  ffmpeg: string;
  ffprobe: string;
  /** Where the ffmpeg binary came from, for the start-up log. */
  source: 'env' | 'ffmpeg-static' | '@ffmpeg-installer' | 'PATH';
}

export interface Capabilities {
  /** "ffmpeg version …" first line. */
  version: string;
  /** Filters this build knows; checked instead of assumed (the npm build from 2018 lacks xfade). */
  filters: Set<string>;
  xfade: boolean;
  /** x264 in builds before 2019 turns trellis on even at ultrafast; pass trellis=0 there. */
  needsTrellisOff: boolean;
}

function tryRequire(name: string): unknown {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

/** FFMPEG_PATH/FFPROBE_PATH, else ffmpeg-static, else the installer packages, else PATH. */
export function resolveBinaries(opts: { ffmpegPath?: string; ffprobePath?: string } = {}): Binaries {
  const installerProbe = (tryRequire('@ffprobe-installer/ffprobe') as { path?: string } | undefined)?.path;
  const ffprobe =
    opts.ffprobePath ?? (installerProbe && existsSync(installerProbe) ? installerProbe : 'ffprobe');
  if (opts.ffmpegPath) return { ffmpeg: opts.ffmpegPath, ffprobe, source: 'env' };
  const staticPath = tryRequire('ffmpeg-static') as string | null | undefined;
  if (typeof staticPath === 'string' && existsSync(staticPath)) {
    return { ffmpeg: staticPath, ffprobe, source: 'ffmpeg-static' };
  }
  const installer = (tryRequire('@ffmpeg-installer/ffmpeg') as { path?: string } | undefined)?.path;
  if (installer && existsSync(installer)) return { ffmpeg: installer, ffprobe, source: '@ffmpeg-installer' };
  return { ffmpeg: 'ffmpeg', ffprobe, source: 'PATH' };
}

/**
 * Fonts that cover Traditional Chinese, for words drawn into the picture (drawtext), in order of
 * preference. Both kinds were checked with the 2018 npm build and Debian's 5.1:
 *  - Debian's fonts-wqy-microhei (5 MB installed: `apt-get install fonts-wqy-microhei`);
 *  - npm's @expo-google-fonts/noto-sans-tc (TTF, but 65 MB unpacked, so not a dependency:
 *    `npm install @expo-google-fonts/noto-sans-tc` to use it). @fontsource packages ship
 *    WOFF/WOFF2 web fonts only.
 * Without any of them, the title card and captions are soft (a subtitle track and WebVTT).
 */
export const CAPTION_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

function npmCaptionFont(): string | undefined {
  try {
    return require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf');
  } catch {
    return undefined;
  }
}

/** CAPTION_FONT when it exists, else the first installed of CAPTION_FONTS. */
export function findCaptionFont(explicit?: string, candidates = CAPTION_FONTS): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return candidates.find((f) => existsSync(f)) ?? npmCaptionFont();
}

export async function detectCapabilities(ffmpeg: string): Promise<Capabilities> {
  const [{ stdout: versionOut }, { stdout: filtersOut }] = await Promise.all([
    execFileAsync(ffmpeg, ['-hide_banner', '-version']),
    execFileAsync(ffmpeg, ['-hide_banner', '-filters'], { maxBuffer: 4 << 20 }),
  ]);
  const version = versionOut.split('\n')[0]?.trim() ?? 'unknown';
  const filters = new Set<string>();
  for (const line of filtersOut.split('\n')) {
    const m = /^\s*[.A-Z|]{2,3}\s+(\w+)\s/.exec(line);
    if (m?.[1]) filters.add(m[1]);
  }
  const year = Number(/(?:Copyright \(c\) \d{4}-)(\d{4})/.exec(versionOut)?.[1] ?? '2099');
  return { version, filters, xfade: filters.has('xfade'), needsTrellisOff: year < 2019 };
}

export interface ProbeResult {
  duration: number;
  formatName: string;
  sizeBytes: number;
  creationTime?: Date;
  video?: {
    width: number;
    height: number;
    /** Frames per second (avg_frame_rate, else r_frame_rate). */
    fps: number;
    /** Sample aspect ratio as a number (1 for square pixels). */
    sar: number;
    /** Degrees clockwise the picture must be turned for display. */
    rotation: number;
    codec: string;
    frames?: number;
  };
  audio?: { sampleRate: number; channels: number; codec: string };
}

function ratio(value: string | undefined): number {
  if (!value) return 0;
  const [n, d] = value.split(/[/:]/).map(Number);
  if (!n || !Number.isFinite(n)) return 0;
  return d ? n / d : n;
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
  sample_rate?: string;
  channels?: number;
  nb_frames?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

/** Parses `ffprobe -show_format -show_streams -of json`; pure, so probe.test.ts tests it without a binary. */
export function parseProbe(json: string): ProbeResult {
  const data = JSON.parse(json) as {
    format?: { duration?: string; format_name?: string; size?: string; tags?: Record<string, string> };
    streams?: RawStream[];
  };
  const streams = data.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && s.codec_name !== 'mjpeg' && s.codec_name !== 'png');
  const a = streams.find((s) => s.codec_type === 'audio');
  const creation = data.format?.tags?.creation_time ?? v?.tags?.creation_time;
  const result: ProbeResult = {
    duration: Number(data.format?.duration ?? 0),
    formatName: data.format?.format_name ?? '',
    sizeBytes: Number(data.format?.size ?? 0),
    creationTime: creation && !Number.isNaN(Date.parse(creation)) ? new Date(creation) : undefined,
  };
  if (v) {
    // Older muxers tag rotation as "rotate" (clockwise); newer side data says counter-clockwise.
    const tagRotate = v.tags?.rotate !== undefined ? Number(v.tags.rotate) : undefined;
    const sideRotation = v.side_data_list?.find((s) => typeof s.rotation === 'number')?.rotation;
    const rotation = tagRotate ?? (sideRotation !== undefined ? -sideRotation : 0);
    result.video = {
      width: v.width ?? 0,
      height: v.height ?? 0,
      fps: ratio(v.avg_frame_rate) || ratio(v.r_frame_rate),
      sar: ratio(v.sample_aspect_ratio) || 1,
      rotation: ((Math.round(rotation / 90) * 90) % 360 + 360) % 360,
      codec: v.codec_name ?? '',
      frames: v.nb_frames ? Number(v.nb_frames) : undefined,
    };
  }
  if (a) {
    result.audio = { sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0, codec: a.codec_name ?? '' };
  }
  return result;
}

export class MediaError extends Error {
  constructor(
    message: string,
    readonly stderrTail = '',
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export class CanceledError extends Error {
  constructor() {
    super('canceled');
    this.name = 'CanceledError';
  }
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with the output clock in seconds (from `-progress`'s out_time_us). */
  onProgress?: (outSeconds: number) => void;
  /** Collect stdout (for raw PCM or JSON output). */
  stdout?: boolean;
}

/** Last lines of stderr that say what went wrong, without the banner noise. */
function summariseStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('frame=') && !l.startsWith('size='));
  return lines.slice(-6).join('\n');
}

export class MediaTool {
  private constructor(
    readonly binaries: Binaries,
    readonly caps: Capabilities,
    /** A font for drawn words (title card, burned captions); undefined = none installed. */
    readonly captionFont: string | undefined,
  ) {}

  static async create(opts: { ffmpegPath?: string; ffprobePath?: string; captionFont?: string } = {}): Promise<MediaTool> {
    const binaries = resolveBinaries(opts);
    return new MediaTool(binaries, await detectCapabilities(binaries.ffmpeg), findCaptionFont(opts.captionFont));
  }

  async probe(file: string): Promise<ProbeResult> {
    try {
      const { stdout } = await execFileAsync(
        this.binaries.ffprobe,
        ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file],
        { maxBuffer: 16 << 20 },
      );
      return parseProbe(stdout);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? String(err);
      throw new MediaError(`cannot read media file: ${summariseStderr(stderr) || 'unknown format'}`, stderr);
    }
  }

  /**
   * Runs ffmpeg once with `args` (no binary, no -progress: added here). Rejects with the stderr
   * tail. Not to be confused with a job type's run() (jobs/runner.ts), which handles a whole job.
   */
  run(args: string[], opts: RunOptions = {}): Promise<{ stdout: Buffer; stderr: string }> {
    if (opts.signal?.aborted) return Promise.reject(new CanceledError());
    const fullArgs = ['-hide_banner', '-nostdin', '-y', ...(opts.onProgress ? ['-progress', 'pipe:2', '-nostats'] : []), ...args];
    return new Promise((resolve, reject) => {
      const child = spawn(this.binaries.ffmpeg, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      let pending = '';
      const onAbort = () => child.kill('SIGKILL');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => {
        if (opts.stdout) out.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (opts.onProgress) {
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            if (line.startsWith('out_time_us=') || line.startsWith('out_time_ms=')) {
              // out_time_ms is (despite its name) microseconds in every build.
              const us = Number(line.slice(line.indexOf('=') + 1));
              if (Number.isFinite(us) && us >= 0) opts.onProgress(us / 1e6);
            } else if (!/^\w+=/.test(line)) stderr += line + '\n';
          }
        } else stderr += text;
        if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
      });
      child.on('error', (err) => {
        opts.signal?.removeEventListener('abort', onAbort);
        reject(new MediaError(`cannot start ffmpeg (${this.binaries.ffmpeg}): ${err.message}`));
      });
      child.on('close', (code, sig) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (opts.signal?.aborted) return reject(new CanceledError());
        if (code === 0) return resolve({ stdout: Buffer.concat(out), stderr });
        reject(new MediaError(`ffmpeg failed (${sig ?? `exit ${code}`}): ${summariseStderr(stderr)}`, stderr));
      });
    });
  }
}

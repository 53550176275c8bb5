// The render bench's inputs: eight heterogeneous camera-like files and a music track, generated
// with lavfi (moving test patterns, cellular automata, a fractal zoom, noise — so the encoder has
// real work) and cached under the OS temp folder, keyed by a version and the source length.
// They are generated with the npm ffmpeg (always present) so both binaries read the same bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaTool } from '../server/src/media/ffmpeg.ts';
import type { SourceInfo } from '../server/src/render/commands.ts';

const VERSION = 'v1';

export interface SourceSpec {
  name: string;
  /** What is special about it (for the report). */
  kind: string;
  seconds: number;
  /** The full ffmpeg argument list, given the length and the output path. */
  args(seconds: number, out: string, trellisOff: boolean): string[];
  /**
   * Output options of a second, stream-copy pass. The rotate tag must be set this way: the 2018
   * build drops a stream's rotate metadata when it encodes, but writes the display matrix on a copy.
   */
  remux?: string[];
}

const stereoTone = (f: number, seconds: number, rate = 48000) =>
  ['-f', 'lavfi', '-i', `aevalsrc=0.2*sin(2*PI*${f}*t)*(1+0.5*sin(2*PI*0.5*t))|0.2*sin(2*PI*${f * 1.5}*t):s=${rate}:d=${seconds}`];

/** Camera-like H.264: a keyframe every 2 s, moderate quality. */
const camera = (trellisOff: boolean, extra: string[] = []) => [
  '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', '60', '-pix_fmt', 'yuv420p',
  ...(trellisOff ? ['-x264-params', 'trellis=0'] : []),
  ...extra,
];
const aac = (rate = 48000, channels = 2) => ['-c:a', 'aac', '-b:a', '128k', '-ar', String(rate), '-ac', String(channels)];

/** Eight sources; `scale` shortens them (quick mode) keeping their 20–40 s proportions. */
export function sourceSpecs(scale = 1): SourceSpec[] {
  const s = (x: number) => Math.max(4, Math.round(x * scale));
  return [
    {
      name: 'a-1080p30', kind: '1920×1080 30 fps, stereo 48 kHz', seconds: s(30),
      args: (d, out, t) => ['-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${d}`, ...stereoTone(440, d), ...camera(t), ...aac(), '-shortest', out],
    },
    {
      name: 'b-720p25', kind: '1280×720 25 fps (cellular automaton), stereo', seconds: s(26),
      args: (d, out, t) => [
        '-f', 'lavfi', '-i', `life=s=320x180:r=25:mold=10:ratio=0.15:death_color=#602020:life_color=#30e060,scale=1280:720:flags=neighbor,trim=duration=${d}`,
        ...stereoTone(330, d), ...camera(t), ...aac(), '-shortest', out,
      ],
    },
    {
      name: 'c-portrait', kind: 'portrait 1080×1920 30 fps, stereo', seconds: s(24),
      args: (d, out, t) => ['-f', 'lavfi', '-i', `testsrc2=s=1080x1920:r=30:d=${d}`, ...stereoTone(550, d), ...camera(t), ...aac(), '-shortest', out],
    },
    {
      name: 'd-480p15', kind: '640×480 15 fps (fractal zoom), stereo', seconds: s(36),
      args: (d, out, t) => ['-f', 'lavfi', '-i', `mandelbrot=s=640x480:r=15,trim=duration=${d}`, ...stereoTone(262, d), ...camera(t), ...aac(), '-shortest', out],
    },
    {
      name: 'e-no-audio', kind: '1280×720 30 fps with film grain, no audio', seconds: s(28),
      args: (d, out, t) => ['-f', 'lavfi', '-i', `testsrc2=s=1280x720:r=30:d=${d},noise=alls=6:allf=t`, ...camera(t), '-an', out],
    },
    {
      name: 'f-mono-44k', kind: '1920×1080 29.97 fps, mono 44.1 kHz', seconds: s(22),
      args: (d, out, t) => [
        '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30000/1001:d=${d},hue=H=t/3`,
        '-f', 'lavfi', '-i', `sine=f=392:sample_rate=44100:d=${d}`, ...camera(t), ...aac(44100, 1), '-shortest', out,
      ],
    },
    {
      name: 'g-rotated-90', kind: '1920×1080 coded, rotate=90 (shows portrait)', seconds: s(32),
      args: (d, out, t) => [
        '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${d}`, ...stereoTone(494, d), ...camera(t), ...aac(), '-shortest', out,
      ],
      remux: ['-metadata:s:v:0', 'rotate=90'],
    },
    {
      name: 'h-anamorphic', kind: '1440×1080 SAR 4:3 (shows 16:9) 25 fps, stereo', seconds: s(40),
      args: (d, out, t) => ['-f', 'lavfi', '-i', `testsrc2=s=1440x1080:r=25:d=${d},setsar=4/3`, ...stereoTone(349, d), ...camera(t), ...aac(), '-shortest', out],
    },
  ];
}

export interface BenchSource extends SourceInfo {
  name: string;
  kind: string;
}

export interface BenchMedia {
  dir: string;
  sources: BenchSource[];
  music: { path: string; duration: number };
  /** Seconds spent generating (0 when everything came from the cache). */
  generatedSeconds: number;
}

async function cached(dir: string, name: string, make: (tmp: string) => Promise<void>): Promise<string> {
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  const tmp = path.join(dir, `.${process.pid}.${Math.random().toString(36).slice(2)}.${name}`);
  try {
    await make(tmp);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return file;
}

/** Generates (or finds) the sources and the music; `onStep` is called before each file made. */
export async function prepareMedia(tool: MediaTool, opts: { scale: number; musicSeconds: number; onStep?: (label: string) => void }): Promise<BenchMedia> {
  const dir = path.join(os.tmpdir(), `dayreel-bench-media-${VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  let generated = false;
  const sources: BenchSource[] = [];
  for (const spec of sourceSpecs(opts.scale)) {
    const file = await cached(dir, `${spec.name}-${spec.seconds}s.mp4`, async (tmp) => {
      generated = true;
      opts.onStep?.(`generating ${spec.name} (${spec.kind}, ${spec.seconds} s)`);
      if (!spec.remux) return void (await tool.run(spec.args(spec.seconds, tmp, tool.caps.needsTrellisOff)));
      const first = `${tmp}.first.mp4`;
      try {
        await tool.run(spec.args(spec.seconds, first, tool.caps.needsTrellisOff));
        await tool.run(['-i', first, '-map', '0', '-c', 'copy', ...spec.remux, '-f', 'mp4', tmp]);
      } finally {
        fs.rmSync(first, { force: true });
      }
    });
    const p = await tool.probe(file);
    if (!p.video) throw new Error(`${file} has no video stream`);
    sources.push({
      name: spec.name,
      kind: spec.kind,
      path: file,
      width: p.video.width,
      height: p.video.height,
      fps: p.video.fps,
      sar: p.video.sar,
      rotation: p.video.rotation,
      hasAudio: Boolean(p.audio),
      duration: p.duration,
    });
  }
  const musicFile = await cached(dir, `music-${opts.musicSeconds}s.mp3`, async (tmp) => {
    generated = true;
    opts.onStep?.(`generating music (${opts.musicSeconds} s)`);
    const d = opts.musicSeconds;
    // A chord with a beat: three tones and a decaying click every 0.5 s.
    await tool.run([
      '-f', 'lavfi', '-i',
      `aevalsrc=0.15*sin(2*PI*220*t)+0.1*sin(2*PI*277*t)+0.1*sin(2*PI*330*t)+0.3*sin(2*PI*60*t)*exp(-12*mod(t\\,0.5))|0.15*sin(2*PI*220*t)+0.1*sin(2*PI*330*t)+0.1*sin(2*PI*415*t)+0.3*sin(2*PI*60*t)*exp(-12*mod(t\\,0.5)):s=44100:d=${d}`,
      '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3', tmp,
    ]);
  });
  const music = { path: musicFile, duration: (await tool.probe(musicFile)).duration };
  return { dir, sources, music, generatedSeconds: generated ? (performance.now() - t0) / 1000 : 0 };
}

// Generates the demo day's media with ffmpeg's lavfi sources: five small camera files and
// three music tracks, plus manifest.json. Takes seconds (ultrafast x264, ≤ 640 px).
import fs from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from '../lib/concurrency.js';
import type { StepProgress } from '../lib/work-progress.js';
import type { MediaTool } from '../media/ffmpeg.js';
import { buildDemoManifest, DEMO_MUSIC, DEMO_RECORDINGS, demoDate, type DemoMusic, type DemoRecording } from './content.js';
import { synthesise, toWav } from './synth.js';

export type DemoProgress = StepProgress;

export interface GeneratedDemo {
  dir: string;
  manifestPath: string;
  /** The demo day, YYYY-MM-DD in Asia/Taipei. */
  date: string;
  files: string[];
}

function x264(tool: MediaTool): string[] {
  return [
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-g', '60',
    ...(tool.caps.needsTrellisOff ? ['-x264-params', 'trellis=0'] : []),
    '-pix_fmt', 'yuv420p',
  ];
}

async function renderRecording(tool: MediaTool, r: DemoRecording, out: string, onSeconds: (s: number) => void): Promise<void> {
  const graph = `${r.video}[v]`;
  const filter = [graph];
  const maps = ['-map', '[v]'];
  if (r.audio) {
    filter.push(`aevalsrc=exprs='${r.audio.expr}':s=${r.audio.rate}:d=${r.duration}[a]`);
    maps.push('-map', '[a]');
  }
  await tool.run(
    [
      '-filter_complex', filter.join(';'),
      ...maps,
      '-t', String(r.duration),
      '-r', r.rate,
      ...x264(tool),
      ...(r.audio ? ['-c:a', 'aac', '-b:a', '64k', '-ac', String(r.audio.channels)] : ['-an']),
      '-movflags', '+faststart',
      out,
    ],
    { onProgress: onSeconds },
  );
}

async function renderMusic(tool: MediaTool, m: DemoMusic, out: string, onSeconds: (s: number) => void): Promise<string> {
  const rate = 44100;
  const wav = `${out}.${process.pid}.wav`;
  await fs.writeFile(wav, toWav(synthesise(m, rate), rate));
  const base = ['-i', wav, '-af', `afade=t=in:d=0.5,afade=t=out:st=${m.duration - 3}:d=3`];
  const meta = ['-metadata', `title=${m.name}`, '-metadata', `artist=${m.composer}`];
  try {
    await tool.run([...base, '-c:a', 'libmp3lame', '-b:a', '128k', '-compression_level', '7', ...meta, out], { onProgress: onSeconds });
    return out;
  } catch {
    // A build without libmp3lame: AAC in .m4a instead.
    const m4a = out.replace(/\.mp3$/, '.m4a');
    await tool.run([...base, '-c:a', 'aac', '-b:a', '128k', ...meta, m4a], { onProgress: onSeconds });
    return m4a;
  } finally {
    await fs.rm(wav, { force: true });
  }
}

/**
 * Writes the demo day into `dir`: recordings/*.mp4, music/*.mp3 (or .m4a) and manifest.json
 * (relative paths) for `date` (default: yesterday in Asia/Taipei).
 */
export async function generateDemoMedia(
  tool: MediaTool,
  dir: string,
  onProgress?: (p: DemoProgress) => void,
  opts: { date?: string; concurrency?: number } = {},
): Promise<GeneratedDemo> {
  const date = opts.date ?? demoDate();
  await fs.mkdir(path.join(dir, 'recordings'), { recursive: true });
  await fs.mkdir(path.join(dir, 'music'), { recursive: true });

  // Work measured in output seconds of video; a second of music costs about half of one (one
  // single-threaded MP3 encoder against x264 on every core).
  const jobs: { name: string; weight: number; run: (onSeconds: (s: number) => void) => Promise<string> }[] = [
    ...DEMO_RECORDINGS.map((r) => ({
      name: r.file,
      weight: r.duration,
      run: async (on: (s: number) => void) => {
        await renderRecording(tool, r, path.join(dir, r.file), on);
        return r.file;
      },
    })),
    ...DEMO_MUSIC.map((m) => ({
      name: m.file,
      weight: m.duration * 0.5,
      run: async (on: (s: number) => void) => path.relative(dir, await renderMusic(tool, m, path.join(dir, m.file), (s) => on(s * 0.5))),
    })),
  ];
  const total = jobs.reduce((a, j) => a + j.weight, 0);
  const current = new Array<number>(jobs.length).fill(0);
  let done = 0;
  let last = 0;
  const report = () => {
    const percent = Math.max(last, Math.min(100, Math.round((current.reduce((a, b) => a + b, 0) / total) * 1000) / 10));
    last = percent;
    onProgress?.({ step: 'generate', done, total: jobs.length, percent });
  };
  // Longest first, so the long music track does not run alone at the end.
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.weight - jobs[a]!.weight);
  const files = new Array<string>(jobs.length);
  await mapLimit(order, opts.concurrency ?? 2, async (i) => {
    const job = jobs[i]!;
    files[i] = await job.run((s) => {
      current[i] = Math.min(job.weight, s);
      report();
    });
    current[i] = job.weight;
    done++;
    report();
  });

  // Music may have fallen back to .m4a: the manifest names what was written.
  const actual = new Map(jobs.map((j, i) => [j.name, files[i]!]));
  const manifest = buildDemoManifest(date, (f) => actual.get(f) ?? f);
  const manifestPath = path.join(dir, 'manifest.json');
  await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifestPath, date, files };
}

// What a family hears and sees in the finished vlog (issue #11), measured on the render bench's
// own sources, on every ffmpeg binary found:
//   loudness  integrated loudness and true peak (EBU R128, ebur128 peak=true) of the finished
//             MP4 — music + camera sound, camera sound only, music only — against −16 ± 1 LUFS
//             and ≤ −1 dBTP.
//
//   npx tsx bench/output-quality.ts [--binaries npm,debian] [--out bench/results]
//
// Writes <out>/output-quality.{json,md}. Short vlogs at 480p: this measures the output, not speed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLoudness, LOUDNESS, type Loudness } from '../server/src/render/loudness.ts';
import { renderVlog } from '../server/src/render/pipeline.ts';
import { planVlog, type PlanSettings } from '../server/src/render/plan.ts';
import type { MediaTool } from '../server/src/media/ffmpeg.ts';
import { log } from './lib/log.ts';
import { benchEvents, findBinaries, type BinaryInfo } from './render.ts';
import { prepareMedia, type BenchMedia, type BenchSource } from './render-sources.ts';

export interface LoudnessRow {
  binary: BinaryInfo['id'];
  case: 'music+camera' | 'camera only' | 'music only';
  clips: number;
  seconds: number;
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  met: boolean;
}

const VLOG_SECONDS = 20;

async function loudnessOf(tool: MediaTool, file: string): Promise<Loudness> {
  const { stderr } = await tool.run(['-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  return parseLoudness(stderr);
}

/** The three cases over the bench sources: with sound (music or not), and the silent one with music. */
function loudnessCases(media: BenchMedia): { name: LoudnessRow['case']; sources: BenchSource[]; music: boolean }[] {
  const withSound = media.sources.filter((s) => s.hasAudio);
  const silent = media.sources.filter((s) => !s.hasAudio);
  if (silent.length === 0) throw new Error('the bench sources have no silent one for the music-only case');
  return [
    { name: 'music+camera', sources: withSound, music: true },
    { name: 'camera only', sources: withSound, music: false },
    { name: 'music only', sources: silent, music: true },
  ];
}

export async function runLoudnessBench(binaries: BinaryInfo['id'][] | undefined): Promise<LoudnessRow[]> {
  const found = await findBinaries(binaries);
  const media = await prepareMedia(found[0]!.tool, { scale: 0.4, musicSeconds: 40, onStep: log });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bench-quality-'));
  const rows: LoudnessRow[] = [];
  try {
    for (const { tool, info } of found) {
      for (const c of loudnessCases(media)) {
        const clips = Math.max(4, c.sources.length);
        const settings: PlanSettings = {
          maxDuration: VLOG_SECONDS,
          transition: 'CROSSFADE',
          resolution: 'P480',
          aspect: 'LANDSCAPE',
          music: c.music ? { start: 5, end: 5 + VLOG_SECONDS, fade: true, volume: 0.6 } : null,
        };
        const plan = planVlog(benchEvents(c.sources, clips), settings);
        const inputs = Object.fromEntries(c.sources.map((s) => [s.name, s]));
        const out = path.join(work, 'vlog.mp4');
        log(`loudness: ${c.name}, ${plan.segments.length} clips — ${info.id} ffmpeg`);
        await renderVlog({ tool, plan, inputs, music: c.music ? media.music : undefined, workDir: work, outputPath: out, posterPath: path.join(work, 'poster.jpg') });
        const m = await loudnessOf(tool, out);
        rows.push({
          binary: info.id,
          case: c.name,
          clips: plan.segments.length,
          seconds: plan.totalDuration,
          integratedLufs: m.integrated ?? null,
          truePeakDbtp: m.truePeak ?? null,
          met: m.integrated !== undefined && Math.abs(m.integrated - LOUDNESS.targetLufs) <= 1 && (m.truePeak ?? 0) <= LOUDNESS.truePeakMax,
        });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

export function loudnessMarkdown(rows: LoudnessRow[]): string {
  const lines = [
    `Target: ${LOUDNESS.targetLufs} ± 1 LUFS integrated, true peak ≤ ${LOUDNESS.truePeakMax} dBTP (ebur128 peak=true on the finished MP4).`,
    '',
    '| ffmpeg | case | clips | seconds | integrated (LUFS) | true peak (dBTP) | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.binary} | ${r.case} | ${r.clips} | ${r.seconds.toFixed(1)} | ${r.integratedLufs ?? '—'} | ${r.truePeakDbtp ?? '—'} | ${r.met ? 'yes' : 'NO'} |`),
  ];
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const binaries = flag('--binaries')?.split(',') as BinaryInfo['id'][] | undefined;
  const out = path.resolve(flag('--out') ?? path.join(import.meta.dirname, 'results'));
  const loudness = await runLoudnessBench(binaries);
  fs.mkdirSync(out, { recursive: true });
  const at = new Date().toISOString();
  fs.writeFileSync(path.join(out, 'output-quality.json'), JSON.stringify({ at, loudness }, null, 2) + '\n');
  const md = `# Output quality (${at})\n\n\`npx tsx bench/output-quality.ts\`\n\n## Loudness\n\n${loudnessMarkdown(loudness)}`;
  fs.writeFileSync(path.join(out, 'output-quality.md'), md);
  process.stdout.write(md);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}

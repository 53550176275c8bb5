// What a family hears and sees in the finished vlog, measured on the render bench's
// own sources, on every ffmpeg binary found:
//   loudness  integrated loudness and true peak (EBU R128, ebur128 peak=true) of the finished
//             MP4 — music + camera sound, camera sound only, music only — against −16 ± 1 LUFS
//             and ≤ −1 dBTP.
//   re-render wall time of edits of a finished vlog that reuse its kept pieces (render/pieces.ts),
//             each divided by a full render of the same vlog in the same run: other music (window,
//             volume) — target ≤ 15 %; one clip replaced — target ≤ 35 %. The full render is
//             timed with and without keeping pieces (what keeping them costs).
//
//   npx tsx bench/output-quality.ts [--binaries npm,debian] [--only loudness,rerender] [--out bench/results]
//
// Writes <out>/output-quality.{json,md}. Short vlogs at 480p: this measures the output, not speed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseLoudness, LOUDNESS, type Loudness } from '../server/src/render/loudness.ts';
import { PieceCache } from '../server/src/render/piece-cache.ts';
import { renderVlog, type RenderResult } from '../server/src/render/pipeline.ts';
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

export interface RerenderRow {
  binary: BinaryInfo['id'];
  clips: number;
  seconds: number;
  resolution: string;
  /** Full render, no piece cache. */
  fullSeconds: number;
  /** Full render storing its pieces (the baseline the edits are divided by). */
  fullKeepingSeconds: number;
  musicChangeSeconds: number;
  musicChangeRatio: number;
  musicChangeEncoded: number;
  clipReplacedSeconds: number;
  clipReplacedRatio: number;
  clipReplacedEncoded: number;
  met: boolean;
}

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

/** Full render, then the two edits, back to back on one binary (so the ratios share the machine's state). */
export async function runRerenderBench(binaries: BinaryInfo['id'][] | undefined): Promise<RerenderRow[]> {
  const found = await findBinaries(binaries);
  const media = await prepareMedia(found[0]!.tool, { scale: 0.4, musicSeconds: 40, onStep: log });
  const inputs = Object.fromEntries(media.sources.map((s) => [s.name, s]));
  const rows: RerenderRow[] = [];
  const music = { start: 5, end: 5 + VLOG_SECONDS, fade: true, volume: 0.6 };
  const base: PlanSettings = { maxDuration: VLOG_SECONDS, transition: 'CROSSFADE', resolution: 'P720', aspect: 'LANDSCAPE', music };
  const events = benchEvents(media.sources, media.sources.length);
  // The edit that replaces a clip: the middle event shows another source's footage.
  const mid = events.length >> 1;
  const other = media.sources[(mid + 3) % media.sources.length]!;
  const replacedEvents = events.map((e, i) => (i === mid ? { ...e, recordingId: other.name, recordingDuration: other.duration } : e));
  for (const { tool, info } of found) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bench-rerender-'));
    try {
      const cache = new PieceCache(path.join(work, 'pieces'));
      const run = async (label: string, plan: ReturnType<typeof planVlog>, keep: boolean): Promise<{ seconds: number; result: RenderResult }> => {
        log(`re-render: ${label} — ${info.id} ffmpeg`);
        const dir = fs.mkdtempSync(path.join(work, 'run-'));
        const t0 = performance.now();
        const result = await renderVlog({
          tool, plan, inputs, music: media.music, workDir: dir, outputPath: path.join(dir, 'vlog.mp4'), posterPath: path.join(dir, 'poster.jpg'),
          pieceCache: keep ? cache : undefined,
        });
        const seconds = (performance.now() - t0) / 1000;
        fs.rmSync(dir, { recursive: true, force: true });
        return { seconds, result };
      };
      const plan = planVlog(events, base);
      const full = await run('full render', plan, false);
      const keeping = await run('full render keeping its pieces', plan, true);
      const musicChange = await run('other music window and volume', planVlog(events, { ...base, music: { ...music, start: 12, end: 12 + VLOG_SECONDS, volume: 0.4 } }), true);
      const replaced = await run('one clip replaced', planVlog(replacedEvents, base), true);
      const musicRatio = musicChange.seconds / keeping.seconds;
      const clipRatio = replaced.seconds / keeping.seconds;
      rows.push({
        binary: info.id,
        clips: plan.segments.length,
        seconds: plan.totalDuration,
        resolution: `${plan.width}×${plan.height}`,
        fullSeconds: round(full.seconds),
        fullKeepingSeconds: round(keeping.seconds),
        musicChangeSeconds: round(musicChange.seconds),
        musicChangeRatio: round(musicRatio),
        musicChangeEncoded: musicChange.result.pieces.encoded,
        clipReplacedSeconds: round(replaced.seconds),
        clipReplacedRatio: round(clipRatio),
        clipReplacedEncoded: replaced.result.pieces.encoded,
        met: musicRatio <= 0.15 && clipRatio <= 0.35,
      });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function rerenderMarkdown(rows: RerenderRow[]): string {
  return [
    'Wall time of edits that reuse the kept pieces ÷ the full render that kept them, same run. Targets: other music ≤ 15 %, one clip replaced ≤ 35 %.',
    '',
    '| ffmpeg | clips | output | full render (no keeping) | full render keeping pieces | other music | ratio | pieces encoded | one clip replaced | ratio | pieces encoded | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.binary} | ${r.clips} | ${r.seconds.toFixed(1)} s ${r.resolution} | ${r.fullSeconds.toFixed(2)} s | ${r.fullKeepingSeconds.toFixed(2)} s | ${r.musicChangeSeconds.toFixed(2)} s | ${(r.musicChangeRatio * 100).toFixed(1)} % | ${r.musicChangeEncoded} | ${r.clipReplacedSeconds.toFixed(2)} s | ${(r.clipReplacedRatio * 100).toFixed(1)} % | ${r.clipReplacedEncoded} | ${r.met ? 'yes' : 'NO'} |`,
    ),
  ].join('\n') + '\n';
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
  const only = flag('--only')?.split(',') ?? ['loudness', 'rerender'];
  const out = path.resolve(flag('--out') ?? path.join(import.meta.dirname, 'results'));
  const loudness = only.includes('loudness') ? await runLoudnessBench(binaries) : [];
  const rerender = only.includes('rerender') ? await runRerenderBench(binaries) : [];
  fs.mkdirSync(out, { recursive: true });
  const at = new Date().toISOString();
  const name = only.length === 2 ? 'output-quality' : `output-quality-${only.join('+')}`;
  fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify({ at, loudness, rerender }, null, 2) + '\n');
  const md =
    `# Output quality (${at})\n\n\`npx tsx bench/output-quality.ts${only.length === 2 ? '' : ` --only ${only.join(',')}`}\`\n\n` +
    (loudness.length ? `## Loudness\n\n${loudnessMarkdown(loudness)}\n` : '') +
    (rerender.length ? `## Re-render of edits\n\n${rerenderMarkdown(rerender)}` : '');
  fs.writeFileSync(path.join(out, `${name}.md`), md);
  process.stdout.write(md);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}

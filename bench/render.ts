// Section 1 — render cost. For each ffmpeg binary and each (clips, resolution) group, back to
// back so the ratios share the machine's state:
//   floor    one ffmpeg that decodes the plan's input seconds and fills them (-f null), then one
//            that only encodes the output length at the render's x264 settings from raw frames at
//            the output size (an 8 s loop sampled from every source, filled, from the page cache);
//   render   Dayreel's renderVlog (the product's code and defaults: renderProcesses() at a time,
//            blurred fill, sound levelled and measured), with crossfades and with cuts;
//   older    the older system at equal output: each clip re-encoded alone at preset medium with
//            forced scaling (aspect distorted) at the vlog's frame rate with its sound in AAC, one at
//            a time, joined with the concat demuxer (stream copy), then the music mixed in (2 s
//            fades, volume 0.6, AAC).
// The floor does the render's unavoidable work in the fewest processes: the decode includes the
// same fill (BLUR) and the sources' sound, the encode the same kind of filled pictures and the
// music in AAC.
// Wall time, CPU of every ffmpeg/ffprobe (reaped children, /proc/self/stat), peak memory of the
// ffmpeg processes (sampled /proc/<pid>/status, see lib/proc.ts), the Node process's peak RSS,
// output size and length.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { MediaTool, resolveBinaries } from '../server/src/media/ffmpeg.ts';
import { planVlog, type PlanEvent, type PlanSettings, type RenderPlan } from '../server/src/render/plan.ts';
import { renderVlog } from '../server/src/render/pipeline.ts';
import { pieceVideoArgs, secs, type SourceInfo } from '../server/src/render/commands.ts';
import { fillGraph } from '../server/src/render/fill.ts';
import { prepareMedia, type BenchMedia, type BenchSource } from './render-sources.ts';
import { measure, type Measured } from './lib/proc.ts';
import { Steps } from './lib/log.ts';

export type Resolution = 'P720' | 'P1080';
export type TransitionKind = 'CROSSFADE' | 'CUT';

export interface BinaryInfo {
  id: 'npm' | 'debian';
  path: string;
  version: string;
  xfade: boolean;
}

export interface RunStats {
  wallSeconds: number;
  /** CPU seconds of all ffmpeg/ffprobe processes of the step. */
  cpuSeconds: number;
  /** CPU seconds of the Node process during the step. */
  nodeCpuSeconds: number;
  /** Highest sum of RSS of the ffmpeg processes alive at one moment (bytes). */
  ffmpegPeakBytes: number;
  /** Highest peak RSS (VmHWM) of any one ffmpeg process (bytes). */
  ffmpegMaxProcessBytes: number;
  /** ffmpeg/ffprobe processes started. */
  processes: number;
  /** Peak RSS of the Node process during the step, and its RSS at the start (bytes). */
  nodePeakBytes: number;
  nodeStartBytes: number;
  /** Share of the machine's CPU used by other work during the step (0–1). */
  foreignLoad: number;
}

export interface OutputStats {
  bytes: number;
  seconds: number;
  /** Output seconds per wall second. */
  realtimeFactor: number;
}

export interface RenderRun extends RunStats, OutputStats {
  transition: TransitionKind;
  /** The floor for this plan: decode of its input seconds + the group's encode. */
  floorWallSeconds: number;
  floorCpuSeconds: number;
  /** render ÷ floor, wall and CPU. */
  vsFloorWall: number;
  vsFloorCpu: number;
  /** older ÷ render (wall, CPU): how many times faster than the older approach. */
  olderSpeedupWall: number | null;
  olderSpeedupCpu: number | null;
}

export interface RenderGroup {
  binary: BinaryInfo['id'];
  clips: number;
  resolution: Resolution;
  width: number;
  height: number;
  outputSeconds: number;
  floor: { encode: RunStats & { bytes: number }; decode: Partial<Record<TransitionKind, RunStats>> };
  renders: RenderRun[];
  older: (RunStats & OutputStats) | null;
}

export interface RenderSection {
  binaries: BinaryInfo[];
  sources: { name: string; kind: string; width: number; height: number; fps: number; sar: number; rotation: number; hasAudio: boolean; seconds: number }[];
  music: { seconds: number };
  vlogSeconds: number;
  generatedSeconds: number;
  groups: RenderGroup[];
  /** Peak ffmpeg memory and wall time at 40 clips ÷ at 8 clips, per binary / resolution / transition. */
  growth: { binary: string; resolution: Resolution; transition: TransitionKind; fromClips: number; toClips: number; memory: number; wall: number; cpu: number }[];
  /** Steps that failed (the rest of the section still runs): what, and ffmpeg's own words. */
  failures: RenderFailure[];
  method: string;
}

export interface RenderFailure {
  binary: BinaryInfo['id'];
  clips: number;
  resolution: Resolution;
  step: 'floor' | 'render' | 'older';
  transition?: TransitionKind;
  message: string;
  /** The failing ffmpeg's arguments, when known. */
  args?: string[];
}

export interface RenderBenchOptions {
  /** 8 clips at 720p on the first binary, 20 s vlog from shorter sources. */
  quick: boolean;
  /** Restrict to binaries by id (quick: pass them to run more than the first). */
  binaries?: BinaryInfo['id'][];
  /** Every combination on every binary (slow); default skips the costliest repeats on the second binary. */
  fullMatrix?: boolean;
  /** Quick: the frame sizes to run (default 720p). */
  resolutions?: Resolution[];
  /** Only the groups with these clip counts / vlog lengths (to repeat some rows of a full run). */
  clips?: number[];
  seconds?: number[];
}

const FFMPEG = /ffmpeg|ffprobe/;

/** The npm binary (always) and Debian's /usr/bin/ffmpeg (when installed). */
export async function findBinaries(only?: BinaryInfo['id'][]): Promise<{ info: BinaryInfo; tool: MediaTool }[]> {
  const out: { info: BinaryInfo; tool: MediaTool }[] = [];
  const npm = resolveBinaries({});
  if (npm.source === '@ffmpeg-installer' || npm.source === 'ffmpeg-static') {
    const tool = await MediaTool.create({ ffmpegPath: npm.ffmpeg });
    out.push({ info: { id: 'npm', path: npm.ffmpeg, version: tool.caps.version, xfade: tool.caps.xfade }, tool });
  }
  let debian: string | undefined;
  for (const candidate of ['/usr/bin/ffmpeg']) if (fs.existsSync(candidate)) debian = candidate;
  if (!debian) {
    try {
      const onPath = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
      if (onPath && onPath !== npm.ffmpeg) debian = onPath;
    } catch {
      // not installed
    }
  }
  if (debian) {
    const tool = await MediaTool.create({ ffmpegPath: debian });
    out.push({ info: { id: 'debian', path: debian, version: tool.caps.version, xfade: tool.caps.xfade }, tool });
  }
  if (out.length === 0) throw new Error('no ffmpeg binary found');
  return only?.length ? out.filter((b) => only.includes(b.info.id)) : out;
}

/** `clips` events over the 8 sources: each source's footage split into equal windows. */
export function benchEvents(sources: BenchSource[], clips: number): PlanEvent[] {
  const base = Date.UTC(2024, 4, 1, 0, 0, 0);
  const perSource = Math.ceil(clips / sources.length);
  const events: PlanEvent[] = [];
  for (let j = 0; j < clips; j++) {
    const s = j % sources.length;
    const w = Math.floor(j / sources.length);
    const src = sources[s]!;
    const len = src.duration / perSource;
    const recordingStart = new Date(base + s * 3600_000);
    events.push({
      eventId: `e${String(j).padStart(3, '0')}`,
      recordingId: src.name,
      eventStart: new Date(recordingStart.getTime() + Math.round(w * len * 1000)),
      eventDuration: Math.floor(len * 10) / 10,
      recordingStart,
      recordingDuration: src.duration,
      interestScores: [],
    });
  }
  return events;
}

export function benchPlan(sources: BenchSource[], clips: number, resolution: Resolution, transition: TransitionKind, seconds: number): RenderPlan {
  const settings: PlanSettings = {
    maxDuration: seconds,
    transition,
    resolution,
    aspect: 'LANDSCAPE',
    music: { start: 5, end: 5 + seconds, fade: true, volume: 0.6 },
  };
  const plan = planVlog(benchEvents(sources, clips), settings);
  if (plan.segments.length !== clips) throw new Error(`plan has ${plan.segments.length} clips, wanted ${clips} (dropped: ${JSON.stringify(plan.dropped)})`);
  return plan;
}

function stats(m: Measured<unknown>): RunStats {
  return {
    wallSeconds: m.wallSeconds,
    cpuSeconds: m.childCpuSeconds,
    nodeCpuSeconds: m.nodeCpuSeconds,
    ffmpegPeakBytes: m.memory.concurrentPeak,
    ffmpegMaxProcessBytes: m.memory.maxProcessPeak,
    processes: m.memory.processesSeen,
    nodePeakBytes: m.memory.rootPeak,
    nodeStartBytes: m.memory.rootStart,
    foreignLoad: m.foreignLoad,
  };
}

/** The render's video settings for its pieces (commands.ts pieceVideoArgs), with the pieces' time scale, without their .mov container. */
function x264(tool: MediaTool, plan: RenderPlan): string[] {
  return [...pieceVideoArgs(plan, tool.caps), '-video_track_timescale', '15360'];
}

/**
 * A fill graph (fill.ts, `[0:v:0]` → `[v]`) for input `i` of a many-input process: the input pad
 * renumbered, every other label suffixed so the graphs of several inputs do not collide.
 */
export function relabel(graph: string[], i: number): string[] {
  return graph.map((f) => f.replace(/\[0:v:0\]/g, `[${i}:v:0]`).replace(/\[([A-Za-z][A-Za-z0-9_]*)\]/g, `[$1_${i}]`));
}

/**
 * Decode the plan's input seconds and fill each clip's frames as the render does (its default
 * fit, BLUR), sound decoded too — every window of every clip, in one process, to nowhere.
 */
export function floorDecodeArgs(plan: RenderPlan, inputs: Record<string, SourceInfo>): string[] {
  const args: string[] = [];
  const graph: string[] = [];
  const maps: string[] = [];
  plan.segments.forEach((seg, i) => {
    const src = inputs[seg.recordingId]!;
    args.push('-ss', secs(seg.sourceStart), '-t', secs(seg.duration), '-i', src.path);
    const fill = fillGraph({ src, W: plan.width, H: plan.height, fps: plan.fps, N: seg.frames, nearEnd: seg.sourceEnd > src.duration - 1, fit: 'BLUR' });
    graph.push(...relabel(fill, i));
    maps.push('-map', `[v_${i}]`);
    if (src.hasAudio) maps.push('-map', `${i}:a:0`);
  });
  return [...args, '-filter_complex', graph.join(';'), ...maps, '-f', 'null', '-'];
}

/**
 * An 8 s loop of raw frames at the output size: 1 s of every source, filled like the render (BLUR),
 * so the encoder sees the same kind of pictures as in the vlog. Read from the page cache, it costs
 * next to nothing to decode.
 */
async function rawLoop(tool: MediaTool, media: BenchMedia, plan: RenderPlan, dir: string): Promise<string> {
  const file = path.join(dir, `loop8-blur-${plan.width}x${plan.height}-${plan.fps}.nut`);
  if (fs.existsSync(file)) return file;
  const per = plan.fps;
  const args: string[] = [];
  const chains: string[] = [];
  media.sources.forEach((src, i) => {
    args.push('-ss', '1', '-i', src.path);
    chains.push(...relabel(fillGraph({ src, W: plan.width, H: plan.height, fps: plan.fps, N: per, nearEnd: false, fit: 'BLUR' }), i));
  });
  const graph = `${chains.join(';')};${media.sources.map((_, i) => `[v_${i}]`).join('')}concat=n=${media.sources.length}:v=1:a=0[v]`;
  const tmp = `${file}.${process.pid}.nut`;
  await tool.run([...args, '-filter_complex', graph, '-map', '[v]', '-c:v', 'rawvideo', '-f', 'nut', tmp]);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Encode `plan.totalDuration` seconds at the render's settings from the raw loop, and the music
 * window (decoded, as the render decodes it) in AAC as the render's final pass writes it.
 */
export function floorEncodeArgs(tool: MediaTool, plan: RenderPlan, loop: string, music: { path: string }, out: string): string[] {
  const m = plan.music!;
  return [
    '-stream_loop', '-1', '-i', loop,
    '-ss', secs(m.start), '-i', music.path,
    '-map', '0:v:0', '-map', '1:a:0', '-frames:v', String(plan.totalFrames), '-t', secs(plan.totalDuration),
    ...x264(tool, plan),
    '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2', '-movflags', '+faststart', '-f', 'mp4', out,
  ];
}

/**
 * The older system, at the vlog's frame rate and with sound: per-clip medium encodes with forced
 * scaling (the clip's own sound in AAC, silence where it has none), concat copy, then the music
 * mixed over the clips' sound.
 */
async function olderRender(tool: MediaTool, plan: RenderPlan, inputs: Record<string, SourceInfo>, music: { path: string }, dir: string, out: string): Promise<void> {
  const list: string[] = [];
  for (const seg of plan.segments) {
    const src = inputs[seg.recordingId]!;
    const clip = path.join(dir, `old-${String(seg.index).padStart(3, '0')}.mp4`);
    const silence = src.hasAudio ? [] : ['-f', 'lavfi', '-t', secs(seg.duration), '-i', 'anullsrc=r=48000:cl=stereo'];
    await tool.run([
      '-ss', secs(seg.sourceStart), '-t', secs(seg.duration), '-i', src.path, ...silence,
      '-map', '0:v:0', '-map', src.hasAudio ? '0:a:0' : '1:a:0',
      '-vf', `scale=${plan.width}:${plan.height}`, '-r', String(plan.fps),
      '-c:v', 'libx264', '-preset', 'medium', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2', '-f', 'mp4', clip,
    ]);
    list.push(`file '${clip}'\n`);
  }
  const listFile = path.join(dir, 'old-list.txt');
  fs.writeFileSync(listFile, list.join(''));
  const joined = path.join(dir, 'old-joined.mp4');
  await tool.run(['-f', 'concat', '-safe', '0', '-i', listFile, '-c', 'copy', '-f', 'mp4', joined]);
  const m = plan.music!;
  const total = plan.totalDuration;
  await tool.run([
    '-i', joined, '-ss', secs(m.start), '-t', secs(total), '-i', music.path,
    '-filter_complex', `[1:a]afade=t=in:st=0:d=2,afade=t=out:st=${secs(total - 2)}:d=2,volume=0.6[m];[0:a][m]amix=inputs=2:duration=first[a]`,
    '-map', '0:v:0', '-map', '[a]', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '160k', '-shortest', '-movflags', '+faststart', '-f', 'mp4', out,
  ]);
  for (const f of fs.readdirSync(dir)) if (f.startsWith('old-')) fs.rmSync(path.join(dir, f), { force: true });
}

interface GroupSpec {
  binary: BinaryInfo['id'];
  clips: number;
  resolution: Resolution;
  /** Length of the vlog, seconds. */
  seconds: number;
  transitions: TransitionKind[];
  older: boolean;
}

/** Which groups run: see RenderBenchOptions. */
export function groupSpecs(binaries: BinaryInfo['id'][], opts: { quick: boolean; fullMatrix?: boolean; resolutions?: Resolution[]; clips?: number[]; seconds?: number[] }): GroupSpec[] {
  return allGroupSpecs(binaries, opts).filter((g) => (!opts.clips?.length || opts.clips.includes(g.clips)) && (!opts.seconds?.length || opts.seconds.includes(g.seconds)));
}

function allGroupSpecs(binaries: BinaryInfo['id'][], opts: { quick: boolean; fullMatrix?: boolean; resolutions?: Resolution[] }): GroupSpec[] {
  const both: TransitionKind[] = ['CROSSFADE', 'CUT'];
  // Quick: the first binary only (the npm one when present), 8 clips at 720p (or as asked), 20 s.
  if (opts.quick) {
    const sizes = opts.resolutions?.length ? opts.resolutions : (['P720'] as const);
    return binaries.slice(0, 1).flatMap((binary) => sizes.map((resolution) => ({ binary, clips: 8, resolution, seconds: 20, transitions: both, older: true })));
  }
  const out: GroupSpec[] = [];
  binaries.forEach((binary, i) => {
    const first = i === 0 || opts.fullMatrix;
    for (const resolution of ['P720', 'P1080'] as const) {
      // 60 s everywhere; 20 s (where a crossfade weighs most) on the first binary.
      out.push({ binary, clips: 8, resolution, seconds: 60, transitions: both, older: true });
      if (first) out.push({ binary, clips: 8, resolution, seconds: 20, transitions: both, older: false });
    }
    out.push({ binary, clips: 40, resolution: 'P720', seconds: 60, transitions: both, older: Boolean(opts.fullMatrix) });
    if (opts.fullMatrix) out.push({ binary, clips: 40, resolution: 'P1080', seconds: 60, transitions: both, older: true });
  });
  return out;
}

export async function runRenderBench(opts: RenderBenchOptions): Promise<RenderSection> {
  const vlogSeconds = opts.quick ? 20 : 60;
  const found = await findBinaries(opts.binaries);
  // Quick runs one binary unless told which.
  const binaries = opts.quick && !opts.binaries?.length ? found.slice(0, 1) : found;
  const npm = binaries.find((b) => b.info.id === 'npm') ?? binaries[0]!;
  const specs = opts.quick && opts.binaries && opts.binaries.length > 1
    ? binaries.flatMap((b) => groupSpecs([b.info.id], opts))
    : groupSpecs(binaries.map((b) => b.info.id), opts);
  const stepsPerGroup = (g: GroupSpec) => 1 + 2 * g.transitions.length + (g.older ? 1 : 0);
  const steps = new Steps('render', specs.reduce((a, g) => a + stepsPerGroup(g), 0));

  const media = await prepareMedia(npm.tool, {
    scale: opts.quick ? 0.4 : 1,
    musicSeconds: opts.quick ? 40 : 90,
    onStep: (label) => steps.note(label),
  });
  const inputs: Record<string, SourceInfo> = Object.fromEntries(media.sources.map((s) => [s.name, s]));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bench-render-'));
  const groups: RenderGroup[] = [];
  const failures: RenderFailure[] = [];
  // Remember the arguments of each binary's last ffmpeg, to say which command failed.
  const lastArgs = new Map<MediaTool, string[]>();
  for (const { tool } of binaries) {
    const run = tool.run.bind(tool);
    tool.run = (args, o) => {
      lastArgs.set(tool, args);
      return run(args, o);
    };
  }
  const failed = (spec: GroupSpec, step: RenderFailure['step'], tool: MediaTool, err: unknown, transition?: TransitionKind) => {
    const e = err as Error & { stderrTail?: string };
    const tail = (e.stderrTail ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !/^(frame=|size=|Stream|Input|Output|Metadata|Duration|handler|encoder|major|minor|compatible|creation|vendor|Side data|displaymatrix|cpb|\[mov)/.test(l));
    const message = [e.message.split('\n')[0], ...tail.slice(-4)].filter((x, i, a) => a.indexOf(x) === i).join(' | ');
    failures.push({ binary: spec.binary, clips: spec.clips, resolution: spec.resolution, step, transition, message, args: lastArgs.get(tool) });
    steps.note(`FAILED (${step}${transition ? ` ${transition}` : ''}): ${message}`);
  };
  try {
    for (const spec of specs) {
      const { tool, info } = binaries.find((b) => b.info.id === spec.binary)!;
      const label = `${spec.seconds} s at ${spec.resolution === 'P720' ? '720p' : '1080p'}, ${spec.clips} clips, ${info.id} ffmpeg`;
      const cutPlan = benchPlan(media.sources, spec.clips, spec.resolution, 'CUT', spec.seconds);

      const loop = await rawLoop(npm.tool, media, cutPlan, media.dir);
      steps.step(`floor: encode ${spec.seconds} s of output only — ${label}`);
      const floorOut = path.join(work, 'floor.mp4');
      let floor: RenderGroup['floor'];
      try {
        const encode = await measure(() => tool.run(floorEncodeArgs(tool, cutPlan, loop, media.music, floorOut)), { filter: FFMPEG });
        floor = { encode: { ...stats(encode), bytes: fs.statSync(floorOut).size }, decode: {} };
      } catch (err) {
        failed(spec, 'floor', tool, err);
        steps.grow(-(2 * spec.transitions.length + (spec.older ? 1 : 0)));
        continue;
      } finally {
        fs.rmSync(floorOut, { force: true });
      }

      const renders: RenderRun[] = [];
      for (const transition of spec.transitions) {
        const plan = transition === 'CUT' ? cutPlan : benchPlan(media.sources, spec.clips, spec.resolution, transition, spec.seconds);
        const how = transition === 'CUT' ? 'with cuts' : 'with crossfades';
        // The floor's decode + fill: the same input seconds as this plan (crossfades overlap their clips).
        steps.step(`floor: decode and fill the input seconds only (${how}) — ${label}`);
        let decode: RunStats;
        try {
          decode = stats(await measure(() => tool.run(floorDecodeArgs(plan, inputs)), { filter: FFMPEG }));
        } catch (err) {
          failed(spec, 'floor', tool, err, transition);
          steps.grow(-1);
          continue;
        }
        floor.decode[transition] = decode;
        const floorWall = decode.wallSeconds + floor.encode.wallSeconds;
        const floorCpu = decode.cpuSeconds + floor.encode.cpuSeconds;
        steps.step(`render ${how} — ${label}`);
        const out = path.join(work, 'vlog.mp4');
        const poster = path.join(work, 'poster.jpg');
        let m: Measured<{ duration: number; sizeBytes: number }>;
        try {
          m = await measure(
            () => renderVlog({ tool, plan, inputs, music: media.music, workDir: work, outputPath: out, posterPath: poster }),
            { filter: FFMPEG },
          );
        } catch (err) {
          failed(spec, 'render', tool, err, transition);
          continue;
        } finally {
          fs.rmSync(out, { force: true });
          fs.rmSync(poster, { force: true });
        }
        renders.push({
          transition,
          ...stats(m),
          bytes: m.value.sizeBytes,
          seconds: m.value.duration,
          realtimeFactor: m.value.duration / m.wallSeconds,
          floorWallSeconds: floorWall,
          floorCpuSeconds: floorCpu,
          vsFloorWall: m.wallSeconds / floorWall,
          vsFloorCpu: m.childCpuSeconds / floorCpu,
          olderSpeedupWall: null,
          olderSpeedupCpu: null,
        });
      }

      let older: RenderGroup['older'] = null;
      if (spec.older) {
        steps.step(`older system's approach — ${label}`);
        const out = path.join(work, 'older.mp4');
        try {
          const m = await measure(() => olderRender(tool, cutPlan, inputs, media.music, work, out), { filter: FFMPEG });
          const probe = await tool.probe(out);
          // Realtime factor over the planned length: the concat of mixed-rate clips comes out longer.
          older = { ...stats(m), bytes: probe.sizeBytes, seconds: probe.duration, realtimeFactor: cutPlan.totalDuration / m.wallSeconds };
          for (const r of renders) {
            r.olderSpeedupWall = older.wallSeconds / r.wallSeconds;
            r.olderSpeedupCpu = older.cpuSeconds / r.cpuSeconds;
          }
        } catch (err) {
          failed(spec, 'older', tool, err);
        } finally {
          fs.rmSync(out, { force: true });
        }
      }
      groups.push({
        binary: spec.binary,
        clips: spec.clips,
        resolution: spec.resolution,
        width: cutPlan.width,
        height: cutPlan.height,
        outputSeconds: cutPlan.totalDuration,
        floor,
        renders,
        older,
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  const growth: RenderSection['growth'] = [];
  for (const g40 of groups.filter((g) => g.clips > 8)) {
    const g8 = groups.find((g) => g.clips === 8 && g.binary === g40.binary && g.resolution === g40.resolution && g.outputSeconds === g40.outputSeconds);
    if (!g8) continue;
    for (const r40 of g40.renders) {
      const r8 = g8.renders.find((r) => r.transition === r40.transition);
      if (!r8) continue;
      growth.push({
        binary: g40.binary,
        resolution: g40.resolution,
        transition: r40.transition,
        fromClips: g8.clips,
        toClips: g40.clips,
        memory: r40.ffmpegPeakBytes / r8.ffmpegPeakBytes,
        wall: r40.wallSeconds / r8.wallSeconds,
        cpu: r40.cpuSeconds / r8.cpuSeconds,
      });
    }
  }

  return {
    binaries: binaries.map((b) => b.info),
    sources: media.sources.map((s) => ({
      name: s.name, kind: s.kind, width: s.width, height: s.height, fps: Math.round(s.fps * 1000) / 1000, sar: Math.round(s.sar * 1000) / 1000, rotation: s.rotation, hasAudio: s.hasAudio, seconds: s.duration,
    })),
    music: { seconds: media.music.duration },
    vlogSeconds,
    generatedSeconds: media.generatedSeconds,
    groups,
    growth,
    failures,
    method:
      'Wall: performance.now() around the step. CPU: user+system time of reaped child processes (/proc/self/stat cutime+cstime, exact to 10 ms), i.e. every ffmpeg/ffprobe of the step. ' +
      'Memory: /proc/<pid>/status of every ffmpeg/ffprobe descendant sampled every 20 ms — "ffmpeg peak" is the highest sum of VmRSS of those alive at once, "max process" the highest VmHWM of one; ' +
      'Node: VmRSS of the bench process (which runs renderVlog in-process), sampled likewise. Foreign load: busy CPU of the whole machine (/proc/stat) minus ours, over wall × cores.',
  };
}

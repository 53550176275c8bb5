// The thin runner: executes what plan.ts decided with the commands commands.ts builds.
// One ffmpeg measures the sound of every clip to be encoded and the music; then the pieces not
// kept in the piece cache are encoded in batches (batches.ts): one ffmpeg per run of consecutive
// pieces, up to a bounded number of clips, `concurrency` at a time, each one x264 stream cut into
// the pieces at forced IDRs; then the sound pass and one final pass that joins the video by
// stream copy.
// Everything it writes goes to a private folder under workDir that is removed on success,
// failure and abort; the video and poster appear under their final names by rename only.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { CanceledError, MediaError, type MediaTool } from '../media/ffmpeg.ts';
import { buildCaps, concatList, finalArgs, mixArgs, posterArgs, posterSource, samplesPerFrame, type BuildCaps, type SourceInfo } from './commands.ts';
import { masterBest, masterMeasureArgs, masterNext, masterStart, parseLoudness, type Loudness, type MasterSetting, type MasterTry } from './loudness.ts';
import { type Fit } from './fill.ts';
import { canDraw, captionCues, cleanText, drawFilters, drawSizes, filterPath, webvtt, wrapText, type DrawFiles } from './captions.ts';
import type { PieceCache } from './piece-cache.ts';
import { pieceFrames, pieceId, playingOrder, type Piece } from './batches.ts';
import { pieceTasks } from './batch-run.ts';
import type { RenderPlan } from './plan.ts';
import { ProgressTracker, type Pass, type RenderProgress } from './progress.ts';

export type { RenderProgress } from './progress.ts';

export interface RenderInput extends SourceInfo {}

/**
 * ffmpeg processes per render: x264 already keeps two cores busy, so a second batch process on a
 * 2-core machine only doubles memory (measured: same wall time, half the peak at 1080p).
 */
export function renderProcesses(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

export interface RenderOptions {
  tool: MediaTool;
  plan: RenderPlan;
  /** Probed source files by recordingId. */
  inputs: Record<string, RenderInput>;
  music?: { path: string; duration: number };
  /** A folder this render may fill; everything it creates there is removed again. */
  workDir: string;
  outputPath: string;
  posterPath: string;
  signal?: AbortSignal;
  onProgress?: (p: RenderProgress) => void;
  /** ffmpeg processes at once (default renderProcesses()). */
  concurrency?: number;
  /** How a picture of another shape fills the frame (default BLUR, see fill.ts). */
  fit?: Fit;
  /** A font covering the vlog's script, for words drawn into the picture (captions.ts). */
  captionFont?: string;
  /** Where the WebVTT of the soft captions goes, when the plan has any (renamed in like the video). */
  captionsPath?: string;
  /** Kept pieces of earlier renders (pieces.ts): what is there is not encoded again. */
  pieceCache?: PieceCache;
  /** Clips one ffmpeg may decode at once (default: batches.ts batchClips for the frame size). */
  batchClips?: number;
}

export interface RenderResult {
  duration: number;
  sizeBytes: number;
  /** The WebVTT was written to captionsPath (the vlog has soft captions). */
  captions: boolean;
  /** Pieces (bodies and crossfades) encoded here or taken from the piece cache, and the keys used. */
  pieces: { encoded: number; reused: number; keys: string[] };
}

interface Task {
  id: string;
  deps: string[];
  run: () => Promise<void>;
}

export async function renderVlog(opts: RenderOptions): Promise<RenderResult> {
  const { tool, plan, inputs } = opts;
  if (opts.signal?.aborted) throw new CanceledError();
  // Fail before any work on what would otherwise fail in the middle.
  if (plan.segments.length === 0) throw new MediaError('the plan has no clips to render');
  samplesPerFrame(plan.fps);
  for (const seg of plan.segments) {
    if (!inputs[seg.recordingId]) throw new MediaError(`no source file was given for recording ${seg.recordingId}`);
  }

  const caps = buildCaps(tool.caps);
  const fit = opts.fit ?? 'BLUR';
  const n = plan.segments.length;
  const passes = progressPasses(plan);
  // Steps are clips, as people count them ("clip 5 of 12"); transitions and the final pass
  // show in the percent and the message, not as steps of their own.
  const totalSteps = n;
  let stepsDone = 0;
  const tracker = new ProgressTracker(passes, opts.onProgress);
  const step = () => ({ step: Math.min(totalSteps, stepsDone + 1), totalSteps });
  tracker.report('PREPARING', `Preparing ${n} clip${n === 1 ? '' : 's'}`, { ...step(), force: true });

  // Our own controller: an outside abort and a failed sibling both stop every running ffmpeg.
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const tag = randomBytes(4).toString('hex');
  const tmpOut = `${opts.outputPath}.${tag}.part`;
  const tmpPoster = `${opts.posterPath}.${tag}.part`;
  const tmpCaptions = opts.captionsPath ? `${opts.captionsPath}.${tag}.part` : undefined;
  let dir: string | undefined;
  let finished = false;
  try {
    dir = await mkdtemp(join(opts.workDir, 'render-'));
    const d = dir;
    const files = pieceFiles(d);
    const words = await prepareWords(plan, caps, opts.captionFont, d);
    tracker.finish('prepare');

    // Steps advance as clips' bodies are done; the message names the clip being encoded.
    const bodyDone = new Set<number>();
    const message = () => (bodyDone.size < n ? `Rendering clip ${Math.min(n, bodyDone.size + 1)} of ${n}` : 'Blending the last transitions');
    tracker.report('RENDERING', message(), { ...step(), force: true });
    const made = await pieceTasks(
      {
        tool, plan, inputs, caps, fit, words, cache: opts.pieceCache, signal: ctl.signal, dir: d,
        video: files.video,
        sound: files.sound,
        clock: (p, s) => {
          tracker.clock(pieceId(p), s);
          tracker.report('RENDERING', message(), step());
        },
        done: (p) => {
          tracker.finish(pieceId(p));
          if (p.kind === 'body' && !bodyDone.has(p.clip)) (bodyDone.add(p.clip), stepsDone++);
          tracker.report('RENDERING', message(), step());
        },
        maxClips: opts.batchClips,
      },
      opts.music,
    );
    await runTasks(made.tasks, Math.max(1, opts.concurrency ?? renderProcesses()), ctl);

    // Sound (mixed from the pieces' WAVs and measured), then the video joined + the sound at the target level.
    const list = join(d, 'pieces.txt');
    const sounds = join(d, 'sounds.txt');
    await writeFile(list, concatList(playingOrder(plan).map(files.video)));
    await writeFile(sounds, concatList(playingOrder(plan).map(files.sound)));
    await soundAndJoin({ tool, plan, caps, tracker, signal: ctl.signal }, { list, sounds, mix: join(d, 'mix.wav'), out: tmpOut, music: opts.music, subtitles: words.subtitles }, made.musicGain());

    tracker.report('FINALIZING', 'Making the poster', { force: true });
    await tool.run(posterArgs(plan, inputs[posterSource(plan).segment.recordingId]!, tmpPoster), { signal: ctl.signal });
    tracker.finish('poster');

    tracker.report('FINALIZING', 'Checking the video', { force: true });
    const probe = await tool.probe(tmpOut);
    const size = (await stat(tmpOut)).size;
    if (ctl.signal.aborted) throw new CanceledError();
    const captions = !!(words.subtitles && tmpCaptions && opts.captionsPath);
    if (captions) await rename(words.subtitles!.path, tmpCaptions!);
    await rename(tmpPoster, opts.posterPath);
    if (captions) await rename(tmpCaptions!, opts.captionsPath!);
    await rename(tmpOut, opts.outputPath);
    finished = true;
    tracker.finish('probe');
    tracker.report('FINALIZING', 'Done', { percent: 100, force: true });
    return { duration: probe.duration, sizeBytes: size, captions, pieces: made.used };
  } catch (err) {
    ctl.abort(); // stop anything still running before its files are removed
    if (opts.signal?.aborted && !(err instanceof CanceledError)) throw new CanceledError();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // Cleanup errors (say EROFS) must not replace the error that ended the render.
    const quiet = () => {};
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(quiet);
    if (!finished) await Promise.all([tmpOut, tmpPoster, tmpCaptions].map((f) => f && rm(f, { force: true }).catch(quiet)));
  }
}

/**
 * The finished mix's gain: one fixed gain when the peaks allow it; else measured tries of gain +
 * limiter (audio only, from the WAV: a fraction of a second each) until the loudness is on target.
 */
async function searchMaster(tool: MediaTool, mix: string, raw: Loudness, signal: AbortSignal): Promise<MasterSetting | undefined> {
  const start = masterStart(raw);
  if (!start?.limit) return start;
  const tries: MasterTry[] = [];
  let setting: MasterSetting = start;
  for (;;) {
    const { stderr } = await tool.run(masterMeasureArgs(mix, setting), { signal });
    tries.push({ gainDb: setting.gainDb, integrated: parseLoudness(stderr).integrated });
    const next = masterNext(raw, tries);
    if (next === undefined) break;
    setting = { gainDb: next, limit: true };
  }
  return { gainDb: masterBest(tries), limit: true };
}

/** The progress passes of a render, weighted by the work each does: a piece by its frames. */
function progressPasses(plan: RenderPlan): Pass[] {
  return [
    { id: 'prepare', phase: 'PREPARING', weight: 1, outSeconds: 0 },
    ...playingOrder(plan).map((p) => ({ id: pieceId(p), phase: 'RENDERING' as const, weight: pieceFrames(plan, p), outSeconds: pieceFrames(plan, p) / plan.fps })),
    { id: 'mix', phase: 'FINALIZING', weight: 3, outSeconds: plan.totalDuration },
    { id: 'final', phase: 'FINALIZING', weight: 5, outSeconds: plan.totalDuration },
    { id: 'poster', phase: 'FINALIZING', weight: 1, outSeconds: 0 },
    { id: 'probe', phase: 'FINALIZING', weight: 1, outSeconds: 0 },
  ];
}

/** Where a render keeps its pieces, in its private folder `d`: each piece's video and its sound. */
function pieceFiles(d: string) {
  const name = (p: Piece) => (p.kind === 'body' ? `clip-${pad(p.clip)}-body` : `xfade-${pad(p.from)}`);
  return { video: (p: Piece) => join(d, `${name(p)}.mov`), sound: (p: Piece) => join(d, `${name(p)}.wav`) };
}

/** The sound pass (mixed, measured, brought to the target) and the final join. */
async function soundAndJoin(
  r: { tool: MediaTool; plan: RenderPlan; caps: BuildCaps; tracker: ProgressTracker; signal: AbortSignal },
  files: { list: string; sounds: string; mix: string; out: string; music: RenderOptions['music']; subtitles?: { path: string; language: string } },
  musicGain: number,
): Promise<void> {
  const { tool, plan, tracker, signal } = r;
  const pass = (id: string, message: string) => ({
    signal,
    onProgress: (s: number) => {
      tracker.clock(id, s);
      tracker.report('FINALIZING', message);
    },
  });
  const mixMessage = plan.music && files.music ? 'Mixing the music' : 'Levelling the sound';
  tracker.report('FINALIZING', mixMessage, { force: true });
  const mixed = await tool.run(mixArgs(plan, { list: files.sounds, music: files.music, out: files.mix }, r.caps, musicGain), pass('mix', mixMessage));
  const master = await searchMaster(tool, files.mix, parseLoudness(mixed.stderr), signal);
  tracker.finish('mix');
  tracker.report('FINALIZING', 'Joining the clips', { force: true });
  await tool.run(finalArgs(plan, { list: files.list, mix: files.mix, out: files.out, subtitles: files.subtitles }, master), pass('final', 'Joining the clips'));
  tracker.finish('final');
}

/**
 * The plan's words as this build and font allow: text files and drawtext filters for what is
 * drawn (the title card whenever possible, captions when BURNED), a WebVTT for the rest.
 */
async function prepareWords(plan: RenderPlan, caps: BuildCaps, font: string | undefined, dir: string) {
  const text = plan.text;
  const none = { draw: (): string[] | undefined => undefined, drawKey: (): undefined => undefined, subtitles: undefined };
  if (!text) return none;
  const draw = canDraw(caps, font);
  const titleDrawn = draw && !!text.titleCard;
  const burn = draw && text.captions === 'BURNED';
  const files = new Map<number, DrawFiles>();
  const texts = new Map<string, string>();
  if (draw) {
    const sizes = drawSizes(plan.width, plan.height);
    const write = async (name: string, content: string) => {
      const file = join(dir, name);
      await writeFile(file, content);
      texts.set(file, content);
      return file;
    };
    const card = titleDrawn && text.titleCard
      ? {
          title: await write('title.txt', wrapText(cleanText(text.titleCard.title, 200), sizes.width, sizes.title)),
          date: await write('date.txt', cleanText(text.titleCard.date)),
        }
      : {};
    for (const seg of plan.segments) {
      const label = burn ? text.labels[seg.eventId] : undefined;
      const caption = label ? await write(`caption-${pad(seg.index)}.txt`, wrapText(label, sizes.width, sizes.caption)) : undefined;
      if (seg.index === 0 || caption) files.set(seg.index, { font, ...(seg.index === 0 ? card : {}), caption });
    }
  }
  const cues = captionCues(plan, burn ? { ...text, captions: 'NONE' } : text, { titleDrawn });
  let subtitles: { path: string; language: string } | undefined;
  if (cues.length) {
    subtitles = { path: join(dir, 'captions.vtt'), language: text.language };
    await writeFile(subtitles.path, webvtt(cues));
  }
  const drawOf = (i: number) => {
    const f = files.get(i);
    const filters = f ? drawFilters(plan, i, f) : [];
    return filters.length ? filters : undefined;
  };
  return {
    draw: drawOf,
    /** What the drawn words are, for the piece key: the filters without this render's folder, and the texts. */
    drawKey: (i: number) => {
      const f = files.get(i);
      const filters = drawOf(i);
      if (!f || !filters) return undefined;
      const folder = filterPath(dir);
      return {
        filters: filters.map((x) => x.split(folder).join('')),
        texts: [f.title, f.date, f.caption].map((file) => (file ? texts.get(file) ?? '' : '')),
      };
    },
    subtitles,
  };
}

const pad = (i: number) => String(i).padStart(4, '0');

/**
 * Runs tasks whose deps are done, at most `concurrency` at once, in list order. On the first
 * failure it aborts the rest (killing their ffmpeg), waits until nothing runs, then rejects with
 * that first error — so the caller never removes files under a live process.
 */
export function runTasks(tasks: Task[], concurrency: number, ctl: AbortController): Promise<void> {
  const done = new Set<string>();
  const started = new Set<string>();
  let running = 0;
  let failed = false;
  let firstError: unknown;
  return new Promise((resolve, reject) => {
    const pump = () => {
      if (failed) {
        if (running === 0) reject(firstError);
        return;
      }
      if (done.size === tasks.length) return resolve();
      if (ctl.signal.aborted) {
        failed = true;
        firstError = new CanceledError();
        return pump();
      }
      for (const t of tasks) {
        if (running >= concurrency) break;
        if (started.has(t.id) || !t.deps.every((dep) => done.has(dep))) continue;
        started.add(t.id);
        running++;
        t.run().then(
          () => {
            done.add(t.id);
          },
          (err: unknown) => {
            if (!failed) {
              failed = true;
              firstError = err;
              ctl.abort();
            }
          },
        ).finally(() => {
          running--;
          pump();
        });
      }
    };
    pump();
  });
}

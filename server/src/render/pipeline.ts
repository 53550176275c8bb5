// The thin runner: executes what plan.ts decided with the commands commands.ts builds.
// One ffmpeg measures every clip's sound and the music; one per clip, `concurrency` at a time
// (memory stays bounded however many clips there are), each encoding the crossfade from the
// previous clip and its own body in one x264 stream (a small process per crossfade only when a
// side comes from the piece cache or the previous clip is still running); then the sound pass
// and one final pass that joins the video by stream copy.
// Everything it writes goes to a private folder under workDir that is removed on success,
// failure and abort; the video and poster appear under their final names by rename only.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { CanceledError, MediaError, type MediaTool } from '../media/ffmpeg.ts';
import {
  buildCaps,
  clipArgs,
  clipOutputSeconds,
  clipPieces,
  concatList,
  finalArgs,
  mixArgs,
  pieceOrder,
  posterArgs,
  posterSource,
  samplesPerFrame,
  segmentFiles,
  transitionArgs,
  type BuildCaps,
  type ClipFiles,
  type SourceInfo,
} from './commands.ts';
import {
  cameraGainDb,
  cameraHighpass,
  levelsArgs,
  masterBest,
  masterMeasureArgs,
  masterNext,
  masterStart,
  musicGainDb,
  parseLevels,
  parseLoudness,
  type Loudness,
  type MasterSetting,
  type MasterTry,
} from './loudness.ts';
import { fillsFrame, motionProbeArgs, motionProfile, type Fit } from './fill.ts';
import { canDraw, captionCues, cleanText, drawFilters, drawSizes, filterPath, webvtt, wrapText, type DrawFiles } from './captions.ts';
import type { PieceCache } from './piece-cache.ts';
import { clipKey, transitionKey } from './pieces.ts';
import type { RenderPlan } from './plan.ts';
import { ProgressTracker, type Pass, type RenderProgress } from './progress.ts';

export type { RenderProgress } from './progress.ts';

export interface RenderInput extends SourceInfo {}

/**
 * ffmpeg processes per render: x264 already keeps two cores busy, so a second clip process on a
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
}

export interface RenderResult {
  duration: number;
  sizeBytes: number;
  /** The WebVTT was written to captionsPath (the vlog has soft captions). */
  captions: boolean;
  /** Clip passes and crossfades encoded here or taken from the piece cache, and the keys used. */
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
  const crossfade = plan.transition.frames > 0 && n > 1;
  const passes = progressPasses(plan, crossfade);
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
    const used: RenderResult['pieces'] = { encoded: 0, reused: 0, keys: [] };
    tracker.finish('prepare');

    let clipsDone = 0;
    let xfadesDone = 0;
    const renderingMessage = () =>
      clipsDone < n ? `Rendering clip ${clipsDone + 1} of ${n}` : `Blending transition ${Math.min(n - 1, xfadesDone + 1)} of ${n - 1}`;
    const tick = (id: string) => (s: number) => {
      tracker.clock(id, s);
      tracker.report('RENDERING', renderingMessage(), step());
    };
    tracker.report('RENDERING', renderingMessage(), { ...step(), force: true });

    const work = { tool, plan, inputs, caps, fit, words, cache: opts.pieceCache, used, signal: ctl.signal, files, tick };
    const done = (id: string) => {
      tracker.finish(id);
      if (id.startsWith('clip')) (clipsDone++, stepsDone++);
      else xfadesDone++;
      tracker.report('RENDERING', renderingMessage(), step());
    };
    const { tasks, musicGain } = renderTasks(work, done, opts.music);
    await runTasks(tasks, Math.max(1, opts.concurrency ?? renderProcesses()), ctl);

    // Sound (mixed from the pieces' WAVs and measured), then the video joined + the sound at the target level.
    const list = join(d, 'pieces.txt');
    const sounds = join(d, 'sounds.txt');
    await writeFile(list, concatList(pieceOrder(plan, { body: files.body, transition: files.xfade })));
    await writeFile(sounds, concatList(pieceOrder(plan, { body: files.bodySound, transition: files.xfadeSound })));
    await soundAndJoin({ tool, plan, caps, tracker, signal: ctl.signal }, { list, sounds, mix: join(d, 'mix.wav'), out: tmpOut, music: opts.music, subtitles: words.subtitles }, musicGain());

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
    return { duration: probe.duration, sizeBytes: size, captions, pieces: used };
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

/** The progress passes of a render, weighted by the work each does. */
function progressPasses(plan: RenderPlan, crossfade: boolean): Pass[] {
  return [
    { id: 'prepare', phase: 'PREPARING', weight: 1, outSeconds: 0 },
    ...plan.segments.map((seg) => ({ id: `clip${seg.index}`, phase: 'RENDERING' as const, weight: seg.frames, outSeconds: clipOutputSeconds(plan, seg) })),
    ...(crossfade
      ? plan.segments.slice(1).map((_, k) => ({ id: `xfade${k}`, phase: 'RENDERING' as const, weight: plan.transition.frames / 2, outSeconds: plan.transition.seconds }))
      : []),
    { id: 'mix', phase: 'FINALIZING', weight: 3, outSeconds: plan.totalDuration },
    { id: 'final', phase: 'FINALIZING', weight: 5, outSeconds: plan.totalDuration },
    { id: 'poster', phase: 'FINALIZING', weight: 1, outSeconds: 0 },
    { id: 'probe', phase: 'FINALIZING', weight: 1, outSeconds: 0 },
  ];
}

/** Puts the first kept entry of `keys` in place (counted as reused); false when none is kept. */
async function fetchKept(cache: PieceCache | undefined, keys: string[], files: Record<string, string>, used: RenderResult['pieces']): Promise<boolean> {
  if (!cache) return false;
  for (const key of keys) {
    if (!(await cache.fetch(key, files))) continue;
    used.reused++;
    used.keys.push(key);
    return true;
  }
  return false;
}

/** Counts a piece made here, and keeps it under `key` when there is a cache. */
async function madeHere(cache: PieceCache | undefined, key: string | undefined, files: Record<string, string>, used: RenderResult['pieces']): Promise<void> {
  if (key && cache) await cache.store(key, files);
  used.encoded++;
  if (key) used.keys.push(key);
}

interface PieceFiles {
  /** Video of a body (.mov) and its sound (.wav). */
  body: (i: number) => string;
  bodySound: (i: number) => string;
  head: (i: number) => string;
  tail: (i: number) => string;
  /** Where a clip pass that blends writes its segmented stream (commands.ts segmentFiles). */
  segments: (i: number) => string;
  xfade: (k: number) => string;
  xfadeSound: (k: number) => string;
}

/** Where a render keeps its pieces, in its private folder `d`. */
function pieceFiles(d: string): PieceFiles {
  return {
    body: (i) => join(d, `clip-${pad(i)}-body.mov`),
    bodySound: (i) => join(d, `clip-${pad(i)}-body.wav`),
    head: (i) => join(d, `clip-${pad(i)}-head.nut`),
    tail: (i) => join(d, `clip-${pad(i)}-tail.nut`),
    segments: (i) => join(d, `clip-${pad(i)}-stream-%d.mov`),
    xfade: (k) => join(d, `xfade-${pad(k)}.mov`),
    xfadeSound: (k) => join(d, `xfade-${pad(k)}.wav`),
  };
}

interface RenderWork {
  tool: MediaTool;
  plan: RenderPlan;
  inputs: Record<string, RenderInput>;
  caps: BuildCaps;
  fit: Fit;
  words: Awaited<ReturnType<typeof prepareWords>>;
  cache: PieceCache | undefined;
  used: RenderResult['pieces'];
  signal: AbortSignal;
  files: PieceFiles;
  tick: (id: string) => (s: number) => void;
}

/**
 * A clip pass's keys (pieces.ts): `id` names the clip (and its body encoded alone), `after` its
 * body encoded after the crossfade from the previous clip, in one stream (depends on that clip).
 */
interface ClipKeys {
  id: string;
  after?: string;
}

/** What the clip and crossfade tasks of one render share. */
interface TaskState {
  keys: (ClipKeys | undefined)[];
  /** Keys of crossfade k: made in the incoming clip's pass, then made on its own. */
  xfadeKeys: (k: number) => string[];
  /** Clips whose pieces (and tail) are on disk. */
  onDisk: Set<number>;
  /** Crossfades made by the incoming clip's pass. */
  blended: Set<number>;
}

/**
 * The levels (every clip's sound and the music, measured in one process), the clip passes — each
 * blending the crossfade from the previous clip when that clip's tail is already on disk — and a
 * crossfade task that makes, on its own, only the crossfades no clip pass could blend (one side
 * taken from the piece cache, or the previous clip still running).
 */
function renderTasks(w: RenderWork, done: (passId: string) => void, music: RenderOptions['music']) {
  const { tool, plan, caps, cache } = w;
  const crossfade = plan.transition.frames > 0 && plan.segments.length > 1;
  const keys: (ClipKeys | undefined)[] = [];
  for (const seg of cache ? plan.segments : []) {
    const { path: _path, ...shape } = w.inputs[seg.recordingId]!;
    const input = { sourceId: seg.recordingId, src: shape, fit: w.fit, draw: w.words.drawKey(seg.index), caps, version: tool.caps.version };
    const previous = crossfade ? keys[seg.index - 1]?.id : undefined;
    keys.push({ id: clipKey(plan, seg.index, input), ...(previous ? { after: clipKey(plan, seg.index, { ...input, after: previous }) } : {}) });
  }
  const xfadeKeys = (k: number) => {
    const [from, to] = [keys[k], keys[k + 1]];
    return from && to ? [true, false].map((inPass) => transitionKey(plan, from.id, to.id, caps, tool.caps.version, inPass)) : [];
  };
  const state: TaskState = { keys, xfadeKeys, onDisk: new Set(), blended: new Set() };
  const levels = { camera: new Map<number, number>(), music: 0 };
  const tasks: Task[] = [{ id: 'levels', deps: [], run: () => measureLevels(w, keys, music, levels) }];
  for (const seg of plan.segments) {
    const i = seg.index;
    tasks.push({ id: `clip${i}`, deps: ['levels'], run: () => clipTask(w, state, i, crossfade, levels.camera.get(i) ?? 0).then(() => done(`clip${i}`)) });
    if (crossfade && i > 0) {
      const k = i - 1;
      tasks.push({ id: `xfade${k}`, deps: [`clip${k}`, `clip${i}`], run: () => xfadeTask(w, state, k).then(() => done(`xfade${k}`)) });
    }
  }
  return { tasks, musicGain: () => levels.music };
}

/**
 * Clip i's pieces: from the cache, or its pass — which also makes the crossfade from clip i−1 in
 * the same x264 stream when i−1's tail is on disk and that crossfade is not kept.
 */
async function clipTask(w: RenderWork, state: TaskState, i: number, crossfade: boolean, gainDb: number): Promise<void> {
  const { plan, cache, used, signal } = w;
  const f = w.files;
  const seg = plan.segments[i]!;
  const pieces = clipPieces(plan, i);
  const files = { body: f.body(i), sound: f.bodySound(i), ...(pieces.head ? { head: f.head(i) } : {}), ...(pieces.tail ? { tail: f.tail(i) } : {}) };
  const keys = state.keys[i];
  if (!(await fetchKept(cache, keys ? [keys.after, keys.id].filter((k) => k !== undefined) : [], files, used))) {
    const k = i - 1;
    // The crossfade from clip k is made here when k's tail is on disk: taken from the cache,
    // or blended in this pass (then the head is written only to be kept for later edits).
    const here = crossfade && i > 0 && state.onDisk.has(k);
    const blend = here && !(await fetchKept(cache, state.xfadeKeys(k), { piece: f.xfade(k), sound: f.xfadeSound(k) }, used));
    const pass: ClipFiles = {
      body: files.body,
      bodySound: files.sound,
      ...(files.tail ? { tail: files.tail } : {}),
      ...(files.head && (!here || cache) ? { head: files.head } : {}),
      ...(blend ? { blend: { tail: f.tail(k), segments: f.segments(i), sound: f.xfadeSound(k) } } : {}),
    };
    await clipPass({ tool: w.tool, plan, index: i, src: w.inputs[seg.recordingId]!, files: pass, caps: w.caps, fit: w.fit, draw: w.words.draw(i), gainDb, signal, onProgress: w.tick(`clip${i}`) });
    if (blend) {
      const out = segmentFiles(f.segments(i));
      await Promise.all([rename(out.transition, f.xfade(k)), rename(out.body, files.body)]);
    }
    await madeHere(cache, blend ? keys?.after : keys?.id, files, used);
    if (blend) await madeHere(cache, state.xfadeKeys(k)[0], { piece: f.xfade(k), sound: f.xfadeSound(k) }, used);
    if (here) {
      state.blended.add(k);
      await Promise.all([rm(f.tail(k), { force: true }), rm(f.head(i), { force: true })]);
    }
  }
  state.onDisk.add(i);
}

/** Crossfade k on its own, when no clip pass blended it: from the cache, or from the kept tail and head. */
async function xfadeTask(w: RenderWork, state: TaskState, k: number): Promise<void> {
  if (state.blended.has(k)) return;
  const f = w.files;
  const files = { piece: f.xfade(k), sound: f.xfadeSound(k) };
  if (!(await fetchKept(w.cache, state.xfadeKeys(k), files, w.used))) {
    await w.tool.run(transitionArgs(w.plan, { tail: f.tail(k), head: f.head(k + 1), out: files.piece, sound: files.sound }, w.caps), { signal: w.signal, onProgress: w.tick(`xfade${k}`) });
    await madeHere(w.cache, state.xfadeKeys(k)[1], files, w.used);
  }
  await Promise.all([rm(f.tail(k), { force: true }), rm(f.head(k + 1), { force: true })]);
}

/**
 * Measures, in one ffmpeg, the sound of every clip that will be encoded (as it will sound, after
 * its high-pass) and the music window, and sets their gains.
 */
async function measureLevels(w: RenderWork, clipKeys: (ClipKeys | undefined)[], music: RenderOptions['music'], levels: { camera: Map<number, number>; music: number }): Promise<void> {
  const { plan, cache } = w;
  const windows: { file: string; start: number; end: number; prefilter?: string; clip?: number }[] = [];
  for (const seg of plan.segments) {
    const src = w.inputs[seg.recordingId]!;
    const key = clipKeys[seg.index];
    if (!src.hasAudio || (key && cache && ((key.after && (await cache.has(key.after))) || (await cache.has(key.id))))) continue;
    windows.push({ file: src.path, start: seg.sourceStart, end: seg.sourceEnd, prefilter: cameraHighpass(), clip: seg.index });
  }
  if (plan.music && music) windows.push({ file: music.path, start: plan.music.start, end: plan.music.end });
  if (windows.length === 0) return;
  let measured: Loudness[];
  try {
    measured = parseLevels((await w.tool.run(levelsArgs(windows), { signal: w.signal })).stderr, windows.length);
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    // Say which file it was: measure them one by one until one fails.
    for (const win of windows) {
      try {
        await w.tool.run(levelsArgs([win]), { signal: w.signal });
      } catch (one) {
        if (win.clip === undefined || !(one instanceof MediaError)) throw one;
        throw clipError(plan, win.clip, w.inputs[plan.segments[win.clip]!.recordingId]!, one);
      }
    }
    throw err;
  }
  measured.forEach((m, j) => {
    const clip = windows[j]!.clip;
    if (clip === undefined) levels.music = musicGainDb(m.integrated);
    else levels.camera.set(clip, cameraGainDb(m));
  });
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

/** One clip pass: its motion measured for a crop, then rendered with its sound's measured gain. */
async function clipPass(o: {
  tool: MediaTool;
  plan: RenderPlan;
  index: number;
  src: RenderInput;
  files: ClipFiles;
  caps: BuildCaps;
  fit: Fit;
  draw: string[] | undefined;
  gainDb: number;
  signal: AbortSignal;
  onProgress: (s: number) => void;
}): Promise<void> {
  const { tool, plan, src, signal } = o;
  const seg = plan.segments[o.index]!;
  try {
    // A crop follows the motion: measured on a tiny grey copy of the window's frames.
    let motion: ReturnType<typeof motionProfile>;
    if (o.fit === 'CROP' && !fillsFrame(src, plan.width, plan.height)) {
      const window = { start: seg.sourceStart, end: seg.sourceEnd };
      motion = motionProfile((await tool.run(motionProbeArgs(src.path, window), { signal, stdout: true })).stdout);
    }
    await tool.run(clipArgs(plan, o.index, src, o.files, o.caps, { fit: o.fit, motion, cameraGainDb: o.gainDb, draw: o.draw }), { signal, onProgress: o.onProgress });
  } catch (err) {
    throw err instanceof MediaError ? clipError(plan, o.index, src, err) : err;
  }
}

/** A clip's failure, naming the clip and its file. */
function clipError(plan: RenderPlan, index: number, src: RenderInput, err: MediaError): MediaError {
  const seg = plan.segments[index]!;
  return new MediaError(`clip ${index + 1} of ${plan.segments.length} (recording ${seg.recordingId}, ${src.path}) could not be rendered: ${err.message}`, err.stderrTail);
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

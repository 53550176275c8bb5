// The vlog_generation job: render the frozen plan with ffmpeg, store the MP4 and its poster,
// and mirror every state change onto the vlog (vlog-state.ts) in the runner's transactions.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Prisma } from '../db/database.js';
import type { Sql } from '../db/sql.js';
import type { Storage, LocalCopy } from '../media/storage/storage.js';
import type { MediaTool } from '../media/ffmpeg.js';
import type { PieceCache } from '../render/piece-cache.js';
import type { JobOutcome, JobRow, JobType } from '../jobs/runner.js';
import { renderVlog, type RenderInput } from '../render/pipeline.js';
import type { RenderPlan } from '../render/plan.js';
import { errorMessage } from '../jobs/ledger.js';
import { classifyRenderFailure, failureDetail, FAILURE_SENTENCES, RenderFailure } from './render-failure.js';
import { assertDiskSpace, estimateRenderSpace } from './disk-space.js';
import { parseSettings, type VlogSettings } from './settings.js';
import * as vlogState from './vlog-state.js';
import type { ProgressService } from './progress.js';
import { VLOG_JOB_TYPE, vlogKeys, type VlogJobParams } from './service.js';

/** What a render stored (the vlog's completed transition records it). */
export type RenderResult = vlogState.RenderedFiles;

export interface RenderJobDeps {
  prisma: Prisma;
  storage: Storage;
  tool: MediaTool;
  progress: ProgressService;
  /** Parent of per-job temporary folders (removed after every attempt). */
  tmpDir: string;
  /** Where finished vlogs land on this machine's disk (local storage), for the free-space check. */
  outputDir?: string;
  /** Bytes every render leaves free on those disks beyond its own estimate. */
  diskReserveBytes?: number;
  concurrency?: number;
  /** The detail of failures (paths, encoder output) goes here, never to the API. */
  log?: (msg: string) => void;
  /** Pieces kept for re-renders of edited vlogs (render/piece-cache.ts). */
  pieceCache?: PieceCache;
}

type Vlog = NonNullable<Awaited<ReturnType<Prisma['vlog']['findUnique']>>>;

const paramsOf = (job: JobRow) => job.params as unknown as VlogJobParams;

export function vlogRenderJob(deps: RenderJobDeps): JobType<RenderResult, string[]> {
  const { prisma, storage, progress } = deps;
  const log = deps.log ?? (() => {});

  return {
    type: VLOG_JOB_TYPE,

    async run({ job, signal }) {
      const params = paramsOf(job);
      const vlog = await prisma.vlog.findUnique({ where: { id: params.vlog_id } });
      if (!vlog) throw new Error('the vlog was deleted');
      await progress.report(vlog.id, job.id, { phase: 'PREPARING', percent: 0, message: 'Preparing the clips' });
      const space = estimateRenderSpace(params.plan);
      await assertDiskSpace(
        [{ dir: deps.tmpDir, bytes: space.workBytes }, ...(deps.outputDir ? [{ dir: deps.outputDir, bytes: space.outputBytes }] : [])],
        deps.diskReserveBytes ?? 0,
      );
      const work = await fs.mkdtemp(path.join(deps.tmpDir, `render-${job.id}-`));
      const copies: LocalCopy[] = [];
      try {
        return await renderInto(deps, { job, vlog, plan: params.plan, settings: parseSettings(vlog.settings), work, copies, signal });
      } finally {
        // Cleanup must never replace the error that ended the render (an EROFS here would hide
        // the ENOSPC that matters): its own failures are logged and dropped.
        await Promise.all(copies.map((c) => c.release().catch(() => {})));
        await fs.rm(work, { recursive: true, force: true }).catch((err) => log(`job ${job.id}: could not remove ${work}: ${errorMessage(err)}`));
      }
    },

    describeFailure(job: JobRow, err: unknown) {
      const code = classifyRenderFailure(err);
      // The same sentence as the user's (so "disk full" reads the same in both), then every cause.
      log(`job ${job.id} (vlog ${paramsOf(job).vlog_id}) failed [${code}]: ${FAILURE_SENTENCES[code]}\n${failureDetail(err)}`);
      return { code, error: FAILURE_SENTENCES[code] };
    },

    onClaimed: (tx: Sql, job: JobRow) => vlogState.rendering(tx, paramsOf(job).vlog_id),

    /** Returns the files of the render a retry replaced, deleted once the outcome is committed. */
    onFinished: (tx: Sql, job: JobRow, outcome: JobOutcome) => mirrorOutcome(tx, paramsOf(job).vlog_id, outcome),

    async settled(job: JobRow, outcome: JobOutcome, replaced: string[] = []) {
      const vlogId = paramsOf(job).vlog_id;
      progress.forget(vlogId);
      await Promise.all(replaced.map((k) => storage.delete(k)));
      const state = await progress.stored(vlogId);
      if (state) await progress.publish(outcome.status === 'requeued' ? state : { ...state, updatedAt: new Date().toISOString() });
    },

    async discard(_job: JobRow, result: RenderResult) {
      await Promise.all([result.video_key, result.thumbnail_key, result.captions_key].map((k) => k && storage.delete(k)));
    },
  };
}

/** The job's outcome as the vlog's transition; the keys a completed retry replaced. */
async function mirrorOutcome(tx: Sql, vlogId: string, outcome: JobOutcome): Promise<string[]> {
  switch (outcome.status) {
    case 'succeeded':
      return vlogState.completed(tx, vlogId, outcome.result as RenderResult);
    case 'failed':
      await vlogState.failed(tx, vlogId, outcome.error, outcome.code ?? 'INTERNAL');
      return [];
    case 'canceled':
      await vlogState.canceled(tx, vlogId);
      return [];
    case 'requeued':
      await vlogState.requeued(tx, vlogId);
      return [];
  }
}

interface RenderWork {
  job: JobRow;
  vlog: Vlog;
  plan: RenderPlan;
  settings: VlogSettings;
  /** This attempt's temporary folder. */
  work: string;
  /** Local copies of sources, released by the caller. */
  copies: LocalCopy[];
  signal: AbortSignal;
}

/** Reads a source into a local file; any failure is the source's, not the encoder's. */
async function sourceCopy(storage: Storage, key: string, what: string): Promise<LocalCopy> {
  try {
    return await storage.localCopy(key);
  } catch (err) {
    throw new RenderFailure('SOURCE_UNREADABLE', `${what} (${key}) could not be read from storage`, { cause: err });
  }
}

/** Local copies of the plan's recordings (and their sample aspect ratios) and of the music. */
async function gatherSources(deps: RenderJobDeps, w: RenderWork) {
  const { prisma, storage, tool } = deps;
  const recordingIds = [...new Set(w.plan.segments.map((s) => s.recordingId))];
  const recordings = await prisma.recording.findMany({ where: { id: { in: recordingIds }, userId: w.vlog.userId } });
  const inputs: Record<string, RenderInput> = {};
  for (const r of recordings) {
    const copy = await sourceCopy(storage, r.storageKey, `the footage of recording ${r.id}`);
    w.copies.push(copy);
    inputs[r.id] = { path: copy.path, width: r.width, height: r.height, fps: r.fps, sar: 1, rotation: r.rotation, hasAudio: r.hasAudio, duration: r.duration };
  }
  const missing = recordingIds.filter((id) => !inputs[id]);
  if (missing.length) throw new RenderFailure('SOURCE_UNREADABLE', `recording ${missing[0]} no longer exists`);
  // Sample aspect ratio isn't stored; probe it (cheap) so anamorphic footage isn't squashed.
  await Promise.all(
    Object.values(inputs).map(async (input) => {
      input.sar = (await tool.probe(input.path)).video?.sar ?? 1;
    }),
  );
  let music: { path: string; duration: number } | undefined;
  if (w.settings.music && w.plan.music) {
    const track = await prisma.music.findUnique({ where: { id: w.settings.music.id } });
    if (!track) throw new RenderFailure('SOURCE_UNREADABLE', 'the chosen music track was deleted');
    const copy = await sourceCopy(storage, track.storageKey, `music track ${track.id}`);
    w.copies.push(copy);
    music = { path: copy.path, duration: track.duration };
  }
  return { inputs, music };
}

/** Renders into the work folder and stores the video, its poster and captions under this attempt's keys. */
async function renderInto(deps: RenderJobDeps, w: RenderWork): Promise<RenderResult> {
  const { storage, tool, progress } = deps;
  const { job, vlog, signal } = w;
  const { inputs, music } = await gatherSources(deps, w);
  const outputPath = path.join(w.work, 'vlog.mp4');
  const posterPath = path.join(w.work, 'poster.jpg');
  const captionsPath = path.join(w.work, 'captions.vtt');
  const pieces = path.join(w.work, 'pieces');
  await fs.mkdir(pieces);
  const rendered = await renderVlog({
    tool,
    plan: w.plan,
    inputs,
    music,
    fit: w.settings.fit,
    captionFont: tool.captionFont,
    captionsPath,
    pieceCache: deps.pieceCache,
    workDir: pieces,
    outputPath,
    posterPath,
    signal,
    concurrency: deps.concurrency,
    onProgress: (p) => void progress.report(vlog.id, job.id, p).catch(() => {}),
  });
  if (signal.aborted) throw new Error('canceled');
  await progress.report(vlog.id, job.id, { phase: 'FINALIZING', percent: 99, message: 'Saving the video' });
  const keys = vlogKeys(vlog.userId, vlog.id, job.id, job.attempts);
  await storage.putFile(keys.poster, posterPath, { move: true });
  // Named after the video, so it lives and goes with it.
  const captionsKey = rendered.captions ? keys.captions : null;
  if (captionsKey) await storage.putFile(captionsKey, captionsPath, { move: true });
  await storage.putFile(keys.video, outputPath, { move: true });
  return { video_key: keys.video, thumbnail_key: keys.poster, captions_key: captionsKey, piece_keys: rendered.pieces.keys, duration: rendered.duration, size_bytes: rendered.sizeBytes };
}

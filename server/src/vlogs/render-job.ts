// The vlog_generation job: render the frozen plan with ffmpeg, store the MP4 and its poster,
// and mirror every state change onto the vlog in the runner's transactions.
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Prisma } from '../db/database.js';
import type { Storage, LocalCopy } from '../media/storage/storage.js';
import type { MediaTool } from '../media/ffmpeg.js';
import type { PieceCache } from '../render/piece-cache.js';
import type { JobOutcome, JobRow, JobType } from '../jobs/runner.js';
import { renderVlog, type RenderInput } from '../render/pipeline.js';
import { errorMessage } from '../jobs/ledger.js';
import { classifyRenderFailure, failureDetail, FAILURE_SENTENCES, RenderFailure } from './render-failure.js';
import { assertDiskSpace, estimateRenderSpace } from './disk-space.js';
import { parseSettings } from './settings.js';
import type { ProgressService } from './progress.js';
import { VLOG_JOB_TYPE, vlogKeys, type VlogJobParams } from './service.js';

export interface RenderResult {
  s3_key: string;
  thumbnail_key: string;
  /** The soft captions' WebVTT, when the vlog has any. */
  captions_key?: string | null;
  /** Kept pieces the render used (released with the vlog). */
  piece_keys?: string[];
  duration: number;
  size_bytes: number;
}

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

export function vlogRenderJob(deps: RenderJobDeps): JobType<RenderResult> {
  const { prisma, storage, tool, progress } = deps;
  const log = deps.log ?? (() => {});
  const paramsOf = (job: JobRow) => job.params as unknown as VlogJobParams;
  /** Reads a source into a local file; any failure is the source's, not the encoder's. */
  const sourceCopy = async (key: string, what: string): Promise<LocalCopy> => {
    try {
      return await storage.localCopy(key);
    } catch (err) {
      throw new RenderFailure('SOURCE_UNREADABLE', `${what} (${key}) could not be read from storage`, { cause: err });
    }
  };

  return {
    type: VLOG_JOB_TYPE,

    async run({ job, signal }) {
      const params = paramsOf(job);
      const vlog = await prisma.vlog.findUnique({ where: { id: params.vlog_id } });
      if (!vlog) throw new Error('the vlog was deleted');
      const settings = parseSettings(vlog.settings);
      const plan = params.plan;
      await progress.report(vlog.id, job.id, { phase: 'PREPARING', percent: 0, message: 'Preparing the clips' });
      const space = estimateRenderSpace(plan);
      await assertDiskSpace(
        [{ dir: deps.tmpDir, bytes: space.workBytes }, ...(deps.outputDir ? [{ dir: deps.outputDir, bytes: space.outputBytes }] : [])],
        deps.diskReserveBytes ?? 0,
      );

      const work = await fs.mkdtemp(path.join(deps.tmpDir, `render-${job.id}-`));
      const copies: LocalCopy[] = [];
      try {
        const recordingIds = [...new Set(plan.segments.map((s) => s.recordingId))];
        const recordings = await prisma.recording.findMany({ where: { id: { in: recordingIds }, userId: vlog.userId } });
        const inputs: Record<string, RenderInput> = {};
        for (const r of recordings) {
          const copy = await sourceCopy(r.s3Key, `the footage of recording ${r.id}`);
          copies.push(copy);
          inputs[r.id] = {
            path: copy.path,
            width: r.width,
            height: r.height,
            fps: r.fps,
            sar: 1,
            rotation: r.rotation,
            hasAudio: r.hasAudio,
            duration: r.duration,
          };
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
        if (settings.music && plan.music) {
          const track = await prisma.music.findUnique({ where: { id: settings.music.id } });
          if (!track) throw new RenderFailure('SOURCE_UNREADABLE', 'the chosen music track was deleted');
          const copy = await sourceCopy(track.s3Key, `music track ${track.id}`);
          copies.push(copy);
          music = { path: copy.path, duration: track.duration };
        }

        const outputPath = path.join(work, 'vlog.mp4');
        const posterPath = path.join(work, 'poster.jpg');
        const captionsPath = path.join(work, 'captions.vtt');
        const pieces = path.join(work, 'pieces');
        await fs.mkdir(pieces);
        const rendered = await renderVlog({
          tool,
          plan,
          inputs,
          music,
          fit: settings.fit,
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
        return { s3_key: keys.video, thumbnail_key: keys.poster, captions_key: captionsKey, piece_keys: rendered.pieces.keys, duration: rendered.duration, size_bytes: rendered.sizeBytes };
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

    async onClaimed(tx: pg.ClientBase, job: JobRow) {
      await tx.query(
        `UPDATE vlogs SET status = 'processing', progress = 0, error = NULL, error_code = NULL, status_message = 'Preparing the clips', updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'processing')`,
        [paramsOf(job).vlog_id],
      );
    },

    async onFinished(tx: pg.ClientBase, job: JobRow, outcome: JobOutcome) {
      const vlogId = paramsOf(job).vlog_id;
      switch (outcome.status) {
        case 'succeeded': {
          const r = outcome.result as RenderResult;
          // The previous completed render of this vlog (a retry) is replaced: remember its keys.
          const { rows } = await tx.query(`SELECT s3_key, thumbnail_key, settings->>'captions_key' AS captions_key FROM vlogs WHERE id = $1`, [vlogId]);
          (job as JobRow & { replaced?: string[] }).replaced = [rows[0]?.s3_key, rows[0]?.thumbnail_key, rows[0]?.captions_key].filter(
            (k: string | null) => k && k !== r.s3_key && k !== r.thumbnail_key && k !== r.captions_key,
          );
          await tx.query(
            `UPDATE vlogs SET status = 'completed', progress = 100, status_message = 'Done', error = NULL, error_code = NULL,
               s3_key = $2, thumbnail_key = $3, duration = $4, size_bytes = $5, updated_at = now(),
               settings = (CASE WHEN $6::text IS NULL THEN settings - 'captions_key' ELSE settings || jsonb_build_object('captions_key', $6::text) END)
                 || jsonb_build_object('piece_keys', $7::jsonb)
             WHERE id = $1`,
            [vlogId, r.s3_key, r.thumbnail_key, r.duration, r.size_bytes, r.captions_key ?? null, JSON.stringify(r.piece_keys ?? [])],
          );
          break;
        }
        case 'failed':
          await tx.query(
            `UPDATE vlogs SET status = 'failed', error = $2, error_code = $3, status_message = 'Failed', updated_at = now() WHERE id = $1`,
            [vlogId, outcome.error, outcome.code ?? 'INTERNAL'],
          );
          break;
        case 'canceled':
          await tx.query(`UPDATE vlogs SET status = 'canceled', status_message = 'Canceled', updated_at = now() WHERE id = $1`, [vlogId]);
          break;
        case 'requeued':
          await tx.query(
            `UPDATE vlogs SET status = 'pending', progress = 0, status_message = 'Waiting to resume', updated_at = now()
             WHERE id = $1 AND status IN ('pending', 'processing')`,
            [vlogId],
          );
          break;
      }
    },

    async settled(job: JobRow, outcome: JobOutcome) {
      const vlogId = paramsOf(job).vlog_id;
      progress.forget(vlogId);
      const replaced = (job as JobRow & { replaced?: string[] }).replaced ?? [];
      await Promise.all(replaced.map((k) => storage.delete(k)));
      const state = await progress.stored(vlogId);
      if (state) await progress.publish(outcome.status === 'requeued' ? state : { ...state, updatedAt: new Date().toISOString() });
    },

    async discard(_job: JobRow, result: RenderResult) {
      await Promise.all([result.s3_key, result.thumbnail_key, result.captions_key].map((k) => k && storage.delete(k)));
    },
  };
}

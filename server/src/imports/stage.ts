// Step 3 of an import: analyse new media (interest scores, thumbnails, peaks, beats) and put it
// into Storage. Every key put is remembered in StagedObjects; if this step or the commit after
// it fails, rollback() deletes them, so a failed import leaves no stray files.
import path from 'node:path';
import { mapLimit } from '../lib/concurrency.js';
import type { WorkProgress } from '../lib/work-progress.js';
import { computeBeats, computeInterestScores, computePeaks, makeThumbnail } from '../media/analyse.js';
import { CanceledError, type MediaTool } from '../media/ffmpeg.js';
import type { Storage } from '../media/storage/storage.js';
import { musicKey, recordingKey, thumbnailKey } from '../media/storage/keys.js';
import { COST } from './cost.js';
import type { EventPlan, ImportPlan, MusicPlan, RecordingPlan } from './plan.js';

export interface StagedRecording {
  key: string;
  thumbnailKey: string;
  interestScores: number[];
}

export interface StagedMusic {
  key: string;
  peaks: number[];
  beats: number[];
}

/** What staging produced, by plan id. */
export interface StagedMedia {
  recordings: Map<string, StagedRecording>;
  eventThumbnails: Map<string, string>;
  music: Map<string, StagedMusic>;
}

/** The objects put into Storage so far; rollback() removes them all. */
export class StagedObjects {
  readonly keys: string[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly signal?: AbortSignal,
  ) {}

  async put(key: string, file: string, move = false): Promise<string> {
    if (this.signal?.aborted) throw new CanceledError();
    this.keys.push(key);
    await this.storage.putFile(key, file, { move });
    return key;
  }

  async rollback(): Promise<void> {
    await Promise.all(this.keys.map((k) => this.storage.delete(k).catch(() => {})));
  }
}

export interface StageOptions {
  tool: MediaTool;
  objects: StagedObjects;
  progress: WorkProgress;
  /** Owner of the recordings (reserved for a new user). */
  userId: number | null;
  /** Scratch folder for thumbnails before they are put. */
  tmpDir: string;
  thumbnailWidth: number;
  concurrency: number;
  signal?: AbortSignal;
}

/** Analyses and stores every new item of the plan, `concurrency` ffmpeg processes at once. */
export async function stageMedia(plan: ImportPlan, opts: StageOptions): Promise<StagedMedia> {
  const staged: StagedMedia = { recordings: new Map(), eventThumbnails: new Map(), music: new Map() };
  countSkippedWork(plan, opts.progress);
  const recordings = plan.recordings.filter((r) => r.kind === 'create');
  const events = plan.events.filter((e) => e.kind === 'create');
  const music = plan.music.filter((m) => m.kind === 'create');
  const total = recordings.length + events.length + music.length;
  let analysed = 0;
  const task = (work: () => Promise<void>) => async () => {
    if (opts.signal?.aborted) throw new CanceledError();
    await work();
    opts.progress.report('analyse', ++analysed, total);
  };
  // Music first, longest first: a track's beat tracking is the longest single task, and started
  // last it would run alone while the other worker slot sits idle.
  const longestFirst = [...music].sort((a, b) => b.probe.duration - a.probe.duration);
  const tasks = [
    ...longestFirst.map((m) => task(async () => void staged.music.set(m.id, await stageMusic(m, opts)))),
    ...recordings.map((r) => task(async () => void staged.recordings.set(r.id, await stageRecording(r, opts)))),
    ...events.map((e) => task(async () => void staged.eventThumbnails.set(e.id, await stageEventThumbnail(e, opts)))),
  ];
  await mapLimit(tasks, opts.concurrency, (t) => t());
  if (opts.signal?.aborted) throw new CanceledError();
  return staged;
}

/** Work known to be skipped counts as done, so the bar does not stall short of the end. */
function countSkippedWork(plan: ImportPlan, progress: WorkProgress): void {
  for (const r of plan.recordings) {
    if (r.kind === 'skip') progress.advance(r.probe.duration * COST.interestPerSecond + COST.thumbnail + r.probe.sizeBytes * COST.storePerByte);
  }
  for (const m of plan.music) {
    if (m.kind === 'skip') progress.advance(m.probe.duration * COST.musicAnalysisPerSecond + m.probe.sizeBytes * COST.storePerByte);
  }
  progress.advance(plan.events.filter((e) => e.kind !== 'create').length * COST.thumbnail);
}

async function stageRecording(r: RecordingPlan, opts: StageOptions): Promise<StagedRecording> {
  const { tool, signal, progress, objects } = opts;
  const { duration, sizeBytes } = r.probe;
  const interestScores = await computeInterestScores(tool, r.source.file, duration, { signal });
  progress.advance(duration * COST.interestPerSecond);
  const thumb = path.join(opts.tmpDir, `${r.id}.jpg`);
  await makeThumbnail(tool, r.source.file, Math.min(duration / 2, Math.max(0, duration - 0.2)), thumb, { width: opts.thumbnailWidth, signal });
  const thumbnail = await objects.put(thumbnailKey(opts.userId!, r.id), thumb, true);
  progress.advance(COST.thumbnail);
  const key = await objects.put(recordingKey(opts.userId!, r.id, r.ext), r.source.file);
  progress.advance(sizeBytes * COST.storePerByte);
  return { key, thumbnailKey: thumbnail, interestScores };
}

/** The event's thumbnail: the frame in its middle (kept 0.2 s inside the file). */
async function stageEventThumbnail(e: EventPlan, opts: StageOptions): Promise<string> {
  const at = Math.min(e.offset + e.source.duration / 2, Math.max(0, e.recording.probe.duration - 0.2));
  const thumb = path.join(opts.tmpDir, `${e.id}.jpg`);
  await makeThumbnail(opts.tool, e.recording.source.file, at, thumb, { width: opts.thumbnailWidth, signal: opts.signal });
  const key = await opts.objects.put(thumbnailKey(opts.userId!, e.id), thumb, true);
  opts.progress.advance(COST.thumbnail);
  return key;
}

async function stageMusic(m: MusicPlan, opts: StageOptions): Promise<StagedMusic> {
  const { tool, signal, progress } = opts;
  const peaks = (await computePeaks(tool, m.source.file, m.probe.duration, 1000, { signal })).peaks;
  const beats = await computeBeats(tool, m.source.file, { signal });
  progress.advance(m.probe.duration * COST.musicAnalysisPerSecond);
  const key = await opts.objects.put(musicKey(m.source.shared ? null : opts.userId, m.id, m.ext), m.source.file);
  progress.advance(m.probe.sizeBytes * COST.storePerByte);
  return { key, peaks, beats };
}

// Step 1 of an import: read every file the manifest names — stat, probe, hash — and write
// nothing. All problems are collected and reported together, each naming the manifest entry.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import { mapLimit } from '../lib/concurrency.js';
import type { WorkProgress } from '../lib/work-progress.js';
import { CanceledError, type MediaTool } from '../media/ffmpeg.js';
import { probeAudio, probeRecording, type AudioProbe, type RecordingProbe } from '../media/analyse.js';
import { COST, estimateWork } from './cost.js';
import type { Manifest } from './manifest.js';
import { throwIfProblems } from './types.js';

export interface Inspected<P> {
  probe: P;
  /** sha256 of the content, hex. */
  hash: string;
}

export interface InspectedFiles {
  /** In manifest order. */
  recordings: Inspected<RecordingProbe>[];
  music: Inspected<AudioProbe>[];
}

export interface InspectOptions {
  tool: MediaTool;
  progress: WorkProgress;
  /** ffmpeg processes at once. */
  concurrency: number;
  signal?: AbortSignal;
}

/** A manifest file entry: where it is in the manifest and which probe reads it. */
interface FileEntry {
  at: string;
  file: string;
  kind: 'recording' | 'music';
}

const where = (x: FileEntry) => `${x.at}.file (${x.file})`;

export async function inspectFiles(manifest: Manifest, opts: InspectOptions): Promise<InspectedFiles> {
  const entries: FileEntry[] = [
    ...manifest.recordings.map((r) => ({ at: r.at, file: r.file, kind: 'recording' as const })),
    ...manifest.music.map((m) => ({ at: m.at, file: m.file, kind: 'music' as const })),
  ];
  const sizes = await statFiles(manifest.source, entries);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  opts.progress.setTotal(estimateWork(manifest, totalBytes));

  const probes = await probeFiles(manifest, entries, opts);
  const recordingProbes = probes.slice(0, manifest.recordings.length) as RecordingProbe[];
  const musicProbes = probes.slice(manifest.recordings.length) as AudioProbe[];
  const sum = (ps: { duration: number }[]) => ps.reduce((a, p) => a + p.duration, 0);
  opts.progress.setTotal(estimateWork(manifest, totalBytes, { recordings: sum(recordingProbes), music: sum(musicProbes) }));

  const hashes = await hashFiles(entries, sizes, opts);
  throwIfProblems(manifest.source, sameContentProblems(entries, hashes));
  return {
    recordings: recordingProbes.map((probe, i) => ({ probe, hash: hashes[i]! })),
    music: musicProbes.map((probe, i) => ({ probe, hash: hashes[manifest.recordings.length + i]! })),
  };
}

async function statFiles(source: string, entries: FileEntry[]): Promise<number[]> {
  const problems: string[] = [];
  const sizes = await Promise.all(
    entries.map(async (x) => {
      const st = await fs.stat(x.file).catch(() => null);
      if (!st) problems.push(`${where(x)}: file not found`);
      else if (!st.isFile()) problems.push(`${where(x)}: not a file`);
      return st?.size ?? 0;
    }),
  );
  throwIfProblems(source, problems);
  return sizes;
}

/** One probe loop for both kinds; a recording without a start needs the file's creation time. */
async function probeFiles(manifest: Manifest, entries: FileEntry[], opts: InspectOptions): Promise<(RecordingProbe | AudioProbe)[]> {
  const problems: string[] = [];
  let probed = 0;
  const probes = await mapLimit(entries, opts.concurrency + 2, async (x) => {
    if (opts.signal?.aborted) throw new CanceledError();
    try {
      return await (x.kind === 'recording' ? probeRecording(opts.tool, x.file) : probeAudio(opts.tool, x.file));
    } catch (err) {
      problems.push(`${where(x)}: ${(err as Error).message.replace(`${x.file} `, '').replace(`${x.file}: `, '')}`);
      return undefined;
    } finally {
      opts.progress.advance(COST.probe);
      opts.progress.report('probe', ++probed, entries.length);
    }
  });
  manifest.recordings.forEach((r, i) => {
    const p = probes[i] as RecordingProbe | undefined;
    if (p && !r.startTime && !p.creationTime) {
      problems.push(`${r.at}.startTime: missing, and ${r.file} has no creation_time tag to use instead`);
    }
  });
  throwIfProblems(manifest.source, problems);
  return probes as (RecordingProbe | AudioProbe)[];
}

async function hashFiles(entries: FileEntry[], sizes: number[], opts: InspectOptions): Promise<string[]> {
  const { signal, progress } = opts;
  let hashed = 0;
  return mapLimit(entries, 2, async (x, i) => {
    if (signal?.aborted) throw new CanceledError();
    const hash = await sha256File(x.file, signal).catch((err: unknown) => {
      throw signal?.aborted ? new CanceledError() : err;
    });
    progress.advance(sizes[i]! * COST.hashPerByte);
    progress.report('hash', ++hashed, entries.length);
    return hash;
  });
}

async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Two entries of the same kind with the same content: the second is named. */
export function sameContentProblems(entries: FileEntry[], hashes: string[]): string[] {
  const problems: string[] = [];
  const firstWith = new Map<string, string>();
  entries.forEach((x, i) => {
    const key = `${x.kind}:${hashes[i]}`;
    const first = firstWith.get(key);
    if (first) problems.push(`${where(x)}: same content as ${first}`);
    else firstWith.set(key, x.at);
  });
  return problems;
}

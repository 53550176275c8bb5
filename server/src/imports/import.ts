// Imports a manifest (see manifest.ts): one user's recordings, events, diary and music.
//
// Order of work, so that a bad input never leaves anything behind:
//   1. validate the manifest; stat, probe and hash every file (read only);
//   2. read what the database already has and plan (idempotency: recordings by
//      (user, sha256), music by (owner, sha256) — owner = the user, or the shared library —,
//      events by (recording, start time), diary by (user, date));
//   3. analyse (interest scores, thumbnails, peaks) and copy media into Storage;
//   4. write every row in ONE transaction; if it fails, delete the objects put in step 3.
// A new user's id is reserved from the users sequence before step 3 (no row written), so
// storage keys can carry it: users/<id>/recordings/<uuid>.mp4.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { dateColumnToString, dateStringToColumn } from '../../lib/dates.js';
import { uuidv7 } from '../../lib/uuid.js';
import { CanceledError, type MediaTool } from '../ffmpeg.js';
import type { Storage } from '../storage/storage.js';
import {
  computeInterestScores,
  computeBeats,
  computePeaks,
  makeThumbnail,
  probeAudio,
  probeRecording,
  type AudioProbe,
  type RecordingProbe,
} from './analyse.js';
import { contentTypeOf } from '../content-types.js';
import { loadManifest, type Manifest, type ManifestEvent, type ManifestMusic, type ManifestRecording } from './manifest.js';

export interface ImportProgress {
  /** probe | hash | analyse | store | database | done */
  step: string;
  /** Items done / total within the step. */
  done: number;
  total: number;
  /** Overall 0–100, never decreasing. */
  percent: number;
}

export interface ImportOptions {
  prisma: PrismaClient;
  storage: Storage;
  tool: MediaTool;
  manifestPath: string;
  hashPassword: (password: string) => Promise<string>;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** ffmpeg processes at once (default 2). */
  concurrency?: number;
  /** Thumbnail width in pixels (default 320). */
  thumbnailWidth?: number;
  /** Transaction timeout in ms (default 120 000). */
  transactionTimeoutMs?: number;
}

export interface ImportCounts {
  created: number;
  /** Already present and unchanged. */
  skipped: number;
  /** Present, text fields changed (events, diary). */
  updated: number;
}

export interface ImportResult {
  /** null for a music-only manifest without a user. */
  userId: number | null;
  userCreated: boolean;
  recordings: ImportCounts;
  events: ImportCounts;
  diary: ImportCounts;
  music: ImportCounts;
  /** Storage objects written. */
  storedObjects: number;
  /** Things that were kept as they were (e.g. an existing user's time zone differs). */
  warnings: string[];
  elapsedMs: number;
}

/** An import that did not happen; nothing was written. `problems` are one line each. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ImportError';
  }
}

function extOf(file: string, fallback: string): string {
  const ext = path.extname(file).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : fallback;
}

async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
  return out;
}

/** Weighted progress over steps whose sizes are estimated in seconds of work. */
class Progress {
  private doneWork = 0;
  private totalWork = 1;
  private last = -1;
  constructor(private readonly emit?: (p: ImportProgress) => void) {}
  setTotal(work: number) {
    this.totalWork = Math.max(work, this.doneWork, 1e-6);
  }
  advance(work: number) {
    this.doneWork += work;
  }
  report(step: string, done: number, total: number) {
    if (!this.emit) return;
    const raw = step === 'done' ? 100 : Math.min(99.9, (this.doneWork / this.totalWork) * 100);
    const percent = Math.max(this.last, Math.round(raw * 10) / 10);
    this.last = percent;
    this.emit({ step, done, total, percent });
  }
}

// Estimated seconds of work per unit, for the progress bar.
const COST = {
  probe: 0.05,
  hashPerByte: 1 / 400e6,
  storePerByte: 1 / 300e6,
  interestPerSecond: 1 / 60,
  thumbnail: 0.08,
  peaksPerSecond: 1 / 400,
  database: 0.3,
  dbPerRow: 0.003,
};

interface RecordingPlan {
  m: ManifestRecording;
  probe: RecordingProbe;
  hash: string;
  startTime: Date;
  /** Set when the recording is already in the database. */
  existingId?: string;
  id: string;
  key: string;
  thumbnailKey: string;
  contentType: string;
  interestScores: number[];
}

interface MusicPlan {
  m: ManifestMusic;
  probe: AudioProbe;
  hash: string;
  existing: boolean;
  id: string;
  key: string;
  contentType: string;
  peaks: number[];
  beats: number[];
}

interface EventPlan {
  m: ManifestEvent;
  rec: RecordingPlan;
  offset: number;
  startTime: Date;
  kind: 'create' | 'update' | 'skip';
  existingId?: string;
  id: string;
  thumbnailKey?: string;
}

const sameText = (a: string | null | undefined, b: string | undefined) => (a ?? undefined) === (b ?? undefined);

export async function importManifest(opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const { prisma, storage, tool, signal } = opts;
  const concurrency = opts.concurrency ?? 2;
  const progress = new Progress(opts.onProgress);
  const checkAbort = () => {
    if (signal?.aborted) throw new CanceledError();
  };

  // 1. Validate and read every file (nothing written).
  const manifest: Manifest = await loadManifest(opts.manifestPath);
  const where = (at: string, file: string) => `${at}.file (${file})`;

  const problems: string[] = [];
  const sizes = await Promise.all(
    [...manifest.recordings, ...manifest.music].map(async (x) => {
      const st = await fs.stat(x.file).catch(() => null);
      if (!st) problems.push(`${where(x.at, x.file)}: file not found`);
      else if (!st.isFile()) problems.push(`${where(x.at, x.file)}: not a file`);
      return st?.size ?? 0;
    }),
  );
  if (problems.length) throw new ImportError(`cannot import ${manifest.source}`, problems);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const fileCount = manifest.recordings.length + manifest.music.length;
  progress.setTotal(
    fileCount * COST.probe + totalBytes * (COST.hashPerByte + COST.storePerByte) + manifest.events.length * COST.thumbnail + COST.database,
  );

  let probed = 0;
  const recProbes = await mapLimit(manifest.recordings, concurrency + 2, async (r) => {
    checkAbort();
    try {
      return await probeRecording(tool, r.file);
    } catch (err) {
      problems.push(`${where(r.at, r.file)}: ${(err as Error).message.replace(`${r.file} `, '').replace(`${r.file}: `, '')}`);
      return undefined;
    } finally {
      progress.advance(COST.probe);
      progress.report('probe', ++probed, fileCount);
    }
  });
  const musicProbes = await mapLimit(manifest.music, concurrency + 2, async (m) => {
    checkAbort();
    try {
      return await probeAudio(tool, m.file);
    } catch (err) {
      problems.push(`${where(m.at, m.file)}: ${(err as Error).message.replace(`${m.file} `, '').replace(`${m.file}: `, '')}`);
      return undefined;
    } finally {
      progress.advance(COST.probe);
      progress.report('probe', ++probed, fileCount);
    }
  });
  manifest.recordings.forEach((r, i) => {
    const p = recProbes[i];
    if (p && !r.startTime && !p.creationTime) {
      problems.push(`${r.at}.startTime: missing, and ${r.file} has no creation_time tag to use instead`);
    }
  });
  if (problems.length) throw new ImportError(`cannot import ${manifest.source}`, problems);

  const recDurations = recProbes.reduce((a, p) => a + (p?.duration ?? 0), 0);
  const musicDurations = musicProbes.reduce((a, p) => a + (p?.duration ?? 0), 0);
  progress.setTotal(
    fileCount * COST.probe +
      totalBytes * (COST.hashPerByte + COST.storePerByte) +
      recDurations * COST.interestPerSecond +
      (manifest.recordings.length + manifest.events.length) * COST.thumbnail +
      musicDurations * COST.peaksPerSecond +
      COST.database +
      (manifest.recordings.length + manifest.events.length + manifest.diary.length + manifest.music.length) * COST.dbPerRow,
  );

  let hashed = 0;
  const files = [...manifest.recordings, ...manifest.music];
  const hashes = await mapLimit(files, 2, async (x, i) => {
    checkAbort();
    const h = await sha256File(x.file, signal).catch((err: unknown) => {
      throw signal?.aborted ? new CanceledError() : err;
    });
    progress.advance(sizes[i]! * COST.hashPerByte);
    progress.report('hash', ++hashed, files.length);
    return h;
  });
  const recHashes = hashes.slice(0, manifest.recordings.length);
  const musicHashes = hashes.slice(manifest.recordings.length);
  const firstWith = new Map<string, string>();
  manifest.recordings.forEach((r, i) => {
    const h = recHashes[i]!;
    if (firstWith.has(h)) problems.push(`${where(r.at, r.file)}: same content as ${firstWith.get(h)}`);
    else firstWith.set(h, r.at);
  });
  firstWith.clear();
  manifest.music.forEach((m, i) => {
    const h = musicHashes[i]!;
    if (firstWith.has(h)) problems.push(`${where(m.at, m.file)}: same content as ${firstWith.get(h)}`);
    else firstWith.set(h, m.at);
  });
  if (problems.length) throw new ImportError(`cannot import ${manifest.source}`, problems);

  // 2. What the database already has; the plan.
  const warnings: string[] = [];
  const mu = manifest.user;
  const existingUser = mu ? await prisma.user.findUnique({ where: { username: mu.username } }) : null;
  if (mu && !existingUser && !mu.password) {
    throw new ImportError(`cannot import ${manifest.source}`, [`user.password: required to create the new user "${mu.username}"`]);
  }
  if (mu && existingUser && existingUser.timezone !== mu.timezone) {
    warnings.push(`user ${mu.username} exists with time zone ${existingUser.timezone}; kept it (manifest says ${mu.timezone})`);
  }
  const existingRecs = existingUser
    ? await prisma.recording.findMany({
        where: { userId: existingUser.id, contentHash: { in: recHashes } },
        select: { id: true, contentHash: true, startTime: true, s3Key: true },
      })
    : [];
  const recByHash = new Map(existingRecs.map((r) => [r.contentHash, r]));
  // Music belongs to its owner: a track is "already there" only among the same owner's (the
  // shared library's, or this user's) — never because another user has the same file, which
  // would both deny this user a track of her own and reveal what the other user holds.
  const existingMusic = musicHashes.length
    ? await prisma.music.findMany({
        where: { contentHash: { in: musicHashes }, OR: [{ userId: null }, ...(existingUser ? [{ userId: existingUser.id }] : [])] },
        select: { contentHash: true, userId: true },
      })
    : [];
  const musicKey = (shared: boolean, hash: string) => `${shared ? 'shared' : 'own'}:${hash}`;
  const musicExists = new Set(existingMusic.map((m) => musicKey(m.userId === null, m.contentHash)));

  const recPlans: RecordingPlan[] = manifest.recordings.map((m, i) => {
    const probe = recProbes[i]!;
    const hash = recHashes[i]!;
    const existing = recByHash.get(hash);
    const declared = m.startTime ?? probe.creationTime!;
    if (existing && existing.startTime.getTime() !== declared.getTime()) {
      warnings.push(
        `${m.at} (${m.id}) is already imported with start ${existing.startTime.toISOString()}; kept it (manifest says ${declared.toISOString()})`,
      );
    }
    const id = existing?.id ?? uuidv7();
    return {
      m,
      probe,
      hash,
      startTime: existing?.startTime ?? declared,
      existingId: existing?.id,
      id,
      key: existing?.s3Key ?? '',
      thumbnailKey: '',
      contentType: contentTypeOf(extOf(m.file, '.mp4'), 'video/mp4'),
      interestScores: [],
    };
  });
  const recById = new Map(recPlans.map((r) => [r.m.id, r]));

  const existingEvents = existingRecs.length
    ? await prisma.event.findMany({
        where: { recordingId: { in: existingRecs.map((r) => r.id) } },
        select: { id: true, recordingId: true, startTime: true, duration: true, action: true, scene: true, summary: true },
      })
    : [];
  const eventByKey = new Map(existingEvents.map((e) => [`${e.recordingId}|${e.startTime?.getTime()}`, e]));

  const seenEvents = new Map<string, string>();
  const eventPlans: EventPlan[] = [];
  for (const m of manifest.events) {
    const rec = recById.get(m.recording)!;
    const offset = m.offset ?? (m.startTime!.getTime() - rec.startTime.getTime()) / 1000;
    const recDuration = rec.probe.duration;
    if (offset < -0.05) {
      problems.push(`${m.at}: starts ${(-offset).toFixed(1)} s before its recording "${rec.m.id}" (${rec.startTime.toISOString()})`);
      continue;
    }
    if (offset >= recDuration || offset + m.duration > recDuration + 1) {
      problems.push(
        `${m.at}: ends at ${(offset + m.duration).toFixed(1)} s, past the end of recording "${rec.m.id}" (${recDuration.toFixed(1)} s)`,
      );
      continue;
    }
    const startTime = new Date(Math.round(rec.startTime.getTime() + Math.max(0, offset) * 1000));
    const key = `${rec.id}|${startTime.getTime()}`;
    if (seenEvents.has(key)) {
      problems.push(`${m.at}: same recording and start time as ${seenEvents.get(key)}`);
      continue;
    }
    seenEvents.set(key, m.at);
    const existing = eventByKey.get(key);
    let kind: EventPlan['kind'] = 'create';
    if (existing) {
      const same =
        existing.duration === m.duration &&
        sameText(existing.action, m.action) &&
        sameText(existing.scene, m.scene) &&
        sameText(existing.summary, m.summary);
      kind = same ? 'skip' : 'update';
    }
    eventPlans.push({ m, rec, offset: Math.max(0, offset), startTime, kind, existingId: existing?.id, id: existing?.id ?? uuidv7() });
  }
  if (problems.length) throw new ImportError(`cannot import ${manifest.source}`, problems);

  const existingDiary =
    existingUser && manifest.diary.length
      ? await prisma.diary.findMany({
          where: { userId: existingUser.id, date: { in: manifest.diary.map((d) => dateStringToColumn(d.date)) } },
        })
      : [];
  const diaryByDate = new Map(existingDiary.map((d) => [dateColumnToString(d.date), d]));

  // Reserve the new user's id (a sequence value, no row), so keys can name it.
  let userId: number | null = existingUser?.id ?? null;
  if (mu && !existingUser) {
    const rows = await prisma.$queryRaw<{ id: number }[]>`SELECT nextval(pg_get_serial_sequence('users', 'id'))::int AS id`;
    userId = Number(rows[0]!.id);
  }
  const musicPlans: MusicPlan[] = manifest.music.map((m, i) => {
    const hash = musicHashes[i]!;
    const ext = extOf(m.file, '.mp3');
    const id = uuidv7();
    return {
      m,
      probe: musicProbes[i]!,
      hash,
      existing: musicExists.has(musicKey(!!m.shared, hash)),
      id,
      key: m.shared ? `music/${id}${ext}` : `users/${userId}/music/${id}${ext}`,
      contentType: contentTypeOf(ext, 'audio/mpeg'),
      peaks: [],
      beats: [],
    };
  });

  // 3. Analyse and store. Every key put is remembered so a failure can take it back.
  const putKeys: string[] = [];
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-import-'));
  const width = opts.thumbnailWidth ?? 320;
  const newRecs = recPlans.filter((r) => !r.existingId);
  const newMusic = musicPlans.filter((m) => !m.existing);
  const newEvents = eventPlans.filter((e) => e.kind === 'create');
  // Work already known to be skipped counts as done.
  for (const r of recPlans) {
    if (r.existingId) progress.advance(r.probe.duration * COST.interestPerSecond + COST.thumbnail + r.probe.sizeBytes * COST.storePerByte);
  }
  for (const m of musicPlans) if (m.existing) progress.advance(m.probe.duration * COST.peaksPerSecond + m.probe.sizeBytes * COST.storePerByte);
  progress.advance((eventPlans.length - newEvents.length) * COST.thumbnail);

  const put = async (key: string, file: string, move = false) => {
    checkAbort();
    putKeys.push(key);
    await storage.putFile(key, file, { move });
  };
  const deletePut = async () => {
    await Promise.all(putKeys.map((k) => storage.delete(k).catch(() => {})));
  };

  try {
    const analyseTotal = newRecs.length + newEvents.length + newMusic.length;
    let analysed = 0;
    type Task = () => Promise<void>;
    const tasks: Task[] = [];
    for (const r of newRecs) {
      tasks.push(async () => {
        checkAbort();
        r.interestScores = await computeInterestScores(tool, r.m.file, r.probe.duration, { signal });
        progress.advance(r.probe.duration * COST.interestPerSecond);
        const thumb = path.join(tmp, `${r.id}.jpg`);
        await makeThumbnail(tool, r.m.file, Math.min(r.probe.duration / 2, Math.max(0, r.probe.duration - 0.2)), thumb, { width, signal });
        r.thumbnailKey = `users/${userId}/thumbnails/${r.id}.jpg`;
        await put(r.thumbnailKey, thumb, true);
        progress.advance(COST.thumbnail);
        r.key = `users/${userId}/recordings/${r.id}${extOf(r.m.file, '.mp4')}`;
        await put(r.key, r.m.file);
        progress.advance(r.probe.sizeBytes * COST.storePerByte);
        progress.report('analyse', ++analysed, analyseTotal);
      });
    }
    for (const e of newEvents) {
      tasks.push(async () => {
        checkAbort();
        const at = Math.min(e.offset + e.m.duration / 2, Math.max(0, e.rec.probe.duration - 0.2));
        const thumb = path.join(tmp, `${e.id}.jpg`);
        await makeThumbnail(tool, e.rec.m.file, at, thumb, { width, signal });
        e.thumbnailKey = `users/${userId}/thumbnails/${e.id}.jpg`;
        await put(e.thumbnailKey, thumb, true);
        progress.advance(COST.thumbnail);
        progress.report('analyse', ++analysed, analyseTotal);
      });
    }
    for (const m of newMusic) {
      tasks.push(async () => {
        checkAbort();
        m.peaks = (await computePeaks(tool, m.m.file, m.probe.duration, 1000, { signal })).peaks;
        m.beats = await computeBeats(tool, m.m.file, { signal });
        progress.advance(m.probe.duration * COST.peaksPerSecond);
        await put(m.key, m.m.file);
        progress.advance(m.probe.sizeBytes * COST.storePerByte);
        progress.report('analyse', ++analysed, analyseTotal);
      });
    }
    await mapLimit(tasks, concurrency, (t) => t());
    checkAbort();

    // 4. One transaction for every row.
    const rowCount = newRecs.length + eventPlans.length + manifest.diary.length + newMusic.length + 1;
    progress.report('database', 0, rowCount);
    const diaryCounts: ImportCounts = { created: 0, updated: 0, skipped: 0 };
    const passwordHash = mu && !existingUser ? await opts.hashPassword(mu.password!) : undefined;
    await prisma.$transaction(
      async (tx) => {
        if (mu && !existingUser) {
          await tx.user.create({
            data: { id: userId!, username: mu.username, passwordHash: passwordHash!, timezone: mu.timezone, ...(mu.locale ? { locale: mu.locale } : {}) },
          });
        }
        if (newRecs.length) {
          await tx.recording.createMany({
            data: newRecs.map((r) => ({
              id: r.id,
              userId: userId!,
              s3Key: r.key,
              contentType: r.contentType,
              contentHash: r.hash,
              startTime: r.startTime,
              endTime: new Date(r.startTime.getTime() + Math.round(r.probe.duration * 1000)),
              duration: r.probe.duration,
              width: r.probe.width,
              height: r.probe.height,
              fps: r.probe.fps,
              hasAudio: r.probe.hasAudio,
              rotation: r.probe.rotation,
              sizeBytes: BigInt(r.probe.sizeBytes),
              thumbnailKey: r.thumbnailKey,
              interestScores: r.interestScores,
            })),
          });
        }
        if (newEvents.length) {
          await tx.event.createMany({
            data: newEvents.map((e) => ({
              id: e.id,
              userId: userId!,
              recordingId: e.rec.id,
              startTime: e.startTime,
              duration: e.m.duration,
              action: e.m.action ?? null,
              scene: e.m.scene ?? null,
              summary: e.m.summary ?? null,
              thumbnailKey: e.thumbnailKey ?? null,
            })),
          });
        }
        for (const e of eventPlans.filter((x) => x.kind === 'update')) {
          await tx.event.update({
            where: { id: e.existingId! },
            data: { duration: e.m.duration, action: e.m.action ?? null, scene: e.m.scene ?? null, summary: e.m.summary ?? null },
          });
        }
        for (const d of manifest.diary) {
          const existing = diaryByDate.get(d.date);
          if (existing && existing.content === d.content) {
            diaryCounts.skipped++;
            continue;
          }
          await tx.diary.upsert({
            where: { userId_date: { userId: userId!, date: dateStringToColumn(d.date) } },
            create: { userId: userId!, date: dateStringToColumn(d.date), content: d.content },
            update: { content: d.content },
          });
          if (existing) diaryCounts.updated++;
          else diaryCounts.created++;
        }
        if (newMusic.length) {
          await tx.music.createMany({
            data: newMusic.map((m) => ({
              id: m.id,
              userId: m.m.shared ? null : userId!,
              s3Key: m.key,
              name: m.m.name,
              composer: m.m.composer ?? null,
              duration: m.probe.duration,
              contentType: m.contentType,
              contentHash: m.hash,
              peaks: m.peaks,
              beats: m.beats,
            })),
          });
        }
      },
      { timeout: opts.transactionTimeoutMs ?? 120_000, maxWait: 30_000 },
    );
    progress.advance(COST.database + rowCount * COST.dbPerRow);
    progress.report('done', rowCount, rowCount);

    const count = (plans: { kind: EventPlan['kind'] }[]): ImportCounts => ({
      created: plans.filter((p) => p.kind === 'create').length,
      updated: plans.filter((p) => p.kind === 'update').length,
      skipped: plans.filter((p) => p.kind === 'skip').length,
    });
    return {
      userId,
      userCreated: !!mu && !existingUser,
      recordings: { created: newRecs.length, updated: 0, skipped: recPlans.length - newRecs.length },
      events: count(eventPlans),
      diary: diaryCounts,
      music: { created: newMusic.length, updated: 0, skipped: musicPlans.length - newMusic.length },
      storedObjects: putKeys.length,
      warnings,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    await deletePut();
    if (err instanceof CanceledError || err instanceof ImportError) throw err;
    const message = (err as Error).message ?? String(err);
    throw new ImportError(`import of ${manifest.source} failed, nothing was written: ${message}`);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

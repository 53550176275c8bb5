// Step 2b of an import: decide, without a database or ffmpeg, what to create, update and skip.
// Idempotency: recordings by (user, sha256); music by (owner, sha256), the owner being the user
// or the shared library; events by (recording, start time); diary by (user, date).
import path from 'node:path';
import { uuidv7 } from '../lib/uuid.js';
import type { AudioProbe, RecordingProbe } from '../media/analyse.js';
import { contentTypeOf } from '../media/content-types.js';
import type { ExistingState } from './existing.js';
import type { Inspected, InspectedFiles } from './inspect.js';
import type { Manifest, ManifestDiary, ManifestEvent, ManifestMusic, ManifestRecording, ManifestUser } from './manifest.js';
import { ImportError, throwIfProblems, type ImportCounts } from './types.js';

export type PlanKind = 'create' | 'update' | 'skip';

export interface RecordingPlan extends Inspected<RecordingProbe> {
  source: ManifestRecording;
  kind: 'create' | 'skip';
  /** The existing row's id when skipped. */
  id: string;
  startTime: Date;
  contentType: string;
  /** File extension the stored object keeps, e.g. ".mp4". */
  ext: string;
}

export interface EventPlan {
  source: ManifestEvent;
  recording: RecordingPlan;
  kind: PlanKind;
  /** The existing row's id unless created. */
  id: string;
  /** Seconds into the recording. */
  offset: number;
  startTime: Date;
}

export interface DiaryPlan {
  source: ManifestDiary;
  kind: PlanKind;
}

export interface MusicPlan extends Inspected<AudioProbe> {
  source: ManifestMusic;
  kind: 'create' | 'skip';
  id: string;
  contentType: string;
  ext: string;
}

export interface ImportPlan {
  /** The user to create (with a password), or null when there is none or she exists. */
  newUser: (ManifestUser & { password: string }) | null;
  existingUserId: number | null;
  recordings: RecordingPlan[];
  events: EventPlan[];
  diary: DiaryPlan[];
  music: MusicPlan[];
  warnings: string[];
}

/** Throws an ImportError listing every problem (events outside their recording, a missing password). */
export function planImport(manifest: Manifest, files: InspectedFiles, existing: ExistingState, newId: () => string = uuidv7): ImportPlan {
  const warnings: string[] = [];
  const newUser = planUser(manifest, existing, warnings);
  const recordings = manifest.recordings.map((m, i) => planRecording(m, files.recordings[i]!, existing, newId, warnings));
  const problems: string[] = [];
  const events = planEvents(manifest.events, recordings, existing, newId, problems);
  throwIfProblems(manifest.source, problems);
  const diaryByDate = new Map(existing.diary.map((d) => [d.date, d.content]));
  const diary = manifest.diary.map((d): DiaryPlan => {
    const content = diaryByDate.get(d.date);
    return { source: d, kind: content === undefined ? 'create' : content === d.content ? 'skip' : 'update' };
  });
  const ownedBy = (shared: boolean, hash: string) => `${shared ? 'shared' : 'own'}:${hash}`;
  const musicThere = new Set(existing.music.map((m) => ownedBy(m.userId === null, m.contentHash)));
  const music = manifest.music.map((m, i): MusicPlan => {
    const { probe, hash } = files.music[i]!;
    const ext = extOf(m.file, '.mp3');
    const kind = musicThere.has(ownedBy(m.shared, hash)) ? 'skip' : 'create';
    return { source: m, probe, hash, kind, id: newId(), contentType: contentTypeOf(m.file, 'audio/mpeg'), ext };
  });
  return { newUser, existingUserId: existing.user?.id ?? null, recordings, events, diary, music, warnings };
}

function planUser(manifest: Manifest, existing: ExistingState, warnings: string[]): ImportPlan['newUser'] {
  const mu = manifest.user;
  if (!mu) return null;
  if (existing.user) {
    if (existing.user.timezone !== mu.timezone) {
      warnings.push(`user ${mu.username} exists with time zone ${existing.user.timezone}; kept it (manifest says ${mu.timezone})`);
    }
    return null;
  }
  if (!mu.password) {
    throw new ImportError(`cannot import ${manifest.source}`, [`user.password: required to create the new user "${mu.username}"`]);
  }
  return { ...mu, password: mu.password };
}

function planRecording(
  m: ManifestRecording,
  { probe, hash }: Inspected<RecordingProbe>,
  existing: ExistingState,
  newId: () => string,
  warnings: string[],
): RecordingPlan {
  const there = existing.recordings.find((r) => r.contentHash === hash);
  const declared = m.startTime ?? probe.creationTime!;
  if (there && there.startTime.getTime() !== declared.getTime()) {
    warnings.push(
      `${m.at} (${m.id}) is already imported with start ${there.startTime.toISOString()}; kept it (manifest says ${declared.toISOString()})`,
    );
  }
  const ext = extOf(m.file, '.mp4');
  return {
    source: m,
    probe,
    hash,
    kind: there ? 'skip' : 'create',
    id: there?.id ?? newId(),
    startTime: there?.startTime ?? declared,
    contentType: contentTypeOf(m.file, 'video/mp4'),
    ext,
  };
}

function planEvents(
  events: ManifestEvent[],
  recordings: RecordingPlan[],
  existing: ExistingState,
  newId: () => string,
  problems: string[],
): EventPlan[] {
  const recordingOf = new Map(recordings.map((r) => [r.source.id, r]));
  const existingAt = new Map(existing.events.map((e) => [`${e.recordingId}|${e.startTime?.getTime()}`, e]));
  const seen = new Map<string, string>();
  const plans: EventPlan[] = [];
  for (const m of events) {
    const recording = recordingOf.get(m.recording)!;
    const offset = m.offset ?? (m.startTime!.getTime() - recording.startTime.getTime()) / 1000;
    const outside = outsideProblem(m, recording, offset);
    if (outside) {
      problems.push(outside);
      continue;
    }
    const startTime = new Date(Math.round(recording.startTime.getTime() + Math.max(0, offset) * 1000));
    const key = `${recording.id}|${startTime.getTime()}`;
    if (seen.has(key)) {
      problems.push(`${m.at}: same recording and start time as ${seen.get(key)}`);
      continue;
    }
    seen.set(key, m.at);
    const there = existingAt.get(key);
    const kind: PlanKind = !there ? 'create' : sameEvent(there, m) ? 'skip' : 'update';
    plans.push({ source: m, recording, kind, id: there?.id ?? newId(), offset: Math.max(0, offset), startTime });
  }
  return plans;
}

/** An event must start within its recording (50 ms of slack) and end at most 1 s past it. */
function outsideProblem(m: ManifestEvent, recording: RecordingPlan, offset: number): string | null {
  const length = recording.probe.duration;
  if (offset < -0.05) {
    return `${m.at}: starts ${(-offset).toFixed(1)} s before its recording "${recording.source.id}" (${recording.startTime.toISOString()})`;
  }
  if (offset >= length || offset + m.duration > length + 1) {
    return `${m.at}: ends at ${(offset + m.duration).toFixed(1)} s, past the end of recording "${recording.source.id}" (${length.toFixed(1)} s)`;
  }
  return null;
}

const sameText = (a: string | null | undefined, b: string | undefined) => (a ?? undefined) === (b ?? undefined);

function sameEvent(there: ExistingState['events'][number], m: ManifestEvent): boolean {
  return (
    there.duration === m.duration && sameText(there.action, m.action) && sameText(there.scene, m.scene) && sameText(there.summary, m.summary)
  );
}

/** The file's extension when it is a plain one (".mp4"), else the fallback. */
export function extOf(file: string, fallback: string): string {
  const ext = path.extname(file).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : fallback;
}

export function countKinds(plans: { kind: PlanKind }[]): ImportCounts {
  return {
    created: plans.filter((p) => p.kind === 'create').length,
    updated: plans.filter((p) => p.kind === 'update').length,
    skipped: plans.filter((p) => p.kind === 'skip').length,
  };
}

// Step 2a of an import: what the database already has of this manifest (read only). The plan
// (plan.ts) decides from it; keeping the reads here keeps the plan free of a database.
import type { PrismaClient } from '../generated/prisma/client.js';
import { dateColumnToString, dateStringToColumn } from '../lib/dates.js';
import type { InspectedFiles } from './inspect.js';
import type { Manifest } from './manifest.js';

export interface ExistingState {
  user: { id: number; timezone: string } | null;
  /** The user's recordings with one of the manifest's hashes. */
  recordings: { id: string; contentHash: string; startTime: Date; storageKey: string }[];
  /** Tracks with one of the manifest's hashes, in the shared library (userId null) or the user's. */
  music: { contentHash: string; userId: number | null }[];
  /** Events of those recordings. */
  events: {
    id: string;
    recordingId: string;
    startTime: Date | null;
    duration: number | null;
    action: string | null;
    scene: string | null;
    summary: string | null;
  }[];
  /** The user's diary entries on the manifest's dates, date as YYYY-MM-DD. */
  diary: { date: string; content: string }[];
}

export async function readExisting(prisma: PrismaClient, manifest: Manifest, files: InspectedFiles): Promise<ExistingState> {
  const username = manifest.user?.username;
  const user = username ? await prisma.user.findUnique({ where: { username }, select: { id: true, timezone: true } }) : null;
  const recordingHashes = files.recordings.map((r) => r.hash);
  const musicHashes = files.music.map((m) => m.hash);
  const recordings = user
    ? await prisma.recording.findMany({
        where: { userId: user.id, contentHash: { in: recordingHashes } },
        select: { id: true, contentHash: true, startTime: true, storageKey: true },
      })
    : [];
  // Music belongs to its owner: only the shared library's and this user's tracks are read —
  // never another user's, whose having the same file must neither deny this user a track of
  // her own nor reveal what the other user holds.
  const music = musicHashes.length
    ? await prisma.music.findMany({
        where: { contentHash: { in: musicHashes }, OR: [{ userId: null }, ...(user ? [{ userId: user.id }] : [])] },
        select: { contentHash: true, userId: true },
      })
    : [];
  const events = recordings.length
    ? await prisma.event.findMany({
        where: { recordingId: { in: recordings.map((r) => r.id) } },
        select: { id: true, recordingId: true, startTime: true, duration: true, action: true, scene: true, summary: true },
      })
    : [];
  const diary =
    user && manifest.diary.length
      ? await prisma.diary.findMany({
          where: { userId: user.id, date: { in: manifest.diary.map((d) => dateStringToColumn(d.date)) } },
          select: { date: true, content: true },
        })
      : [];
  return { user, recordings, music, events, diary: diary.map((d) => ({ date: dateColumnToString(d.date), content: d.content })) };
}

/** A new user's id from the users sequence (no row), so storage keys can name it before the commit. */
export async function reserveUserId(prisma: PrismaClient): Promise<number> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`SELECT nextval(pg_get_serial_sequence('users', 'id'))::int AS id`;
  return Number(rows[0]!.id);
}

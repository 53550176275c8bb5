// Reading a user's day: which dates have events, the events of one local date, its diary.
import type { Prisma } from '../db/database.js';
import type { Event, Recording, User } from '../generated/prisma/client.js';
import { assertDate, dateStringToColumn, localDayRange } from '../lib/dates.js';

/** A recording's columns the API exposes (interest scores, hashes and sizes stay with the renderer and importer). */
export type ListedRecording = Pick<Recording, 'id' | 'startTime' | 'endTime' | 'duration' | 'width' | 'height' | 'fps' | 'hasAudio' | 'rotation' | 'storageKey' | 'thumbnailKey'>;
/** An event's columns the API exposes; `recording` when it was read with it (a day's listing). */
export type ListedEvent = Pick<Event, 'id' | 'recordingId' | 'startTime' | 'duration' | 'action' | 'scene' | 'summary' | 'thumbnailKey'> & {
  recording?: ListedRecording;
};
export type EventWithRecording = ListedEvent & { recording: ListedRecording };

/** One row of the day's join: the event's columns, then its recording's (prefixed r_). */
interface EventRecordingRow {
  id: string;
  recordingId: string;
  startTime: Date | null;
  duration: number | null;
  action: string | null;
  scene: string | null;
  summary: string | null;
  thumbnailKey: string | null;
  rStartTime: Date;
  rEndTime: Date;
  rDuration: number;
  rWidth: number;
  rHeight: number;
  rFps: number;
  rHasAudio: boolean;
  rRotation: number;
  rStorageKey: string;
  rThumbnailKey: string | null;
}

function eventOfRow(r: EventRecordingRow): EventWithRecording {
  return {
    id: r.id,
    recordingId: r.recordingId,
    startTime: r.startTime,
    duration: r.duration,
    action: r.action,
    scene: r.scene,
    summary: r.summary,
    thumbnailKey: r.thumbnailKey,
    recording: {
      id: r.recordingId,
      startTime: r.rStartTime,
      endTime: r.rEndTime,
      duration: r.rDuration,
      width: r.rWidth,
      height: r.rHeight,
      fps: r.rFps,
      hasAudio: r.rHasAudio,
      rotation: r.rRotation,
      storageKey: r.rStorageKey,
      thumbnailKey: r.rThumbnailKey,
    },
  };
}

const LISTED_EVENT = { id: true, recordingId: true, startTime: true, duration: true, action: true, scene: true, summary: true, thumbnailKey: true } as const;
const LISTED_RECORDING = {
  id: true, startTime: true, endTime: true, duration: true, width: true, height: true, fps: true, hasAudio: true, rotation: true, storageKey: true, thumbnailKey: true,
} as const;

export interface DayRow {
  date: string;
  eventCount: number;
  vlogStatus: string | null;
}

export class EventService {
  constructor(private readonly prisma: Prisma) {}

  /** Every local date (in the user's zone) that has events, newest first, with its vlog's status. */
  async days(user: User): Promise<DayRow[]> {
    const [days, vlogs] = await Promise.all([
      this.prisma.$queryRaw<{ date: string; n: number }[]>`
        SELECT to_char(start_time AT TIME ZONE ${user.timezone}, 'YYYY-MM-DD') AS date, count(*)::int AS n
        FROM events WHERE user_id = ${user.id} AND start_time IS NOT NULL
        GROUP BY 1 ORDER BY 1 DESC`,
      // The day's vlog: its newest completed one, else its newest.
      this.prisma.$queryRaw<{ date: string; status: string }[]>`
        SELECT DISTINCT ON (target_date) to_char(target_date, 'YYYY-MM-DD') AS date, status
        FROM vlogs WHERE user_id = ${user.id}
        ORDER BY target_date, (status = 'completed') DESC, created_at DESC`,
    ]);
    const status = new Map(vlogs.map((v) => [v.date, v.status.toUpperCase()]));
    return days.map((d) => ({ date: d.date, eventCount: d.n, vlogStatus: status.get(d.date) ?? null }));
  }

  /** The user's events starting within the local date, by start time. */
  async eventsByDate(user: User, date: string): Promise<EventWithRecording[]> {
    assertDate(date);
    const { start, end } = localDayRange(date, user.timezone);
    // One query, only the exposed columns (Prisma's include would make two, with whole rows).
    const rows = await this.prisma.$queryRaw<EventRecordingRow[]>`
      SELECT e.id::text, e.recording_id::text AS "recordingId", e.start_time AS "startTime", e.duration, e.action, e.scene,
        e.summary, e.thumbnail_key AS "thumbnailKey", r.start_time AS "rStartTime", r.end_time AS "rEndTime",
        r.duration AS "rDuration", r.width AS "rWidth", r.height AS "rHeight", r.fps AS "rFps", r.has_audio AS "rHasAudio",
        r.rotation AS "rRotation", r.s3_key AS "rStorageKey", r.thumbnail_key AS "rThumbnailKey"
      FROM events e JOIN recordings r ON r.id = e.recording_id
      WHERE e.user_id = ${user.id} AND e.start_time >= ${start} AND e.start_time < ${end}
      ORDER BY e.start_time, e.id`;
    return rows.map(eventOfRow);
  }

  /** Events by id, only the user's (for per-row lookups batched by a DataLoader). */
  eventsByIds(userId: number, ids: readonly string[]): Promise<ListedEvent[]> {
    return this.prisma.event.findMany({ where: { userId, id: { in: [...ids] } }, select: LISTED_EVENT });
  }

  /** Recordings by id, only the user's. */
  recordingsByIds(userId: number, ids: readonly string[]): Promise<ListedRecording[]> {
    return this.prisma.recording.findMany({ where: { userId, id: { in: [...ids] } }, select: LISTED_RECORDING });
  }

  async diary(user: User, date: string): Promise<{ date: string; content: string } | null> {
    assertDate(date);
    const row = await this.prisma.diary.findUnique({
      where: { userId_date: { userId: user.id, date: dateStringToColumn(date) } },
    });
    return row ? { date, content: row.content } : null;
  }
}

// Reading a user's day: which dates have events, the events of one local date, its diary.
import type { Prisma } from '../db/database.js';
import type { Event, Recording, User } from '../generated/prisma/client.js';
import { assertDate, dateStringToColumn, localDayRange } from '../lib/dates.js';

/** Per-second interest scores are for the renderer; listing a day never needs them (they are most of a row). */
export type ListedRecording = Omit<Recording, 'interestScores'>;
export type EventWithRecording = Event & { recording: ListedRecording };

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
    return this.prisma.event.findMany({
      where: { userId: user.id, startTime: { gte: start, lt: end } },
      include: { recording: { omit: { interestScores: true } } },
      orderBy: [{ startTime: 'asc' }, { id: 'asc' }],
    });
  }

  async diary(user: User, date: string): Promise<{ date: string; content: string } | null> {
    assertDate(date);
    const row = await this.prisma.diary.findUnique({
      where: { userId_date: { userId: user.id, date: dateStringToColumn(date) } },
    });
    return row ? { date, content: row.content } : null;
  }
}

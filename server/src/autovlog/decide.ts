// The automatic daily vlog's decisions, pure: which local date is due for a user at an instant,
// and whether that day gets a vlog or is skipped (and why). The service does the I/O around them.
import { addDays, localDate, zonedTimeToUtc } from '../lib/dates.js';

export const DEFAULT_AUTO_VLOG_TIME = '21:00';
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface AutoVlogSchedule {
  enabled: boolean;
  /** HH:MM, local in timezone. */
  time: string;
  timezone: string;
  /** When it was turned on: earlier occurrences are not made (no surprise back-fill). */
  since: Date | null;
}

export function isTimeOfDay(value: string): boolean {
  return TIME_RE.test(value);
}

/** The instant `time` falls on the local date in tz. */
function occurrence(date: string, time: string, tz: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [, h, mi] = TIME_RE.exec(time)!;
  return zonedTimeToUtc({ year: y, month: mo, day: d, hour: Number(h), minute: Number(mi) }, tz);
}

/**
 * The local date whose vlog is due at `now`: that of the latest occurrence of the time of day
 * at or before now — today once the time has passed, else yesterday (so a process that was down
 * at 21:00 still makes it after a restart) — unless that occurrence came before `since`.
 */
export function dueDate(s: AutoVlogSchedule, now: Date): string | null {
  if (!s.enabled || !isTimeOfDay(s.time)) return null;
  const today = localDate(now, s.timezone);
  let date = today;
  let at = occurrence(today, s.time, s.timezone);
  if (at.getTime() > now.getTime()) {
    date = addDays(today, -1);
    at = occurrence(date, s.time, s.timezone);
  }
  if (s.since && at.getTime() < s.since.getTime()) return null;
  return date;
}

/** The next instant a vlog will be made (for the settings page), or null when off. */
export function nextRunAt(s: AutoVlogSchedule, now: Date): Date | null {
  if (!s.enabled || !isTimeOfDay(s.time)) return null;
  const today = localDate(now, s.timezone);
  for (const date of [today, addDays(today, 1), addDays(today, 2)]) {
    const at = occurrence(date, s.time, s.timezone);
    if (at.getTime() > now.getTime() && (!s.since || at.getTime() >= s.since.getTime())) return at;
  }
  return null;
}

export type AutoVlogReason = 'TOO_FEW_EVENTS' | 'MANUAL_VLOG_EXISTS' | 'CREATE_FAILED';

export type DayDecision = { make: true } | { make: false; reason: AutoVlogReason; message: string };

/** Skip a day with fewer events than a vlog needs, or one that already has a vlog made by hand. */
export function decideDay(day: { eventCount: number; minEvents: number; manualVlogs: number }): DayDecision {
  if (day.manualVlogs > 0) {
    return { make: false, reason: 'MANUAL_VLOG_EXISTS', message: 'a vlog of this day was already made by hand' };
  }
  if (day.eventCount < day.minEvents) {
    const n = day.eventCount === 1 ? '1 event' : `${day.eventCount} events`;
    return { make: false, reason: 'TOO_FEW_EVENTS', message: `the day has ${n}; an automatic vlog needs at least ${day.minEvents}` };
  }
  return { make: true };
}

/** Seconds of vlog per picked event: enough picks to fill the length without crowding it. */
const SECONDS_PER_PICK = 5;

/** How many of the recommender's picks to use for a vlog of maxDuration seconds. */
export function pickCount(maxDuration: number, limits: { minEvents: number; maxEvents: number }): number {
  return Math.min(limits.maxEvents, Math.max(limits.minEvents, Math.ceil(maxDuration / SECONDS_PER_PICK)));
}

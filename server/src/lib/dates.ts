// Local calendar days in a user's time zone, DST-correct. "A day" is [local 00:00, next local
// 00:00) — 23 or 25 hours long on DST change days.
import { badInput } from './errors.js';
// Which strings are dates is shared with the SPA: one rule, in shared/calendar-date.ts.
import { DATE_PATTERN, DATE_RANGE, isValidDate } from '../../../shared/calendar-date.js';

export { DATE_RANGE, isValidDate };

/** The one sentence for a date that is not valid. */
export function invalidDateMessage(field: string, value: unknown): string {
  return `${field} must be a calendar date YYYY-MM-DD from ${DATE_RANGE.min} to ${DATE_RANGE.max}, got ${(JSON.stringify(value) ?? String(value)).slice(0, 40)}`;
}

/** Throws BAD_USER_INPUT naming `field` unless `date` is a valid date (isValidDate). */
export function assertDate(date: string, field = 'date'): void {
  if (!isValidDate(date)) throw badInput(field, invalidDateMessage(field, date));
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function parts(instant: Date, tz: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local calendar date (YYYY-MM-DD) of an instant in tz. */
export function localDate(instant: Date, tz: string): string {
  const p = parts(instant, tz);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Minutes after local midnight of an instant in tz (the wall clock: 07:30 → 450). */
export function minuteOfDay(instant: Date, tz: string): number {
  if (tz === 'UTC') return instant.getUTCHours() * 60 + instant.getUTCMinutes();
  const p = parts(instant, tz);
  return p.hour! * 60 + p.minute!;
}

/** Milliseconds tz is ahead of UTC at that instant. */
function offsetMs(instant: Date, tz: string): number {
  const p = parts(instant, tz);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in tz shows the given local time (the earlier one in a DST overlap). */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; ms?: number },
  tz: string,
): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0, local.ms ?? 0);
  // Two rounds settle the offset even when it changes near the wall time.
  let t = wall - offsetMs(new Date(wall), tz);
  t = wall - offsetMs(new Date(t), tz);
  return new Date(t);
}

/** The first instant of a local date in tz (usually 00:00; later where midnight is skipped). */
export function startOfLocalDay(date: string, tz: string): Date {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  let t = zonedTimeToUtc({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, tz).getTime();
  // A DST jump at midnight skips 00:00; the day then starts at the jump. Step to the first
  // instant whose local date is `date` (at most the size of the jump, checked per minute).
  if (localDate(new Date(t), tz) < date) {
    while (localDate(new Date(t), tz) < date) t += 60_000;
  } else {
    while (localDate(new Date(t - 60_000), tz) === date) t -= 60_000;
  }
  return new Date(t);
}

export function addDays(date: string, days: number): string {
  const m = DATE_PATTERN.exec(date)!;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return t.toISOString().slice(0, 10);
}

/** [start, end) of a local date in tz. */
export function localDayRange(date: string, tz: string): { start: Date; end: Date } {
  return { start: startOfLocalDay(date, tz), end: startOfLocalDay(addDays(date, 1), tz) };
}

/** A DATE column's value (Prisma gives midnight UTC) as YYYY-MM-DD. */
export function dateColumnToString(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function dateStringToColumn(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

// Formatting of times, dates and lengths, independent of React.
import { isValidDate } from '../../../shared/calendar-date.ts';

export type Locale = 'zh-TW' | 'en';

export function normalizeLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-TW';
  if (v.startsWith('en')) return 'en';
  return null;
}

/** m:ss (or h:mm:ss), with tenths when the value isn't a whole second: 0:05, 3:07.5. */
export function formatClock(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '–:––';
  const tenths = Math.round(Math.max(0, seconds) * 10);
  const whole = Math.floor(tenths / 10);
  const frac = tenths % 10;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, '0') + (frac ? `.${frac}` : '');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A length in words: "42 秒", "1 分 5 秒" / "42 s", "1 min 5 s". */
export function formatLength(seconds: number | null | undefined, locale: Locale): string {
  if (seconds == null || !Number.isFinite(seconds)) return locale === 'en' ? 'unknown length' : '長度未知';
  const total = Math.max(0, Math.round(seconds));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (locale === 'en') return m ? (s ? `${m} min ${s} s` : `${m} min`) : `${s} s`;
  return m ? (s ? `${m} 分 ${s} 秒` : `${m} 分鐘`) : `${s} 秒`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = timeFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    }
    timeFormats.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock time HH:MM of an instant in a time zone. */
export function localTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '--:--';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--';
  const parts = timeFormat(timeZone).formatToParts(d);
  const h = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const m = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${h === '24' ? '00' : h}:${m}`;
}

/** Local hour of the day as a fraction (8.5 = 08:30), for placing events on a timeline. */
export function localHourFraction(iso: string | null | undefined, timeZone: string): number | null {
  if (!iso) return null;
  const [h, m] = localTime(iso, timeZone).split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return null;
  return h + m / 60;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A calendar date (YYYY-MM-DD) in words: "2024年5月1日 星期三" / "Wednesday, May 1, 2024". */
export function formatDateLong(date: string, locale: Locale): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'zh-TW', { dateStyle: 'full', timeZone: 'UTC' }).format(d);
}

export function formatMonth(year: number, month0: number, locale: Locale): string {
  const d = new Date(Date.UTC(year, month0, 1));
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'zh-TW', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
}

/** An instant as local date and time, short: "5/1 14:03". */
export function formatInstant(iso: string | null | undefined, timeZone: string, locale: Locale): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'zh-TW', {
      timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** A date the server accepts (its rule, shared/calendar-date.ts): a real YYYY-MM-DD date within DATE_RANGE. */
export function isIsoDate(value: string | null | undefined): value is string {
  return !!value && isValidDate(value);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The calendar day `delta` days from `date` (YYYY-MM-DD, no time zone involved). */
export function shiftDate(date: string, delta: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

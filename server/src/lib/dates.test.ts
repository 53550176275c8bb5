import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { addDays, assertDate, DATE_RANGE, isValidDate, isValidTimeZone, localDate, localDayRange, minuteOfDay } from './dates.js';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isValidDate('2026-11-20')).toBe(true);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('2026-1-01')).toBe(false);
    expect(isValidDate('20261120')).toBe(false);
    expect(isValidDate('2026-11-20T00:00:00Z')).toBe(false);
  });

  it('accepts only dates in DATE_RANGE, whose next day and local range stay valid', () => {
    for (const bad of ['9999-12-31', '0000-01-01', '1899-12-31', '3000-01-01']) expect(isValidDate(bad), bad).toBe(false);
    for (const good of [DATE_RANGE.min, DATE_RANGE.max]) {
      expect(isValidDate(good)).toBe(true);
      const { start, end } = localDayRange(good, 'Pacific/Kiritimati');
      expect(end.getTime() - start.getTime()).toBe(86_400_000);
    }
  });

  it('validates IANA zones', () => {
    expect(isValidTimeZone('Asia/Taipei')).toBe(true);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('gives Taipei days as UTC+8 ranges', () => {
    const { start, end } = localDayRange('2026-11-20', 'Asia/Taipei');
    expect(start.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(localDate(new Date('2026-11-19T15:59:59Z'), 'Asia/Taipei')).toBe('2026-11-19');
    expect(localDate(new Date('2026-11-19T16:00:00Z'), 'Asia/Taipei')).toBe('2026-11-20');
  });

  it('makes DST change days 23 and 25 hours long', () => {
    const spring = localDayRange('2026-03-29', 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect((spring.end.getTime() - spring.start.getTime()) / 3600_000).toBe(23);
    const autumn = localDayRange('2026-10-25', 'Europe/Berlin');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3600_000).toBe(25);
    const ny = localDayRange('2026-03-08', 'America/New_York');
    expect(ny.start.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(ny.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('handles a zone whose midnight is skipped', () => {
    // America/Santiago springs forward at 24:00 → the day starts at 01:00 local.
    const { start } = localDayRange('2026-09-06', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(new Date(start.getTime() - 1000), 'America/Santiago')).toBe('2026-09-05');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('assertDate throws BAD_USER_INPUT naming the field, and passes a valid date', () => {
    expect(() => assertDate('2026-11-20')).not.toThrow();
    const err = (() => {
      try {
        assertDate('2026-02-30', 'fromDate');
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDate' });
    expect(err.message).toMatch(/^fromDate must be a calendar date YYYY-MM-DD/);
  });
});

describe('minuteOfDay', () => {
  it('is the wall clock in the time zone, in minutes after midnight', () => {
    const instant = new Date(Date.UTC(2024, 3, 30, 23, 30));
    expect(minuteOfDay(instant, 'UTC')).toBe(23 * 60 + 30);
    expect(minuteOfDay(instant, 'Asia/Taipei')).toBe(7 * 60 + 30);
    // New York on the spring-forward day: 07:30 UTC is 03:30 EDT.
    expect(minuteOfDay(new Date(Date.UTC(2024, 2, 10, 7, 30)), 'America/New_York')).toBe(3 * 60 + 30);
  });
});

import { describe, expect, it } from 'vitest';
import { decideDay, dueDate, isTimeOfDay, nextRunAt, pickCount, type AutoVlogSchedule } from './decide.js';

const taipei = (over: Partial<AutoVlogSchedule> = {}): AutoVlogSchedule => ({ enabled: true, time: '21:00', timezone: 'Asia/Taipei', since: null, ...over });

describe('dueDate', () => {
  it('is nothing when the setting is off', () => {
    expect(dueDate(taipei({ enabled: false }), new Date('2026-11-20T14:00:00Z'))).toBeNull();
  });

  it("is today once the local time has passed, yesterday before it (a restart still makes yesterday's)", () => {
    // 21:00 in Taipei (UTC+8) is 13:00 UTC.
    expect(dueDate(taipei(), new Date('2026-11-20T12:59:59Z'))).toBe('2026-11-19');
    expect(dueDate(taipei(), new Date('2026-11-20T13:00:00Z'))).toBe('2026-11-20');
    expect(dueDate(taipei(), new Date('2026-11-20T15:59:00Z'))).toBe('2026-11-20'); // 23:59 local
    expect(dueDate(taipei(), new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-20'); // 00:00 next day: still the 20th's
  });

  it('goes by the user’s zone, not the server’s', () => {
    const ny = taipei({ timezone: 'America/New_York', time: '07:30' });
    // 07:30 EST = 12:30 UTC.
    expect(dueDate(ny, new Date('2026-11-20T12:29:00Z'))).toBe('2026-11-19');
    expect(dueDate(ny, new Date('2026-11-20T12:30:00Z'))).toBe('2026-11-20');
  });

  it('does not back-fill occurrences before the setting was turned on', () => {
    const since = new Date('2026-11-20T14:00:00Z'); // 22:00 local, after today's 21:00
    expect(dueDate(taipei({ since }), new Date('2026-11-20T14:30:00Z'))).toBeNull();
    expect(dueDate(taipei({ since }), new Date('2026-11-21T13:00:00Z'))).toBe('2026-11-21');
  });

  it('keeps the local time across a DST change', () => {
    const berlin = taipei({ timezone: 'Europe/Berlin' });
    // 2026-03-29: CET → CEST; 21:00 is 19:00 UTC that day, 20:00 UTC the day before.
    expect(dueDate(berlin, new Date('2026-03-28T19:59:00Z'))).toBe('2026-03-27');
    expect(dueDate(berlin, new Date('2026-03-28T20:00:00Z'))).toBe('2026-03-28');
    expect(dueDate(berlin, new Date('2026-03-29T19:00:00Z'))).toBe('2026-03-29');
  });
});

describe('nextRunAt', () => {
  it('is the next occurrence after now, and after since', () => {
    expect(nextRunAt(taipei(), new Date('2026-11-20T12:00:00Z'))?.toISOString()).toBe('2026-11-20T13:00:00.000Z');
    expect(nextRunAt(taipei(), new Date('2026-11-20T13:00:00Z'))?.toISOString()).toBe('2026-11-21T13:00:00.000Z');
    expect(nextRunAt(taipei({ enabled: false }), new Date())).toBeNull();
  });
});

describe('decideDay', () => {
  it('makes a day with enough events and no hand-made vlog', () => {
    expect(decideDay({ eventCount: 12, minEvents: 10, manualVlogs: 0 })).toEqual({ make: true });
  });

  it('skips a day with too few events, saying how many', () => {
    const d = decideDay({ eventCount: 1, minEvents: 10, manualVlogs: 0 });
    expect(d).toMatchObject({ make: false, reason: 'TOO_FEW_EVENTS' });
    expect(!d.make && d.message).toContain('1 event;');
  });

  it('skips a day that already has a vlog made by hand', () => {
    expect(decideDay({ eventCount: 40, minEvents: 10, manualVlogs: 1 })).toMatchObject({ make: false, reason: 'MANUAL_VLOG_EXISTS' });
  });
});

describe('pickCount and isTimeOfDay', () => {
  it('asks for about one pick per 5 s, within the event limits', () => {
    expect(pickCount(60, { minEvents: 10, maxEvents: 200 })).toBe(12);
    expect(pickCount(30, { minEvents: 10, maxEvents: 200 })).toBe(10);
    expect(pickCount(180, { minEvents: 3, maxEvents: 20 })).toBe(20);
  });

  it('accepts HH:MM only', () => {
    for (const ok of ['00:00', '09:05', '21:00', '23:59']) expect(isTimeOfDay(ok)).toBe(true);
    for (const bad of ['24:00', '9:00', '21:60', '21:00:00', '', 'noon']) expect(isTimeOfDay(bad)).toBe(false);
  });
});

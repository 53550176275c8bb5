import { describe, expect, it } from 'vitest';
import { clipsInput, eventSpan, playWindow, trimValid } from './clip.ts';

const rec = { startTime: '2026-11-20T01:00:00.000Z', duration: 60 };

describe('an event inside its recording', () => {
  it('is its own seconds of the recording', () => {
    expect(eventSpan({ startTime: '2026-11-20T01:00:12.000Z', duration: 8, recording: rec })).toEqual({ offset: 12, length: 8 });
    // Open-ended: to the recording's end. Past the end: cut to it.
    expect(eventSpan({ startTime: '2026-11-20T01:00:50.000Z', duration: null, recording: rec })).toEqual({ offset: 50, length: 10 });
    expect(eventSpan({ startTime: '2026-11-20T01:00:55.000Z', duration: 20, recording: rec })).toEqual({ offset: 55, length: 5 });
    expect(eventSpan({ startTime: null, duration: 8, recording: rec })).toBeNull();
  });

  it('plays the trim when there is one, else the whole event', () => {
    const span = { offset: 12, length: 8 };
    expect(playWindow(span, null)).toEqual({ from: 12, to: 20 });
    expect(playWindow(span, { start: 2, end: 5 })).toEqual({ from: 14, to: 17 });
  });

  it('accepts trims the server accepts, and sends only those of picked events', () => {
    expect(trimValid({ start: 0, end: 8 }, 8)).toBe(true);
    expect(trimValid({ start: 2, end: 3 }, 8)).toBe(false); // under 1.5 s
    expect(trimValid({ start: 2, end: 9 }, 8)).toBe(false);
    expect(trimValid({ start: -1, end: 3 }, 8)).toBe(false);
    const lengths = new Map([['a', 8], ['b', 8], ['c', 8]]);
    expect(clipsInput({ a: { start: 1, end: 4 }, b: { start: 1, end: 2 }, c: { start: 0, end: 5 } }, ['a', 'b'], lengths)).toEqual([{ eventId: 'a', start: 1, end: 4 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { isIsoDate } from './format.ts';

describe('isIsoDate', () => {
  it('takes real calendar dates only, by the server rule (shared/calendar-date.ts)', () => {
    expect(isIsoDate('2026-11-20')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
  });

  it('refuses other shapes, nothing, and dates outside the range the server accepts', () => {
    for (const bad of ['2026-1-01', '20261120', '2026-11-20T00:00:00Z', '', null, undefined, '1899-12-31', '3000-01-01']) expect(isIsoDate(bad), String(bad)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isIsoDate } from './format.ts';

describe('isIsoDate: the server rule (shared/calendar-date.ts)', () => {
  const cases: [string | null | undefined, boolean][] = [
    ['2026-11-20', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-31', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['1899-12-31', false],
    ['3000-01-01', false],
    ['2026-1-01', false],
    ['2026-11-20T00:00:00Z', false],
    ['', false],
    [null, false],
    [undefined, false],
  ];
  it.each(cases)('%s → %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});

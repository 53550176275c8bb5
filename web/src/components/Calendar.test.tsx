import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { shiftDate } from '../domain/format.ts';
import { renderWithI18n } from '../test/render.tsx';
import { Calendar, calendarKeyTarget } from './Calendar.tsx';

describe('calendar keys', () => {
  it('move by a day, a week, to the week ends and by a month', () => {
    expect(calendarKeyTarget('2026-11-20', 'ArrowLeft')).toBe('2026-11-19');
    expect(calendarKeyTarget('2026-11-30', 'ArrowRight')).toBe('2026-12-01');
    expect(calendarKeyTarget('2026-11-20', 'ArrowUp')).toBe('2026-11-13');
    expect(calendarKeyTarget('2026-11-20', 'ArrowDown')).toBe('2026-11-27');
    // 2026-11-20 is a Friday; weeks start on Sunday.
    expect(calendarKeyTarget('2026-11-20', 'Home')).toBe('2026-11-15');
    expect(calendarKeyTarget('2026-11-20', 'End')).toBe('2026-11-21');
    expect(calendarKeyTarget('2026-01-31', 'PageDown')).toBe('2026-02-28');
    expect(calendarKeyTarget('2026-03-31', 'PageUp')).toBe('2026-02-28');
    expect(calendarKeyTarget('2026-11-20', 'a')).toBeNull();
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('is one tab stop; arrows move the focus, Enter opens the day', () => {
    const onSelect = vi.fn();
    renderWithI18n(<Calendar days={[{ date: '2026-11-20', eventCount: 3 }]} selected="2026-11-20" today="2026-11-25" onSelect={onSelect} />, 'en');
    const grid = screen.getByRole('grid');
    const stops = grid.querySelectorAll('button[tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.getAttribute('data-date')).toBe('2026-11-20');
    (stops[0] as HTMLElement).focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement?.getAttribute('data-date')).toBe('2026-11-21');
    expect(grid.querySelectorAll('button[tabindex="0"]')).toHaveLength(1);
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement?.getAttribute('data-date')).toBe('2026-12-21');
    fireEvent.click(document.activeElement!);
    expect(onSelect).toHaveBeenCalledWith('2026-12-21');
  });
});

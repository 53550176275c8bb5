import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MusicWindow } from '../domain/musicWindow.ts';
import { renderWithI18n } from '../test/render.tsx';
import { Waveform } from './Waveform.tsx';

const DURATION = 60;
const WIDTH = 600; // 10 px per second

function Harness({ initial, onChange }: { initial: MusicWindow; onChange?: (w: MusicWindow) => void }) {
  const [w, setW] = useState(initial);
  return (
    <Waveform
      peaks={Array.from({ length: 300 }, (_, i) => Math.abs(Math.sin(i / 7)))}
      duration={DURATION}
      value={w}
      minWindow={0.5}
      onChange={(next) => {
        onChange?.(next);
        setW(next);
      }}
      idPrefix="w"
    />
  );
}

const startHandle = () => screen.getByRole('slider', { name: 'Start of the music' });
const endHandle = () => screen.getByRole('slider', { name: 'End of the music' });
const windowBody = () => screen.getByRole('slider', { name: /Music part/ });
const now = (el: HTMLElement) => Number(el.getAttribute('aria-valuenow'));

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 0, top: 0, right: WIDTH, bottom: 100, width: WIDTH, height: 100, x: 0, y: 0, toJSON: () => ({}),
  } as DOMRect);
});
afterEach(() => {
  vi.restoreAllMocks();
});

function drag(el: HTMLElement, fromX: number, toX: number) {
  fireEvent.pointerDown(el, { clientX: fromX, pointerId: 1, button: 0 });
  fireEvent.pointerMove(el, { clientX: (fromX + toX) / 2, pointerId: 1 });
  fireEvent.pointerMove(el, { clientX: toX, pointerId: 1 });
  fireEvent.pointerUp(el, { clientX: toX, pointerId: 1 });
}

describe('waveform window limits', () => {
  it('draws one bar per bucket and labels the window in m:ss', () => {
    const { container } = renderWithI18n(<Harness initial={{ start: 5, end: 45 }} />, 'en');
    expect(container.querySelectorAll('svg rect').length).toBe(160);
    expect(container.querySelector('.label-start')?.textContent).toBe('0:05');
    expect(container.querySelector('.label-end')?.textContent).toBe('0:45');
    expect(container.querySelector('.label-length')?.textContent).toContain('40 s');
    expect(startHandle().getAttribute('aria-valuetext')).toBe('0:05');
  });

  it('keyboard: the end handle stops 0.5 s after the start and at the track end', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} />, 'en');
    endHandle().focus();
    for (let i = 0; i < 5; i++) await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(now(endHandle())).toBe(10.5);
    expect(now(startHandle())).toBe(10);
    await user.keyboard('{End}');
    expect(now(endHandle())).toBe(60);
    await user.keyboard('{ArrowRight}');
    expect(now(endHandle())).toBe(60);
  });

  it('keyboard: the start handle stops 0.5 s before the end and at 0', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} />, 'en');
    startHandle().focus();
    await user.keyboard('{End}');
    expect(now(startHandle())).toBe(19.5);
    await user.keyboard('{ArrowLeft}');
    expect(now(startHandle())).toBe(18.5);
    await user.keyboard('{Home}');
    expect(now(startHandle())).toBe(0);
    await user.keyboard('{ArrowLeft}');
    expect(now(startHandle())).toBe(0);
  });

  it('keyboard: the whole window moves but keeps its length inside the track', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} />, 'en');
    windowBody().focus();
    await user.keyboard('{ArrowRight}');
    expect([now(startHandle()), now(endHandle())]).toEqual([11, 21]);
    await user.keyboard('{End}');
    expect([now(startHandle()), now(endHandle())]).toEqual([50, 60]);
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect([now(startHandle()), now(endHandle())]).toEqual([50, 60]);
  });

  it('pointer: dragging the end handle past the start leaves 0.5 s, past the track stops at its end', () => {
    const changes: MusicWindow[] = [];
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} onChange={(w) => changes.push(w)} />, 'en');
    act(() => drag(endHandle(), 200, -300));
    expect(now(endHandle())).toBe(10.5);
    act(() => drag(endHandle(), 105, 5000));
    expect(now(endHandle())).toBe(60);
    for (const w of changes) {
      expect(w.end - w.start).toBeGreaterThanOrEqual(0.5);
      expect(w.start).toBeGreaterThanOrEqual(0);
      expect(w.end).toBeLessThanOrEqual(DURATION);
    }
  });

  it('pointer: dragging the start handle is limited the same way', () => {
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} />, 'en');
    act(() => drag(startHandle(), 100, 400));
    expect(now(startHandle())).toBe(19.5);
    act(() => drag(startHandle(), 195, -100));
    expect(now(startHandle())).toBe(0);
  });

  it('pointer: dragging the window moves both ends and stops at the track edges', () => {
    renderWithI18n(<Harness initial={{ start: 10, end: 20 }} />, 'en');
    act(() => drag(windowBody(), 150, 250));
    expect([now(startHandle()), now(endHandle())]).toEqual([20, 30]);
    act(() => drag(windowBody(), 250, 9000));
    expect([now(startHandle()), now(endHandle())]).toEqual([50, 60]);
    act(() => drag(windowBody(), 550, -9000));
    expect([now(startHandle()), now(endHandle())]).toEqual([0, 10]);
  });
});

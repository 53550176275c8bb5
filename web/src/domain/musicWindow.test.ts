import { describe, expect, it } from 'vitest';
import { clampWindow, defaultWindow, dragTo, keyStep, moveEnd, moveStart, secondsAt, shiftWindow } from './musicWindow.ts';

describe('music window', () => {
  it('defaults to the first min(track, 180) s', () => {
    expect(defaultWindow(240)).toEqual({ start: 0, end: 180 });
    expect(defaultWindow(95.5)).toEqual({ start: 0, end: 95.5 });
  });

  it('never gets shorter than the minimum window', () => {
    expect(moveStart({ start: 0, end: 10 }, 9.9, 60, 0.5)).toEqual({ start: 9.5, end: 10 });
    expect(moveStart({ start: 0, end: 10 }, 50, 60, 0.5)).toEqual({ start: 9.5, end: 10 });
    expect(moveEnd({ start: 20, end: 30 }, 0, 60, 0.5)).toEqual({ start: 20, end: 20.5 });
  });

  it('never leaves the track', () => {
    expect(moveStart({ start: 5, end: 10 }, -3, 60)).toEqual({ start: 0, end: 10 });
    expect(moveEnd({ start: 5, end: 10 }, 75, 60)).toEqual({ start: 5, end: 60 });
    expect(shiftWindow({ start: 40, end: 50 }, 30, 60)).toEqual({ start: 50, end: 60 });
    expect(shiftWindow({ start: 10, end: 20 }, -30, 60)).toEqual({ start: 0, end: 10 });
  });

  it('clamps any window into the rules', () => {
    expect(clampWindow({ start: -1, end: 100 }, 60)).toEqual({ start: 0, end: 60 });
    expect(clampWindow({ start: 30, end: 30.1 }, 60, 0.5)).toEqual({ start: 30, end: 30.5 });
    expect(clampWindow({ start: 59.9, end: 60 }, 60, 0.5)).toEqual({ start: 59.5, end: 60 });
    expect(clampWindow({ start: 0, end: 5 }, 0.3, 0.5)).toEqual({ start: 0, end: 0.3 });
  });

  it('drags relative to where the drag began', () => {
    const origin = { start: 10, end: 20 };
    expect(dragTo('start', origin, 10, 12, 60)).toEqual({ start: 12, end: 20 });
    expect(dragTo('end', origin, 20, 100, 60)).toEqual({ start: 10, end: 60 });
    expect(dragTo('window', origin, 15, 5, 60)).toEqual({ start: 0, end: 10 });
    expect(dragTo('end', origin, 20, 0, 60, 0.5)).toEqual({ start: 10, end: 10.5 });
  });

  it('steps with the keyboard', () => {
    const w = { start: 10, end: 20 };
    expect(keyStep('start', w, 'ArrowRight', false, 60)).toEqual({ start: 11, end: 20 });
    expect(keyStep('end', w, 'ArrowLeft', true, 60)).toEqual({ start: 10, end: 10.5 });
    expect(keyStep('window', w, 'End', false, 60)).toEqual({ start: 50, end: 60 });
    expect(keyStep('start', w, 'Home', false, 60)).toEqual({ start: 0, end: 20 });
    expect(keyStep('start', w, 'Enter', false, 60)).toBeNull();
  });

  it('converts pixels to seconds inside the track', () => {
    expect(secondsAt(50, 200, 60)).toBe(15);
    expect(secondsAt(-10, 200, 60)).toBe(0);
    expect(secondsAt(500, 200, 60)).toBe(60);
  });
});

// A track's waveform (from Music.peaks) with the chosen window: drag the start handle, the end
// handle or the window itself with a pointer (mouse, pen, finger), or focus any of the three
// and use the arrow keys. All limits come from domain/musicWindow.
import { type KeyboardEvent, type PointerEvent, useMemo, useRef } from 'react';
import { formatClock } from '../domain/format.ts';
import { type MusicWindow, type WindowPart, dragTo, keyStep, secondsAt, windowLength } from '../domain/musicWindow.ts';
import { useI18n } from '../i18n.tsx';

export interface WaveformProps {
  peaks: readonly number[];
  duration: number;
  value: MusicWindow;
  minWindow: number;
  onChange: (w: MusicWindow) => void;
  /** Seconds into the track while previewing. */
  playhead?: number | null;
  invalid?: boolean;
  describedBy?: string;
  idPrefix?: string;
}

const BARS = 160;

/** Resamples peaks to a fixed number of bars (max of each bucket). */
export function resamplePeaks(peaks: readonly number[], bars = BARS): number[] {
  if (peaks.length === 0) return Array.from({ length: bars }, () => 0.08);
  const out: number[] = [];
  for (let i = 0; i < bars; i++) {
    const from = Math.floor((i * peaks.length) / bars);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / bars));
    let m = 0;
    for (let j = from; j < to && j < peaks.length; j++) m = Math.max(m, Math.abs(peaks[j] ?? 0));
    out.push(Math.min(1, Math.max(0.04, m)));
  }
  return out;
}
/** Dragging (pointer) and stepping (keys) the window or one of its ends; each move goes through onChange. */
function useWindowControls(props: Pick<WaveformProps, 'duration' | 'value' | 'minWindow' | 'onChange'>) {
  const { duration, value, minWindow, onChange } = props;
  const trackRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ part: WindowPart; origin: MusicWindow; from: number; pointerId: number } | null>(null);

  const secondsFromEvent = (clientX: number) => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0) return 0;
    return secondsAt(clientX - rect.left, rect.width, duration);
  };

  const onPointerDown = (part: WindowPart) => (e: PointerEvent<HTMLElement>) => {
    if (e.button !== undefined && e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    (e.currentTarget as HTMLElement).focus();
    try {
      (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    } catch {
      /* not supported */
    }
    drag.current = { part, origin: value, from: secondsFromEvent(e.clientX), pointerId: e.pointerId };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    e.preventDefault();
    onChange(dragTo(d.part, d.origin, d.from, secondsFromEvent(e.clientX), duration, minWindow));
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    if (drag.current?.pointerId !== e.pointerId) return;
    drag.current = null;
    try {
      (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
    } catch {
      /* not captured */
    }
  };
  const onKeyDown = (part: WindowPart) => (e: KeyboardEvent<HTMLElement>) => {
    const next = keyStep(part, value, e.key, e.shiftKey, duration, minWindow);
    if (!next) return;
    e.preventDefault();
    onChange(next);
  };
  const pointerHandlers = (part: WindowPart) => ({
    onPointerDown: onPointerDown(part),
    onPointerMove,
    onPointerUp,
    onPointerCancel: onPointerUp,
    onKeyDown: onKeyDown(part),
  });
  return { trackRef, pointerHandlers };
}

export function Waveform({ peaks, duration, value, minWindow, onChange, playhead, invalid, describedBy, idPrefix = 'wave' }: WaveformProps) {
  const { t, length: lengthWords } = useI18n();
  const { trackRef, pointerHandlers } = useWindowControls({ duration, value, minWindow, onChange });
  const bars = useMemo(() => resamplePeaks(peaks), [peaks]);

  const pct = (s: number) => (duration > 0 ? `${(Math.min(Math.max(s, 0), duration) / duration) * 100}%` : '0%');

  const start = formatClock(value.start);
  const end = formatClock(value.end);
  const length = windowLength(value);

  return (
    <div className={`waveform${invalid ? ' invalid' : ''}`}>
      <div className="waveform-track" ref={trackRef}>
        <svg className="waveform-bars" viewBox={`0 0 ${BARS} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {bars.map((h, i) => {
            const x = i + 0.15;
            const t0 = (i / BARS) * duration;
            const inside = t0 >= value.start - duration / BARS && t0 <= value.end;
            return <rect key={i} x={x} width={0.7} y={50 - h * 48} height={h * 96} className={inside ? 'in' : 'out'} />;
          })}
        </svg>
        <div className="waveform-shade" style={{ left: 0, width: pct(value.start) }} aria-hidden="true" />
        <div className="waveform-shade" style={{ left: pct(value.end), right: 0 }} aria-hidden="true" />
        <div
          id={`${idPrefix}-window`}
          className="waveform-window"
          style={{ left: pct(value.start), width: `calc(${pct(value.end)} - ${pct(value.start)})` }}
          role="slider"
          tabIndex={0}
          aria-label={t.windowWhole}
          aria-valuemin={0}
          aria-valuemax={Math.max(0, Math.round((duration - length) * 10) / 10)}
          aria-valuenow={value.start}
          aria-valuetext={t.windowRange(start, end)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...pointerHandlers('window')}
        />
        <div
          id={`${idPrefix}-start`}
          className="waveform-handle start"
          style={{ left: pct(value.start) }}
          role="slider"
          tabIndex={0}
          aria-label={t.windowStart}
          aria-valuemin={0}
          aria-valuemax={Math.max(0, value.end - minWindow)}
          aria-valuenow={value.start}
          aria-valuetext={start}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...pointerHandlers('start')}
        >
          <span className="grip" aria-hidden="true" />
        </div>
        <div
          id={`${idPrefix}-end`}
          className="waveform-handle end"
          style={{ left: pct(value.end) }}
          role="slider"
          tabIndex={0}
          aria-label={t.windowEnd}
          aria-valuemin={Math.min(duration, value.start + minWindow)}
          aria-valuemax={duration}
          aria-valuenow={value.end}
          aria-valuetext={end}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...pointerHandlers('end')}
        >
          <span className="grip" aria-hidden="true" />
        </div>
        {playhead != null && (
          <div className="waveform-playhead" style={{ left: pct(playhead) }} aria-hidden="true" data-testid="playhead" />
        )}
      </div>
      <div className="waveform-labels" aria-hidden="true">
        <span className="label-start">{start}</span>
        <span className="label-length">{lengthWords(length)}</span>
        <span className="label-end">{end}</span>
      </div>
    </div>
  );
}

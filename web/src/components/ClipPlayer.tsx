// Watch an event before picking it: its recording plays from the event's start and stops at its
// end (the browser fetches only those bytes with Range requests on the signed /media URL), and
// a bar marks the part the vlog will use — the whole event, or the trim set here.
import { useEffect, useId, useRef, useState } from 'react';
import { type EventSpan, MIN_TRIM_SECONDS, eventSpan, playWindow, trimValid } from '../domain/clip.ts';
import type { ClipTrim } from '../domain/draftStore.ts';
import { formatClock, localTime } from '../domain/format.ts';
import { useI18n } from '../i18n.tsx';
import type { EventItem } from './EventSelectionStep.tsx';

export interface ClipPlayerProps {
  event: EventItem;
  timeZone: string;
  /** With onTrimChange: in / out points inside the event, sent with createVlog. */
  trim?: ClipTrim | null;
  onTrimChange?: (trim: ClipTrim | null) => void;
  autoFocus?: boolean;
}

export function ClipPlayer({ event, timeZone, trim, onTrimChange, autoFocus }: ClipPlayerProps) {
  const { t, length } = useI18n();
  const span = eventSpan(event);
  const url = event.recording?.url;
  if (!span || !url) return <p className="muted">{t.clipFailed}</p>;
  return (
    <SpanPlayer
      event={event}
      span={span}
      url={url}
      timeZone={timeZone}
      trim={trim ?? null}
      onTrimChange={onTrimChange}
      autoFocus={autoFocus}
      t={t}
      length={length}
    />
  );
}

function SpanPlayer(props: {
  event: EventItem;
  span: EventSpan;
  url: string;
  timeZone: string;
  trim: ClipTrim | null;
  onTrimChange?: (trim: ClipTrim | null) => void;
  autoFocus?: boolean;
  t: ReturnType<typeof useI18n>['t'];
  length: ReturnType<typeof useI18n>['length'];
}) {
  const { event, span, url, timeZone, trim, onTrimChange, autoFocus, t, length } = props;
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const [at, setAt] = useState(0);
  const [failed, setFailed] = useState(false);
  const { from, to } = playWindow(span, trim);
  const used = trim ?? { start: 0, end: span.length };
  const pct = (s: number) => `${(Math.min(Math.max(s, 0), span.length) / span.length) * 100}%`;

  useEffect(() => {
    if (autoFocus) video.current?.focus();
  }, [autoFocus]);

  // The window moved (a new trim): start over from its beginning.
  useEffect(() => {
    const v = video.current;
    if (v && v.readyState >= 1) v.currentTime = from;
  }, [from]);

  const keepInside = () => {
    const v = video.current;
    if (!v) return;
    // Never show footage outside the event; stop at the end of the part the vlog uses.
    if (v.currentTime < span.offset - 0.05 || v.currentTime > span.offset + span.length + 0.05) v.currentTime = from;
    if (!v.paused && v.currentTime >= to - 0.04) {
      v.pause();
      v.currentTime = to;
    }
    setAt(v.currentTime - span.offset);
  };

  const time = localTime(event.startTime, timeZone);
  return (
    <div className="clip-player" data-testid="clip-player">
      <video
        ref={video}
        src={`${url}#t=${from.toFixed(2)},${to.toFixed(2)}`}
        controls
        playsInline
        preload="metadata"
        aria-label={t.clipPlayer(time)}
        aria-describedby={`${id}-span`}
        onLoadedMetadata={(e) => {
          e.currentTarget.currentTime = from;
        }}
        onPlay={(e) => {
          const v = e.currentTarget;
          if (v.currentTime < from - 0.05 || v.currentTime >= to - 0.05) v.currentTime = from;
        }}
        onTimeUpdate={keepInside}
        onSeeked={keepInside}
        onError={() => setFailed(true)}
        data-from={from}
        data-to={to}
      />
      {failed && (
        <p className="notice error" role="status">
          {t.clipFailed}
        </p>
      )}
      <div className="clip-bar" aria-hidden="true" data-testid="clip-bar">
        <span className="clip-used" style={{ left: pct(used.start), width: `calc(${pct(used.end)} - ${pct(used.start)})` }} />
        <span className="clip-playhead" style={{ left: pct(at) }} />
      </div>
      <p id={`${id}-span`} className="muted small">
        {t.clipSpan(formatClock(span.offset + used.start), formatClock(span.offset + used.end))}
      </p>
      {onTrimChange && <TrimFields id={id} span={span} trim={trim} onTrimChange={onTrimChange} t={t} length={length} />}
    </div>
  );
}

/** In and out points inside the event, typed in seconds; only a valid pair reaches onTrimChange. */
function TrimFields(props: {
  id: string;
  span: EventSpan;
  trim: ClipTrim | null;
  onTrimChange: (trim: ClipTrim | null) => void;
  t: ReturnType<typeof useI18n>['t'];
  length: ReturnType<typeof useI18n>['length'];
}) {
  const { id, span, trim, onTrimChange, t, length } = props;
  const used = trim ?? { start: 0, end: span.length };
  const [startText, setStartText] = useState(() => String(used.start));
  const [endText, setEndText] = useState(() => String(used.end));
  const draftTrim = { start: Number(startText), end: Number(endText) };
  const draftOk = startText.trim() !== '' && endText.trim() !== '' && trimValid(draftTrim, span.length);
  const applyTrim = (start: string, end: string) => {
    setStartText(start);
    setEndText(end);
    const next = { start: Number(start), end: Number(end) };
    if (start.trim() !== '' && end.trim() !== '' && trimValid(next, span.length)) {
      const whole = next.start === 0 && Math.abs(next.end - span.length) < 1e-3;
      onTrimChange(whole ? null : next);
    }
  };

  return (
    <fieldset className="trim">
      <legend>{t.trimHint(length(span.length))}</legend>
      <label className="trim-field">
        <span>{t.trimStart}</span>
        <input
          type="number"
          inputMode="decimal"
          min={0}
          max={Math.max(0, span.length - MIN_TRIM_SECONDS)}
          step={0.1}
          value={startText}
          aria-invalid={!draftOk || undefined}
          aria-describedby={!draftOk ? `${id}-trim-error` : undefined}
          onChange={(e) => applyTrim(e.target.value, endText)}
          data-testid="trim-start"
        />
      </label>
      <label className="trim-field">
        <span>{t.trimEnd}</span>
        <input
          type="number"
          inputMode="decimal"
          min={MIN_TRIM_SECONDS}
          max={span.length}
          step={0.1}
          value={endText}
          aria-invalid={!draftOk || undefined}
          aria-describedby={!draftOk ? `${id}-trim-error` : undefined}
          onChange={(e) => applyTrim(startText, e.target.value)}
          data-testid="trim-end"
        />
      </label>
      {trim && (
        <button type="button" className="button secondary small" onClick={() => applyTrim('0', String(span.length))}>
          {t.trimReset}
        </button>
      )}
      {!draftOk && (
        <p id={`${id}-trim-error`} className="field-error" role="alert">
          {t.trimInvalid(length(span.length))}
        </p>
      )}
    </fieldset>
  );
}

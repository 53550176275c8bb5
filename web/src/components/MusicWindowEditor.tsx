// The chosen track's waveform with its window, and a preview that plays only that window
// (from its start, stopping at its end) with a moving playhead.
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatClock } from '../domain/format.ts';
import { type MusicWindow, windowLength } from '../domain/musicWindow.ts';
import { useI18n } from '../i18n.tsx';
import { Waveform } from './Waveform.tsx';

export interface TrackInfo {
  id: string;
  name: string;
  duration: number;
  url: string;
  peaks: readonly number[];
}

export interface MusicWindowEditorProps {
  track: TrackInfo;
  value: MusicWindow;
  minWindow: number;
  volume: number;
  onChange: (w: MusicWindow) => void;
  invalid?: boolean;
  errorId?: string;
  idPrefix: string;
}
/** Plays the chosen window of the track (and only it), following it as the window moves. */
function useWindowPreview(value: MusicWindow, volume: number) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const windowRef = useRef(value);
  windowRef.current = value;
  const [playing, setPlaying] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [failed, setFailed] = useState(false);
  const [playhead, setPlayhead] = useState<number | null>(null);

  const stop = useCallback(() => {
    const a = audioRef.current;
    if (a && !a.paused) a.pause();
    setPlaying(false);
    setWaiting(false);
    setPlayhead(null);
  }, []);

  /** Stops at the window's end; jumps in if the playhead is outside the window. */
  const check = useCallback(() => {
    const a = audioRef.current;
    if (!a) return false;
    const w = windowRef.current;
    if (a.ended || a.currentTime >= w.end - 0.01) {
      stop();
      return false;
    }
    if (a.currentTime < w.start - 0.25) a.currentTime = w.start;
    setPlayhead(a.currentTime);
    return true;
  }, [stop]);

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    const tick = () => {
      if (check()) raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, check]);

  useEffect(() => {
    if (audioRef.current) audioRef.current.volume = Math.min(1, Math.max(0, volume));
  }, [volume]);

  useEffect(() => () => audioRef.current?.pause(), []);

  const play = async () => {
    const a = audioRef.current;
    if (!a) return;
    setFailed(false);
    try {
      a.currentTime = windowRef.current.start;
    } catch {
      /* metadata not loaded yet: play() seeks after */
    }
    setPlayhead(windowRef.current.start);
    setPlaying(true);
    try {
      await a.play();
      if (a.currentTime < windowRef.current.start - 0.25) a.currentTime = windowRef.current.start;
    } catch (e) {
      if ((e as Error)?.name !== 'AbortError') setFailed(true);
      setPlaying(false);
      setPlayhead(null);
    }
  };

  return { audioRef, playing, waiting, setWaiting, failed, setFailed, playhead, stop, check, play };
}

export function MusicWindowEditor({ track, value, minWindow, volume, onChange, invalid, errorId, idPrefix }: MusicWindowEditorProps) {
  const { t, length } = useI18n();
  const { audioRef, playing, waiting, setWaiting, failed, setFailed, playhead, stop, check, play } = useWindowPreview(value, volume);

  const summaryId = `${idPrefix}-summary`;
  return (
    <div className="music-window">
      <p id={`${idPrefix}-hint`} className="field-hint">
        {t.musicWindowHint}
      </p>
      <Waveform
        peaks={track.peaks}
        duration={track.duration}
        value={value}
        minWindow={minWindow}
        onChange={onChange}
        playhead={playhead}
        invalid={invalid}
        describedBy={[`${idPrefix}-hint`, summaryId, errorId].filter(Boolean).join(' ')}
        idPrefix={idPrefix}
      />
      <div className="preview-row">
        <button type="button" className="button secondary" onClick={playing ? stop : play} aria-pressed={playing}>
          <span aria-hidden="true">{playing ? '■ ' : '▶ '}</span>
          {playing ? t.stopPreview : t.preview}
        </button>
        <p id={summaryId} className="window-summary">
          {t.windowSummary(formatClock(value.start), formatClock(value.end), length(windowLength(value)))}
        </p>
        <p className="status-line" role="status">
          {playing && waiting && t.previewLoading}
          {failed && t.previewFailed}
        </p>
      </div>
      <audio
        ref={audioRef}
        src={track.url}
        preload="none"
        onWaiting={() => setWaiting(true)}
        onPlaying={() => setWaiting(false)}
        onTimeUpdate={() => {
          if (playing) check();
        }}
        onEnded={stop}
        onError={() => {
          if (playing) {
            setFailed(true);
            stop();
          }
        }}
      />
    </div>
  );
}

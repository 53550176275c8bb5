// Watching an event before picking it: which seconds of its recording are the event's own, and
// which of them the vlog will use (the whole event, or the user's trim of it).
import type { ClipTrim } from './draftStore.ts';

/** The shortest trim the server accepts (its LIMITS.minClipWindow, the plan's shortest clip). */
export const MIN_TRIM_SECONDS = 1.5;

export interface ClipSource {
  startTime?: string | null;
  duration?: number | null;
  recording?: { startTime?: string | null; duration?: number | null } | null;
}

export interface EventSpan {
  /** Seconds into the recording where the event starts. */
  offset: number;
  /** Seconds the event lasts (to the recording's end when unknown). */
  length: number;
}

/** The event's own seconds inside its recording; null when they can't be known. */
export function eventSpan(e: ClipSource): EventSpan | null {
  const rec = e.recording;
  if (!e.startTime || !rec?.startTime || rec.duration == null) return null;
  const raw = (Date.parse(e.startTime) - Date.parse(rec.startTime)) / 1000;
  if (!Number.isFinite(raw)) return null;
  const offset = Math.min(Math.max(0, raw), rec.duration);
  const wanted = e.duration ?? rec.duration - offset;
  const length = Math.max(0, Math.min(wanted, rec.duration - offset));
  return length > 0 ? { offset, length } : null;
}

/** Seconds into the recording to play: the trim when there is one, else the whole event. */
export function playWindow(span: EventSpan, trim: ClipTrim | null | undefined): { from: number; to: number } {
  const t = trim ?? { start: 0, end: span.length };
  return { from: span.offset + t.start, to: span.offset + Math.min(t.end, span.length) };
}

/** Whether a trim is one the server accepts for an event of `length` s. */
export function trimValid(trim: ClipTrim, length: number): boolean {
  return (
    Number.isFinite(trim.start) && Number.isFinite(trim.end) && trim.start >= 0 && trim.end <= length + 1e-3 && trim.end - trim.start >= MIN_TRIM_SECONDS - 1e-9
  );
}

/** The createVlog clips for the picked events (invalid or unpicked trims are left out). */
export function clipsInput(trims: Readonly<Record<string, ClipTrim>>, picked: readonly string[], lengths: ReadonlyMap<string, number>): { eventId: string; start: number; end: number }[] {
  return picked.flatMap((id) => {
    const t = trims[id];
    const len = lengths.get(id);
    return t && len != null && trimValid(t, len) ? [{ eventId: id, start: t.start, end: t.end }] : [];
  });
}

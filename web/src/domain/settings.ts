// The settings dialog's rules, mirroring the server's validation of CreateVlogInput, and the
// defaults the product brief asks for.
import type { Locale } from './format.ts';
import type { SelectionLimits } from './selection.ts';
import { type MusicWindow, DEFAULT_MIN_WINDOW, defaultWindow, windowLength } from './musicWindow.ts';

import type { Aspect, Captions, CreateVlogInput, Fit, Resolution, Transition } from '../gql/graphql.ts';

export type { Aspect, Captions, Fit, Resolution, Transition };

/**
 * Every value of a generated enum, in the order the dialog shows them: compiles only when the
 * list names each of the schema's values (a new one in schema.graphql must be placed here).
 */
const everyValueOf =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): readonly T[] =>
    values;

export const RESOLUTIONS = everyValueOf<Resolution>()(['P480', 'P720', 'P1080']);
export const ASPECTS = everyValueOf<Aspect>()(['LANDSCAPE', 'PORTRAIT']);
export const TRANSITIONS = everyValueOf<Transition>()(['CROSSFADE', 'CUT']);
export const FITS = everyValueOf<Fit>()(['BLUR', 'CROP', 'BARS']);
export const CAPTIONS = everyValueOf<Captions>()(['SOFT', 'BURNED', 'NONE']);

/** The server's rules for the dialog's fields — a vlog's length, its music window and its title (the `limits` query). */
export interface SettingsLimits {
  minDuration: number;
  maxDuration: number;
  minMusicWindow: number;
  maxTitleLength: number;
  /** The server draws words into the picture; otherwise BURNED comes out as subtitles. */
  burnedCaptions: boolean;
}

/**
 * Until the `limits` query answers: the server's defaults (server/src/vlogs/settings.ts LIMITS,
 * config MIN_EVENTS / MAX_EVENTS); server/src/services.test.ts checks they are the same.
 */
export const DEFAULT_LIMITS: SettingsLimits & SelectionLimits = {
  minEvents: 10,
  maxEvents: 200,
  minDuration: 30,
  maxDuration: 180,
  minMusicWindow: DEFAULT_MIN_WINDOW,
  maxTitleLength: 200,
  burnedCaptions: false,
};
export const DEFAULT_SETTINGS_LIMITS: SettingsLimits = DEFAULT_LIMITS;

export interface SettingsDraft {
  title: string;
  /** null = no music. */
  musicId: string | null;
  musicStart: number;
  musicEnd: number;
  musicFade: boolean;
  musicVolume: number;
  resolution: Resolution;
  aspect: Aspect;
  /** NaN while the field is empty. */
  maxDuration: number;
  transition: Transition;
  /** How clips of another shape fill the frame. */
  fit: Fit;
  /** An opening card with the title and the date. */
  titleCard: boolean;
  captions: Captions;
  /** Cut on the music's beats (with music only). */
  beatSync: boolean;
}

/** The fields of CreateVlogInput the dialog edits; the server names them the same in extensions.field. */
export type SettingsField =
  | 'title'
  | 'musicId'
  | 'musicStart'
  | 'musicEnd'
  | 'musicVolume'
  | 'resolution'
  | 'aspect'
  | 'maxDuration'
  | 'transition'
  | 'fit'
  | 'captions';

export type SettingsIssue =
  | { field: 'title'; code: 'titleTooLong'; max: number }
  | { field: 'musicId'; code: 'musicMissing' }
  | { field: 'musicStart'; code: 'startNegative' }
  | { field: 'musicEnd'; code: 'endNotAfterStart' }
  | { field: 'musicEnd'; code: 'endAfterTrack'; track: number }
  | { field: 'musicEnd'; code: 'windowTooShort'; min: number }
  | { field: 'musicVolume'; code: 'volumeRange' }
  | { field: 'maxDuration'; code: 'targetRange'; min: number; max: number }
  | { field: 'resolution'; code: 'invalidChoice' }
  | { field: 'aspect'; code: 'invalidChoice' }
  | { field: 'transition'; code: 'invalidChoice' }
  | { field: 'fit'; code: 'invalidChoice' }
  | { field: 'captions'; code: 'invalidChoice' };

export function defaultTitle(date: string, locale: Locale): string {
  return locale === 'en' ? `Vlog of ${date}` : `${date} 的 Vlog`;
}

/**
 * Target length: the music window rounded down and clamped, else 60 s (clamped). Rounding down
 * keeps the video inside the music: a 45.3 s track gives 45 s, not 46 s with a second of the
 * song looping at the end.
 */
export function defaultMaxDuration(window: MusicWindow | null, limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS): number {
  const raw = window ? Math.floor(windowLength(window) + 1e-6) : 60;
  return Math.min(limits.maxDuration, Math.max(limits.minDuration, raw));
}

export interface TrackLike {
  id: string;
  duration: number;
}

export function initialDraft(
  date: string,
  locale: Locale,
  track: TrackLike | null,
  limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS,
): SettingsDraft {
  const w = track ? defaultWindow(track.duration) : null;
  return {
    title: defaultTitle(date, locale),
    musicId: track?.id ?? null,
    musicStart: w?.start ?? 0,
    musicEnd: w?.end ?? 0,
    musicFade: true,
    musicVolume: 0.6,
    resolution: 'P1080',
    aspect: 'LANDSCAPE',
    maxDuration: defaultMaxDuration(w, limits),
    transition: 'CROSSFADE',
    fit: 'BLUR',
    titleCard: true,
    captions: 'SOFT',
    beatSync: true,
  };
}

/** Every rule the server checks on these fields; an empty list means the draft may be sent. */
export function validateSettings(
  draft: SettingsDraft,
  tracks: readonly TrackLike[],
  limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS,
): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (draft.title.trim().length > limits.maxTitleLength) issues.push({ field: 'title', code: 'titleTooLong', max: limits.maxTitleLength });
  if (draft.musicId !== null) {
    const track = tracks.find((t) => t.id === draft.musicId);
    if (!track) {
      issues.push({ field: 'musicId', code: 'musicMissing' });
    } else {
      const { musicStart: start, musicEnd: end } = draft;
      if (!(start >= 0)) issues.push({ field: 'musicStart', code: 'startNegative' });
      if (!(end > start)) issues.push({ field: 'musicEnd', code: 'endNotAfterStart' });
      else if (end > track.duration + 1e-6) issues.push({ field: 'musicEnd', code: 'endAfterTrack', track: track.duration });
      else if (end - start < limits.minMusicWindow - 1e-6) issues.push({ field: 'musicEnd', code: 'windowTooShort', min: limits.minMusicWindow });
    }
    if (!(draft.musicVolume >= 0 && draft.musicVolume <= 1)) issues.push({ field: 'musicVolume', code: 'volumeRange' });
  }
  if (!RESOLUTIONS.includes(draft.resolution)) issues.push({ field: 'resolution', code: 'invalidChoice' });
  if (!ASPECTS.includes(draft.aspect)) issues.push({ field: 'aspect', code: 'invalidChoice' });
  if (!TRANSITIONS.includes(draft.transition)) issues.push({ field: 'transition', code: 'invalidChoice' });
  if (!FITS.includes(draft.fit)) issues.push({ field: 'fit', code: 'invalidChoice' });
  if (!CAPTIONS.includes(draft.captions)) issues.push({ field: 'captions', code: 'invalidChoice' });
  const d = draft.maxDuration;
  if (!Number.isInteger(d) || d < limits.minDuration || d > limits.maxDuration) {
    issues.push({ field: 'maxDuration', code: 'targetRange', min: limits.minDuration, max: limits.maxDuration });
  }
  return issues;
}


/** The createVlog input for a valid draft (no music → no music fields). */
export function toCreateInput(date: string, eventIds: string[], draft: SettingsDraft, idempotencyKey?: string): CreateVlogInput {
  const title = draft.title.trim();
  return {
    date,
    eventIds,
    title: title || null,
    ...(draft.musicId
      ? {
          musicId: draft.musicId,
          musicStart: draft.musicStart,
          musicEnd: draft.musicEnd,
          musicFade: draft.musicFade,
          musicVolume: draft.musicVolume,
          beatSync: draft.beatSync,
        }
      : {}),
    resolution: draft.resolution,
    aspect: draft.aspect,
    maxDuration: draft.maxDuration,
    transition: draft.transition,
    fit: draft.fit,
    titleCard: draft.titleCard,
    captions: draft.captions,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}

/** The dialog's state: the draft plus whether the user set the title / length themselves. */
export interface SettingsState {
  draft: SettingsDraft;
  titleTouched: boolean;
  lengthTouched: boolean;
}

export function initialSettingsState(
  date: string,
  locale: Locale,
  track: TrackLike | null,
  limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS,
): SettingsState {
  return { draft: initialDraft(date, locale, track, limits), titleTouched: false, lengthTouched: false };
}

/** A new music window; the target length follows it until the user sets a length. */
export function withWindow(state: SettingsState, w: MusicWindow, limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS): SettingsState {
  const draft = { ...state.draft, musicStart: w.start, musicEnd: w.end };
  if (!state.lengthTouched) draft.maxDuration = defaultMaxDuration(w, limits);
  return { ...state, draft };
}

/** Another track (or none): its default window, and the length that follows from it. */
export function withTrack(state: SettingsState, track: TrackLike | null, limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS): SettingsState {
  const w = track ? defaultWindow(track.duration) : null;
  const draft = { ...state.draft, musicId: track?.id ?? null, musicStart: w?.start ?? 0, musicEnd: w?.end ?? 0 };
  if (!state.lengthTouched) draft.maxDuration = defaultMaxDuration(w, limits);
  return { ...state, draft };
}

/** Re-localises the default title, unless the user wrote their own. */
export function withLocale(state: SettingsState, date: string, locale: Locale): SettingsState {
  if (state.titleTouched) return state;
  const title = defaultTitle(date, locale);
  return title === state.draft.title ? state : { ...state, draft: { ...state.draft, title } };
}

/** What an edit starts from: a finished vlog's title and settings (its music only if still there). */
export interface VlogSettingsLike {
  title: string;
  settings: {
    maxDuration: number;
    resolution: Resolution;
    aspect: Aspect;
    transition: Transition;
    fit: Fit;
    titleCard: boolean;
    captions: Captions;
    beatSync: boolean;
    music?: { start: number; end: number; fade: boolean; volume: number; music?: { id: string } | null } | null;
  };
}

/** The settings dialog's state for a new version of `vlog`: everything as it was, to change. */
export function editState(vlog: VlogSettingsLike): SettingsState {
  const s = vlog.settings;
  const track = s.music?.music?.id ?? null;
  return {
    draft: {
      title: vlog.title,
      musicId: track,
      musicStart: track ? s.music!.start : 0,
      musicEnd: track ? s.music!.end : 0,
      musicFade: s.music?.fade ?? true,
      musicVolume: s.music?.volume ?? 0.6,
      resolution: s.resolution,
      aspect: s.aspect,
      maxDuration: s.maxDuration,
      transition: s.transition,
      fit: s.fit,
      titleCard: s.titleCard,
      captions: s.captions,
      beatSync: s.music ? s.beatSync : true,
    },
    titleTouched: true,
    lengthTouched: true,
  };
}

// vlogs.settings as stored (snake_case JSONB, the original specification's shape) and the enums around it.
import { CAPTION_MODES, type CaptionMode } from '../render/captions.js';
import { FITS, type Fit } from '../render/fill.js';

export { CAPTION_MODES, FITS, type CaptionMode, type Fit };
export const RESOLUTIONS = ['P480', 'P720', 'P1080'] as const;
export const ASPECTS = ['LANDSCAPE', 'PORTRAIT'] as const;
export const TRANSITIONS = ['CUT', 'CROSSFADE'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export type Aspect = (typeof ASPECTS)[number];
export type Transition = (typeof TRANSITIONS)[number];

export const VLOG_STATUSES = ['pending', 'processing', 'completed', 'failed', 'canceled'] as const;
export type VlogStatus = (typeof VLOG_STATUSES)[number];
export const ACTIVE_STATUSES: readonly VlogStatus[] = ['pending', 'processing'];
export const TERMINAL_STATUSES: readonly VlogStatus[] = ['completed', 'failed', 'canceled'];

export interface MusicSettings {
  id: string;
  start: number;
  end: number;
  fade: boolean;
  volume: number;
}

export interface VlogSettings {
  max_duration: number;
  resolution: Resolution;
  aspect: Aspect;
  transition: Transition;
  /** Absent on vlogs made before fits existed: those were rendered with bars. */
  fit: Fit;
  title_card: boolean;
  captions: CaptionMode;
  /** Clip boundaries snapped to the music's beats. */
  beat_sync: boolean;
  /** Storage key of the rendered WebVTT, set when a render wrote one. */
  captions_key?: string;
  /** Keys of the kept pieces the finished render used (render/pieces.ts), released with the vlog. */
  piece_keys?: string[];
  music: MusicSettings | null;
  job_id: string;
}

export const LIMITS = {
  minDuration: 30,
  maxDuration: 180,
  defaultDuration: 60,
  minMusicWindow: 0.5,
  defaultMusicWindow: 180,
  maxTitleLength: 200,
  /** Shortest trim of an event (CreateVlogInput.clips): the render plan's shortest clip. */
  minClipWindow: 1.5,
} as const;

export function parseSettings(value: unknown): VlogSettings {
  const s = (value ?? {}) as Partial<VlogSettings>;
  return {
    max_duration: s.max_duration ?? LIMITS.defaultDuration,
    resolution: s.resolution ?? 'P1080',
    aspect: s.aspect ?? 'LANDSCAPE',
    transition: s.transition ?? 'CROSSFADE',
    fit: s.fit ?? 'BARS',
    title_card: s.title_card ?? false,
    captions: s.captions ?? 'NONE',
    beat_sync: s.beat_sync ?? false,
    captions_key: s.captions_key,
    piece_keys: s.piece_keys,
    music: s.music ?? null,
    job_id: s.job_id ?? '',
  };
}

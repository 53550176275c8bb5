import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS_LIMITS,
  editState,
  defaultMaxDuration,
  defaultTitle,
  initialDraft,
  initialSettingsState,
  type SettingsDraft,
  toCreateInput,
  validateSettings,
  withLocale,
  withTrack,
  withWindow,
} from './settings.ts';

const tracks = [
  { id: 'm1', duration: 200 },
  { id: 'm2', duration: 42.4 },
];
const base = (patch: Partial<SettingsDraft> = {}): SettingsDraft => ({ ...initialDraft('2024-05-01', 'zh-TW', tracks[0]!), ...patch });
const codes = (d: SettingsDraft) => validateSettings(d, tracks).map((i) => `${i.field}:${i.code}`);

describe('defaults', () => {
  it('titles the vlog with the date, localised', () => {
    expect(defaultTitle('2024-05-01', 'zh-TW')).toBe('2024-05-01 的 Vlog');
    expect(defaultTitle('2024-05-01', 'en')).toBe('Vlog of 2024-05-01');
  });

  it('takes the first 180 s, 1080p, 16:9, crossfade, fade on, volume 0.6', () => {
    expect(base()).toMatchObject({ musicStart: 0, musicEnd: 180, maxDuration: 180, resolution: 'P1080', aspect: 'LANDSCAPE', transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: true, musicFade: true, musicVolume: 0.6 });
  });

  it('target length = music window rounded down (never longer than the music), clamped to 30–180, else 60', () => {
    expect(defaultMaxDuration({ start: 0, end: 42.4 })).toBe(42);
    // A 45 s track measured as 45.02 s must not ask for 46 s (a second of looped song).
    expect(defaultMaxDuration({ start: 0, end: 45.02 })).toBe(45);
    expect(defaultMaxDuration({ start: 10, end: 20 })).toBe(30);
    expect(defaultMaxDuration({ start: 0, end: 300 })).toBe(180);
    expect(defaultMaxDuration({ start: 0, end: 45 })).toBe(45);
    expect(defaultMaxDuration(null)).toBe(60);
  });

  it('follows the window and track until the user sets a length', () => {
    let s = initialSettingsState('2024-05-01', 'en', tracks[0]!);
    s = withWindow(s, { start: 0, end: 75.2 });
    expect(s.draft.maxDuration).toBe(75);
    s = withTrack(s, null);
    expect(s.draft).toMatchObject({ musicId: null, maxDuration: 60 });
    s = { ...s, lengthTouched: true, draft: { ...s.draft, maxDuration: 90 } };
    s = withTrack(s, tracks[1]!);
    expect(s.draft).toMatchObject({ musicId: 'm2', musicStart: 0, musicEnd: 42.4, maxDuration: 90 });
  });

  it('re-localises the title unless the user typed one', () => {
    const s = initialSettingsState('2024-05-01', 'zh-TW', null);
    expect(withLocale(s, '2024-05-01', 'en').draft.title).toBe('Vlog of 2024-05-01');
    const typed = { ...s, titleTouched: true, draft: { ...s.draft, title: 'Picnic' } };
    expect(withLocale(typed, '2024-05-01', 'en').draft.title).toBe('Picnic');
  });
});

describe('validation mirrors the server', () => {
  it('accepts the defaults', () => {
    expect(codes(base())).toEqual([]);
    expect(codes(base({ musicId: null }))).toEqual([]);
  });

  it("title ≤ the server's maxTitleLength (200 until the limits query answers)", () => {
    expect(codes(base({ title: 'x'.repeat(200) }))).toEqual([]);
    expect(codes(base({ title: 'x'.repeat(201) }))).toEqual(['title:titleTooLong']);
    const server = { ...DEFAULT_SETTINGS_LIMITS, maxTitleLength: 12 };
    expect(validateSettings(base({ title: 'x'.repeat(12) }), tracks, server)).toEqual([]);
    expect(validateSettings(base({ title: ` ${'x'.repeat(13)} ` }), tracks, server)).toEqual([{ field: 'title', code: 'titleTooLong', max: 12 }]);
  });

  it('end > start, end ≤ track, window ≥ 0.5 s, start ≥ 0', () => {
    expect(codes(base({ musicStart: 30, musicEnd: 30 }))).toEqual(['musicEnd:endNotAfterStart']);
    expect(codes(base({ musicStart: 30, musicEnd: 20 }))).toEqual(['musicEnd:endNotAfterStart']);
    expect(codes(base({ musicStart: 0, musicEnd: 200.5 }))).toEqual(['musicEnd:endAfterTrack']);
    expect(codes(base({ musicStart: 10, musicEnd: 10.4 }))).toEqual(['musicEnd:windowTooShort']);
    expect(codes(base({ musicStart: 10, musicEnd: 10.5 }))).toEqual([]);
    expect(codes(base({ musicStart: -1, musicEnd: 10 }))).toEqual(['musicStart:startNegative']);
  });

  it('volume 0–1', () => {
    expect(codes(base({ musicVolume: 0 }))).toEqual([]);
    expect(codes(base({ musicVolume: 1 }))).toEqual([]);
    expect(codes(base({ musicVolume: 1.01 }))).toEqual(['musicVolume:volumeRange']);
    expect(codes(base({ musicVolume: -0.1 }))).toEqual(['musicVolume:volumeRange']);
  });

  it('target length 30–180 whole seconds', () => {
    expect(codes(base({ maxDuration: 30 }))).toEqual([]);
    expect(codes(base({ maxDuration: 180 }))).toEqual([]);
    expect(codes(base({ maxDuration: 29 }))).toEqual(['maxDuration:targetRange']);
    expect(codes(base({ maxDuration: 181 }))).toEqual(['maxDuration:targetRange']);
    expect(codes(base({ maxDuration: Number.NaN }))).toEqual(['maxDuration:targetRange']);
    expect(codes(base({ maxDuration: 45.5 }))).toEqual(['maxDuration:targetRange']);
  });

  it('a track that left the library', () => {
    expect(codes(base({ musicId: 'gone' }))).toEqual(['musicId:musicMissing']);
  });
});

describe('createVlog input', () => {
  it('omits the music fields without music and sends the events in order', () => {
    const input = toCreateInput('2024-05-01', ['a', 'b'], base({ musicId: null, title: '  ', maxDuration: 60 }), 'k1');
    expect(input).toEqual({ date: '2024-05-01', eventIds: ['a', 'b'], title: null, resolution: 'P1080', aspect: 'LANDSCAPE', maxDuration: 60, transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', idempotencyKey: 'k1' });
    expect(input).not.toHaveProperty('musicId');
    expect(input).not.toHaveProperty('beatSync');
  });

  it('sends the window with music', () => {
    const input = toCreateInput('2024-05-01', ['a'], base({ musicStart: 12.5, musicEnd: 40 }));
    expect(input).toMatchObject({ musicId: 'm1', musicStart: 12.5, musicEnd: 40, musicFade: true, musicVolume: 0.6, beatSync: true });
  });
});

describe('a new version of a finished vlog', () => {
  const vlog = {
    title: '我的一天',
    settings: {
      maxDuration: 45, resolution: 'P720' as const, aspect: 'PORTRAIT' as const, transition: 'CUT' as const, fit: 'CROP' as const,
      titleCard: false, captions: 'BURNED' as const, beatSync: false,
      music: { start: 12, end: 57, fade: false, volume: 0.3, music: { id: 'm1' } },
    },
  };

  it('starts from everything as it was, title and length kept as chosen', () => {
    const s = editState(vlog);
    expect(s).toEqual({
      draft: {
        title: '我的一天', musicId: 'm1', musicStart: 12, musicEnd: 57, musicFade: false, musicVolume: 0.3,
        resolution: 'P720', aspect: 'PORTRAIT', maxDuration: 45, transition: 'CUT', fit: 'CROP', titleCard: false, captions: 'BURNED', beatSync: false,
      },
      titleTouched: true,
      lengthTouched: true,
    });
    expect(toCreateInput('2024-05-01', ['a'], s.draft)).toMatchObject({ musicId: 'm1', musicStart: 12, musicEnd: 57, fit: 'CROP', captions: 'BURNED' });
  });

  it('has no music when the track is gone or there was none', () => {
    expect(editState({ ...vlog, settings: { ...vlog.settings, music: { ...vlog.settings.music, music: null } } }).draft.musicId).toBeNull();
    expect(editState({ ...vlog, settings: { ...vlog.settings, music: null } }).draft).toMatchObject({ musicId: null, beatSync: true });
  });
});

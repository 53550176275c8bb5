import { describe, expect, it } from 'vitest';
import type { AudioProbe, RecordingProbe } from '../media/analyse.js';
import type { ExistingState } from './existing.js';
import type { InspectedFiles } from './inspect.js';
import type { Manifest } from './manifest.js';
import { countKinds, extOf, planImport } from './plan.js';
import { ImportError } from './types.js';

const T0 = new Date('2026-11-20T01:00:00Z');
const video = (duration: number, extra: Partial<RecordingProbe> = {}): RecordingProbe => ({
  duration,
  width: 160,
  height: 120,
  fps: 25,
  hasAudio: true,
  rotation: 0,
  sizeBytes: 1000,
  ...extra,
});
const audio = (duration: number): AudioProbe => ({ duration, sizeBytes: 500, codec: 'mp3', sampleRate: 8000, channels: 1 });

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    source: '/in/manifest.json',
    user: { username: 'alice', password: 'pw-alice-123', timezone: 'Asia/Taipei' },
    recordings: [
      { id: 'cam1', file: '/in/cam1.MP4', startTime: T0, at: 'recordings[0]' },
      { id: 'cam2', file: '/in/cam2', at: 'recordings[1]' },
    ],
    events: [
      { recording: 'cam1', offset: 1, duration: 2, action: 'cook', at: 'events[0]' },
      { recording: 'cam2', startTime: new Date('2026-11-20T01:30:02Z'), duration: 1, summary: 'walk', at: 'events[1]' },
    ],
    diary: [
      { date: '2026-11-20', content: 'a day', at: 'diary[0]' },
      { date: '2026-11-21', content: 'next day', at: 'diary[1]' },
    ],
    music: [
      { file: '/in/song.mp3', name: 'Morning', shared: true, at: 'music[0]' },
      { file: '/in/mine.m4a', name: 'Mine', shared: false, at: 'music[1]' },
    ],
    ...over,
  };
}

const files: InspectedFiles = {
  recordings: [
    { probe: video(6), hash: 'h-cam1' },
    { probe: video(4, { creationTime: new Date('2026-11-20T01:30:00Z') }), hash: 'h-cam2' },
  ],
  music: [
    { probe: audio(4), hash: 'h-song' },
    { probe: audio(3), hash: 'h-mine' },
  ],
};

const nothing: ExistingState = { user: null, recordings: [], music: [], events: [], diary: [] };

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

describe('planImport', () => {
  // (Before the move to imports/, every file got the fallback type: contentTypeOf was handed the
  // bare extension, whose path.extname is empty.)
  it('creates everything for a new user, resolving offsets and creation times on one clock', () => {
    const plan = planImport(manifest(), files, nothing, ids());
    expect(plan.newUser).toMatchObject({ username: 'alice', password: 'pw-alice-123' });
    expect(plan.existingUserId).toBeNull();
    expect(plan.recordings.map((r) => [r.source.id, r.kind, r.startTime.toISOString(), r.ext, r.contentType])).toEqual([
      ['cam1', 'create', '2026-11-20T01:00:00.000Z', '.mp4', 'video/mp4'],
      ['cam2', 'create', '2026-11-20T01:30:00.000Z', '.mp4', 'video/mp4'],
    ]);
    expect(plan.events.map((e) => [e.recording.source.id, e.kind, e.offset, e.startTime.toISOString()])).toEqual([
      ['cam1', 'create', 1, '2026-11-20T01:00:01.000Z'],
      ['cam2', 'create', 2, '2026-11-20T01:30:02.000Z'],
    ]);
    expect(plan.diary.map((d) => d.kind)).toEqual(['create', 'create']);
    expect(plan.music.map((m) => [m.kind, m.ext, m.contentType])).toEqual([
      ['create', '.mp3', 'audio/mpeg'],
      ['create', '.m4a', 'audio/mp4'],
    ]);
    expect(new Set([...plan.recordings, ...plan.events, ...plan.music].map((x) => x.id)).size).toBe(6);
    expect(plan.warnings).toEqual([]);
  });

  it('skips what is there, updates changed text and warns about kept differences', () => {
    const existing: ExistingState = {
      user: { id: 7, timezone: 'Europe/Berlin' },
      recordings: [{ id: 'rec-1', contentHash: 'h-cam1', startTime: new Date(T0.getTime() + 60_000), storageKey: 'users/7/recordings/rec-1.mp4' }],
      music: [{ contentHash: 'h-song', userId: null }],
      events: [{ id: 'ev-1', recordingId: 'rec-1', startTime: new Date(T0.getTime() + 61_000), duration: 2, action: 'cook', scene: null, summary: null }],
      diary: [
        { date: '2026-11-20', content: 'a day' },
        { date: '2026-11-21', content: 'old text' },
      ],
    };
    const plan = planImport(manifest(), files, existing, ids());
    expect(plan.newUser).toBeNull();
    expect(plan.existingUserId).toBe(7);
    // The existing recording keeps its id and start; events are placed on that start.
    expect(plan.recordings[0]).toMatchObject({ kind: 'skip', id: 'rec-1' });
    expect(plan.recordings[0]!.startTime.getTime()).toBe(T0.getTime() + 60_000);
    expect(plan.events[0]).toMatchObject({ kind: 'skip', id: 'ev-1' });
    expect(countKinds(plan.diary)).toEqual({ created: 0, updated: 1, skipped: 1 });
    expect(plan.music.map((m) => m.kind)).toEqual(['skip', 'create']);
    expect(plan.warnings).toEqual([
      'user alice exists with time zone Europe/Berlin; kept it (manifest says Asia/Taipei)',
      expect.stringMatching(/^recordings\[0\] \(cam1\) is already imported with start 2026-11-20T01:01:00.000Z; kept it/),
    ]);

    const edited = manifest();
    edited.events[0] = { ...edited.events[0]!, summary: 'eggs' };
    expect(planImport(edited, files, existing, ids()).events[0]).toMatchObject({ kind: 'update', id: 'ev-1' });
  });

  it("another owner's copy of a track does not count: music is matched by owner", () => {
    // The shared library has "mine"'s content, but the manifest asks for the user's own copy.
    const plan = planImport(manifest(), files, { ...nothing, music: [{ contentHash: 'h-mine', userId: null }] }, ids());
    expect(plan.music.map((m) => m.kind)).toEqual(['create', 'create']);
  });

  it('lists every event outside its recording or doubled, and needs a password for a new user', () => {
    const m = manifest();
    m.events.push(
      { recording: 'cam1', offset: 5, duration: 10, at: 'events[2]' },
      { recording: 'cam2', startTime: new Date('2026-11-20T01:29:00Z'), duration: 1, at: 'events[3]' },
      { recording: 'cam1', offset: 1, duration: 1, at: 'events[4]' },
    );
    const err = (() => {
      try {
        planImport(m, files, nothing, ids());
      } catch (e) {
        return e;
      }
    })() as ImportError;
    expect(err).toBeInstanceOf(ImportError);
    expect(err.problems).toEqual([
      'events[2]: ends at 15.0 s, past the end of recording "cam1" (6.0 s)',
      'events[3]: starts 60.0 s before its recording "cam2" (2026-11-20T01:30:00.000Z)',
      'events[4]: same recording and start time as events[0]',
    ]);

    const noPassword = manifest({ user: { username: 'carol', timezone: 'Asia/Taipei' } });
    expect(() => planImport(noPassword, files, nothing, ids())).toThrow(/user\.password: required to create the new user "carol"/);
  });
});

describe('extOf', () => {
  it('keeps a plain extension, lower-cased, and falls back otherwise', () => {
    expect(extOf('/a/b.MP4', '.mp4')).toBe('.mp4');
    expect(extOf('/a/b', '.mp4')).toBe('.mp4');
    expect(extOf('/a/b.weird-ext!', '.mp3')).toBe('.mp3');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseDateTime, parseManifest } from './manifest.js';
import { localDate, zonedTimeToUtc } from '../lib/dates.js';

const src = '/data/day/manifest.json';

function issuesOf(data: unknown): string[] {
  try {
    parseManifest(data, src);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as ManifestError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ManifestError');
}

describe('parseManifest', () => {
  it('parses a full manifest, resolving paths and times', () => {
    const m = parseManifest(
      {
        $schema: 'ignored',
        user: { username: 'alice', password: 'pw', timezone: 'Asia/Taipei' },
        recordings: [
          { id: 'a', file: 'cam/a.mp4', startTime: '2026-11-20T09:00:00+08:00' },
          { id: 'b', file: '/abs/b.mov', startTime: '2026-11-20T13:30:00' },
          { id: 'c', file: 'c.mp4' },
        ],
        events: [
          { recording: 'a', offset: 12.5, duration: 20, action: '做早餐', scene: '廚房', summary: '在廚房煎蛋做早餐' },
          { recording: 'b', startTime: '2026-11-20T05:31:00Z', duration: 5, _note: 'comment' },
        ],
        diary: [{ date: '2026-11-20', content: '今天很好' }],
        music: [{ file: 'music/m.mp3', name: 'Morning' }, { file: 'n.mp3', shared: false }],
      },
      src,
    );
    expect(m.user).toEqual({ username: 'alice', password: 'pw', timezone: 'Asia/Taipei', locale: undefined });
    expect(m.recordings[0]).toMatchObject({ id: 'a', file: path.resolve('/data/day/cam/a.mp4') });
    expect(m.recordings[0]!.startTime?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(m.recordings[1]!.file).toBe('/abs/b.mov');
    // No offset: local time in the user's zone.
    expect(m.recordings[1]!.startTime?.toISOString()).toBe('2026-11-20T05:30:00.000Z');
    expect(m.recordings[2]!.startTime).toBeUndefined();
    expect(m.events[0]).toMatchObject({ recording: 'a', offset: 12.5, duration: 20, summary: '在廚房煎蛋做早餐' });
    expect(m.events[1]!.startTime?.toISOString()).toBe('2026-11-20T05:31:00.000Z');
    expect(m.diary).toEqual([{ date: '2026-11-20', content: '今天很好', at: 'diary[0]' }]);
    expect(m.music.map((x) => [x.name, x.shared])).toEqual([
      ['Morning', true],
      ['n', false],
    ]);
  });

  it('reports every problem with its JSON path', () => {
    const issues = issuesOf({
      user: { username: 'bob', timezone: 'Mars/Base' },
      recordings: [{ id: 'a', file: 'a.mp4' }, { id: 'a', file: 'b.mp4', startTime: 'yesterday' }, { file: 'c.mp4' }],
      events: [
        { recording: 'zzz', offset: 1, duration: 2 },
        { recording: 'a', duration: -1 },
        { recording: 'a', offset: 1, startTime: '2026-11-20T09:00:00Z', duration: 1 },
        { recording: 'a', ofset: 3, duration: 1 },
      ],
      diary: [{ date: '2026-02-30', content: 'x' }],
      music: [{ name: 'no file' }],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'user.timezone: unknown IANA time zone "Mars/Base"',
        'recordings[1].id: duplicate id "a" (also recordings[0])',
        expect.stringMatching(/^recordings\[1\]\.startTime: must be an ISO 8601/),
        'recordings[2].id: is required',
        'events[0].recording: no recording with id "zzz" in recordings[]',
        'events[1]: needs offset (seconds into the recording) or startTime',
        'events[1].duration: must be a number of seconds > 0',
        'events[2]: give either offset or startTime, not both',
        expect.stringMatching(/^events\[3\]\.ofset: unknown field/),
        'diary[0].date: must be a calendar date YYYY-MM-DD from 1900-01-01 to 2999-12-31, got "2026-02-30"',
        'music[0].file: is required',
      ]),
    );
  });

  it('needs a user unless the manifest is music only', () => {
    expect(parseManifest({ music: [{ file: 'a.mp3' }] }, src).user).toBeUndefined();
    expect(issuesOf({ recordings: [{ id: 'a', file: 'a.mp4' }] })).toContain(
      'user: is required when the manifest has recordings, events or diary entries',
    );
    expect(issuesOf([])).toEqual([': must be a JSON object']);
  });

  it('names the manifest in the message', () => {
    expect(() => parseManifest({ recordings: 3, user: { username: 'x' } }, src)).toThrow(
      /invalid manifest \/data\/day\/manifest.json:\n {2}- recordings: must be an array/,
    );
  });
});

describe('time helpers', () => {
  it('converts local times in a zone', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 11, day: 20, hour: 0 }, 'Asia/Taipei').toISOString()).toBe('2026-11-19T16:00:00.000Z');
    // Across a DST change (New York, 2026-03-08 03:00 EDT).
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 8, hour: 12 }, 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(localDate(new Date('2026-11-19T16:30:00Z'), 'Asia/Taipei')).toBe('2026-11-20');
    expect((parseDateTime('2026-11-20T09:00:00.250-0130', 'UTC') as Date).toISOString()).toBe('2026-11-20T10:30:00.250Z');
    expect(parseDateTime('2026-11-20T25:00', 'UTC')).toMatch(/not a valid date-time/);
  });
});

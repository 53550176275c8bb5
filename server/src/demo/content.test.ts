import { describe, expect, it } from 'vitest';
import { parseManifest } from '../imports/manifest.js';
import { localDate } from '../lib/dates.js';
import { buildDemoManifest, DEMO_EVENTS, DEMO_MUSIC, DEMO_RECORDINGS, DEMO_TIMEZONE, demoDate } from './content.js';
import { synthesise, toWav } from './synth.js';

describe('demo content', () => {
  it('is yesterday in Asia/Taipei', () => {
    expect(demoDate(new Date('2026-11-20T15:59:00Z'))).toBe('2026-11-19'); // 23:59 in Taipei
    expect(demoDate(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-20'); // 00:00 next day
    expect(demoDate(new Date('2026-03-01T04:00:00Z'))).toBe('2026-02-28');
  });

  it('builds a valid manifest: ≥ 12 events inside their recordings, all on one local day', () => {
    const m = parseManifest(buildDemoManifest('2026-11-20'), '/demo/manifest.json');
    expect(m.user).toMatchObject({ username: 'demo', password: 'demo1234', timezone: 'Asia/Taipei', locale: 'zh-TW' });
    expect(m.recordings).toHaveLength(DEMO_RECORDINGS.length);
    expect(m.events.length).toBeGreaterThanOrEqual(12);
    expect(m.recordings[0]!.startTime?.toISOString()).toBe('2026-11-19T23:20:00.000Z');
    const recs = new Map(m.recordings.map((r, i) => [r.id, { start: r.startTime!, duration: DEMO_RECORDINGS[i]!.duration }]));
    for (const e of m.events) {
      const rec = recs.get(e.recording)!;
      const offset = e.offset ?? (e.startTime!.getTime() - rec.start.getTime()) / 1000;
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset + e.duration).toBeLessThanOrEqual(rec.duration);
      expect(localDate(new Date(rec.start.getTime() + offset * 1000), DEMO_TIMEZONE)).toBe('2026-11-20');
      expect(e.summary).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(m.events.some((e) => e.startTime)).toBe(true);
    expect(m.events.some((e) => e.offset !== undefined)).toBe(true);
    expect(m.diary[0]!.date).toBe('2026-11-20');
    expect(DEMO_RECORDINGS.filter((r) => r.height > r.width)).toHaveLength(1);
    expect(DEMO_RECORDINGS.filter((r) => !r.audio)).toHaveLength(1);
    expect(DEMO_EVENTS.map((e) => e.recording)).toEqual(expect.arrayContaining(DEMO_RECORDINGS.map((r) => r.id)));
    expect(DEMO_MUSIC.map((x) => x.duration)).toEqual([45, 95, 200]);
  });

  it('synthesises music of the right length, within full scale', () => {
    const rate = 8000;
    const pcm = synthesise(DEMO_MUSIC[0]!, rate);
    expect(pcm.length).toBe(45 * rate * 2);
    let peak = 0;
    for (const v of pcm) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0.8);
    expect(peak).toBeLessThanOrEqual(0.9);
    const wav = toWav(pcm.subarray(0, 200), rate);
    expect(wav.length).toBe(44 + 400);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  });
});

import { describe, expect, it } from 'vitest';
import { planVlog, type PlanEvent } from './plan.ts';
import { clipKey, transitionKey, type ClipKeyInput } from './pieces.ts';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const events: PlanEvent[] = Array.from({ length: 3 }, (_, i) => ({
  eventId: `e${i}`,
  recordingId: `r${i}`,
  eventStart: new Date(T0 + i * 1e6),
  eventDuration: 20,
  recordingStart: new Date(T0 + i * 1e6),
  recordingDuration: 120,
  interestScores: [],
}));
const plan = planVlog(events, { maxDuration: 12, transition: 'CROSSFADE', resolution: 'P720', aspect: 'LANDSCAPE', music: null });
const input = (i: number): ClipKeyInput => ({
  sourceId: `r${i}`,
  src: { width: 1920, height: 1080, fps: 30, sar: 1, rotation: 0, hasAudio: true, duration: 120 },
  fit: 'BLUR',
  caps: { needsTrellisOff: false },
  version: 'ffmpeg 5.1',
});

describe('piece keys', () => {
  it('name what a clip shows: its source, window, fit, words and the encoder, not where it was encoded', () => {
    const base = clipKey(plan, 1, input(1));
    expect(clipKey(plan, 1, input(1))).toBe(base); // deterministic
    const changed = [
      clipKey(plan, 1, { ...input(1), sourceId: 'other' }),
      clipKey(plan, 1, { ...input(1), fit: 'CROP' }),
      clipKey(plan, 1, { ...input(1), draw: { filters: ['drawtext'], texts: ['hi'] } }),
      clipKey(plan, 1, { ...input(1), caps: { needsTrellisOff: true } }),
      clipKey(plan, 1, { ...input(1), version: 'ffmpeg 4.4' }),
      clipKey({ ...plan, segments: plan.segments.map((s, i) => (i === 1 ? { ...s, sourceStartFrame: s.sourceStartFrame + 1 } : s)) }, 1, input(1)),
    ];
    expect(new Set([base, ...changed]).size).toBe(1 + changed.length);
  });

  it('name a crossfade by the two clips, in order', () => {
    const [a, b] = [clipKey(plan, 0, input(0)), clipKey(plan, 1, input(1))];
    const caps = { xfade: true, needsTrellisOff: false };
    expect(transitionKey(plan, a, b, caps, 'v')).toBe(transitionKey(plan, a, b, caps, 'v'));
    expect(transitionKey(plan, a, b, caps, 'v')).not.toBe(transitionKey(plan, b, a, caps, 'v'));
    expect(transitionKey(plan, a, b, caps, 'v')).not.toBe(transitionKey(plan, a, b, { ...caps, xfade: false }, 'v'));
  });
});

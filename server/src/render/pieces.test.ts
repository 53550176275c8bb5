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
  it('name the clip before a body encoded in one stream after the crossfade from it', () => {
    const alone = clipKey(plan, 1, input(1));
    const afterR0 = clipKey(plan, 1, { ...input(1), after: clipKey(plan, 0, input(0)) });
    const afterOther = clipKey(plan, 1, { ...input(1), after: clipKey(plan, 0, { ...input(0), sourceId: 'other' }) });
    expect(new Set([alone, afterR0, afterOther]).size).toBe(3);
    expect(clipKey(plan, 1, { ...input(1), after: clipKey(plan, 0, input(0)) })).toBe(afterR0); // deterministic
  });

  it('tell a crossfade made in the clip pass from one made on its own', () => {
    const [a, b] = [clipKey(plan, 0, input(0)), clipKey(plan, 1, input(1))];
    const caps = { xfade: true, needsTrellisOff: false };
    expect(transitionKey(plan, a, b, caps, 'v', true)).not.toBe(transitionKey(plan, a, b, caps, 'v', false));
    expect(transitionKey(plan, a, b, caps, 'v', true)).not.toBe(transitionKey(plan, b, a, caps, 'v', true));
  });
});

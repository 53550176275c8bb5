// Plans for the render's unit tests: n events of one recording each, 1,000 s apart.
import { planVlog, type PlanEvent, type PlanSettings, type RenderPlan } from './plan.ts';

const T0 = Date.parse('2024-05-01T08:00:00Z');

export const testEvents = (n: number, dur = 20): PlanEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: `e${i}`,
    recordingId: `r${i}`,
    eventStart: new Date(T0 + i * 1e6 + 10_000),
    eventDuration: dur,
    recordingStart: new Date(T0 + i * 1e6),
    recordingDuration: 120,
    interestScores: [],
  }));

/** A 12 s, 720p, landscape crossfade plan of n events without music; `o` overrides any setting. */
export const testPlan = (n: number, o: Partial<PlanSettings> = {}): RenderPlan =>
  planVlog(testEvents(n), { maxDuration: 12, transition: 'CROSSFADE', resolution: 'P720', aspect: 'LANDSCAPE', music: null, ...o });

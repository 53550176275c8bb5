import { describe, expect, it } from 'vitest';
import { bestWindow, evenlySpread, outputSize, planVlog, waterFill, PlanError, type PlanEvent, type PlanSettings } from './plan.ts';

const DAY = Date.parse('2024-05-01T08:00:00Z');
const at = (s: number) => new Date(DAY + s * 1000);

/** An event `offset` s into its own recording of `recDur` s that started at day + recAt s. */
function ev(id: string, o: { recAt?: number; offset?: number; dur?: number | null; recDur?: number; rec?: string; scores?: number[] } = {}): PlanEvent {
  const recAt = o.recAt ?? 0;
  return {
    eventId: id,
    recordingId: o.rec ?? `rec-${id}`,
    eventStart: at(recAt + (o.offset ?? 0)),
    eventDuration: o.dur === undefined ? 10 : o.dur,
    recordingStart: at(recAt),
    recordingDuration: o.recDur ?? 600,
    interestScores: o.scores ?? [],
  };
}

const settings = (o: Partial<PlanSettings> = {}): PlanSettings => ({
  maxDuration: 60,
  transition: 'CUT',
  resolution: 'P720',
  aspect: 'LANDSCAPE',
  music: null,
  ...o,
});

/** Events i·60 s apart in the day, each in its own recording. */
function day(n: number, o: Parameters<typeof ev>[1] = {}): PlanEvent[] {
  return Array.from({ length: n }, (_, i) => ev(`e${String(i).padStart(3, '0')}`, { recAt: i * 600, ...o }));
}

describe('output size', () => {
  it('gives even 16:9 sizes, swapped for portrait', () => {
    expect(outputSize('P480', 'LANDSCAPE')).toEqual([854, 480]);
    expect(outputSize('P720', 'LANDSCAPE')).toEqual([1280, 720]);
    expect(outputSize('P1080', 'LANDSCAPE')).toEqual([1920, 1080]);
    expect(outputSize('P480', 'PORTRAIT')).toEqual([480, 854]);
    expect(outputSize('P1080', 'PORTRAIT')).toEqual([1080, 1920]);
    const p = planVlog(day(2), settings({ resolution: 'P480', aspect: 'PORTRAIT' }));
    expect([p.width, p.height, p.fps]).toEqual([480, 854, 30]);
  });
});

describe('budget', () => {
  it('shares maxDuration equally between equal events and hits it exactly (cuts)', () => {
    const p = planVlog(day(10, { dur: 20 }), settings());
    expect(p.totalFrames).toBe(1800);
    expect(p.totalDuration).toBe(60);
    expect(p.segments.map((s) => s.frames)).toEqual(Array(10).fill(180));
    expect(p.transition).toEqual({ kind: 'CUT', seconds: 0, frames: 0 });
  });

  it('accounts for crossfade overlaps: clips hold (n−1)·0.5 s more, output is still maxDuration', () => {
    const p = planVlog(day(10, { dur: 20 }), settings({ transition: 'CROSSFADE' }));
    expect(p.transition).toEqual({ kind: 'CROSSFADE', seconds: 0.5, frames: 15 });
    expect(p.totalFrames).toBe(1800);
    const sum = p.segments.reduce((a, s) => a + s.frames, 0);
    expect(sum).toBe(1800 + 9 * 15);
    // Each clip starts where the previous one's last 15 frames start.
    for (let i = 1; i < p.segments.length; i++) {
      const prev = p.segments[i - 1]!;
      expect(p.segments[i]!.outputStartFrame).toBe(prev.outputStartFrame + prev.frames - 15);
    }
    const last = p.segments.at(-1)!;
    expect(last.outputStartFrame + last.frames).toBe(1800);
  });

  it('is within one frame of maxDuration for awkward budgets and counts', () => {
    for (const max of [30, 31.7, 45.01, 59.99, 180]) {
      for (const n of [1, 3, 7, 13]) {
        for (const transition of ['CUT', 'CROSSFADE'] as const) {
          const p = planVlog(day(n, { dur: 300 }), settings({ maxDuration: max, transition }));
          expect(Math.abs(p.totalDuration - max)).toBeLessThanOrEqual(1 / 30 + 1e-9);
        }
      }
    }
  });

  it('short events give their unused budget to longer ones (water-filling)', () => {
    // Recordings hold exactly the event: no footage to stretch into.
    const events = [
      ev('a', { recAt: 0, dur: 2, recDur: 2 }),
      ev('b', { recAt: 100, dur: 3, recDur: 3 }),
      ev('c', { recAt: 200, dur: 100, recDur: 100 }),
      ev('d', { recAt: 300, dur: 100, recDur: 100 }),
    ];
    const p = planVlog(events, settings({ maxDuration: 30 }));
    expect(p.segments.map((s) => s.frames)).toEqual([60, 90, 375, 375]);
    expect(p.totalFrames).toBe(900);
  });

  it('prefers the events own footage: a short event is not stretched while others can use the time', () => {
    const events = [ev('short', { recAt: 0, offset: 10, dur: 2, recDur: 600 }), ev('long', { recAt: 100, dur: 200, recDur: 200 })];
    const p = planVlog(events, settings({ maxDuration: 60 }));
    expect(p.segments.map((s) => [s.eventId, s.frames])).toEqual([
      ['short', 60],
      ['long', 1740],
    ]);
  });

  it('stretches short events into the footage after them when nothing else can use the budget', () => {
    const events = day(3, { offset: 10, dur: 2, recDur: 600 });
    const p = planVlog(events, settings({ maxDuration: 30 }));
    expect(p.segments.map((s) => s.frames)).toEqual([300, 300, 300]);
    for (const s of p.segments) expect(s.sourceStart).toBe(10); // still starts at the event
  });

  it('stops the stretch at the next chosen event of the same recording', () => {
    const events = [
      ev('a', { rec: 'r', recAt: 0, offset: 0, dur: 2, recDur: 8 }),
      ev('b', { rec: 'r', recAt: 0, offset: 4, dur: 2, recDur: 8 }),
    ];
    const p = planVlog(events, settings({ maxDuration: 60 }));
    expect(p.segments.map((s) => [s.sourceStart, s.sourceEnd])).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });

  it('never stretches a trimmed event past its trim, even with budget to spare', () => {
    const events = day(3, { offset: 10, dur: 2, recDur: 600 });
    events[1] = { ...events[1]!, trimmed: true };
    const p = planVlog(events, settings({ maxDuration: 30 }));
    const trimmed = p.segments[1]!;
    expect([trimmed.sourceStart, trimmed.sourceEnd]).toEqual([10, 12]);
    // The others take the time it leaves.
    expect(p.segments[0]!.frames + p.segments[2]!.frames).toBe(900 - 60);
    expect(p.totalDuration).toBe(30);
  });

  it('uses all the footage there is when it is shorter than maxDuration', () => {
    const events = day(3, { dur: 4, recDur: 4 });
    expect(planVlog(events, settings({ maxDuration: 60 })).totalDuration).toBe(12);
    // Crossfades overlap 2 × 0.5 s of it.
    expect(planVlog(events, settings({ maxDuration: 60, transition: 'CROSSFADE' })).totalDuration).toBe(11);
  });

  it('cuts a single clip to a budget shorter than the minimum clip', () => {
    const p = planVlog([ev('a', { dur: 100 })], settings({ maxDuration: 1 }));
    expect(p.totalFrames).toBe(30);
    expect(p.segments).toHaveLength(1);
  });
});

describe('offsets and clamping', () => {
  it('offset = event start − recording start, quantised to a frame', () => {
    const p = planVlog([ev('a', { offset: 12.34, dur: 100 })], settings({ maxDuration: 30 }));
    const s = p.segments[0]!;
    expect(s.sourceStartFrame).toBe(370);
    expect(s.sourceStart).toBeCloseTo(370 / 30, 12);
    expect(s.sourceEnd).toBeCloseTo(370 / 30 + 30, 12);
  });

  it('an event that starts before its recording starts at the file start', () => {
    const p = planVlog([ev('a', { offset: -25, dur: 40, recDur: 100 })], settings({ maxDuration: 10 }));
    expect(p.segments[0]!.sourceStart).toBe(0);
  });

  it('an event past the end of its recording shows the last footage', () => {
    const p = planVlog([ev('a', { offset: 130, dur: 10, recDur: 100 }), ev('b', { recAt: 1000, dur: 100 })], settings({ maxDuration: 30 }));
    const a = p.segments.find((s) => s.eventId === 'a')!;
    expect(a.sourceEnd).toBe(100);
    expect(a.frames).toBe(45); // the minimum clip, slid back into the file
  });

  it('an event near the end slides back to keep the minimum clip', () => {
    const p = planVlog([ev('a', { offset: 99.5, dur: 0.5, recDur: 100 }), ev('b', { recAt: 1000, dur: 100 })], settings({ maxDuration: 30 }));
    const a = p.segments.find((s) => s.eventId === 'a')!;
    expect([a.sourceStart, a.sourceEnd]).toEqual([98.5, 100]);
  });

  it('never reads outside the file', () => {
    for (const offset of [-50, -1, 0, 3, 59, 60, 61, 500]) {
      const p = planVlog([ev('a', { offset, dur: 30, recDur: 60 }), ev('b', { recAt: 2000 })], settings({ maxDuration: 30 }));
      for (const s of p.segments) {
        expect(s.sourceStart).toBeGreaterThanOrEqual(0);
        expect(s.sourceEnd).toBeLessThanOrEqual(s.recordingId === 'rec-a' ? 60 : 600);
      }
    }
  });

  it('an open-ended event (null duration) lasts until the next event of its recording', () => {
    const events = [
      ev('a', { rec: 'r', offset: 0, dur: null, recDur: 100 }),
      ev('b', { rec: 'r', offset: 20, dur: 10, recDur: 100 }),
      ev('c', { recAt: 5000, dur: 200, recDur: 200 }),
    ];
    const p = planVlog(events, settings({ maxDuration: 90 }));
    // a owns 20 s, b 10 s, c 200 s: fair share 30 s each → a 20, b 10, c the rest.
    expect(p.segments.map((s) => s.duration)).toEqual([20, 10, 60]);
  });

  it('orders segments by event start whatever the input order', () => {
    const events = day(5, { dur: 30 }).reverse();
    const p = planVlog(events, settings());
    expect(p.segments.map((s) => s.eventId)).toEqual(['e000', 'e001', 'e002', 'e003', 'e004']);
    expect(p.segments.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('quantises every time to whole frames', () => {
    const events = day(7, { offset: 1.23456, dur: 17.777 });
    const p = planVlog(events, settings({ maxDuration: 43.21, transition: 'CROSSFADE' }));
    for (const s of p.segments) {
      for (const t of [s.sourceStart, s.sourceEnd, s.outputStart, s.duration]) {
        expect(Math.abs(t * 30 - Math.round(t * 30))).toBeLessThan(1e-9);
      }
    }
  });
});

describe('unusable and surplus events', () => {
  it('drops events whose recording has no footage or less than half a second', () => {
    const p = planVlog([ev('a', { recDur: 0 }), ev('b', { recAt: 100, recDur: 0.3 }), ev('c', { recAt: 200 })], settings());
    expect(p.dropped).toEqual([
      { eventId: 'a', reason: 'NO_FOOTAGE' },
      { eventId: 'b', reason: 'TOO_SHORT' },
    ]);
    expect(p.segments.map((s) => s.eventId)).toEqual(['c']);
  });

  it('a crossfaded clip holds both its fades plus a frame', () => {
    const p = planVlog([ev('a', { recDur: 1 }), ev('b', { recAt: 100, recDur: 1.1 }), ev('c', { recAt: 200 })], settings({ transition: 'CROSSFADE' }));
    expect(p.dropped).toEqual([{ eventId: 'a', reason: 'TOO_SHORT' }]);
    for (const s of p.segments) expect(s.frames).toBeGreaterThanOrEqual(31);
  });

  it('throws a PlanError when nothing can be shown', () => {
    expect(() => planVlog([], settings())).toThrow(PlanError);
    expect(() => planVlog([ev('a', { recDur: 0 })], settings())).toThrow(/no footage|none of the events/);
  });

  it('keeps an evenly spread subset of 200 events, each at least the minimum clip', () => {
    const events = day(200, { dur: 30 });
    const cut = planVlog(events, settings({ maxDuration: 60 }));
    expect(cut.segments).toHaveLength(40); // 60 s / 1.5 s
    expect(cut.totalFrames).toBe(1800);
    expect(cut.dropped).toHaveLength(160);
    expect(cut.dropped.every((d) => d.reason === 'OVER_LIMIT')).toBe(true);
    const idx = cut.segments.map((s) => Number(s.eventId.slice(1)));
    const gaps = idx.slice(1).map((v, i) => v - idx[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(6);
    expect(idx[0]).toBeLessThan(5);
    expect(idx.at(-1)).toBeGreaterThan(194);

    const xf = planVlog(events, settings({ maxDuration: 60, transition: 'CROSSFADE' }));
    expect(xf.segments).toHaveLength(59); // n·45 − (n−1)·15 ≤ 1800
    expect(xf.totalFrames).toBe(1800);
    for (const s of xf.segments) expect(s.frames).toBeGreaterThanOrEqual(45);
  });

  it('keeps all 179 minimum clips that fit into 180 s of crossfades', () => {
    const p = planVlog(day(200, { dur: 1 , recDur: 1.5 }), settings({ maxDuration: 180, transition: 'CROSSFADE' }));
    expect(p.segments).toHaveLength(179);
    expect(p.totalFrames).toBe(179 * 45 - 178 * 15);
  });
});

describe('interest window', () => {
  it('picks the most interesting window inside a long event', () => {
    const scores = Array(60).fill(0.1);
    scores[32] = 0.9;
    scores[33] = 1;
    scores[34] = 0.8;
    const p = planVlog([ev('a', { offset: 10, dur: 40, recDur: 60, scores })], settings({ maxDuration: 3 }));
    const s = p.segments[0]!;
    expect([s.sourceStart, s.sourceEnd]).toEqual([32, 35]);
    expect(s.interest).toBeCloseTo(0.9, 9);
  });

  it('stays inside the event even if the recording is more interesting elsewhere', () => {
    const scores = Array(60).fill(0);
    scores[5] = 10; // before the event
    scores[55] = 10; // after it
    scores[20] = 1;
    const p = planVlog([ev('a', { offset: 10, dur: 20, recDur: 60, scores })], settings({ maxDuration: 4 }));
    const s = p.segments[0]!;
    expect(s.sourceStart).toBeGreaterThanOrEqual(10);
    expect(s.sourceEnd).toBeLessThanOrEqual(30);
    expect(s.sourceStart).toBeLessThanOrEqual(20);
    expect(s.sourceEnd).toBeGreaterThan(20);
  });

  it('falls back to the event start when scores are empty or flat', () => {
    for (const scores of [[], Array(60).fill(0.37), Array(60).fill(0.1)]) {
      const p = planVlog([ev('a', { offset: 7, dur: 40, recDur: 60, scores })], settings({ maxDuration: 5 }));
      expect(p.segments[0]!.sourceStart).toBe(7);
    }
  });

  it('ignores non-finite scores and scores shorter than the recording', () => {
    const p = planVlog([ev('a', { offset: 0, dur: 40, recDur: 60, scores: [NaN, Infinity, 0, 0, 0, 0, 0, 0, 5] })], settings({ maxDuration: 2 }));
    expect(p.segments[0]!.sourceStart).toBe(7);
  });

  it('bestWindow slides frame by frame and keeps the earliest best', () => {
    expect(bestWindow([0, 0, 1, 0], 2, 0, 8, 2)).toBe(4);
    expect(bestWindow([0, 0, 1, 1], 2, 0, 8, 2)).toBe(4);
    expect(bestWindow([1, 1, 1, 1], 2, 2, 8, 3)).toBe(2);
    expect(bestWindow([], 30, 5, 100, 10)).toBe(5);
    expect(bestWindow([0, 5], 30, 5, 20, 30)).toBe(5); // window longer than the event
  });

  it('takes the poster from the middle of the most interesting clip', () => {
    const calm = Array(100).fill(0.1);
    const lively = Array(100).fill(0.8);
    const p = planVlog([ev('a', { scores: calm, dur: 10, recDur: 100 }), ev('b', { recAt: 500, scores: lively, dur: 10, recDur: 100 })], settings({ maxDuration: 20 }));
    const b = p.segments[1]!;
    expect(p.posterTime).toBeCloseTo(b.outputStart + b.duration / 2, 9);
    const flat = planVlog(day(3), settings({ maxDuration: 20 }));
    expect(flat.posterTime).toBeLessThan(flat.segments[0]!.duration);
  });
});

describe('music', () => {
  it('loops a window shorter than the video, with 2 s fades', () => {
    const p = planVlog(day(4, { dur: 30 }), settings({ maxDuration: 60, music: { start: 10, end: 40, fade: true, volume: 0.6 } }));
    expect(p.music).toEqual({ start: 10, end: 40, fade: true, fadeSeconds: 2, volume: 0.6, loop: true });
  });

  it('does not loop a long window and shortens fades to half the window or the video', () => {
    const p = planVlog(day(1, { dur: 3, recDur: 3 }), settings({ maxDuration: 30, music: { start: 0, end: 100, fade: true, volume: 1 } }));
    expect(p.music).toMatchObject({ loop: false, fadeSeconds: 1.5 });
    const q = planVlog(day(3), settings({ music: { start: 5, end: 7, fade: true, volume: 0.2 } }));
    expect(q.music).toMatchObject({ loop: true, fadeSeconds: 1 });
    const r = planVlog(day(3), settings({ music: { start: 5, end: 70, fade: false, volume: 0.2 } }));
    expect(r.music).toMatchObject({ loop: false, fadeSeconds: 0 });
  });

  it('rejects an empty window or a volume outside 0–1', () => {
    expect(() => planVlog(day(2), settings({ music: { start: 5, end: 5, fade: true, volume: 0.6 } }))).toThrow(PlanError);
    expect(() => planVlog(day(2), settings({ music: { start: -1, end: 5, fade: true, volume: 0.6 } }))).toThrow(PlanError);
    expect(() => planVlog(day(2), settings({ music: { start: 0, end: 5, fade: true, volume: 1.5 } }))).toThrow(PlanError);
  });
});

describe('determinism and invariants', () => {
  it('gives the same plan for the same input, in any order', () => {
    const events = day(25, { dur: 13, scores: Array.from({ length: 600 }, (_, i) => (i * 7919) % 13) });
    const a = planVlog(events, settings({ transition: 'CROSSFADE', music: { start: 0, end: 30, fade: true, volume: 0.6 } }));
    const b = planVlog([...events].reverse(), settings({ transition: 'CROSSFADE', music: { start: 0, end: 30, fade: true, volume: 0.6 } }));
    expect(b).toEqual(a);
    expect(JSON.stringify(planVlog(events, settings({ transition: 'CROSSFADE', music: { start: 0, end: 30, fade: true, volume: 0.6 } })))).toBe(JSON.stringify(a));
  });

  it('holds its invariants on many random days', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rand() * 60);
      const events = Array.from({ length: n }, (_, i) => {
        const recDur = 0.5 + rand() * 120;
        return ev(`x${i}`, {
          rec: rand() < 0.3 ? 'shared' : `r${i}`,
          recAt: Math.floor(rand() * 3600),
          offset: rand() * 140 - 10,
          dur: rand() < 0.1 ? null : rand() * 60,
          recDur,
          scores: rand() < 0.5 ? [] : Array.from({ length: Math.ceil(recDur) }, () => rand()),
        });
      });
      const transition = rand() < 0.5 ? 'CUT' : 'CROSSFADE';
      const maxDuration = 30 + Math.floor(rand() * 150);
      let p;
      try {
        p = planVlog(events, settings({ maxDuration, transition }));
      } catch (err) {
        expect(err).toBeInstanceOf(PlanError);
        continue;
      }
      expect(p.totalFrames).toBeLessThanOrEqual(maxDuration * 30);
      expect(p.segments.length + p.dropped.length).toBe(n);
      let cursor = 0;
      const tf = p.transition.frames;
      for (const s of p.segments) {
        const src = events.find((e) => e.eventId === s.eventId)!;
        expect(s.sourceStartFrame).toBeGreaterThanOrEqual(0);
        expect(s.sourceEnd).toBeLessThanOrEqual(src.recordingDuration + 1e-9);
        expect(s.frames).toBeGreaterThanOrEqual(Math.max(15, 2 * tf + 1));
        expect(s.outputStartFrame).toBe(cursor);
        cursor += s.frames - tf;
      }
      expect(p.totalFrames).toBe(cursor + tf);
      // Every recording long enough for 6 s clips everywhere → the budget is met to the frame.
    }
  });
});

describe('helpers', () => {
  it('waterFill raises the lowest first, respects caps and floors, and hands out the rest in order', () => {
    expect(waterFill([0, 0, 0], [10, 10, 10], 12)).toEqual([4, 4, 4]);
    expect(waterFill([0, 0, 0], [2, 10, 10], 12)).toEqual([2, 5, 5]);
    expect(waterFill([0, 0, 0], [2, 10, 10], 13)).toEqual([2, 6, 5]);
    expect(waterFill([3, 0], [3, 10], 5)).toEqual([3, 2]);
    expect(waterFill([1, 1], [2, 2], 100)).toEqual([2, 2]);
    expect(waterFill([5, 5], [9, 9], 4)).toEqual([5, 5]);
  });

  it('evenlySpread keeps the order and the ends', () => {
    expect(evenlySpread([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([1, 3, 5, 7, 9]);
    expect(evenlySpread([0, 1, 2], 5)).toEqual([0, 1, 2]);
    expect(evenlySpread([0, 1, 2, 3], 1)).toEqual([2]);
  });
});

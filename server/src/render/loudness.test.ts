import { describe, expect, it } from 'vitest';
import {
  cameraChain,
  cameraGainDb,
  LOUDNESS,
  MASTER_SEARCH,
  masterBest,
  masterChain,
  masterMeasureArgs,
  masterNext,
  masterStart,
  levelsArgs,
  musicGainDb,
  parseLevels,
  parseLoudness,
} from './loudness.ts';

const summary = (i: string, tp: string) =>
  `[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         ${i} LUFS\n    Threshold: -31.8 LUFS\n\n` +
  `  Loudness range:\n    LRA:         3.1 LU\n\n  True peak:\n    Peak:       ${tp} dBFS\n`;

describe('measuring', () => {
  it('measures several windows in one process, each through its own chain, integrated only', () => {
    const a = levelsArgs([{ file: '/c.mp4', start: 1, end: 2, prefilter: 'highpass=f=80' }, { file: '/m.wav', start: 5, end: 35.5 }]);
    expect(a.slice(0, 10)).toEqual(['-ss', '1', '-t', '1', '-i', '/c.mp4', '-ss', '5', '-t', '30.5', ]);
    expect(a[a.indexOf('-filter_complex') + 1]).toBe('[0:a:0]highpass=f=80,ebur128[l0];[1:a:0]ebur128[l1]');
    expect(a.slice(-10)).toEqual(['-map', '[l0]', '-f', 'null', '-', '-map', '[l1]', '-f', 'null', '-']);
  });

  it('reads the summaries of several instances in graph order, the last of each instance winning', () => {
    const at = (n: number, i: string) => summary(i, '-3').replace('Parsed_ebur128_0', `Parsed_ebur128_${n}`);
    // Printed out of order, instance 3 twice (an empty first configuration, then the real one).
    const stderr = at(3, '-70.0') + at(1, '-23.5') + at(3, '-18.2') + at(5, '-30.1');
    expect(parseLevels(stderr, 3).map((l) => l.integrated)).toEqual([-23.5, -18.2, -30.1]);
    expect(() => parseLevels(stderr, 4)).toThrow(/expected 4 loudness summaries/);
  });

  it('reads integrated loudness and true peak from the summary; silence is undefined', () => {
    expect(parseLoudness(summary('-21.8', '-3.4'))).toEqual({ integrated: -21.8, truePeak: -3.4 });
    expect(parseLoudness(summary('-70.0', '-inf'))).toEqual({ integrated: undefined, truePeak: undefined });
    // ffmpeg may configure a graph twice; the first instance's empty summary is not the answer.
    expect(parseLoudness(summary('-70.0', '-inf') + 'Stream mapping:\n' + summary('-20.3', '-12.3'))).toEqual({ integrated: -20.3, truePeak: -12.3 });
    expect(parseLoudness('nothing')).toEqual({ integrated: undefined, truePeak: undefined });
  });
});

describe('gains', () => {
  it('normalises music to the target, bounded', () => {
    expect(musicGainDb(-21.8)).toBe(5.8);
    expect(musicGainDb(-8)).toBe(-8);
    expect(musicGainDb(-60)).toBe(20);
    expect(musicGainDb(undefined)).toBe(0);
  });

  it('brings camera sound towards the common level with the boost capped and silence left alone', () => {
    expect(cameraGainDb({ integrated: -6.9 })).toBe(-13.1);
    expect(cameraGainDb({ integrated: -24 })).toBe(4);
    // A quiet clip is mostly room noise: boosted by the cap at most.
    expect(cameraGainDb({ integrated: -45 })).toBe(LOUDNESS.camera.maxBoostDb);
    expect(cameraGainDb({ integrated: -60 })).toBe(0);
    expect(cameraGainDb({})).toBe(0);
  });

  it('high-passes, gains and compresses a clip', () => {
    expect(cameraChain(-3.25)).toBe('highpass=f=80,volume=-3.25dB,acompressor=threshold=0.25:ratio=4:attack=5:release=120:makeup=1');
  });
});

describe('master', () => {
  it('is one fixed gain to the target when the peaks stay under the ceiling', () => {
    expect(masterStart({ integrated: -20.4, truePeak: -9 })).toEqual({ gainDb: 4.4, limit: false });
    expect(masterStart({ integrated: -9.4, truePeak: -0.2 })).toEqual({ gainDb: -6.6, limit: false });
    expect(masterChain({ gainDb: 4.4, limit: false })).toBe('volume=4.4dB');
  });

  it('adds a 4×-oversampled limiter below the ceiling when the gain would push the true peak over it', () => {
    const start = masterStart({ integrated: -24, truePeak: -6 }); // +8 dB → +2 dBTP
    expect(start).toEqual({ gainDb: 8, limit: true });
    expect(masterChain(start)).toBe('volume=8dB,aresample=192000,alimiter=limit=0.7499:attack=2:release=50:level=0,aresample=48000');
    expect(10 ** (LOUDNESS.limiterCeiling / 20)).toBeCloseTo(0.7499, 4);
    expect(LOUDNESS.limiterCeiling).toBeLessThan(LOUDNESS.truePeakMax);
  });

  it('searches the limited gain by secant steps and stops on target, at the bound or out of tries', () => {
    const raw = { integrated: -20.5, truePeak: -3 };
    // +4.5 dB gave only -19 (slope 1.5/4.5 = 1/3): the next try asks for 3 dB more at that slope.
    expect(masterNext(raw, [{ gainDb: 4.5, integrated: -19 }])).toBe(13.5);
    // Secant between the last two tries.
    expect(masterNext(raw, [{ gainDb: 4.5, integrated: -19 }, { gainDb: 13.5, integrated: -16.6 }])).toBeCloseTo(13.5 + 0.6 / (2.4 / 9), 1);
    expect(masterNext(raw, [{ gainDb: 4.5, integrated: -16.2 }])).toBeUndefined();
    const tries = Array.from({ length: MASTER_SEARCH.maxTries }, (_, i) => ({ gainDb: i + 1, integrated: -19 + i * 0.1 }));
    expect(masterNext(raw, tries)).toBeUndefined();
    expect(masterNext(raw, [{ gainDb: LOUDNESS.mixMaxBoostDb, integrated: -18 }])).toBeUndefined();
    expect(masterBest([{ gainDb: 4, integrated: -19 }, { gainDb: 12, integrated: -15.8 }, { gainDb: 11, integrated: -16.5 }])).toBe(12);
  });

  it('leaves silence alone and bounds the boost', () => {
    expect(masterStart({})).toBeUndefined();
    expect(masterChain(undefined)).toBe('anull');
    expect(masterStart({ integrated: -60, truePeak: -50 })).toEqual({ gainDb: 20, limit: false });
  });

  it('measures a candidate on the mix file', () => {
    expect(masterMeasureArgs('/w/mix.wav', { gainDb: 3, limit: false })).toEqual(['-i', '/w/mix.wav', '-af', 'volume=3dB,ebur128=peak=true', '-f', 'null', '-']);
  });
});

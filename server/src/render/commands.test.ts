import { describe, expect, it } from 'vitest';
import {
  blendGraph,
  buildCaps,
  clipPieces,
  concatList,
  finalArgs,
  fitSize,
  mixArgs,
  pieceVideoArgs,
  posterArgs,
  posterSource,
  samplesPerFrame,
  secs,
  soundCodecArgs,
  type SourceInfo,
} from './commands.ts';
import { filterPath } from './captions.ts';
import { testPlan } from './plan-fixtures.ts';

const plan = testPlan;

const src = (o: Partial<SourceInfo> = {}): SourceInfo => ({
  path: '/media/a.mp4',
  width: 1920,
  height: 1080,
  fps: 30,
  sar: 1,
  rotation: 0,
  hasAudio: true,
  duration: 120,
  ...o,
});
const caps2018 = { xfade: false, needsTrellisOff: true, sidechaincompress: true, drawtext: true };
const capsNew = { xfade: true, needsTrellisOff: false, sidechaincompress: true, drawtext: true };

/** The value after a flag. */
const after = (args: string[], flag: string, nth = 0) => {
  let seen = 0;
  for (let i = 0; i < args.length; i++) if (args[i] === flag && seen++ === nth) return args[i + 1];
  return undefined;
};
const graphOf = (args: string[]) => after(args, '-filter_complex')!.split(';');

describe('shared settings', () => {
  it('encodes every piece identically, trellis off on old x264, video in .mov and sound in .wav', () => {
    const video = [
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-level:v', '4.0',
      '-x264-params', 'stitchable=1:trellis=0', '-pix_fmt', 'yuv420p', '-r', '30',
    ];
    expect(pieceVideoArgs({ fps: 30 }, { needsTrellisOff: true })).toEqual(video);
    expect(after(pieceVideoArgs({ fps: 30 }, { needsTrellisOff: false }), '-x264-params')).toBe('stitchable=1');
    expect(soundCodecArgs()).toEqual(['-c:a', 'pcm_s16le', '-ar', '48000', '-ac', '2', '-map_metadata', '-1', '-f', 'wav']);
  });

  it('derives build caps from the filter list', () => {
    expect(buildCaps({ xfade: false, needsTrellisOff: true, filters: new Set(['sidechaincompress']) })).toEqual({
      xfade: false,
      needsTrellisOff: true,
      sidechaincompress: true,
      drawtext: false,
    });
  });

  it('cuts audio per frame only at rates that divide 48 kHz', () => {
    expect(samplesPerFrame(30)).toBe(1600);
    expect(samplesPerFrame(25)).toBe(1920);
    expect(() => samplesPerFrame(7)).toThrow(/48000/);
    expect(secs(37 / 3)).toBe('12.333333');
    expect(secs(2)).toBe('2');
  });
});

describe('clip pieces', () => {
  it('gives the first clip no head, the last no tail, the middle both', () => {
    const p = plan(3);
    const [a, b, c] = p.segments;
    expect(clipPieces(p, 0)).toEqual({ head: 0, bodyStart: 0, bodyEnd: a!.frames - 15, tail: 15 });
    expect(clipPieces(p, 1)).toEqual({ head: 15, bodyStart: 15, bodyEnd: b!.frames - 15, tail: 15 });
    expect(clipPieces(p, 2)).toEqual({ head: 15, bodyStart: 15, bodyEnd: c!.frames, tail: 0 });
  });

  it('is the whole clip for cuts', () => {
    const p = plan(3, { transition: 'CUT' });
    expect(clipPieces(p, 1)).toEqual({ head: 0, bodyStart: 0, bodyEnd: p.segments[1]!.frames, tail: 0 });
  });

  it('refuses a clip too short for its transitions', () => {
    const p = plan(3);
    const bad = { ...p, segments: p.segments.map((s) => ({ ...s, frames: 30 })) };
    expect(() => clipPieces(bad, 1)).toThrow(/cannot hold/);
  });
});

describe('fit', () => {
  it('keeps the display aspect and even sides', () => {
    expect(fitSize(src(), 1280, 720)).toEqual({ w: 1280, h: 720 });
    expect(fitSize(src({ width: 854, height: 480 }), 1280, 720)).toEqual({ w: 1280, h: 720 });
    expect(fitSize(src({ width: 1080, height: 1920 }), 1280, 720)).toEqual({ w: 406, h: 720 });
    expect(fitSize(src({ width: 640, height: 480 }), 1280, 720)).toEqual({ w: 960, h: 720 });
    expect(fitSize(src({ width: 1920, height: 1080 }), 720, 1280)).toEqual({ w: 720, h: 406 });
  });

  it('turns the sides for 90/270 rotation (ffmpeg auto-rotates on decode)', () => {
    expect(fitSize(src({ rotation: 90 }), 1280, 720)).toEqual({ w: 406, h: 720 });
    expect(fitSize(src({ rotation: 270 }), 1280, 720)).toEqual({ w: 406, h: 720 });
    expect(fitSize(src({ rotation: 180 }), 1280, 720)).toEqual({ w: 1280, h: 720 });
  });

  it('widens non-square pixels', () => {
    // DVD NTSC 16:9: 720×480 with SAR 32:27 shows as 853×480.
    expect(fitSize(src({ width: 720, height: 480, sar: 32 / 27 }), 854, 480)).toEqual({ w: 854, h: 480 });
    expect(fitSize(src({ width: 720, height: 480, sar: 8 / 9 }), 854, 480)).toEqual({ w: 640, h: 480 });
  });
});

describe('crossfade graph', () => {
  const p = plan(3);
  const pads = { tailV: 'vt0', tailA: 'at0', headV: 'vh1', headA: 'ah1', out: 'x0' };

  it('fades the head in over the tail on the 2018 build', () => {
    const g = blendGraph(p, pads, caps2018);
    expect(g[0]).toBe('[vh1]format=yuva420p,fade=t=in:s=0:n=15:alpha=1[x0in]');
    expect(g[1]).toBe('[vt0][x0in]overlay=format=yuv420,format=yuv420p[x0v]');
  });

  it('uses xfade where the build has it', () => {
    expect(blendGraph(p, pads, capsNew)[0]).toBe('[vt0][vh1]xfade=transition=fade:duration=0.5:offset=0,format=yuv420p[x0v]');
  });

  it('crossfades the sound sample-exactly', () => {
    const g = blendGraph(p, pads, caps2018);
    expect(g).toContain('[at0]afade=t=out:ss=0:ns=24000[x0ao]');
    expect(g).toContain('[ah1]afade=t=in:ss=0:ns=24000[x0ai]');
    expect(g).toContain('[x0ao][x0ai]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3,aformat=sample_fmts=s16,atrim=end_sample=24000[x0a]');
  });
});

describe('sound pass', () => {
  it('reads the clips sound from the pieces and writes a measured float WAV of exactly the video length', () => {
    const p = plan(3);
    const a = mixArgs(p, { list: '/w/l.txt', out: '/w/mix.wav' }, caps2018);
    expect(a.slice(0, 6)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/w/l.txt']);
    expect(a.filter((x) => x === '-i')).toHaveLength(1);
    expect(after(a, '-map')).toBe('[aout]');
    expect(after(a, '-c:a')).toBe('pcm_f32le');
    expect(a.at(-1)).toBe('/w/mix.wav');
    expect(graphOf(a).at(-1)).toBe(`[mix]aresample=48000,apad,atrim=end_sample=${p.totalFrames * 1600},ebur128=peak=true[aout]`);
  });

  it('reads only the music window, loops it when shorter than the video, and applies its measured gain', () => {
    const p = plan(3, { music: { start: 10, end: 14, fade: true, volume: 0.6 } });
    const a = mixArgs(p, { list: '/w/l.txt', music: { path: '/m.mp3', duration: 200 }, out: '/w/m.wav' }, caps2018, 5.8);
    expect(a.slice(6, 12)).toEqual(['-ss', '10', '-t', '4', '-i', '/m.mp3']);
    const music = graphOf(a)[0]!;
    expect(music).toContain('apad,atrim=end_sample=192000,aloop=loop=-1:size=192000,atrim=end_sample=576000,volume=5.8dB');
    expect(music).toContain('afade=t=in:st=0:d=2,afade=t=out:st=10:d=2');
    expect(music.endsWith('volume=0.6[music]')).toBe(true);
  });

  it('does not loop a long window and skips fades when off', () => {
    const p = plan(3, { music: { start: 0, end: 100, fade: false, volume: 1 } });
    const music = graphOf(mixArgs(p, { list: 'l', music: { path: '/m.mp3', duration: 200 }, out: 'o' }, caps2018))[0]!;
    expect(music).not.toContain('aloop');
    expect(music).not.toContain('afade');
  });

  it('ducks the music under the clips speech band when the build can, and keeps that sound', () => {
    const p = plan(3, { music: { start: 0, end: 30, fade: true, volume: 0.6 } });
    const m = { list: 'l', music: { path: '/m.mp3', duration: 200 }, out: 'o' };
    const g = graphOf(mixArgs(p, m, caps2018));
    expect(g).toContain('[key0]highpass=f=200,lowpass=f=3500,aformat=sample_fmts=fltp:channel_layouts=stereo[key]');
    expect(g).toContain('[music][key]sidechaincompress=threshold=0.05:ratio=4:attack=20:release=400[bed]');
    expect(g).toContain('[clips]volume=0.8,aformat=sample_fmts=fltp:channel_layouts=stereo[under]');
    // Both amerge inputs name their format: ffmpeg 5 cannot negotiate it after sidechaincompress.
    expect(g).toContain('[bed]aformat=sample_fmts=fltp:channel_layouts=stereo[bedf]');
    expect(g).toContain('[bedf][under]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3[mix]');
    const plain = graphOf(mixArgs(p, m, { sidechaincompress: false }));
    expect(plain.join(';')).not.toMatch(/sidechaincompress/);
    expect(plain).toContain('[music]anull[bed]');
  });

  it('refuses a music window outside the track', () => {
    const p = plan(3, { music: { start: 50, end: 60, fade: true, volume: 0.6 } });
    expect(() => mixArgs(p, { list: 'l', music: { path: '/m.mp3', duration: 40 }, out: 'o' }, caps2018)).toThrow(/outside/);
  });
});

describe('final command', () => {
  it('joins by stream copy and encodes only the measured mix, at the target level, with faststart', () => {
    const p = plan(3);
    const a = finalArgs(p, { list: '/w/l.txt', mix: '/w/mix.wav', out: '/o/v.part' }, { gainDb: 6, limit: false });
    expect(a.slice(0, 8)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/w/l.txt', '-i', '/w/mix.wav']);
    expect(after(a, '-c:v')).toBe('copy');
    expect(after(a, '-c:a')).toBe('aac');
    expect(after(a, '-movflags')).toBe('+faststart');
    expect(after(a, '-f', 1)).toBe('mp4');
    expect(a.at(-1)).toBe('/o/v.part');
    expect(graphOf(a)).toEqual([`[1:a:0]volume=6dB,aresample=48000,apad,atrim=end_sample=${p.totalFrames * 1600}[aout]`]);
  });
});

describe('small helpers', () => {
  it('quotes concat list paths', () => {
    expect(concatList(['/w/a.mov', "/w/it's.mov"])).toBe("file '/w/a.mov'\nfile '/w/it'\\''s.mov'\n");
  });

  it('takes the poster from the source at the planned moment, covering the whole frame', () => {
    const p = plan(3);
    const best = p.segments[0]!; // no interest scores: the first clip
    const at = posterSource(p);
    expect(at.segment).toBe(best);
    expect(at.sourceTime).toBeCloseTo(best.sourceStart + Math.floor(best.frames / 2) / 30, 6);
    const a = posterArgs(p, src({ width: 1080, height: 1920 }), '/o/p.jpg');
    expect(a.slice(0, 4)).toEqual(['-ss', secs(at.sourceTime), '-i', '/media/a.mp4']);
    // Portrait source in a 1280×720 frame: scaled to cover (1280 wide) and cropped, no bars.
    expect(after(a, '-vf')).toBe('scale=1280:2276,crop=1280:720,setsar=1');
    expect(a.at(-1)).toBe('/o/p.jpg');
  });
});

import { describe, expect, it } from 'vitest';
import { planBatches, playingOrder, type Batch } from './batches.ts';
import { batchArgs, batchSegment, pieceStarts, relabel, wavData, wavFile, wavPieces, type BatchClip } from './commands-batch.ts';
import { pieceVideoArgs, secs, soundCodecArgs, type SourceInfo } from './commands.ts';
import { testPlan } from './plan-fixtures.ts';
import type { RenderPlan } from './plan.ts';

const plan = testPlan;
const src = (o: Partial<SourceInfo> = {}): SourceInfo => ({ path: '/media/a.mp4', width: 1920, height: 1080, fps: 30, sar: 1, rotation: 0, hasAudio: true, duration: 120, ...o });
const caps2018 = { xfade: false, needsTrellisOff: true };
const capsNew = { xfade: true, needsTrellisOff: false };
const clip = (o: Partial<BatchClip> = {}): BatchClip => ({ src: src(), fit: 'BLUR', cameraGainDb: 0, ...o });
const files = { segments: '/w/batch-0-%d.mov', sound: '/w/batch-0.wav' };
const after = (args: string[], flag: string, nth = 0) => {
  let seen = 0;
  for (let i = 0; i < args.length; i++) if (args[i] === flag && seen++ === nth) return args[i + 1];
  return undefined;
};
const graphOf = (args: string[]) => after(args, '-filter_complex')!.split(';');
const all = (p: RenderPlan): Batch => planBatches(p, () => true, 99)[0]!;

describe('batch command', () => {
  const p = plan(3);
  const [s0, s1, s2] = p.segments as [RenderPlan['segments'][0], RenderPlan['segments'][0], RenderPlan['segments'][0]];

  it('seeks every clip of the batch to its window, one input each', () => {
    const a = batchArgs(p, all(p), (i) => clip({ src: src({ path: `/media/${i}.mp4` }) }), files, caps2018);
    expect(a.slice(0, 18)).toEqual([0, 1, 2].flatMap((i) => ['-threads', '1', '-ss', secs(p.segments[i]!.sourceStart), '-i', `/media/${i}.mp4`]));
    expect(a.filter((x) => x === '-i')).toHaveLength(3);
  });

  it('fills each clip as the clip pass does, with labels of its own', () => {
    const g = graphOf(batchArgs(p, all(p), () => clip({ fit: 'BARS', src: src({ width: 1080, height: 1920 }) }), files, caps2018));
    expect(g).toContain(`[1:v:0]fps=30,trim=end_frame=${s1.frames},setpts=PTS-STARTPTS,scale=406:720,setsar=1,pad=1280:720:437:0:black,format=yuv420p[v_1]`);
    const blur = graphOf(batchArgs(p, all(p), () => clip({ src: src({ width: 1080, height: 1920 }) }), files, caps2018));
    expect(blur).toContain('[bg_2][fg_2]overlay=x=437:y=0:eof_action=repeat,format=yuv420p[v_2]');
  });

  it('levels each clip by its own measured gain, exactly its frames of 48 kHz stereo, or silence', () => {
    const g = graphOf(batchArgs(p, all(p), (i) => clip({ cameraGainDb: i, src: src({ hasAudio: i !== 2 }) }), files, caps2018));
    expect(g).toContain(
      `[1:a:0]aresample=48000,highpass=f=80,volume=1dB,acompressor=threshold=0.25:ratio=4:attack=5:release=120:makeup=1,aformat=sample_fmts=s16:channel_layouts=stereo,apad,atrim=start_sample=0:end_sample=${s1.frames * 1600},asetpts=PTS-STARTPTS[a_1]`,
    );
    expect(g).toContain(`anullsrc=r=48000:cl=stereo,aformat=sample_fmts=s16:channel_layouts=stereo,atrim=end_sample=${s2.frames * 1600}[a_2]`);
  });

  it('cuts each clip into its body and the tail and head its crossfades blend, by frame and sample count', () => {
    const g = graphOf(batchArgs(p, all(p), () => clip(), files, caps2018));
    const N = s1.frames;
    expect(g).toContain('[v_1]split=3[vh10][vb10][vt10]');
    expect(g).toContain('[vh10]trim=start_frame=0:end_frame=15,setpts=PTS-STARTPTS[vh1]');
    expect(g).toContain(`[vb10]trim=start_frame=15:end_frame=${N - 15},setpts=PTS-STARTPTS[vb1]`);
    expect(g).toContain(`[ab10]atrim=start_sample=24000:end_sample=${(N - 15) * 1600},asetpts=PTS-STARTPTS[ab1]`);
    expect(g).toContain(`[vt10]trim=start_frame=${N - 15}:end_frame=${N},setpts=PTS-STARTPTS[vt1]`);
    // The crossfades blend decoded frames in the graph: no files written and read back.
    expect(g).toContain('[vh1]format=yuva420p,fade=t=in:s=0:n=15:alpha=1[x0in]');
    expect(g).toContain('[vt0][x0in]overlay=format=yuv420,format=yuv420p[x0v]');
    expect(graphOf(batchArgs(p, all(p), () => clip(), files, capsNew))).toContain('[vt1][vh2]xfade=transition=fade:duration=0.5:offset=0,format=yuv420p[x1v]');
    expect(g.at(-1)).toBe('[vb0][ab0][x0v][x0a][vb1][ab1][x1v][x1a][vb2][ab2]concat=n=5:v=1:a=1[vout][aout]');
  });

  it('encodes the whole batch in ONE x264 stream, an IDR at each piece, cut into one .mov per piece', () => {
    const a = batchArgs(p, all(p), () => clip(), files, capsNew);
    expect(a.filter((x) => x === 'libx264')).toHaveLength(1);
    const starts = pieceStarts(p, all(p).pieces);
    expect(starts).toEqual([0, s0.frames - 15, s0.frames, s0.frames + s1.frames - 30, s0.frames + s1.frames - 15]);
    expect(after(a, '-force_key_frames')).toBe(`expr:${starts.slice(1).map((s) => `eq(n,${s})`).join('+')}`);
    expect(after(a, '-segment_frames')).toBe(starts.slice(1).join(','));
    expect(after(a, '-segment_format')).toBe('mov');
    expect(after(a, '-segment_format_options')).toBe('video_track_timescale=15360');
    expect(after(a, '-avoid_negative_ts')).toBe('disabled');
    const v = a.indexOf('[vout]');
    expect(a.slice(v + 1, v + 1 + pieceVideoArgs(p, capsNew).length)).toEqual(pieceVideoArgs(p, capsNew));
    expect(a[a.indexOf(files.segments) - 1]).toBe('1');
    expect(a.slice(-3 - soundCodecArgs().length)).toEqual(['-map', '[aout]', ...soundCodecArgs(), files.sound]);
    expect(batchSegment(files.segments, 3)).toBe('/w/batch-0-3.mov');
  });

  it('decodes only the tail of a clip whose body is kept, on the clip’s own clock for its words', () => {
    const run = planBatches(p, (x) => !(x.kind === 'body' && x.clip === 0), 99)[0]!;
    expect(run.inputs[0]).toEqual({ clip: 0, from: s0.frames - 15, to: s0.frames });
    const g = graphOf(batchArgs(p, run, () => clip({ draw: ['drawbox=t=fill'] }), files, capsNew));
    expect(g).toContain(`[0:v:0]fps=30,trim=start_frame=${s0.frames - 15}:end_frame=${s0.frames},setpts=PTS-STARTPTS,scale=1280:720,setsar=1,format=yuv420p[filled_0]`);
    expect(g).toContain(`[filled_0]setpts=PTS+${s0.frames - 15}/(30*TB),drawbox=t=fill,setpts=PTS-STARTPTS[v_0]`);
    expect(g).toContain(`[v_0]null[vt0]`);
    expect(g.join(';')).toContain(`atrim=start_sample=${(s0.frames - 15) * 1600}:end_sample=${s0.frames * 1600}`);
  });

  it('passes a lone piece straight through, and never splits it', () => {
    const cut = plan(2, { transition: 'CUT' });
    const one = planBatches(cut, (x) => x.kind === 'body' && x.clip === 1, 99)[0]!;
    const a = batchArgs(cut, one, () => clip(), files, caps2018);
    expect(graphOf(a).slice(-4)).toEqual(['[v_0]null[vb1]', '[a_0]anull[ab1]', '[vb1]null[vout]', '[ab1]anull[aout]']);
    expect(a).not.toContain('-force_key_frames');
    expect(after(a, '-segment_frames')).toBe(String(cut.segments[1]!.frames));
  });

  it('draws words on the canvas near the end of a file', () => {
    const g = graphOf(batchArgs(p, all(p), (i) => clip({ src: src({ duration: i === 1 ? s1.sourceEnd + 0.5 : 120 }) }), files, caps2018));
    expect(g).toContain(`color=c=black:s=1280x720:r=30,trim=end_frame=${s1.frames}[canvas_1]`);
  });
});

describe('batch sound', () => {
  it('knows where each piece’s samples are in the batch’s WAV', () => {
    const p = plan(3);
    const ranges = wavPieces(p, playingOrder(p));
    expect(ranges[0]).toEqual({ start: 0, end: (p.segments[0]!.frames - 15) * 1600 * 4 });
    expect(ranges[1]).toEqual({ start: ranges[0]!.end, end: ranges[0]!.end + 15 * 1600 * 4 });
    expect(ranges.at(-1)!.end).toBe(p.totalFrames * 1600 * 4);
  });

  it('finds the data chunk past other chunks, and writes a plain 16-bit stereo WAV', () => {
    const data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const plain = wavFile(data);
    expect(plain.length).toBe(44 + 8);
    expect(wavData(plain)).toEqual({ offset: 44, size: 8 });
    expect(plain.readUInt32LE(24)).toBe(48000);
    // A LIST chunk between fmt and data (as ffmpeg may write) is skipped.
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(wavData(withList)).toEqual({ offset: 56, size: 8 });
    expect(() => wavData(Buffer.from('not a wav at all, no'))).toThrow(/WAV/);
  });
});

describe('labels', () => {
  it('makes one input’s chain unique', () => {
    expect(relabel(['[0:v:0]fps=30[v]', '[0:a:0]anull[a]', '[bg][fg]overlay[out]'], 3)).toEqual(['[3:v:0]fps=30[v_3]', '[3:a:0]anull[a_3]', '[bg_3][fg_3]overlay[out_3]']);
  });
});

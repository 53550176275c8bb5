// parseProbe (ffmpeg.ts) on ffprobe's JSON as text: no binary needed.
import { describe, expect, it } from 'vitest';
import { parseProbe } from './ffmpeg.js';

const json = (data: unknown) => JSON.stringify(data);

describe('parseProbe', () => {
  it('reads duration, size, creation time, the video and audio streams', () => {
    const p = parseProbe(
      json({
        format: { duration: '6.040000', format_name: 'mov,mp4,m4a,3gp,3g2,mj2', size: '123456', tags: { creation_time: '2026-11-20T01:30:00.000000Z' } },
        streams: [
          { codec_type: 'video', codec_name: 'h264', width: 1440, height: 1080, avg_frame_rate: '30000/1001', sample_aspect_ratio: '4:3', nb_frames: '181' },
          { codec_type: 'audio', codec_name: 'aac', sample_rate: '44100', channels: 1 },
        ],
      }),
    );
    expect(p).toMatchObject({ duration: 6.04, formatName: 'mov,mp4,m4a,3gp,3g2,mj2', sizeBytes: 123456 });
    expect(p.creationTime?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(p.video).toEqual({ width: 1440, height: 1080, fps: 30000 / 1001, sar: 4 / 3, rotation: 0, codec: 'h264', frames: 181 });
    expect(p.audio).toEqual({ sampleRate: 44100, channels: 1, codec: 'aac' });
  });

  it('turns rotation into clockwise degrees: the old rotate tag as is, side data negated', () => {
    const rotation = (stream: object) => parseProbe(json({ streams: [{ codec_type: 'video', ...stream }] })).video!.rotation;
    expect(rotation({ tags: { rotate: '90' } })).toBe(90);
    expect(rotation({ side_data_list: [{ rotation: -90 }] })).toBe(90);
    expect(rotation({ side_data_list: [{ rotation: 90 }] })).toBe(270);
    expect(rotation({ side_data_list: [{ rotation: 180 }] })).toBe(180);
  });

  it('skips cover art, falls back to r_frame_rate and square pixels, ignores a bad creation time', () => {
    const p = parseProbe(
      json({
        format: { tags: { creation_time: 'yesterday' } },
        streams: [
          { codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600 },
          { codec_type: 'video', codec_name: 'hevc', width: 320, height: 240, avg_frame_rate: '0/0', r_frame_rate: '25/1' },
        ],
      }),
    );
    expect(p.video).toMatchObject({ codec: 'hevc', width: 320, fps: 25, sar: 1 });
    expect(p.creationTime).toBeUndefined();
    expect(p.audio).toBeUndefined();
    expect(p.duration).toBe(0);
  });
});

// A tiny deterministic music synthesiser for the demo tracks: arpeggios over a four-chord loop,
// a pad, a bass line, drums and (in every other phrase) a pentatonic melody. Pure JS, so the
// 200 s track renders in a fraction of a second; ffmpeg only encodes the result.
import type { DemoMusic } from './content.js';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Stereo interleaved float PCM (−1…1) of the track. One loop of two phrases (plain, then with
 * melody and a different arpeggio) is rendered and tiled to the track's length.
 */
export function synthesise(m: DemoMusic, rate = 44100): Float32Array {
  const beat = 60 / m.bpm;
  const bar = beat * 4;
  const loopBars = m.chords.length * 2;
  const loopFrames = Math.round(loopBars * bar * rate);
  // One extra bar holds the decay of the loop's last notes, folded back onto its start.
  const frames = loopFrames + Math.round(bar * rate);
  const out = new Float32Array(frames * 2);
  const random = rng(Math.round(m.bpm * 1000 + m.duration));

  const add = (start: number, length: number, pan: number, voice: (t: number, i: number) => number) => {
    const from = Math.max(0, Math.round(start * rate));
    const to = Math.min(frames, Math.round((start + length) * rate));
    const l = Math.cos(((pan + 1) * Math.PI) / 4);
    const r = Math.sin(((pan + 1) * Math.PI) / 4);
    for (let i = from; i < to; i++) {
      const v = voice((i - from) / rate, i);
      out[i * 2] = out[i * 2]! + v * l;
      out[i * 2 + 1] = out[i * 2 + 1]! + v * r;
    }
  };
  const tone = (f: number, t: number) => Math.sin(2 * Math.PI * f * t);
  const pluck = (f: number, amp: number, decay: number) => (t: number) =>
    amp * Math.min(1, t * 200) * Math.exp(-t * decay) * (tone(f, t) + 0.3 * tone(2 * f, t));

  const bars = loopBars;
  const pentatonic = [1, 9 / 8, 5 / 4, 3 / 2, 5 / 3, 2];
  for (let b = 0; b < bars; b++) {
    const chord = m.chords[b % m.chords.length]!;
    const third = chord.minor ? 1.1892 : 1.2599;
    const notes = [1, third, 1.4983, 2];
    const t0 = b * bar;
    const phrase = Math.floor(b / m.chords.length);
    // Pad: the triad, slow attack and release.
    add(t0, bar, 0, (t) => {
      const env = Math.min(1, t / 0.15, (bar - t) / 0.15);
      return 0.05 * env * (tone(chord.root, t) + tone(chord.root * third, t) + tone(chord.root * 1.4983, t));
    });
    for (let k = 0; k < 8; k++) {
      // Arpeggio in eighths: up, or up-and-down in odd phrases.
      const pattern = phrase % 2 === 0 ? [0, 1, 2, 3, 0, 1, 2, 3] : [0, 1, 2, 3, 2, 1, 0, 2];
      const f = chord.root * 2 * notes[pattern[k]!]!;
      add(t0 + (k * beat) / 2, beat * 1.5, k % 2 ? 0.4 : -0.4, pluck(f, 0.12, 6));
    }
    for (let k = 0; k < 4; k++) {
      const tb = t0 + k * beat;
      // Bass on every beat, an octave below the root (fifth on beat 3).
      add(tb, beat, 0, pluck((chord.root / 2) * (k === 2 ? 1.4983 : 1), 0.22, 4));
      // Kick on every beat: a falling sine.
      add(tb, 0.35, 0, (t) => 0.5 * Math.exp(-t * 10) * Math.sin(2 * Math.PI * (45 * t + (90 / 30) * (1 - Math.exp(-t * 30)))));
      // Snare-ish noise on 2 and 4, hats on the off-beats.
      if (k % 2 === 1) add(tb, 0.2, 0.1, (t) => 0.12 * Math.exp(-t * 22) * (random() * 2 - 1));
      add(tb + beat / 2, 0.06, -0.2, (t) => 0.04 * Math.exp(-t * 70) * (random() * 2 - 1));
    }
    // Melody in odd phrases: quarter notes from the pentatonic scale over the chord root.
    if (phrase % 2 === 1) {
      for (let k = 0; k < 4; k++) {
        if (random() < 0.25) continue;
        const f = m.chords[0]!.root * 2 * pentatonic[Math.floor(random() * pentatonic.length)]!;
        add(t0 + k * beat, beat * 0.95, 0.2, (t) => 0.1 * Math.min(1, t * 40) * Math.exp(-t * 2) * (tone(f, t) + 0.2 * tone(3 * f, t)));
      }
    }
  }
  for (let i = 0; i < (frames - loopFrames) * 2; i++) out[i] = out[i]! + out[loopFrames * 2 + i]!;
  // Tile, soft clip, then normalise to −1 dBFS.
  const total = Math.round(m.duration * rate) * 2;
  const track = new Float32Array(total);
  let peak = 0;
  for (let i = 0; i < total; i++) {
    const v = Math.tanh(out[i % (loopFrames * 2)]! * 1.2);
    track[i] = v;
    if (Math.abs(v) > peak) peak = Math.abs(v);
  }
  const gain = peak > 0 ? 0.89 / peak : 1;
  for (let i = 0; i < total; i++) track[i] = track[i]! * gain;
  return track;
}

/** A 16-bit PCM WAV file of interleaved stereo float samples. */
export function toWav(samples: Float32Array, rate: number, channels = 2): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  // A DataView writes little-endian whatever the platform, without Buffer's per-call checks.
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), true);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

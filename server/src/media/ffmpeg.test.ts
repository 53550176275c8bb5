// Which caption font the media tool draws with: CAPTION_FONT when it exists, else the first
// installed of the known system fonts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCaptionFont } from './ffmpeg.ts';

const dir = mkdtempSync(join(tmpdir(), 'dayreel-fonts-'));
const present = join(dir, 'present.ttf');
const other = join(dir, 'other.ttc');
writeFileSync(present, 'x');
writeFileSync(other, 'x');
const missing = join(dir, 'missing.ttf');

describe('findCaptionFont', () => {
  it('takes CAPTION_FONT when the file exists, and nothing else when it does not', () => {
    expect(findCaptionFont(present, [other])).toBe(present);
    expect(findCaptionFont(missing, [other])).toBeUndefined();
  });

  it('else the first installed candidate, in order', () => {
    expect(findCaptionFont(undefined, [missing, other, present])).toBe(other);
  });
});

// The `limits` query's answer, and the SPA's copy of it for the moment before that answer arrives.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { limitsOf } from './services.js';
import { LIMITS } from './vlogs/settings.js';
import { DEFAULT_LIMITS } from '../../web/src/domain/settings.ts';

describe('limitsOf', () => {
  it('answers the configured event counts and the vlog rules, the title length included', () => {
    const limits = limitsOf({ minEvents: 4, maxEvents: 50, maxActiveVlogsPerUser: 2 });
    expect(limits).toEqual({ minEvents: 4, maxEvents: 50, minDuration: 30, maxDuration: 180, minMusicWindow: 0.5, maxTitleLength: LIMITS.maxTitleLength, maxActiveVlogs: 2, burnedCaptions: false });
    expect(limitsOf({ minEvents: 4, maxEvents: 50, maxActiveVlogsPerUser: 2 }, true).burnedCaptions).toBe(true);
  });

  it("matches what the SPA shows until the limits query answers (web/src/domain/settings.ts DEFAULT_LIMITS)", () => {
    expect(limitsOf(loadConfig({}))).toMatchObject(DEFAULT_LIMITS);
  });
});

import { describe, expect, it } from 'vitest';
import { MediaUrlSigner } from './urls.js';

const NOW = Date.parse('2026-11-20T01:00:00Z');
const parse = (url: string) => {
  const u = new URL(url, 'http://x');
  return { path: decodeURIComponent(u.pathname.slice('/media/'.length)), e: u.searchParams.get('e')!, s: u.searchParams.get('s')! };
};

describe('MediaUrlSigner', () => {
  it('signs a key so that only that key, unexpired, verifies', () => {
    const signer = new MediaUrlSigner('secret-1', 3600);
    const url = signer.sign('users/7/recordings/a b.mp4', 'https://d.example', NOW);
    expect(url).toMatch(/^https:\/\/d\.example\/media\/users\/7\/recordings\/a%20b\.mp4\?e=\d+&s=[\w-]{32}$/);
    const { path, e, s } = parse(url);
    expect(path).toBe('users/7/recordings/a b.mp4');
    expect(signer.verify(path, e, s, NOW)).toBe(true);
    // Valid at least ttl seconds, at most ttl + the 600 s rounding.
    expect(Number(e) * 1000).toBeGreaterThanOrEqual(NOW + 3600_000);
    expect(Number(e) * 1000).toBeLessThanOrEqual(NOW + 4200_000);
    expect(signer.verify(path, e, s, Number(e) * 1000 + 1)).toBe(false);
    expect(signer.verify('users/8/recordings/a b.mp4', e, s, NOW)).toBe(false);
    expect(signer.verify(path, String(Number(e) + 600), s, NOW)).toBe(false);
    expect(new MediaUrlSigner('secret-2', 3600).verify(path, e, s, NOW)).toBe(false);
    expect(signer.verify(path, undefined, s, NOW)).toBe(false);
    expect(signer.verify(path, '12x', s, NOW)).toBe(false);
    expect(signer.verify(path, e, s.slice(1), NOW)).toBe(false);
  });

  it('gives identical URLs within one 10-minute bucket, so browsers can cache them', () => {
    const signer = new MediaUrlSigner('secret', 3600);
    // Expiry 1 s past a bucket boundary: the next 5 minutes round up to the same expiry, 10 do not.
    const start = Math.ceil(NOW / 600_000) * 600_000 - 3600_000 + 1000;
    expect(signer.sign('music/x.mp3', '', start)).toBe(signer.sign('music/x.mp3', '', start + 300_000));
    expect(signer.sign('music/x.mp3', '', start)).not.toBe(signer.sign('music/x.mp3', '', start + 600_000));
  });

  it("uses the storage's own URLs when it has them", async () => {
    const direct = { presign: async (key: string, ttl: number) => `https://bucket.example/${key}?ttl=${ttl}` };
    expect(await new MediaUrlSigner('s', 60, direct).url('music/a.mp3')).toBe('https://bucket.example/music/a.mp3?ttl=60');
    expect(new MediaUrlSigner('s', 60).url('music/a.mp3')).toMatch(/^\/media\/music\/a\.mp3\?e=/);
  });
});

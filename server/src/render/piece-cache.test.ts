// The piece cache's size cap: least recently used entries go first; a fetch counts as a use.
import { mkdtemp, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PieceCache } from './piece-cache.ts';

const KEY = (n: number) => String(n).repeat(16);

describe('PieceCache size cap', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dayreel-pieces-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Stores a 1,000-byte piece under KEY(n), marked as used `ago` seconds ago. */
  async function put(cache: PieceCache, n: number, ago: number): Promise<void> {
    const file = join(root, `src-${n}`);
    await writeFile(file, Buffer.alloc(1000, n));
    await cache.store(KEY(n), { 'body.mp4': file });
    const then = new Date(Date.now() - ago * 1000);
    await utimes(join(cache.dir, KEY(n)), then, then).catch(() => {}); // evicted already (cap 0)
  }

  it('keeps everything without a cap', async () => {
    const cache = new PieceCache(join(root, 'pieces'));
    for (let n = 1; n <= 4; n++) await put(cache, n, 100 - n);
    expect((await cache.keys()).sort()).toEqual([KEY(1), KEY(2), KEY(3), KEY(4)]);
  });

  it('removes the least recently used entries past the cap; a fetch makes an entry recent', async () => {
    const cache = new PieceCache(join(root, 'pieces'), { maxBytes: 3000 });
    await put(cache, 1, 40);
    await put(cache, 2, 30);
    await put(cache, 3, 20);
    // Entry 1 is fetched (used now), so entry 2 is now the least recently used.
    expect(await cache.fetch(KEY(1), { 'body.mp4': join(root, 'out-1') })).toBe(true);
    await put(cache, 4, 10);
    expect((await cache.keys()).sort()).toEqual([KEY(1), KEY(3), KEY(4)]);
    await put(cache, 5, 5);
    expect((await cache.keys()).sort()).toEqual([KEY(1), KEY(4), KEY(5)]);
  });

  it('a cap of 0 keeps nothing', async () => {
    const cache = new PieceCache(join(root, 'pieces'), { maxBytes: 0 });
    await put(cache, 1, 1);
    expect(await cache.keys()).toEqual([]);
    expect(await cache.has(KEY(1))).toBe(false);
  });
});

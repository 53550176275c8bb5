// The folder of kept pieces: one sub-folder per key, filled under a temporary name and renamed in
// whole, so a reader sees a complete entry or none. Pieces are hard-linked in and out (a copy
// across file systems), so a render owns its files even if the entry is released meanwhile.
// The folder has a size cap: past it, the least recently used entries go (an edit of their vlog
// then encodes those pieces again — slower, never wrong).
import { copyFile, link, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

async function place(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** Where a process keeps pieces: a folder of DATA_DIR (local to each machine). */
export function pieceCacheDir(dataDir: string): string {
  return join(dataDir, 'pieces');
}

/** The process's piece cache, as configured (PIECE_CACHE_MB). */
export function pieceCacheOf(config: { dataDir: string; pieceCacheMb: number }): PieceCache {
  return new PieceCache(pieceCacheDir(config.dataDir), { maxBytes: config.pieceCacheMb * 1024 * 1024 });
}

export interface PieceCacheOptions {
  /** Bytes the kept pieces may take; the least recently used entries beyond it are removed. */
  maxBytes?: number;
}

export class PieceCache {
  constructor(
    readonly dir: string,
    private readonly opts: PieceCacheOptions = {},
  ) {}

  private entry(key: string): string {
    if (!/^[0-9a-f]{16,64}$/.test(key)) throw new Error(`bad piece key ${key}`);
    return join(this.dir, key);
  }

  /** Puts the entry's files (by name) at the given paths; false when it lacks any of them. */
  async fetch(key: string, files: Record<string, string>): Promise<boolean> {
    const dir = this.entry(key);
    try {
      for (const [name, to] of Object.entries(files)) await place(join(dir, name), to);
      const now = new Date();
      await utimes(dir, now, now).catch(() => {}); // recently used: the last to be evicted
      return true;
    } catch {
      await Promise.all(Object.values(files).map((f) => rm(f, { force: true })));
      return false;
    }
  }

  /** Whether an entry is kept under `key`. */
  async has(key: string): Promise<boolean> {
    return !!(await stat(this.entry(key)).catch(() => null));
  }

  /** Keeps the files (name → path) under `key`; an existing entry wins. */
  async store(key: string, files: Record<string, string>): Promise<void> {
    const dir = this.entry(key);
    if (await stat(dir).catch(() => null)) return;
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${key}.${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(tmp);
      for (const [name, from] of Object.entries(files)) await place(from, join(tmp, name));
      await rename(tmp, dir).catch(() => {}); // another render stored it first
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    await this.evict();
  }

  /** Removes the least recently used entries until the kept pieces fit in maxBytes. */
  async evict(): Promise<void> {
    if (this.opts.maxBytes === undefined) return;
    const entries = await Promise.all((await this.keys()).map((key) => this.usage(key)));
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    for (const e of entries.sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= this.opts.maxBytes) break;
      await rm(this.entry(e.key), { recursive: true, force: true });
      total -= e.bytes;
    }
  }

  /** An entry's size and when it was last stored or fetched. */
  private async usage(key: string): Promise<{ key: string; bytes: number; usedMs: number }> {
    const dir = this.entry(key);
    const [info, names] = await Promise.all([stat(dir).catch(() => null), readdir(dir).catch(() => [] as string[])]);
    const sizes = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => s.size, () => 0)));
    return { key, bytes: sizes.reduce((a, b) => a + b, 0), usedMs: info?.mtimeMs ?? 0 };
  }

  /** Removes entries, except those in `keep`. */
  async release(keys: Iterable<string>, keep: Set<string> = new Set()): Promise<void> {
    for (const key of keys) if (!keep.has(key)) await rm(this.entry(key), { recursive: true, force: true });
  }

  async keys(): Promise<string[]> {
    return (await readdir(this.dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  }
}

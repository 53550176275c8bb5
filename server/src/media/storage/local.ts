// Storage in a local folder. Writes go to a temporary name in the same folder and are
// renamed into place, so a crash never leaves a half-written object under a real key.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, type ByteRange, type LocalCopy, type Storage, type StoredObject } from './storage.js';

export class LocalStorage implements Storage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async writeAtomically(key: string, write: (tmp: string) => Promise<void>): Promise<StoredObject> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.partial`;
    try {
      await write(tmp);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return { size: (await fs.stat(target)).size };
  }

  putFile(key: string, filePath: string, opts: { move?: boolean } = {}): Promise<StoredObject> {
    return this.writeAtomically(key, async (tmp) => {
      if (opts.move) {
        try {
          await fs.rename(filePath, tmp);
          return;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        }
      }
      await fs.copyFile(filePath, tmp);
      if (opts.move) await fs.rm(filePath, { force: true });
    });
  }

  put(key: string, body: Buffer | Readable): Promise<StoredObject> {
    return this.writeAtomically(key, async (tmp) => {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, createWriteStream(tmp));
    });
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const st = await fs.stat(this.pathOf(key));
      return st.isFile() ? { size: st.size, modifiedAt: st.mtime } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    await fs.access(file);
    return createReadStream(file, range ? { start: range.start, end: range.end } : undefined);
  }

  async localCopy(key: string): Promise<LocalCopy> {
    const file = this.pathOf(key);
    await fs.access(file);
    return { path: file, release: async () => {} };
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix ? this.pathOf(prefix.replace(/\/+$/, '')) : this.root;
    const out: string[] = [];
    async function walk(dir: string): Promise<void> {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else out.push(full);
      }
    }
    await walk(base);
    return out.map((f) => path.relative(this.root, f).split(path.sep).join('/')).sort();
  }

  /** Files are served through signed /media URLs. */
  directUrls(): null {
    return null;
  }

  /** Nothing held open. */
  close(): void {}
}

// S3Storage against s3rver (an S3-speaking server) on 127.0.0.1: the whole Storage contract,
// ranges, paginated listing, temporary local copies and presigned URLs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type TestS3 } from '../../testing/s3rver.js';
import { S3Storage } from './s3.js';

let s3: TestS3;
let storage: S3Storage;
let tmp: string;

beforeAll(async () => {
  s3 = await startS3rver();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-s3-test-'));
  storage = new S3Storage({ ...s3.config, tmpDir: tmp, contentType: (k) => (k.endsWith('.mp4') ? 'video/mp4' : 'application/octet-stream') });
  await storage.check();
}, 60_000);

afterAll(async () => {
  storage?.close();
  await s3?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

describe('S3Storage', () => {
  it('stores bytes, streams and files, and reports their size', async () => {
    expect(await storage.put('a/bytes.txt', Buffer.from('0123456789'))).toEqual({ size: 10 });
    expect(await storage.put('a/stream.txt', Readable.from([Buffer.from('abc'), Buffer.from('def')]))).toEqual({ size: 6 });
    const file = path.join(tmp, 'source.mp4');
    fs.writeFileSync(file, 'not really a video');
    expect(await storage.putFile('a/file.mp4', file)).toEqual({ size: 18 });
    expect(fs.existsSync(file)).toBe(true);
    expect(await storage.putFile('a/moved.mp4', file, { move: true })).toEqual({ size: 18 });
    expect(fs.existsSync(file)).toBe(false);
    expect(await storage.stat('a/bytes.txt')).toEqual({ size: 10, modifiedAt: expect.any(Date) });
    expect(await storage.stat('a/stream.txt')).toMatchObject({ size: 6 });
    expect(await storage.stat('a/missing')).toBeNull();
  });

  it('uploads a stream larger than one part without holding it whole', async () => {
    const part = Buffer.alloc(1024 * 1024, 1);
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= 20) return this.push(null);
        sent++;
        this.push(part);
      },
    });
    expect(await storage.put('big/stream.bin', source)).toEqual({ size: 20 * part.length });
    expect(await storage.stat('big/stream.bin')).toMatchObject({ size: 20 * part.length });
  });

  it('reads whole objects and inclusive byte ranges', async () => {
    expect(await text(await storage.read('a/bytes.txt'))).toBe('0123456789');
    expect(await text(await storage.read('a/bytes.txt', { start: 2, end: 5 }))).toBe('2345');
    expect(await text(await storage.read('a/bytes.txt', { start: 9, end: 9 }))).toBe('9');
    await expect(storage.read('a/missing')).rejects.toThrow();
  });

  it('lists every key under a folder, across pages (1000 a page), and not its neighbours', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => storage.put(k, Buffer.from('x'))));
    await storage.put('many2/other.txt', Buffer.from('x'));
    expect(await storage.list('many')).toEqual(keys);
    expect(await storage.list('many/')).toEqual(keys);
    expect(await storage.list('a')).toEqual(['a/bytes.txt', 'a/file.mp4', 'a/moved.mp4', 'a/stream.txt']);
    expect(await storage.list('nothing/here')).toEqual([]);
  }, 120_000);

  it('deletes keys, missing ones too', async () => {
    await storage.put('gone/x.txt', Buffer.from('x'));
    await storage.delete('gone/x.txt');
    await storage.delete('gone/x.txt');
    expect(await storage.stat('gone/x.txt')).toBeNull();
  });

  it('makes a local copy for ffmpeg and removes it on release', async () => {
    const copy = await storage.localCopy('a/file.mp4');
    expect(path.basename(copy.path)).toBe('file.mp4');
    expect(fs.readFileSync(copy.path, 'utf8')).toBe('not really a video');
    await copy.release();
    expect(fs.existsSync(copy.path)).toBe(false);
    await expect(storage.localCopy('a/missing.mp4')).rejects.toThrow();
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('s3-copy-'))).toEqual([]);
  });

  it('presigns GET URLs that serve the object with its type and ranges, stable within a window', async () => {
    const now = Date.parse('2026-05-01T10:03:00Z');
    const url = await storage.presign('a/file.mp4', 3600, Date.now());
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(await res.text()).toBe('not really a video');
    const ranged = await fetch(url, { headers: { range: 'bytes=4-9' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('really');
    expect(await storage.presign('a/file.mp4', 3600, now)).toBe(await storage.presign('a/file.mp4', 3600, now + 5 * 60_000));
  });

  it('refuses unsafe keys before any request', async () => {
    await expect(storage.put('../escape', Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    await expect(storage.stat('/abs')).rejects.toThrow(/invalid storage key/);
  });

  it('says clearly when the bucket does not exist', async () => {
    const other = new S3Storage({ ...s3.config, bucket: 'no-such-bucket' });
    await expect(other.check()).rejects.toThrow(/S3 bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not exist/);
    other.close();
  });
});

// Storage in an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2…). Keys map 1:1 to
// object keys. Uploads stream in parts (lib-storage), so no whole file is held in memory; an
// object appears only when its upload completes, which gives the atomicity Storage promises.
// ffmpeg needs files, so localCopy downloads to a temporary file that release() deletes.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Config } from '../../config.js';
import { assertSafeKey, type ByteRange, type DirectUrls, type LocalCopy, type Storage, type StoredObject } from './storage.js';

export interface S3StorageOptions extends S3Config {
  /** Where localCopy puts its downloads (default: the OS temp folder). */
  tmpDir?: string;
  /** Content-Type stored with each object, so presigned URLs play in a browser. */
  contentType?: (key: string) => string;
}

/** Presigned URLs are signed at the start of a 10-minute window, so repeated queries give the same URL (cacheable). */
const SIGNING_WINDOW_SECONDS = 600;
/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

export class S3Storage implements Storage {
  private readonly client: S3Client;
  /** Signs URLs for the endpoint browsers use, which may differ from the one this process uses. */
  private readonly signer: S3Client;
  readonly bucket: string;

  constructor(private readonly opts: S3StorageOptions) {
    this.bucket = opts.bucket;
    const base: S3ClientConfig = {
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.accessKeyId ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey! } : undefined,
      // Newer SDKs add CRC checksums to every upload by default; several S3-compatible stores
      // (older MinIO, Ceph, R2) reject or mangle those requests. Only send them where required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = new S3Client({ ...base, endpoint: opts.endpoint });
    this.signer = opts.publicEndpoint ? new S3Client({ ...base, endpoint: opts.publicEndpoint }) : this.client;
  }

  /** Fails with a readable message when the bucket is missing or unreachable (called at start). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const where = this.opts.endpoint ?? `AWS region ${this.opts.region}`;
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why =
        status === 404 ? 'does not exist (create it first)' : status === 403 ? 'is not accessible with these credentials' : `cannot be reached: ${(err as Error).message || (err as Error).name}`;
      throw new Error(`S3 bucket "${this.bucket}" at ${where} ${why}`);
    }
  }

  private async upload(key: string, body: Readable | Buffer): Promise<void> {
    assertSafeKey(key);
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: this.opts.contentType?.(key) },
      // 4 parts of 8 MB in flight at most: bounded memory whatever the file size.
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
      leavePartsOnError: false,
    }).done();
  }

  async putFile(key: string, filePath: string, opts: { move?: boolean } = {}): Promise<StoredObject> {
    const { size } = await fs.stat(filePath);
    await this.upload(key, createReadStream(filePath));
    if (opts.move) await fs.rm(filePath, { force: true });
    return { size };
  }

  async put(key: string, body: Buffer | Readable): Promise<StoredObject> {
    if (Buffer.isBuffer(body)) {
      await this.upload(key, body);
      return { size: body.length };
    }
    let size = 0;
    const counted = new PassThrough();
    counted.on('data', (chunk: Buffer) => (size += chunk.length));
    // The source's errors must reach the upload (pipeline destroys `counted` with them).
    const piping = pipeline(body, counted);
    const uploading = this.upload(key, counted).catch((err: unknown) => {
      counted.destroy(err as Error); // stop reading the source
      throw err;
    });
    await Promise.all([uploading, piping]);
    return { size };
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertSafeKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    if (!out.Body) throw new Error(`S3 returned no body for ${key}`);
    return out.Body as Readable;
  }

  async localCopy(key: string): Promise<LocalCopy> {
    const dir = await fs.mkdtemp(path.join(this.opts.tmpDir ?? os.tmpdir(), 's3-copy-'));
    const release = () => fs.rm(dir, { recursive: true, force: true });
    try {
      // Keep the file name (and its extension) for tools that look at it.
      const file = path.join(dir, path.posix.basename(key));
      await pipeline(await this.read(key), createWriteStream(file));
      return { path: file, release };
    } catch (err) {
      await release();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    // S3 answers 204 for a missing key too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async list(prefix: string): Promise<string[]> {
    // A prefix names a folder, as in LocalStorage: "users/1/vlogs" must not match "users/1/vlogs2/…".
    const folder = prefix.replace(/\/+$/, '');
    if (folder) assertSafeKey(folder);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: folder ? `${folder}/` : undefined, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  /** A URL that GETs key straight from the bucket for ttlSeconds (at least; up to 10 minutes more). */
  async presign(key: string, ttlSeconds: number, now = Date.now()): Promise<string> {
    assertSafeKey(key);
    const window = SIGNING_WINDOW_SECONDS * 1000;
    const signingDate = new Date(Math.floor(now / window) * window);
    const expiresIn = Math.min(MAX_PRESIGN_SECONDS, ttlSeconds + SIGNING_WINDOW_SECONDS);
    return getSignedUrl(this.signer, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn, signingDate });
  }

  /** Browsers fetch media straight from the bucket. */
  directUrls(): DirectUrls {
    return this;
  }

  close(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}

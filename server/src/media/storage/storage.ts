// Media storage: every media file (recordings, thumbnails, music, vlogs) lives under a key.
// Nothing else in Dayreel knows where files are; a local folder now, an S3 bucket later.
import type { Readable } from 'node:stream';

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface StoredObject {
  size: number;
  /** When the object was last written, where the store says (stat). */
  modifiedAt?: Date;
}

/** A local file that ffmpeg can read; call release() when done (an S3 store deletes its copy). */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

export interface Storage {
  /** Stores a local file under key, atomically: readers see the old object or the whole new one. */
  putFile(key: string, filePath: string, opts?: { move?: boolean }): Promise<StoredObject>;
  /** Stores bytes or a stream under key, atomically. */
  put(key: string, body: Buffer | Readable): Promise<StoredObject>;
  stat(key: string): Promise<StoredObject | null>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** A file path for tools that need one (ffmpeg). */
  localCopy(key: string): Promise<LocalCopy>;
  /** Deletes key; missing keys are fine. */
  delete(key: string): Promise<void>;
  /** Every key under prefix (for cleaning up and for tests that look for stray files). */
  list(prefix: string): Promise<string[]>;
  /** URLs that fetch keys straight from the store (S3 presigned GETs), or null when files are served through /media. */
  directUrls(): DirectUrls | null;
  /** Releases connections; the storage is not used afterwards. */
  close(): void;
}

/** A store that serves files itself: a URL that GETs key for at least ttlSeconds. */
export interface DirectUrls {
  presign(key: string, ttlSeconds: number): Promise<string>;
}

/** Keys are plain relative paths of safe segments; anything else is refused before any I/O. */
export function assertSafeKey(key: string): void {
  if (
    !key ||
    key.length > 512 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}

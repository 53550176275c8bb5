// Short-lived signed URLs for media keys, so <video src> and other apps can fetch a file
// without a cookie. The signature covers the key and the expiry; nothing else is trusted.
// When the storage can hand out its own URLs (Storage.directUrls: S3 presigned GETs), those are used instead, so
// media bytes go straight from the bucket to the browser and not through an API process.
import crypto from 'node:crypto';
import type { DirectUrls } from './storage/storage.js';

export class MediaUrlSigner {
  constructor(
    private readonly secret: string,
    /** Seconds a URL stays valid. */
    private readonly ttlSeconds = 6 * 3600,
    private readonly direct?: DirectUrls,
  ) {}

  /** The URL clients should fetch key from: the storage's own when it has one, else a signed /media URL. */
  url(key: string, base = ''): Promise<string> | string {
    return this.direct ? this.direct.presign(key, this.ttlSeconds) : this.sign(key, base);
  }

  private mac(key: string, expires: number): string {
    return crypto.createHmac('sha256', this.secret).update(`${key}\n${expires}`).digest('base64url').slice(0, 32);
  }

  /** Signed paths by key, for the current expiry bucket: a day's listing signs hundreds of keys per request. */
  private readonly signedPaths = new Map<string, { expires: number; path: string }>();

  /** `/media/<key>?e=<unix>&s=<mac>`; base is the public origin ("" for a relative URL). */
  sign(key: string, base = '', now = Date.now()): string {
    // Round the expiry so repeated queries give identical URLs (browser cache friendly).
    const bucket = 600;
    const expires = Math.ceil((now / 1000 + this.ttlSeconds) / bucket) * bucket;
    let entry = this.signedPaths.get(key);
    if (entry?.expires !== expires) {
      if (this.signedPaths.size >= 20_000) this.signedPaths.clear();
      entry = { expires, path: `/media/${key.split('/').map(encodeURIComponent).join('/')}?e=${expires}&s=${this.mac(key, expires)}` };
      this.signedPaths.set(key, entry);
    }
    return `${base}${entry.path}`;
  }

  verify(key: string, expires: string | undefined, signature: string | undefined, now = Date.now()): boolean {
    if (!expires || !signature || !/^\d+$/.test(expires)) return false;
    const exp = Number(expires);
    if (exp * 1000 < now) return false;
    const expected = Buffer.from(this.mac(key, exp));
    const given = Buffer.from(signature);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }
}


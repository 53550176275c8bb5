// GET/HEAD /media/<key>: media files for their owner only — by a signed URL, or by the
// session (cookie or bearer) of the user the key belongs to. Range requests (206) so video
// seeks; another user's file answers exactly like a missing one (404).
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '../media/storage/storage.js';
import { assertSafeKey } from '../media/storage/storage.js';
import type { MediaUrlSigner } from '../media/urls.js';
import { keyOwner } from '../media/storage/keys.js';
import { contentTypeOf } from '../media/content-types.js';
import type { User } from '../generated/prisma/client.js';

/** Parses a single `bytes=` range against size; null = serve whole, 'unsatisfiable' = 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: the whole file is a valid answer
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export function mediaHandler(deps: {
  storage: Storage;
  urls: MediaUrlSigner;
  userOf: (req: Request) => Promise<User | null>;
}) {
  return async (req: Request, res: Response): Promise<void> => {
    const parts = (req.params as { key?: string[] | string }).key;
    const key = Array.isArray(parts) ? parts.join('/') : (parts ?? '');
    try {
      assertSafeKey(key);
    } catch {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    const { e, s } = req.query as { e?: string; s?: string };
    let allowed = deps.urls.verify(key, e, s);
    if (!allowed) {
      const user = await deps.userOf(req);
      if (!user && !s) {
        res.status(401).type('text/plain').send('sign in to see this file');
        return;
      }
      const owner = keyOwner(key);
      allowed = !!user && (owner === 'shared' || (owner !== null && owner.userId === user.id));
    }
    if (!allowed) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    await sendStoredFile(req, res, deps.storage, key, 'private, max-age=3600');
  };
}

/**
 * Answers a GET/HEAD with a stored file: 200 whole, 206 for a single Range, 416 past the end,
 * 404 when the key is missing. Shared by /media and the share links' media (http/share.ts).
 */
export async function sendStoredFile(req: Request, res: Response, storage: Storage, key: string, cacheControl: string): Promise<void> {
  const stat = await storage.stat(key);
  if (!stat) {
    res.status(404).type('text/plain').send('not found');
    return;
  }
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', contentTypeOf(key));
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const range = parseRange(req.headers.range, stat.size);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${stat.size}`).end();
    return;
  }
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${stat.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200);
    res.setHeader('Content-Length', String(stat.size));
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = await storage.read(key, range ?? undefined);
  try {
    await pipeline(stream, res);
  } catch {
    // The client went away mid-file (seeking does this all the time).
  }
}

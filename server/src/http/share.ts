// GET /s/<token>: the public page of a share link — no sign-in; the player, the title and the
// date. Its media (/s/<token>/video.mp4, poster.jpg, captions.vtt) streams through this route,
// never through a presigned or cacheable URL, and every request (each Range request of a video
// being watched included) looks the link up in the database again: a revoked or expired link
// stops at the next request, on every API process. Everything here is noindex and rate-limited.
import express, { type Request, type Response, type Router } from 'express';
import type { Database } from '../db/database.js';
import type { Storage } from '../media/storage/storage.js';
import type { SharingService } from '../sharing/service.js';
import { gonePage, pageLocale, sharePage, tooManyPage } from '../sharing/page.js';
import { MemoryRateLimiter, type RateLimiter } from '../lib/rate-limit.js';
import { DatabaseRateLimiter } from '../auth/throttle.js';
import { sendStoredFile } from './media.js';

/** Page views per client address and minute; media requests (seeks are Range requests) get more. */
export const SHARE_PAGE_LIMIT = 60;
export const SHARE_MEDIA_LIMIT = 600;
const SHARE_WINDOW_SECONDS = 60;

export interface ShareLimiters {
  pages: RateLimiter;
  media: RateLimiter;
}

/**
 * In memory with the embedded database: its one process sees every request, and a share page
 * costs no write. In the database on PostgreSQL, where any number of API processes serve the
 * links and must count together (one upsert per request, beside the link's own lookup).
 */
export function shareLimiters(db: Pick<Database, 'kind' | 'prisma'>): ShareLimiters {
  const limiter = (name: string, limit: number): RateLimiter =>
    db.kind === 'postgres' ? new DatabaseRateLimiter(db.prisma, name, limit, SHARE_WINDOW_SECONDS) : new MemoryRateLimiter(limit, SHARE_WINDOW_SECONDS * 1000);
  return { pages: limiter('share-page', SHARE_PAGE_LIMIT), media: limiter('share-media', SHARE_MEDIA_LIMIT) };
}

const PAGE_CSP = "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** On top of the app's security headers (helmet, http/security.ts): never indexed, never cached. */
function privateHeaders(res: Response): void {
  res.setHeader('X-Robots-Tag', 'noindex, nofollow, noarchive');
  res.setHeader('Cache-Control', 'no-store');
}

export function shareRouter(deps: { sharing: SharingService; storage: Storage; limiters: ShareLimiters }): Router {
  const router = express.Router();
  const { pages, media } = deps.limiters;

  const limited = async (limiter: RateLimiter, req: Request, res: Response, html: boolean): Promise<boolean> => {
    const decision = await limiter.take(req.ip ?? 'unknown');
    if (decision.allowed) return false;
    res.status(429).setHeader('Retry-After', String(decision.retryAfter));
    if (html) res.type('html').send(tooManyPage(pageLocale(req.get('accept-language'))));
    else res.type('text/plain').send('too many requests');
    return true;
  };

  router.get('/:token', async (req, res) => {
    privateHeaders(res);
    // Stricter than the app's policy: this page has no script at all.
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    if (await limited(pages, req, res, true)) return;
    const locale = pageLocale(req.get('accept-language'));
    const token = req.params.token;
    const shared = await deps.sharing.resolve(token);
    if (!shared) {
      res.status(404).type('html').send(gonePage(locale));
      return;
    }
    const hasCaptions = !!shared.captionsKey;
    res
      .status(200)
      .type('html')
      .send(sharePage({ token, locale, title: shared.title, date: shared.date, hasPoster: !!shared.posterKey, hasCaptions, portrait: shared.aspect === 'PORTRAIT' }));
  });

  const FILES = { 'video.mp4': 'video', 'poster.jpg': 'poster', 'captions.vtt': 'captions' } as const;
  router.get('/:token/:file', async (req, res) => {
    privateHeaders(res);
    if (await limited(media, req, res, false)) return;
    const which = FILES[req.params.file as keyof typeof FILES];
    const shared = which ? await deps.sharing.resolve(req.params.token) : null;
    const key = !shared ? null : which === 'video' ? shared.videoKey : which === 'poster' ? shared.posterKey : shared.captionsKey;
    if (!key) {
      res.status(404).type('text/plain').send('this link has expired or was turned off');
      return;
    }
    // no-store: the browser asks again for every range, so the next one meets a revocation.
    await sendStoredFile(req, res, deps.storage, key, 'no-store');
  });

  // Everything else under /s is nothing (not the web app's index page).
  router.use((_req, res) => {
    privateHeaders(res);
    res.status(404).type('text/plain').send('not found');
  });

  return router;
}

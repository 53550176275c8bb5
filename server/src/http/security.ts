// Response hygiene for every page: security headers (helmet, with a Content-Security-Policy
// that fits the SPA and the GraphiQL IDE), compression, and caching of the built web app.
import path from 'node:path';
import type http from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import compression from 'compression';

/**
 * The policy. Scripts only from this origin (the Vite build has no inline scripts); styles may be
 * inline (GraphiQL's page and Monaco inject <style>); workers from this origin or blob: (Monaco);
 * images and fonts may be data: URIs; media (video, posters, thumbnails, music) from this origin,
 * blob:, and the object store's own origin when media URLs are presigned there (STORAGE=s3).
 * No framing anywhere (frame-ancestors 'none' and X-Frame-Options DENY).
 */
export function securityHeaders(opts: { mediaOrigins: readonly string[]; socketOrigins: (req: http.IncomingMessage) => string[] }): RequestHandler {
  const media = ["'self'", 'blob:', ...opts.mediaOrigins];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: [...media, 'data:'],
        mediaSrc: media,
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        // 'self' covers same-origin ws: in CSP 3; the explicit ws(s) origin is for older browsers.
        connectSrc: ["'self'", (req) => opts.socketOrigins(req).join(' ')],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Signed media URLs are meant for other apps' players too.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}

/** gzip or brotli for text (JS, CSS, HTML, JSON answers); media types are left alone by the filter. */
export function compressResponses(): RequestHandler {
  return compression();
}

/** Vite's content-hashed files (root/assets/…) never change under their name; everything else is revalidated. */
export function webCacheControl(root: string): (res: Response, file: string) => void {
  return (res, file) => {
    const hashed = path.relative(root, file).split(path.sep)[0] === 'assets';
    res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/** Media answers may be embedded by other origins' players (signed URLs). */
export function allowCrossOriginEmbedding(_req: Request, res: Response, next: () => void): void {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
}

/**
 * Errors before GraphQL runs (a body over the limit, malformed JSON) as GraphQL-shaped JSON
 * with a code — never Express's default page, which shows a stack outside production.
 */
export function requestErrors(maxBytes: number, log: (msg: string) => void): ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number; type?: string; stack?: string; message?: string }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    let message = 'Internal server error';
    let code = 'INTERNAL_SERVER_ERROR';
    if (err.type === 'entity.too.large') {
      message = `the request body is larger than ${maxBytes} bytes (MAX_REQUEST_BYTES)`;
      code = 'PAYLOAD_TOO_LARGE';
    } else if (status < 500) {
      message = err.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : 'the request could not be read';
      code = 'BAD_REQUEST';
    } else {
      log(`http: ${err.stack ?? err.message}`);
    }
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}

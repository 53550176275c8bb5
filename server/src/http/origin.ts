// Which origin a request reached, for absolute media URLs and the WebSocket Origin check.
// Forwarded headers (X-Forwarded-Proto/Host) count only from a proxy TRUST_PROXY trusts; else the
// origin is PUBLIC_URL, or the Host header when it names this server's port (and, on a loopback
// listener, a loopback name), else the listen address itself. Pure functions of their inputs.
import type http from 'node:http';
import net from 'node:net';

export interface OriginPolicy {
  publicUrl?: string;
  /** Express's compiled `trust proxy` function: whether the hop at addr may set X-Forwarded-*. */
  trust: (addr: string, i: number) => boolean;
  /** Where the server listens (known once it does). */
  listen?: { host: string; port: number };
  /** Other origins allowed to open cookie-authenticated WebSockets. */
  allowedOrigins: readonly string[];
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

/** host[:port] with a DNS name, IPv4 or [IPv6] host; anything else is not a Host we'd echo. */
const HOST_HEADER = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (net.isIPv4(bare) && bare.startsWith('127.'));
}

function listenHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Whether a proxy we trust sent this request (its X-Forwarded-* headers count). */
export function fromTrustedProxy(req: http.IncomingMessage, policy: Pick<OriginPolicy, 'trust'>): boolean {
  return policy.trust(req.socket.remoteAddress ?? '', 0);
}

/** The Host a request addressed, validated as described at the top; undefined when it doesn't pass. */
export function requestHost(req: http.IncomingMessage, policy: OriginPolicy, tls: boolean): string | undefined {
  const trusted = fromTrustedProxy(req, policy);
  const host = (trusted && first(req.headers['x-forwarded-host'])) || req.headers.host;
  if (!host) return undefined;
  const m = HOST_HEADER.exec(host);
  if (!m) return undefined;
  if (trusted || !policy.listen) return host.toLowerCase();
  const port = m[1] ? Number(m[1]) : tls ? 443 : 80;
  if (port !== policy.listen.port) return undefined;
  const hostname = host.replace(/:\d+$/, '');
  if (isLoopback(policy.listen.host) && !isLoopback(hostname)) return undefined;
  return host.toLowerCase();
}

/** The origin for absolute URLs in answers to this request, e.g. http://127.0.0.1:4000. */
export function requestOrigin(req: http.IncomingMessage, policy: OriginPolicy): string {
  if (policy.publicUrl) return policy.publicUrl.replace(/\/+$/, '');
  const tls = !!(req.socket as { encrypted?: boolean }).encrypted;
  const proto = fromTrustedProxy(req, policy) ? (first(req.headers['x-forwarded-proto']) ?? (tls ? 'https' : 'http')) : tls ? 'https' : 'http';
  const host = requestHost(req, policy, proto === 'https');
  if (host) return `${proto === 'https' ? 'https' : 'http'}://${host}`;
  return policy.listen ? `http://${listenHost(policy.listen.host)}:${policy.listen.port}` : 'http://localhost';
}

/**
 * Whether a page at `origin` may use this request's cookie over a WebSocket: the server's own
 * origin (PUBLIC_URL, or the host the browser addressed), or one of ALLOWED_ORIGINS. Browsers
 * always send Origin on a WebSocket; a client without one is not a browser page.
 */
export function cookieOriginAllowed(req: http.IncomingMessage, policy: OriginPolicy): boolean {
  const origin = first(req.headers.origin);
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (policy.allowedOrigins.includes(parsed.origin)) return true;
  if (policy.publicUrl && new URL(policy.publicUrl).origin === parsed.origin) return true;
  const trusted = fromTrustedProxy(req, policy);
  const host = ((trusted && first(req.headers['x-forwarded-host'])) || req.headers.host || '').toLowerCase();
  return host !== '' && parsed.host === host;
}

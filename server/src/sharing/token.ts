// Share-link tokens: the link's id and an HMAC of it under the server's secret. The database
// keeps only the id, so reading the table opens no link, and the URL can still be shown again
// to the owner. 32 hex digits of id + 32 base64url characters of MAC (192 bits): unguessable.
import crypto from 'node:crypto';

const TOKEN_RE = /^([0-9a-f]{32})([A-Za-z0-9_-]{32})$/;

function mac(secret: string, id: string): string {
  return crypto.createHmac('sha256', secret).update(`share-link\n${id}`).digest('base64url').slice(0, 32);
}

function compact(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

export function shareToken(secret: string, id: string): string {
  return `${compact(id)}${mac(secret, id.toLowerCase())}`;
}

/** The link id a token names, or null when it is malformed or its MAC does not match. */
export function shareLinkIdOf(secret: string, token: string): string | null {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const hex = m[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expected = Buffer.from(mac(secret, id));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : null;
}

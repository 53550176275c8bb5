// How a request names its session: `Authorization: Bearer …` first, else the HttpOnly cookie.
import type http from 'node:http';
import { parse as parseCookie } from 'cookie';

export const SESSION_COOKIE = 'dayreel_session';

/** The session token of a request: `Authorization: Bearer …` first, else the cookie. */
export function tokenOf(headers: http.IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim() || undefined;
  if (headers.cookie) return parseCookie(headers.cookie)[SESSION_COOKIE] || undefined;
  return undefined;
}

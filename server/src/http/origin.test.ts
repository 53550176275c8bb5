import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieOriginAllowed, requestOrigin, type OriginPolicy } from './origin.js';

const req = (headers: http.IncomingHttpHeaders, remoteAddress = '127.0.0.1') => ({ headers, socket: { remoteAddress } }) as unknown as http.IncomingMessage;
const trustNone = () => false;
const trustLoopback = (addr: string) => addr === '127.0.0.1';
const policy = (over: Partial<OriginPolicy> = {}): OriginPolicy => ({ trust: trustNone, listen: { host: '127.0.0.1', port: 4000 }, allowedOrigins: [], ...over });

describe('requestOrigin', () => {
  it('is PUBLIC_URL when set, whatever the request says', () => {
    expect(requestOrigin(req({ host: 'evil.example', 'x-forwarded-proto': 'https' }), policy({ publicUrl: 'https://dayreel.example/' }))).toBe('https://dayreel.example');
  });

  it('ignores forwarded headers from an untrusted hop and falls back to the listen address for a foreign Host', () => {
    const headers = { host: 'evil.example:4000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
    expect(requestOrigin(req(headers), policy())).toBe('http://127.0.0.1:4000');
    expect(requestOrigin(req({ host: 'localhost:4000' }), policy())).toBe('http://localhost:4000');
    expect(requestOrigin(req({ host: '127.0.0.1:9999' }), policy())).toBe('http://127.0.0.1:4000'); // another port
    expect(requestOrigin(req({ host: 'a/b@c' }), policy())).toBe('http://127.0.0.1:4000'); // not a host
    expect(requestOrigin(req({ host: 'box.lan:4000' }), policy({ listen: { host: '0.0.0.0', port: 4000 } }))).toBe('http://box.lan:4000');
    expect(requestOrigin(req({}), policy({ listen: { host: '::', port: 4000 } }))).toBe('http://[::1]:4000');
  });

  it('believes a trusted proxy (TRUST_PROXY)', () => {
    const headers = { host: '127.0.0.1:4000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'dayreel.example' };
    expect(requestOrigin(req(headers), policy({ trust: trustLoopback }))).toBe('https://dayreel.example');
    expect(requestOrigin(req(headers, '10.0.0.9'), policy({ trust: trustLoopback }))).toBe('http://127.0.0.1:4000');
  });
});

describe('cookieOriginAllowed', () => {
  const at = (origin: string | undefined, host = '127.0.0.1:4000') => req(origin ? { origin, host } : { host });
  it('allows the page the browser loaded from this server, ALLOWED_ORIGINS and PUBLIC_URL; nothing else', () => {
    expect(cookieOriginAllowed(at('http://127.0.0.1:4000'), policy())).toBe(true);
    expect(cookieOriginAllowed(at('http://evil.example'), policy())).toBe(false);
    expect(cookieOriginAllowed(at('http://127.0.0.1:4001'), policy())).toBe(false);
    expect(cookieOriginAllowed(at('null'), policy())).toBe(false);
    expect(cookieOriginAllowed(at('https://app.example'), policy({ allowedOrigins: ['https://app.example'] }))).toBe(true);
    expect(cookieOriginAllowed(at('https://dayreel.example'), policy({ publicUrl: 'https://dayreel.example' }))).toBe(true);
    expect(cookieOriginAllowed(at(undefined), policy())).toBe(true); // not a browser page
  });
});

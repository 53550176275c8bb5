import http from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from './security.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ mediaOrigins: ['https://bucket.s3.eu-west-1.amazonaws.com'], socketOrigins: () => ['ws://127.0.0.1:4000', 'wss://127.0.0.1:4000'] }));
  app.get('/', (_req, res) => res.send('ok'));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the Content-Security-Policy', () => {
  it('lets the page load presigned media from the object store, and nothing run from elsewhere', async () => {
    const csp = (await fetch(base)).headers.get('content-security-policy')!;
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
    expect(directive('media-src')).toBe("media-src 'self' blob: https://bucket.s3.eu-west-1.amazonaws.com");
    expect(directive('img-src')).toBe("img-src 'self' blob: https://bucket.s3.eu-west-1.amazonaws.com data:");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('worker-src')).toBe("worker-src 'self' blob:");
    expect(directive('connect-src')).toBe("connect-src 'self' ws://127.0.0.1:4000 wss://127.0.0.1:4000");
    expect(csp).not.toContain('upgrade-insecure-requests'); // the default setup is plain http on 127.0.0.1
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, currentLogContext, effectiveLevel, logFunction, requestIdFrom, withLogContext } from './logger.js';
import { formatError } from '../graphql/errors.js';
import { LOG_LEVELS, type LogLevel } from '../config.js';

function capture(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, format: 'json', name: 'test', destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  return { lines, logger, log: logFunction(logger) };
}

describe('logger', () => {
  it('never silences errors: warn keeps warnings and errors, silent keeps errors', () => {
    for (const level of LOG_LEVELS) {
      const { lines, log } = capture(level);
      log('an info line');
      log('a warning', 'warn');
      log('an error', 'error');
      const kept = lines.map((l) => l.level);
      expect(kept).toContain('error');
      expect(kept.includes('info')).toBe(level === 'debug' || level === 'info');
      expect(kept.includes('warn')).toBe(level !== 'error' && level !== 'silent');
    }
    expect(effectiveLevel('silent')).toBe('error');
  });

  it('writes one JSON object per line with time, level, name, pid and the request context', async () => {
    const { lines, log } = capture('info');
    await withLogContext({ requestId: 'r-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      withLogContext({ jobId: 'j-1' }, () => log('inside'));
      expect(currentLogContext()).toEqual({ requestId: 'r-1' });
    });
    log('outside');
    expect(lines[0]).toMatchObject({ level: 'info', name: 'test', pid: process.pid, msg: 'inside', requestId: 'r-1', jobId: 'j-1' });
    expect(typeof lines[0]!.time).toBe('string');
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it("logs an internal error's stack at error level even with LOG_LEVEL=silent", () => {
    const { lines, log } = capture('silent');
    const out = formatError({ message: 'boom' }, new Error('database exploded'), log);
    expect(out).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error' });
    expect(String(lines[0]!.msg)).toContain('database exploded');
  });

  it('takes a short client request id and replaces anything else', () => {
    expect(requestIdFrom('abc-123.X:y_z')).toBe('abc-123.X:y_z');
    for (const bad of ['', 'a'.repeat(65), 'has space', 'new\nline', undefined, ['x']]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('writes readable lines in development', () => {
    let text = '';
    const destination = new Writable({ write: (chunk, _enc, done) => void ((text += String(chunk)), done()) });
    const logger = createLogger({ level: 'info', format: 'pretty', name: 'dev', destination });
    withLogContext({ requestId: 'r-2' }, () => logger.info('hello there'));
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(dev\): hello there\n\s+requestId: "r-2"/);
  });
});

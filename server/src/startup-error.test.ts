import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { errorCode, startupFailure } from './startup-error.js';

const config = { dataDir: '/srv/dayreel', host: '127.0.0.1', port: 4000, databaseUrl: undefined };
const sys = (code: string, syscall?: string) => Object.assign(new Error(`${syscall ?? 'open'} ${code}`), { code, syscall });
class ErrnoError extends Error {
  constructor(readonly errno: number) {
    super('FS error');
  }
}

describe('startupFailure', () => {
  it('names the cause and what to do, in one line', () => {
    expect(startupFailure(sys('EADDRINUSE', 'listen'), config)).toBe('port 4000 on 127.0.0.1 is already in use by another program; stop it or set PORT to a free port');
    expect(startupFailure(sys('EACCES', 'listen'), config)).toMatch(/^port 4000 needs more privileges/);
    expect(startupFailure(sys('EACCES', 'mkdir'), config)).toMatch(/^DATA_DIR \/srv\/dayreel cannot be written/);
    expect(startupFailure(sys('EROFS'), config)).toMatch(/read-only file system/);
    expect(startupFailure(sys('ENOTDIR', 'mkdir'), config)).toMatch(/is not a folder/);
    expect(startupFailure(new ConfigError('PORT must be an integer, got "x"'), config)).toBe('PORT must be an integer, got "x"');
    for (const err of [sys('EADDRINUSE'), sys('ENOSPC'), new ErrnoError(51), new Error('boom\n  at x')]) expect(startupFailure(err, config)).not.toContain('\n');
  });

  it("reads PGlite's WebAssembly errno (51 = full disk) and causes", () => {
    expect(errorCode(new ErrnoError(51))).toBe('ENOSPC');
    expect(startupFailure(new ErrnoError(51), config)).toBe('the disk holding DATA_DIR /srv/dayreel is full; free some space or set DATA_DIR to another disk');
    expect(errorCode(new Error('wrapped', { cause: new ErrnoError(69) }))).toBe('EROFS');
    expect(startupFailure(new Error('something odd'), config)).toBe('an unexpected error stopped it (something odd); run with LOG_LEVEL=debug for details');
  });
});

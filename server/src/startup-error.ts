// Why Dayreel could not start, as one sentence a person can act on (main.ts and worker.ts print
// it alone and exit non-zero; LOG_LEVEL=debug adds the stack). Pure: the error and the config in,
// the sentence out.
import { ConfigError, type Config } from './config.js';
import { DataDirLockedError } from './db/lock.js';

/** PGlite runs PostgreSQL in WebAssembly; its file errors carry Emscripten's errno numbers. */
const EMSCRIPTEN_ERRNO: Record<number, string> = { 2: 'EACCES', 20: 'EEXIST', 29: 'EIO', 51: 'ENOSPC', 54: 'ENOTDIR', 63: 'EPERM', 69: 'EROFS' };

interface SystemError {
  code?: string;
  errno?: number;
  syscall?: string;
  message?: string;
  name?: string;
  cause?: unknown;
}

/** The error code of err or of the first error in its cause chain that has one (e.g. "ENOSPC"). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err as SystemError | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as SystemError, depth++) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    const wasm = (e.name === 'ErrnoError' || e.constructor?.name === 'ErrnoError') && typeof e.errno === 'number' ? EMSCRIPTEN_ERRNO[e.errno] : undefined;
    if (wasm) return wasm;
    const inMessage = /\b(ENOSPC|EROFS|EACCES|EPERM|EADDRINUSE|EADDRNOTAVAIL|ECONNREFUSED|ENOTFOUND)\b/.exec(e.message ?? '');
    if (inMessage) return inMessage[1];
  }
  return undefined;
}

export function startupFailure(err: unknown, config: Pick<Config, 'dataDir' | 'host' | 'port' | 'databaseUrl'>): string {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) return err.message;
  const dir = config.dataDir;
  const syscall = (err as SystemError)?.syscall;
  switch (errorCode(err)) {
    case 'EADDRINUSE':
      return `port ${config.port} on ${config.host} is already in use by another program; stop it or set PORT to a free port`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config.host} is not an address of this machine; set HOST to one of its addresses (or 0.0.0.0)`;
    case 'EACCES':
    case 'EPERM':
      if (syscall === 'listen' || syscall === 'bind') return `port ${config.port} needs more privileges than this user has; set PORT to 1024 or above`;
      return `DATA_DIR ${dir} cannot be written by this user; give it to this user or set DATA_DIR to a folder it owns`;
    case 'EROFS':
      return `DATA_DIR ${dir} is on a read-only file system; set DATA_DIR to a writable folder`;
    case 'ENOSPC':
      return `the disk holding DATA_DIR ${dir} is full; free some space or set DATA_DIR to another disk`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `DATA_DIR ${dir} is not a folder; point DATA_DIR at a folder (it is created if missing)`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
      return config.databaseUrl
        ? 'the PostgreSQL server in DATABASE_URL cannot be reached; check that it runs and that the URL is right'
        : 'the embedded database could not be reached; check that nothing else uses DATA_DIR';
    default: {
      const message = String((err as SystemError)?.message ?? err).split('\n')[0]!.slice(0, 200);
      return `an unexpected error stopped it (${message}); run with LOG_LEVEL=debug for details`;
    }
  }
}

// Every environment variable Dayreel reads, parsed and defaulted in one place.
// Nothing else in the code touches process.env (tests build a Config directly).
import path from 'node:path';

export interface Config {
  /** HTTP + WebSocket listener. */
  host: string;
  port: number;
  /** Public origin used in absolute URLs; defaults to http://host:port. */
  publicUrl?: string;
  /** postgresql://… for a real server; unset = embedded PGlite in dataDir/pglite. */
  databaseUrl?: string;
  /** Where PGlite, media files and temporary render files live. */
  dataDir: string;
  /** Secret for tokens' signed media URLs; generated and kept in dataDir when unset. */
  secret?: string;
  /** Create the demo user and day on an empty database. */
  demo: boolean;
  /** Render jobs in this process (RUNNER=off for an API-only process). */
  runner: boolean;
  /** Render jobs at once per process. */
  renderConcurrency: number;
  /** Seconds a render may take before it is failed. */
  jobTimeoutSeconds: number;
  /** Attempts before a job is failed for good. */
  jobMaxAttempts: number;
  /** Minimum events per vlog (the server uses min(this, events that day)). */
  minEvents: number;
  maxEvents: number;
  sessionDays: number;
  /** Serve web/dist (the SPA) and GraphiQL. */
  serveWeb: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  ffmpegPath?: string;
  ffprobePath?: string;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be debug, info, warn, error or silent, got "${logLevel}"`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env.PORT, 4000, 'PORT'),
    publicUrl: env.PUBLIC_URL || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    secret: env.DAYREEL_SECRET || undefined,
    demo: bool(env.DEMO, true),
    runner: bool(env.RUNNER, true),
    renderConcurrency: int(env.RENDER_CONCURRENCY, 1, 'RENDER_CONCURRENCY'),
    jobTimeoutSeconds: int(env.JOB_TIMEOUT_SECONDS, 900, 'JOB_TIMEOUT_SECONDS'),
    jobMaxAttempts: int(env.JOB_MAX_ATTEMPTS, 3, 'JOB_MAX_ATTEMPTS'),
    minEvents: int(env.MIN_EVENTS, 10, 'MIN_EVENTS'),
    maxEvents: int(env.MAX_EVENTS, 200, 'MAX_EVENTS'),
    sessionDays: int(env.SESSION_DAYS, 30, 'SESSION_DAYS'),
    serveWeb: bool(env.SERVE_WEB, true),
    logLevel,
    ffmpegPath: env.FFMPEG_PATH || undefined,
    ffprobePath: env.FFPROBE_PATH || undefined,
  };
}

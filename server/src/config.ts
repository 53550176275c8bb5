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
  /** Font covering Traditional Chinese for drawn words; unset = the first installed of media/ffmpeg.ts CAPTION_FONTS. */
  captionFont?: string;
  /** Where local media lives (STORAGE=local); unset = <dataDir>/media. Processes on one machine may share it. */
  mediaDir?: string;
  /** How render jobs are dispatched: 'db' = in-process runner over inference_jobs; 'pgboss' = pg-boss on DATABASE_URL. */
  queue: 'db' | 'pgboss';
  /** Progress messages between processes: 'memory' (one process) or 'pg' (LISTEN/NOTIFY). Unset = 'pg' with DATABASE_URL, else 'memory'; see busKind(). */
  bus?: 'memory' | 'pg';
  /** A running job whose heartbeat is older than this belongs to a dead worker and is taken over. */
  jobStaleSeconds: number;
  storage: 'local' | 's3';
  /** Set when storage is 's3'. */
  s3?: S3Config;
}

export interface S3Config {
  bucket: string;
  /** Custom endpoint for MinIO, Ceph, R2…; unset = AWS. */
  endpoint?: string;
  /** Endpoint put into presigned URLs when browsers reach the store by another name (e.g. a proxy); unset = endpoint. */
  publicEndpoint?: string;
  region: string;
  /** Unset = the AWS SDK's default credential chain (instance role, AWS_* variables…). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bucket in the path (http://host/bucket/key), as MinIO and most self-hosted stores need. */
  forcePathStyle: boolean;
}

/** A setting that cannot work; main.ts and worker.ts print the message alone. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function mediaDirOf(config: Pick<Config, 'mediaDir' | 'dataDir'>): string {
  return config.mediaDir ?? path.join(config.dataDir, 'media');
}

/** Which event bus this process uses: LISTEN/NOTIFY whenever the database is a shared server. */
export function busKind(config: Pick<Config, 'bus' | 'databaseUrl'>): 'memory' | 'pg' {
  return config.bus ?? (config.databaseUrl ? 'pg' : 'memory');
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${value}"`);
  return n;
}

function choice<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T | undefined, name: string): T | undefined {
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(`${name} must be ${allowed.join(' or ')}, got "${value}"`);
  return v as T;
}

function s3Config(env: NodeJS.ProcessEnv): S3Config {
  if (!env.S3_BUCKET) throw new ConfigError('STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT for MinIO, Ceph or R2)');
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError('set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (to use the AWS default credentials)');
  }
  for (const name of ['S3_ENDPOINT', 'S3_PUBLIC_ENDPOINT'] as const) {
    const value = env[name];
    if (value && !/^https?:\/\/[^/]/.test(value)) throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: bool(env.S3_FORCE_PATH_STYLE, false),
  };
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn, error or silent, got "${logLevel}"`);
  }
  const storage = choice(env.STORAGE, ['local', 's3'] as const, 'local', 'STORAGE')!;
  const jobStaleSeconds = int(env.JOB_STALE_SECONDS, 20, 'JOB_STALE_SECONDS');
  return checkConfig({
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
    captionFont: env.CAPTION_FONT || undefined,
    mediaDir: env.MEDIA_DIR ? path.resolve(env.MEDIA_DIR) : undefined,
    queue: choice(env.QUEUE, ['db', 'pgboss'] as const, 'db', 'QUEUE')!,
    bus: choice(env.BUS, ['memory', 'pg'] as const, undefined, 'BUS'),
    jobStaleSeconds,
    storage,
    s3: storage === 's3' ? s3Config(env) : undefined,
  });
}

/** Refuses combinations that cannot work; also run by the composition root on configs built in code. */
export function checkConfig(config: Config): Config {
  // pg-boss and LISTEN/NOTIFY need a PostgreSQL server every process can reach; the embedded
  // PGlite belongs to one process (and NOTIFY does not cross its socket connections).
  if (config.queue === 'pgboss' && !config.databaseUrl) {
    throw new ConfigError('QUEUE=pgboss needs DATABASE_URL=postgresql://…: pg-boss runs on a PostgreSQL server, not on the embedded database');
  }
  if (config.bus === 'pg' && !config.databaseUrl) {
    throw new ConfigError("BUS=pg needs DATABASE_URL=postgresql://…: LISTEN/NOTIFY does not cross the embedded database's connections");
  }
  if (config.storage === 's3' && !config.s3) throw new ConfigError('STORAGE=s3 needs S3_BUCKET');
  // Heartbeats come every 2 s; a shorter limit would take jobs away from live workers.
  if (config.jobStaleSeconds < 5) throw new ConfigError(`JOB_STALE_SECONDS must be at least 5, got ${config.jobStaleSeconds}`);
  return config;
}

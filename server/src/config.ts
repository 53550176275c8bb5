// Every environment variable Dayreel reads, parsed and defaulted in one place.
// Nothing else in the code touches process.env (tests build a Config directly).
import path from 'node:path';

/** Log thresholds, most verbose first; errors are logged at every level (`silent` keeps only them). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  /** Seconds between this process's checks for due automatic vlogs; 0 = this process makes none. */
  autoVlogCheckSeconds: number;
  /** Failed sign-ins per username before each further attempt must wait (1 s, 2 s, 4 s …). */
  loginFreeAttempts: number;
  /** Failed sign-ins per client address before its attempts must wait. */
  loginFreeAttemptsPerClient: number;
  /** The longest such wait, in seconds. */
  loginMaxDelaySeconds: number;
  /** Pending + rendering vlogs one user may have at once. */
  maxActiveVlogsPerUser: number;
  /** MiB a render leaves free on the data and temp disks beyond its own estimated files. */
  renderDiskReserveMb: number;
  /** MiB the kept render pieces (for fast re-renders after an edit) may take; least recently used go first. */
  pieceCacheMb: number;
  /** Serve web/dist (the SPA) and GraphiQL. */
  serveWeb: boolean;
  logLevel: LogLevel;
  /** 'json' (one object per line, for collectors) or 'pretty' (for a terminal). Unset = json when NODE_ENV=production. */
  logFormat: 'json' | 'pretty';
  /** Bearer token that opens /metrics to non-loopback clients; unset = loopback only. */
  metricsToken?: string;
  /** A render worker's /healthz, /readyz and /metrics listener (on HOST); unset = none, 0 = any free port. */
  workerHealthPort?: number;
  /** Automatic daily backups of the database and local media (default: on with the embedded database). */
  autoBackup: boolean;
  /** Where automatic backups go; unset = <dataDir>/backups. */
  backupDir?: string;
  /** Automatic backups kept (older ones are deleted). */
  backupKeep: number;
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
  /**
   * Express's `trust proxy` (TRUST_PROXY): which hops' X-Forwarded-Proto/Host/For to believe.
   * false (unset) = none: origins come from PUBLIC_URL or the validated Host, Secure cookies from TLS only.
   */
  trustProxy: boolean | number | string;
  /** Other origins whose pages may open a cookie-authenticated WebSocket (ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Largest HTTP request body and WebSocket message, in bytes (MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
  /** Limits every GraphQL document meets before anything runs, over HTTP and WebSocket alike. */
  graphql: GraphQLLimits;
}

export interface GraphQLLimits {
  /** Lexical tokens a document may have; the parser stops at the first one over (GRAPHQL_MAX_TOKENS). */
  maxTokens: number;
  /** Field selections of one operation, with fragments expanded where they are used (GRAPHQL_MAX_FIELDS). */
  maxFields: number;
  /** Top-level fields of one operation, aliases included: each is its own database work (GRAPHQL_MAX_ROOT_FIELDS). */
  maxRootFields: number;
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

export function backupDirOf(config: Pick<Config, 'backupDir' | 'dataDir'>): string {
  return config.backupDir ?? path.join(config.dataDir, 'backups');
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

/** TRUST_PROXY as Express's `trust proxy` takes it: true/false, a hop count, or addresses/subnets. */
function trustProxyOf(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '' || ['0', 'false', 'off', 'no'].includes(value.toLowerCase())) return false;
  if (['true', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // "loopback", "10.0.0.0/8, 127.0.0.1", …
}

/** ALLOWED_ORIGINS: comma-separated origins such as https://app.example.com. */
function originsOf(value: string | undefined): string[] {
  const origins = (value ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/+$/, '')) {
      throw new ConfigError(`ALLOWED_ORIGINS must list origins such as https://app.example.com (scheme, host and port only), got "${origin}"`);
    }
  }
  return origins.map((o) => new URL(o).origin);
}

function positive(value: string | undefined, fallback: number, name: string): number {
  const n = int(value, fallback, name);
  if (n < 1) throw new ConfigError(`${name} must be at least 1, got ${n}`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const logLevel = choice(env.LOG_LEVEL, LOG_LEVELS, 'info', 'LOG_LEVEL')!;
  const workerHealthPort = env.WORKER_HEALTH_PORT ? int(env.WORKER_HEALTH_PORT, 0, 'WORKER_HEALTH_PORT') : undefined;
  if (workerHealthPort !== undefined && (workerHealthPort < 0 || workerHealthPort > 65535)) {
    throw new ConfigError(`WORKER_HEALTH_PORT must be a port number (0 = any free one), got "${env.WORKER_HEALTH_PORT}"`);
  }
  const backupKeep = int(env.BACKUP_KEEP, 7, 'BACKUP_KEEP');
  if (backupKeep < 1) throw new ConfigError(`BACKUP_KEEP must be at least 1, got ${backupKeep}`);
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
    autoVlogCheckSeconds: int(env.AUTO_VLOG_CHECK_SECONDS, 60, 'AUTO_VLOG_CHECK_SECONDS'),
    loginFreeAttempts: int(env.LOGIN_FREE_ATTEMPTS, 5, 'LOGIN_FREE_ATTEMPTS'),
    loginFreeAttemptsPerClient: int(env.LOGIN_FREE_ATTEMPTS_PER_CLIENT, 20, 'LOGIN_FREE_ATTEMPTS_PER_CLIENT'),
    loginMaxDelaySeconds: int(env.LOGIN_MAX_DELAY_SECONDS, 900, 'LOGIN_MAX_DELAY_SECONDS'),
    maxActiveVlogsPerUser: int(env.MAX_ACTIVE_VLOGS_PER_USER, 3, 'MAX_ACTIVE_VLOGS_PER_USER'),
    renderDiskReserveMb: int(env.RENDER_DISK_RESERVE_MB, 256, 'RENDER_DISK_RESERVE_MB'),
    pieceCacheMb: int(env.PIECE_CACHE_MB, 2048, 'PIECE_CACHE_MB'),
    serveWeb: bool(env.SERVE_WEB, true),
    logLevel,
    logFormat: choice(env.LOG_FORMAT, ['json', 'pretty'] as const, env.NODE_ENV === 'production' ? 'json' : 'pretty', 'LOG_FORMAT')!,
    metricsToken: env.METRICS_TOKEN || undefined,
    workerHealthPort,
    // A PostgreSQL server has its own backup tooling (and pg_dump may not be installed here).
    autoBackup: bool(env.AUTO_BACKUP, !env.DATABASE_URL),
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    backupKeep,
    ffmpegPath: env.FFMPEG_PATH || undefined,
    ffprobePath: env.FFPROBE_PATH || undefined,
    captionFont: env.CAPTION_FONT || undefined,
    mediaDir: env.MEDIA_DIR ? path.resolve(env.MEDIA_DIR) : undefined,
    queue: choice(env.QUEUE, ['db', 'pgboss'] as const, 'db', 'QUEUE')!,
    bus: choice(env.BUS, ['memory', 'pg'] as const, undefined, 'BUS'),
    jobStaleSeconds,
    storage,
    s3: storage === 's3' ? s3Config(env) : undefined,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    allowedOrigins: originsOf(env.ALLOWED_ORIGINS),
    maxRequestBytes: positive(env.MAX_REQUEST_BYTES, 1024 * 1024, 'MAX_REQUEST_BYTES'),
    graphql: {
      maxTokens: positive(env.GRAPHQL_MAX_TOKENS, 5000, 'GRAPHQL_MAX_TOKENS'),
      maxFields: positive(env.GRAPHQL_MAX_FIELDS, 1000, 'GRAPHQL_MAX_FIELDS'),
      maxRootFields: positive(env.GRAPHQL_MAX_ROOT_FIELDS, 20, 'GRAPHQL_MAX_ROOT_FIELDS'),
    },
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
  if (config.autoVlogCheckSeconds < 0) throw new ConfigError(`AUTO_VLOG_CHECK_SECONDS must be 0 (off) or more, got ${config.autoVlogCheckSeconds}`);
  if (config.maxActiveVlogsPerUser < 1) throw new ConfigError(`MAX_ACTIVE_VLOGS_PER_USER must be at least 1, got ${config.maxActiveVlogsPerUser}`);
  if (config.loginMaxDelaySeconds < 1) throw new ConfigError(`LOGIN_MAX_DELAY_SECONDS must be at least 1, got ${config.loginMaxDelaySeconds}`);
  if (config.loginFreeAttempts < 0 || config.loginFreeAttemptsPerClient < 0) throw new ConfigError('LOGIN_FREE_ATTEMPTS and LOGIN_FREE_ATTEMPTS_PER_CLIENT must be 0 or more');
  if (config.pieceCacheMb < 0) throw new ConfigError(`PIECE_CACHE_MB must be 0 or more, got ${config.pieceCacheMb}`);
  if (config.renderDiskReserveMb < 0) throw new ConfigError(`RENDER_DISK_RESERVE_MB must be 0 or more, got ${config.renderDiskReserveMb}`);
  return config;
}

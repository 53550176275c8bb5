// The composition root: config → database → storage, bus, media tool → services → job runner
// → HTTP/WebSocket server. Tests start the whole product through this, as main.ts does; a render
// worker (worker.ts) is the same core without the HTTP server.
import fs from 'node:fs';
import { renderProcesses } from './render/pipeline.js';
import path from 'node:path';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { SubscriptionFanOut } from './graphql/fan-out.js';
import { backupDirOf, busKind, checkConfig, ConfigError, mediaDirOf, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { acquireLock, DataDirLockedError } from './db/lock.js';
import { LocalStorage } from './media/storage/local.js';
import { S3Storage } from './media/storage/s3.js';
import type { Storage } from './media/storage/storage.js';
import { InProcessEventBus, type EventBus } from './bus/event-bus.js';
import { PgNotifyEventBus } from './bus/pg-notify.js';
import { MediaTool } from './media/ffmpeg.js';
import { DatabaseJobQueue } from './jobs/queue.js';
import { PgBossJobRunner } from './jobs/pgboss.js';
import { createServices, type Services } from './services.js';
import type { DemoMedia } from './demo/demo.js';
import { pieceCacheOf } from './render/piece-cache.js';
import { canDraw } from './render/captions.js';
import { buildCaps } from './render/commands.js';
import { vlogRenderJob } from './vlogs/render-job.js';
import { resolvers } from './graphql/resolvers.js';
import { guardInputs } from './graphql/input-guard.js';
import { createHttpServer } from './http/server.js';
import { shareLimiters } from './http/share.js';
import { CompiledQueries } from './graphql/compiled-execution.js';
import { DayAnswers } from './graphql/day-answers.js';
import { contentTypeOf } from './media/content-types.js';
import { hashPassword } from './auth/password.js';
import type { JobRunner } from './jobs/runner.js';
import { AutoVlogScheduler } from './autovlog/scheduler.js';
import type { LogFn } from './lib/logger.js';
import { Metrics } from './ops/metrics.js';
import { instrumentRenderJob, type InstrumentedRenderJob } from './ops/instrument-render.js';
import { checkReadiness, readinessChecks, type ReadinessReport } from './ops/readiness.js';
import { opsRoutes } from './http/ops.js';
import { startWorkerHealth } from './ops/worker-health.js';
import { writeBackup, type BackupSummary } from './ops/backup.js';
import { backupSource } from './ops/backup-db.js';
import { startControlServer } from './ops/control.js';
import { AutoBackup } from './ops/auto-backup.js';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

export interface Dayreel {
  url: string;
  port: number;
  db: Database;
  storage: Storage;
  services: Services;
  /** Where processes tell each other about changes (logouts, progress, imported events). */
  bus: EventBus;
  runner: JobRunner;
  tool: MediaTool;
  metrics: Metrics;
  /** What /readyz answers. */
  ready(): Promise<ReadinessReport>;
  /** Writes a backup into `dir` (new or empty), consistent while the server runs. */
  backup(dir: string): Promise<BackupSummary>;
  stop(): Promise<void>;
}

/** Logs at info, or at the level given (see lib/logger.ts). */
export type Logger = LogFn;

/** What tests may replace: the clock sharing and the automatic vlog go by. */
export interface StartOptions {
  clock?: () => Date;
  /** Subscription messages executed once and written to all their subscribers (tests pass one to count its executions). */
  fanOut?: SubscriptionFanOut;
  /** Compiled HTTP queries (graphql/compiled-execution.ts); false runs every operation with graphql-js (tests compare the two). */
  compiledQueries?: CompiledQueries | false;
  /** Recent answers to a day's events (graphql/day-answers.ts); false keeps none. */
  dayAnswers?: DayAnswers | false;
}

/** The executable GraphQL schema: schema.graphql with its resolvers, every argument checked at the edge (input-guard.ts). */
export function dayreelSchema() {
  return guardInputs(makeExecutableSchema({ typeDefs: readFileSync(SCHEMA_FILE, 'utf8'), resolvers: resolvers as never }));
}

/** The signing secret: DAYREEL_SECRET, else one generated once and kept in the data dir. */
function loadSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** The configured media storage (scripts use this too, so imports land where the server reads). */
export async function createStorage(config: Config, tmpDir?: string): Promise<Storage> {
  if (config.storage === 's3') {
    const s3 = new S3Storage({ ...config.s3!, tmpDir, contentType: contentTypeOf });
    await s3.check();
    return s3;
  }
  return new LocalStorage(mediaDirOf(config));
}

/** Everything but the HTTP server; `cleanup` steps run in reverse order on stop. */
interface Core {
  db: Database;
  storage: Storage;
  bus: EventBus;
  runner: JobRunner;
  services: Services;
  tool: MediaTool;
  metrics: Metrics;
  renderJob: InstrumentedRenderJob;
  ready(): Promise<ReadinessReport>;
  cleanup: (() => Promise<void>)[];
  stop(): Promise<void>;
}

/** Checks the configuration and the data dir, and finds ffmpeg: what every process does first. */
async function prepare(config: Config, log: Logger): Promise<MediaTool> {
  checkConfig(config);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 }); // owner-only when Dayreel creates it
  fs.accessSync(config.dataDir, fs.constants.W_OK); // fail now, with a clear sentence (startup-error.ts), not mid-start
  const tool = await MediaTool.create({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, captionFont: config.captionFont });
  log(`ffmpeg: ${tool.binaries.ffmpeg} (${tool.binaries.source}; ${tool.caps.version}; xfade ${tool.caps.xfade ? 'yes' : 'no'})`);
  return tool;
}

async function openCore(config: Config, log: Logger, processName: 'api' | 'worker', tool: MediaTool, opts: StartOptions = {}): Promise<Core> {
  const cleanup: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((err) => log(`shutdown: ${(err as Error).message}`, 'error'));
  };
  try {
    // With an embedded database its lock guards the data dir; with a server, this one does:
    // processes sharing a DATA_DIR would wipe each other's temporary render files.
    if (config.databaseUrl) {
      const release = lockDataDir(config.dataDir);
      cleanup.push(async () => release());
    }
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
    cleanup.push(() => db.close());
    const tmpDir = path.join(config.dataDir, 'tmp');
    fs.rmSync(tmpDir, { recursive: true, force: true }); // leftovers of a crash
    fs.mkdirSync(tmpDir, { recursive: true });
    const storage = await createStorage(config, tmpDir);
    cleanup.push(async () => storage.close());
    const bus = await createBus(config, db, log);
    cleanup.push(() => bus.close());
    const runner = createRunner(config, db, log);
    // One cache of render pieces per process: the render job fills it, the vlog service releases from it.
    const pieceCache = pieceCacheOf(config);
    const drawsWords = canDraw(buildCaps(tool.caps), tool.captionFont);
    const services = createServices({ config, prisma: db.prisma, bus, storage, runner, pieceCache, drawsWords, secret: loadSecret(config), clock: opts.clock, log });
    await services.auth.listen();
    const metrics = new Metrics({ pool: db.pool, process: processName });
    const renderJob = instrumentRenderJob(
      vlogRenderJob({
        prisma: db.prisma,
        storage,
        tool,
        progress: services.progress,
        tmpDir,
        outputDir: config.storage === 'local' ? mediaDirOf(config) : undefined,
        diskReserveBytes: config.renderDiskReserveMb * 1024 * 1024,
        concurrency: renderProcesses(),
        pieceCache,
        log,
      }),
      { metrics, log },
    );
    runner.register(renderJob);
    const checks = readinessChecks({ pool: db.pool, storage, tool, queue: config.queue });
    const ready = () => checkReadiness(checks);
    // Even an API process that renders nothing needs its runner open, to send jobs (pg-boss).
    await runner.open();
    cleanup.push(() => runner.close());
    log(`database ${db.kind}; queue ${config.queue}; bus ${busKind(config)}; storage ${config.storage}${config.s3 ? ` (bucket ${config.s3.bucket})` : ''}; rendering ${config.runner ? 'on' : 'off'}`);
    return { db, storage, bus, runner, services, tool, metrics, renderJob, ready, cleanup, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Takes the data dir for this process (see openCore); returns the release function. */
function lockDataDir(dataDir: string): () => void {
  try {
    const release = acquireLock(path.join(dataDir, 'process.lock'));
    return release;
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new ConfigError(`DATA_DIR ${dataDir} is in use by Dayreel process ${err.pid}; give every process on a machine its own DATA_DIR`);
    }
    throw err;
  }
}

async function createBus(config: Config, db: Database, log: Logger): Promise<EventBus> {
  if (busKind(config) === 'memory') return new InProcessEventBus();
  const bus = new PgNotifyEventBus({ connectionString: db.url, pool: db.pool, log });
  await bus.start();
  return bus;
}

function createRunner(config: Config, db: Database, log: Logger): JobRunner {
  const common = { concurrency: config.renderConcurrency, timeoutSeconds: config.jobTimeoutSeconds, staleMs: config.jobStaleSeconds * 1000, log };
  if (config.queue === 'pgboss') return new PgBossJobRunner(db.pool, common);
  return new DatabaseJobQueue(db.pool, { ...common, exclusive: db.kind === 'pglite' });
}

/** The demo day's media folder, generated when not cached (demo/demo.ts). */
async function prepareDemoMedia(tool: MediaTool, dataDir: string, log: Logger): Promise<DemoMedia> {
  // Loaded only when wanted: the demo generator is not part of a production process.
  const { demoMediaDir } = await import('./demo/demo.js');
  return demoMediaDir(tool, dataDir, log);
}

/** Every process checks for due automatic vlogs (the database lets one make each); AUTO_VLOG_CHECK_SECONDS=0 opts out. */
function startAutoVlog(config: Config, services: Services, cleanup: (() => Promise<void>)[], log: Logger): void {
  const scheduler = new AutoVlogScheduler(services.autoVlog, config.autoVlogCheckSeconds * 1000, log);
  scheduler.start();
  cleanup.push(() => scheduler.stop());
}

export async function startDayreel(config: Config, log: Logger = () => {}, opts: StartOptions = {}): Promise<Dayreel> {
  const tool = await prepare(config, log);
  // The demo's media (ffmpeg, most of a first start) are generated while the database opens;
  // on later starts they come from their cache at once.
  const demoMedia = config.demo ? prepareDemoMedia(tool, config.dataDir, log) : undefined;
  demoMedia?.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const core = await openCore(config, log, 'api', tool, opts).catch(async (err: unknown) => {
    await demoMedia?.catch(() => {});
    throw err;
  });
  const { db, storage, bus, runner, services, metrics, ready, cleanup, stop } = core;
  try {
    if (demoMedia) {
      const { ensureDemo } = await import('./demo/demo.js');
      await ensureDemo({ prisma: db.prisma, storage, tool, dataDir: config.dataDir, hashPassword, log, media: demoMedia });
    }

    const schema = dayreelSchema();
    metrics.instrumentSubscriptions(schema);
    // Dropped on every process when an import changes a user's events (EVENTS_CHANGED_TOPIC).
    const dayAnswers = opts.dayAnswers === false ? undefined : (opts.dayAnswers ?? new DayAnswers());
    if (dayAnswers) {
      const stopListening = await dayAnswers.listen(bus);
      cleanup.push(async () => stopListening());
    }
    const http = await createHttpServer({
      schema,
      services,
      storage,
      options: config,
      healthy: async () => {
        await db.pool.query('SELECT 1');
        return true;
      },
      log,
      shareLimiters: shareLimiters(db),
      ops: opsRoutes({ metrics, ready, metricsToken: config.metricsToken, log }),
      fanOut: opts.fanOut,
      compiledQueries: opts.compiledQueries ?? new CompiledQueries(),
      dayAnswers,
    });
    const port = await http.listen(config.port, config.host);
    if (config.runner) await runner.start();
    // On stop, at once: stop accepting and finish in-flight requests (WebSockets close with
    // 1001), and hand running renders back to the queue.
    cleanup.push(async () => void (await Promise.all([http.close(), config.runner ? runner.stop() : undefined])));
    const backup = backupsFor(config, db, log);
    cleanup.push(backup.stop);
    startAutoVlog(config, services, cleanup, log);
    const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      db,
      storage,
      services,
      bus,
      runner,
      tool,
      metrics,
      ready,
      backup: backup.run,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Backups on demand (the control socket, for `npm run backup` while the server runs) and daily. */
function backupsFor(config: Config, db: Database, log: Logger) {
  const source = backupSource(db, {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    mediaDir: config.storage === 'local' ? mediaDirOf(config) : undefined,
  });
  const run = (dir: string) => writeBackup(source, dir);
  const auto = config.autoBackup ? new AutoBackup({ dir: backupDirOf(config), keep: config.backupKeep, backup: run, log }) : undefined;
  auto?.start();
  // Only the embedded database needs its owner to dump it; PostgreSQL is dumped by pg_dump.
  const control =
    db.kind === 'pglite'
      ? startControlServer(config.dataDir, { backup: run }, log).catch((err: Error) => {
          log(`control socket unavailable (\`npm run backup\` needs the server stopped): ${err.message}`, 'warn');
          return null;
        })
      : Promise.resolve(null);
  return {
    run,
    async stop() {
      await auto?.stop();
      await (await control)?.close();
    },
  };
}

export interface RenderWorker {
  db: Database;
  storage: Storage;
  runner: JobRunner;
  metrics: Metrics;
  /** Where /healthz, /readyz and /metrics answer (WORKER_HEALTH_PORT), if anywhere. */
  healthUrl?: string;
  stop(): Promise<void>;
}

/**
 * A render worker: the core without HTTP, claiming jobs until stopped. It shares the database
 * (and storage) with the API processes, so it needs a PostgreSQL server.
 */
export async function startWorker(config: Config, log: Logger = () => {}): Promise<RenderWorker> {
  if (!config.databaseUrl) {
    throw new ConfigError('a render worker needs DATABASE_URL=postgresql://…: the embedded database belongs to the API process (set RUNNER=on there instead)');
  }
  if (!config.runner) throw new ConfigError('RUNNER=off makes no sense for a render worker');
  if (config.storage === 'local') log(`storage: local folder ${mediaDirOf(config)}; the API processes must see the same folder (or use STORAGE=s3)`);
  const { db, storage, runner, services, metrics, renderJob, ready, cleanup, stop } = await openCore(config, log, 'worker', await prepare(config, log));
  try {
    let healthUrl: string | undefined;
    if (config.workerHealthPort !== undefined) {
      const health = await startWorkerHealth(
        { pool: db.pool, metrics, ready, running: renderJob.running, staleSeconds: config.jobStaleSeconds, metricsToken: config.metricsToken, log },
        config.workerHealthPort,
        config.host,
      );
      healthUrl = health.url;
      cleanup.push(() => health.close());
    }
    await runner.start();
    cleanup.push(() => runner.stop()); // first to run on stop: running jobs go back to the queue
    startAutoVlog(config, services, cleanup, log);
    return { db, storage, runner, metrics, healthUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

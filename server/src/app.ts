// The composition root: config → database → storage, bus, media tool → services → job runner
// → HTTP/WebSocket server. Tests start the whole product through this, as main.ts does; a render
// worker (worker.ts) is the same core without the HTTP server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { busKind, checkConfig, ConfigError, mediaDirOf, type Config } from './config.js';
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
import { PieceCache, pieceCacheDir } from './render/piece-cache.js';
import { vlogRenderJob } from './vlogs/render-job.js';
import { resolvers } from './graphql/resolvers.js';
import { createHttpServer } from './http/server.js';
import { contentTypeOf } from './media/content-types.js';
import { hashPassword } from './auth/password.js';
import type { JobRunner } from './jobs/runner.js';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

export interface Dayreel {
  url: string;
  port: number;
  db: Database;
  storage: Storage;
  services: Services;
  runner: JobRunner;
  tool: MediaTool;
  stop(): Promise<void>;
}

export type Logger = (msg: string) => void;

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
export async function createStorage(config: Config, tmpDir?: string): Promise<Storage & { close?(): void }> {
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
  cleanup: (() => Promise<void>)[];
  stop(): Promise<void>;
}

async function openCore(config: Config, log: Logger): Promise<Core> {
  checkConfig(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const tool = await MediaTool.create({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, captionFont: config.captionFont });
  log(`ffmpeg: ${tool.binaries.ffmpeg} (${tool.binaries.source}; ${tool.caps.version}; xfade ${tool.caps.xfade ? 'yes' : 'no'})`);
  const cleanup: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((err) => log(`shutdown: ${(err as Error).message}`));
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
    cleanup.push(async () => storage.close?.());
    const bus = await createBus(config, db, log);
    cleanup.push(() => bus.close());
    const runner = createRunner(config, db, log);
    const services = createServices({ config, prisma: db.prisma, bus, storage, runner, secret: loadSecret(config) });
    // ffmpeg processes per render: x264 already keeps two cores busy, so a second clip process
    // on a 2-core machine only doubles memory (measured: same wall time, half the peak at 1080p).
    const renderProcesses = Math.max(1, Math.min(4, Math.floor(os.availableParallelism() / 2)));
    const pieceCache = new PieceCache(pieceCacheDir(config.dataDir));
    runner.register(vlogRenderJob({ prisma: db.prisma, storage, tool, progress: services.progress, tmpDir, concurrency: renderProcesses, pieceCache }));
    if (runner instanceof PgBossJobRunner) {
      // Even an API process that renders nothing needs pg-boss open, to send jobs.
      await runner.open();
      cleanup.push(() => runner.close());
    }
    log(`database ${db.kind}; queue ${config.queue}; bus ${busKind(config)}; storage ${config.storage}${config.s3 ? ` (bucket ${config.s3.bucket})` : ''}; rendering ${config.runner ? 'on' : 'off'}`);
    return { db, storage, bus, runner, services, tool, cleanup, stop };
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

function createRunner(config: Config, db: Database, log: Logger): DatabaseJobQueue | PgBossJobRunner {
  const common = { concurrency: config.renderConcurrency, timeoutSeconds: config.jobTimeoutSeconds, staleMs: config.jobStaleSeconds * 1000, log };
  if (config.queue === 'pgboss') return new PgBossJobRunner(db.pool, common);
  return new DatabaseJobQueue(db.pool, { ...common, exclusive: db.kind === 'pglite' });
}

export async function startDayreel(config: Config, log: Logger = () => {}): Promise<Dayreel> {
  const { db, storage, runner, services, tool, cleanup, stop } = await openCore(config, log);
  try {
    if (config.demo) {
      // Loaded only when wanted: the demo generator is not part of a production process.
      const { ensureDemo } = await import('./demo/demo.js');
      await ensureDemo({ prisma: db.prisma, storage, tool, dataDir: config.dataDir, hashPassword, log });
    }

    const schema = makeExecutableSchema({ typeDefs: readFileSync(SCHEMA_FILE, 'utf8'), resolvers: resolvers as never });
    const http = await createHttpServer({
      schema,
      services,
      storage,
      publicUrl: config.publicUrl,
      serveWeb: config.serveWeb,
      healthy: async () => {
        await db.pool.query('SELECT 1');
        return true;
      },
      log,
    });
    const port = await http.listen(config.port, config.host);
    cleanup.push(() => http.close());
    if (config.runner) {
      await runner.start();
      cleanup.push(() => runner.stop());
    }
    const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      db,
      storage,
      services,
      runner,
      tool,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface RenderWorker {
  db: Database;
  storage: Storage;
  runner: JobRunner;
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
  const { db, storage, runner, cleanup, stop } = await openCore(config, log);
  try {
    await runner.start();
    cleanup.push(() => runner.stop()); // first to run on stop: running jobs go back to the queue
    return { db, storage, runner, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

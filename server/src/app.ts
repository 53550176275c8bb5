// The composition root: config → database → storage, bus, media tool → services → job runner
// → HTTP/WebSocket server. Tests start the whole product through this, as main.ts does.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { LocalStorage } from './media/storage/local.js';
import type { Storage } from './media/storage/storage.js';
import { InProcessEventBus, type EventBus } from './bus/event-bus.js';
import { MediaTool } from './media/ffmpeg.js';
import { DatabaseJobQueue } from './jobs/queue.js';
import { createServices, type Services } from './services.js';
import { vlogRenderJob } from './vlogs/render-job.js';
import { resolvers } from './graphql/resolvers.js';
import { createHttpServer } from './http/server.js';
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

export async function startDayreel(config: Config, log: Logger = () => {}): Promise<Dayreel> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const tool = await MediaTool.create({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  log(`ffmpeg: ${tool.binaries.ffmpeg} (${tool.binaries.source}; ${tool.caps.version}; xfade ${tool.caps.xfade ? 'yes' : 'no'})`);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const cleanup: (() => Promise<void>)[] = [() => db.close()];
  const stopAll = async () => {
    for (const step of cleanup.reverse()) await step().catch((err) => log(`shutdown: ${(err as Error).message}`));
  };
  try {
    const storage = new LocalStorage(path.join(config.dataDir, 'media'));
    const tmpDir = path.join(config.dataDir, 'tmp');
    fs.rmSync(tmpDir, { recursive: true, force: true }); // leftovers of a crash
    fs.mkdirSync(tmpDir, { recursive: true });
    const bus: EventBus = new InProcessEventBus();
    cleanup.push(() => bus.close());
    const runner = new DatabaseJobQueue(db.pool, {
      concurrency: config.renderConcurrency,
      timeoutSeconds: config.jobTimeoutSeconds,
      exclusive: db.kind === 'pglite',
      log,
    });
    const services = createServices({ config, prisma: db.prisma, bus, storage, runner, secret: loadSecret(config) });
    runner.register(vlogRenderJob({ prisma: db.prisma, storage, tool, progress: services.progress, tmpDir }));

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
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

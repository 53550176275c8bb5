// Opens Dayreel's database. One code path for both kinds: Prisma over @prisma/adapter-pg over
// a pg Pool — pointed at DATABASE_URL, or at an embedded PGlite exposed by pglite-socket on a
// Unix socket in an owner-only folder (PGlite has no authentication: a TCP port would let any
// local process read and write it). Migrations are applied before anything else uses the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireLock } from './lock.js';
import { applyMigrations } from './migrate.js';
import type { LogFn } from '../lib/logger.js';

export type Prisma = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  /** The raw pool, for the few statements Prisma can't express (SKIP LOCKED claims, advisory locks). */
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  /** A connection string other processes on this machine can use while this one is open. */
  url: string;
  /** The embedded database's files as a gzipped tar (PGlite's own dump), for backups; unset on PostgreSQL. */
  dumpEmbedded?(): Promise<Blob>;
  close(): Promise<void>;
}

/** Where the embedded database lives in a data dir. */
export function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite's home when databaseUrl is unset: <dataDir>/pglite. */
  dataDir: string;
  log?: LogFn;
  poolSize?: number;
  migrate?: boolean;
}

interface Embedded {
  url: string;
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/** The port number only names the socket file (pg connects to <dir>/.s.PGSQL.<port>). */
const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes on Linux (104 on macOS); longer socket paths cannot be bound. */
const MAX_SOCKET_PATH = 100;

/**
 * An owner-only (0700) folder for the embedded database's socket: <dataDir>/pglite-socket, or a
 * fresh private folder under the system's temp dir when DATA_DIR is too deep for a socket path.
 */
function createSocketDir(dataDir: string): { dir: string; remove(): void } {
  const inDataDir = path.join(dataDir, 'pglite-socket');
  if (path.join(inDataDir, `.s.PGSQL.${SOCKET_PORT}`).length <= MAX_SOCKET_PATH) {
    fs.rmSync(inDataDir, { recursive: true, force: true }); // a crashed run's socket file
    fs.mkdirSync(inDataDir, { mode: 0o700 });
    fs.chmodSync(inDataDir, 0o700); // mkdir's mode is filtered by the umask
    return { dir: inDataDir, remove: () => fs.rmSync(inDataDir, { recursive: true, force: true }) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-db-')); // created 0700
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A connection string for pg over the Unix socket in dir. */
function socketUrl(dir: string): string {
  return `postgresql://postgres:postgres@/postgres?host=${encodeURIComponent(dir)}&port=${SOCKET_PORT}`;
}

async function startPglite(dataDir: string, log: LogFn): Promise<Embedded> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dir = pgliteDirOf(dataDir);
  const release = acquireLock(`${dir}.lock`);
  let socketDir: ReturnType<typeof createSocketDir> | undefined;
  try {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const started = Date.now();
    const db = await PGlite.create(dir);
    fs.chmodSync(dir, 0o700); // the raw database files hold password and session hashes
    // PGlite is one session: the socket server keeps a transaction's statements together, but
    // not an extended-protocol Parse/Bind/Execute sequence, so two connections at once can
    // clobber each other's unnamed statement. Hence one pool connection (see openDatabase);
    // the second slot only bridges a reconnect.
    socketDir = createSocketDir(dataDir);
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir.dir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: 2 });
    await server.start();
    log(`embedded PGlite at ${dir} (${Date.now() - started} ms), serving ${server.getServerConn()}`);
    const removeSocketDir = socketDir.remove;
    return {
      url: socketUrl(socketDir.dir),
      // Taken under PGlite's query lock: no statement runs while the files are read.
      dump: async () => (await db.dumpDataDir('gzip')) as Blob,
      async stop() {
        await server.stop();
        await db.close();
        removeSocketDir();
        release();
      },
    };
  } catch (err) {
    socketDir?.remove();
    release();
    throw err;
  }
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const log = opts.log ?? (() => {});
  const embedded = opts.databaseUrl ? undefined : await startPglite(opts.dataDir, log);
  const url = opts.databaseUrl ?? embedded!.url;
  const pool = new pg.Pool({ connectionString: url, max: embedded ? 1 : (opts.poolSize ?? 10) });
  // An idle client's network error must not crash the process; the pool replaces it.
  pool.on('error', (err) => log(`database pool: ${err.message}`, 'error'));
  try {
    if (opts.migrate !== false) {
      const client = await pool.connect();
      try {
        const { applied } = await applyMigrations(client, MIGRATIONS_DIR, log);
        if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
      } finally {
        client.release();
      }
    }
  } catch (err) {
    await pool.end();
    await embedded?.stop();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    prisma,
    pool,
    kind: embedded ? 'pglite' : 'postgres',
    url,
    ...(embedded ? { dumpEmbedded: embedded.dump } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await embedded?.stop();
    },
  };
}

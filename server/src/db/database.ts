// Opens Dayreel's database. One code path for both kinds: Prisma over @prisma/adapter-pg over
// a pg Pool — pointed at DATABASE_URL, or at an embedded PGlite exposed on 127.0.0.1 by
// pglite-socket. Migrations are applied before anything else uses the database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireLock } from './lock.js';
import { applyMigrations } from './migrate.js';

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
  log?: (msg: string) => void;
  poolSize?: number;
  migrate?: boolean;
}

interface Embedded {
  url: string;
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

async function startPglite(dataDir: string, log: (msg: string) => void): Promise<Embedded> {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = pgliteDirOf(dataDir);
  const release = acquireLock(`${dir}.lock`);
  try {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const started = Date.now();
    const db = await PGlite.create(dir);
    // PGlite is one session: the socket server keeps a transaction's statements together, but
    // not an extended-protocol Parse/Bind/Execute sequence, so two connections at once can
    // clobber each other's unnamed statement. Hence one pool connection (see openDatabase);
    // the second slot only bridges a reconnect.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    await server.start();
    const conn = server.getServerConn();
    log(`embedded PGlite at ${dir} (${Date.now() - started} ms), serving ${conn}`);
    return {
      url: `postgresql://postgres:postgres@${conn}/postgres`,
      // Taken under PGlite's query lock: no statement runs while the files are read.
      dump: async () => (await db.dumpDataDir('gzip')) as Blob,
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (err) {
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
  pool.on('error', (err) => log(`database pool: ${err.message}`));
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

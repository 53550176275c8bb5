// The database half of a backup. Embedded PGlite: its own dump (dumpDataDir, a tar of its files
// taken under its query lock) from the process that has it open, restored by PGlite itself
// (loadDataDir). PostgreSQL: pg_dump's custom format, restored by pg_restore into an empty
// database; the password travels in PGPASSWORD, never on a command line other users can see.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { pgliteDirOf, type Database } from '../db/database.js';
import { BackupError, type BackupSource, type DatabaseKind } from './backup.js';

const execFileAsync = promisify(execFile);

/** pg_dump/pg_restore's arguments and environment for a postgresql:// URL (password out of argv). */
export function pgToolConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await execFileAsync(tool, args, { env, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new BackupError(`${tool} is not installed (PostgreSQL client tools, same major version as the server)`);
    throw new BackupError(`${tool} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** What to back up from an open database (in the process that owns it). */
export function backupSource(db: Database, opts: { databaseUrl?: string; mediaDir?: string; dataDir: string }): BackupSource {
  const secretFile = path.join(opts.dataDir, 'secret');
  if (db.dumpEmbedded) {
    const dump = db.dumpEmbedded;
    return {
      kind: 'pglite',
      mediaDir: opts.mediaDir,
      secretFile,
      async dumpDatabase(file) {
        // Written to disk first, so the dump needs only the WAL since this point replayed.
        await db.pool.query('CHECKPOINT');
        await fsp.writeFile(file, Buffer.from(await (await dump()).arrayBuffer()), { mode: 0o600 });
      },
    };
  }
  if (!opts.databaseUrl) throw new BackupError('a PostgreSQL backup needs DATABASE_URL');
  return postgresSource(opts.databaseUrl, { mediaDir: opts.mediaDir, secretFile });
}

/** PostgreSQL through pg_dump: no Dayreel process needed (the server serves consistent snapshots). */
export function postgresSource(databaseUrl: string, opts: { mediaDir?: string; secretFile?: string }): BackupSource {
  return {
    kind: 'postgres',
    ...opts,
    async dumpDatabase(file) {
      const { dbname, env } = pgToolConnection(databaseUrl);
      await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', file, '--dbname', dbname], env);
      await fsp.chmod(file, 0o600);
    },
  };
}

/** Loads a dump into the target: a fresh PGlite in dataDir, or DATABASE_URL's database, which must be empty. */
export function databaseRestorer(target: { dataDir: string; databaseUrl?: string }) {
  return async (kind: DatabaseKind, file: string): Promise<void> => {
    if (kind === 'pglite') {
      if (target.databaseUrl) throw new BackupError('this backup holds an embedded (PGlite) database; unset DATABASE_URL to restore it');
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(pgliteDirOf(target.dataDir), { loadDataDir: new Blob([fs.readFileSync(file)]) });
      await db.query('SELECT 1');
      await db.close();
      return;
    }
    if (!target.databaseUrl) throw new BackupError('this backup holds a PostgreSQL database; set DATABASE_URL to the (empty) database to restore it into');
    await assertEmptyPostgres(target.databaseUrl);
    const { dbname, env } = pgToolConnection(target.databaseUrl);
    await runPgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', dbname, file], env);
  };
}

async function assertEmptyPostgres(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    if (rows[0].n > 0) throw new BackupError('the database DATABASE_URL names is not empty; restore only into a new, empty database');
  } finally {
    await client.end();
  }
}

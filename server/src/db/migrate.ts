// Applies prisma/migrations at start-up, without the Prisma CLI (whose native schema engine
// cannot be downloaded here). It keeps Prisma's own `_prisma_migrations` table, with the same
// columns and the same sha256 checksums, so `prisma migrate deploy` / `migrate status` on a machine
// that has the binary agree with it — and it is stricter than Prisma where that is safer:
//
// - one process at a time: a session advisory lock on Prisma's own key (so it also excludes a
//   concurrent `prisma migrate deploy`);
// - each migration runs in one transaction, the whole file as one simple query (no splitting on
//   `;`, so `$$` bodies are fine), together with its _prisma_migrations row: a migration is either
//   applied and recorded, or not at all;
// - it refuses to run when a migration is recorded as failed (finished_at and rolled_back_at both
//   null, e.g. left by `prisma migrate deploy`) or when an applied migration's file was edited.
//
// Caveat: statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY,
// VACUUM, ...) fail here; such a change needs to be applied by hand.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** What applyMigrations needs of a connection: pg's Client or PoolClient (one session). */
export interface MigrationClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * A pg.Pool is accepted too: a session is checked out for the lock and the transactions (running
 * them through Pool.query would scatter them over connections).
 */
interface PoolLike extends MigrationClient {
  connect(): Promise<MigrationClient & { release(err?: Error | boolean): void }>;
  totalCount: number;
}

export interface MigrationFile {
  /** Directory name, e.g. `20260101120000_init`. */
  name: string;
  /** Absolute path of its migration.sql. */
  path: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma stores it. */
  checksum: string;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this call, in order (empty when up to date). */
  applied: string[];
}

/** The key of Prisma's schema engine's advisory lock (`pg_advisory_lock(72707369)`). */
export const MIGRATION_LOCK_KEY = 72707369;

/** Prisma's `_prisma_migrations` table, column for column (schema-engine, postgres flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Thrown when migrating stops; `migration` names the migration at fault when there is one. */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** sha256 hex of a migration script — Prisma's checksum. */
export function migrationChecksum(sql: string | Uint8Array): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Whether a migration file matches a recorded checksum, the way Prisma's engine decides: line
 * endings don't matter (git may convert them), and old Prisma versions wrote hex without zero
 * padding.
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\n/g, '\r\n')];
  return variants.some((v) => {
    const digest = createHash('sha256').update(v).digest();
    const hex =
      recorded.length === 64 ? digest.toString('hex') : Array.from(digest, (b) => b.toString(16)).join('');
    return hex === recorded;
  });
}

/**
 * The migrations in a Prisma migrations directory, in the order they apply (by directory name).
 * Files such as migration_lock.toml are skipped; a directory without migration.sql is an error.
 * A missing directory means no migrations.
 */
export function listMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  const lock = path.join(dir, 'migration_lock.toml');
  if (existsSync(lock)) {
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lock, 'utf8'))?.[1];
    if (provider && provider !== 'postgresql') {
      throw new MigrationError(`${lock} says provider = "${provider}", but this database is PostgreSQL.`);
    }
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new MigrationError(`Migration ${name} has no migration.sql (${file}).`, name);
      }
      const bytes = readFileSync(file);
      return { name, path: file, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | string | null;
  started_at: Date | string;
}

/**
 * Applies the pending migrations of `migrationsDir` to the database behind `client`, each in its
 * own transaction, recording them in `_prisma_migrations`. Safe to call from several processes at
 * once (an advisory lock serialises them; the later ones find nothing to do). Throws a
 * MigrationError, naming the migration, when a migration fails (its transaction is rolled back:
 * the database is left as it was before that migration), when one is recorded as failed, or when
 * an applied migration's file no longer matches its checksum.
 */
export async function applyMigrations(
  client: MigrationClient,
  migrationsDir: string,
  log: (msg: string) => void = () => {},
): Promise<ApplyMigrationsResult> {
  const migrations = listMigrations(migrationsDir);
  if (isPool(client)) {
    const session = await client.connect();
    try {
      return await applyWithSession(session, migrations, log);
    } finally {
      session.release();
    }
  }
  return applyWithSession(client, migrations, log);
}

function isPool(client: MigrationClient): client is PoolLike {
  const c = client as Partial<PoolLike>;
  return typeof c.connect === 'function' && typeof c.totalCount === 'number';
}

async function applyWithSession(
  client: MigrationClient,
  migrations: MigrationFile[],
  log: (msg: string) => void,
): Promise<ApplyMigrationsResult> {
  const { rows: got } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY]);
  if (!got[0]?.ok) {
    log('Waiting for another process to finish migrating the database…');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  }
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const rows = await readHistory(client);
    checkHistory(rows, migrations, log);

    const done = new Set(rows.filter(isApplied).map((r) => r.migration_name));
    const pending = migrations.filter((m) => !done.has(m.name));
    const applied: string[] = [];
    for (const migration of pending) {
      if (await applyOne(client, migration, log)) applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}

async function readHistory(client: MigrationClient): Promise<MigrationRow[]> {
  const { rows } = await client.query(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows as unknown as MigrationRow[];
}

const isApplied = (r: MigrationRow) => r.finished_at !== null && r.rolled_back_at === null;
const isFailed = (r: MigrationRow) => r.finished_at === null && r.rolled_back_at === null;

function checkHistory(rows: MigrationRow[], migrations: MigrationFile[], log: (msg: string) => void) {
  const failed = rows.find(isFailed);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as failed (started ${iso(failed.started_at)}, never ` +
        `finished), so no further migration will be applied.\n` +
        (failed.logs ? `Its error was:\n${failed.logs}\n` : '') +
        `Check what it changed and fix the database by hand, then mark it rolled back — ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${failed.id}' ` +
        `(or \`prisma migrate resolve --rolled-back ${failed.migration_name}\`) — and restart ` +
        `to apply it again; if you completed it by hand, use \`prisma migrate resolve --applied\` instead.`,
      failed.migration_name,
    );
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of rows.filter(isApplied)) {
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`Warning: migration ${row.migration_name} is applied to the database but missing from the migrations directory.`);
      continue;
    }
    if (!checksumMatches(file.sql, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied: the checksum of ${file.path} ` +
          `(${file.checksum}) differs from the one recorded in _prisma_migrations (${row.checksum}). ` +
          `Applied migrations must not be edited; restore the file and put the change in a new migration ` +
          `(npm run db:migration -- <name>).`,
        row.migration_name,
      );
    }
  }
}

/** Runs one migration and its bookkeeping in a transaction. False if another process got there first. */
async function applyOne(client: MigrationClient, m: MigrationFile, log: (msg: string) => void): Promise<boolean> {
  const started = Date.now();
  await client.query('BEGIN');
  try {
    // Re-check inside the transaction: on PGlite every connection shares one session, so the
    // advisory lock does not exclude another connection — but transactions are serialised.
    const { rows } = await client.query(
      `SELECT 1 FROM "_prisma_migrations"
        WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [m.name],
    );
    if (rows.length > 0) {
      await client.query('COMMIT');
      return false;
    }
    log(`Applying migration ${m.name}`);
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, m.checksum, m.name],
    );
    await runScript(client, m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    const error = describeSqlError(e, m);
    await recordRolledBack(client, m, error).catch(() => {});
    throw new MigrationError(
      `Migration ${m.name} failed and was rolled back (the database is as it was before it): ${error}`,
      m.name,
      { cause: e },
    );
  }
  log(`Applied migration ${m.name} in ${Date.now() - started} ms`);
  return true;
}

/** The whole file as one simple query; PGlite's own API needs exec() for several statements. */
async function runScript(client: MigrationClient, sql: string) {
  const exec = (client as { exec?: (sql: string) => Promise<unknown> }).exec;
  if (typeof exec === 'function') await exec.call(client, sql);
  else await client.query(sql);
}

/**
 * Leaves an audit trail of the failed attempt, marked rolled back (true: its transaction was), so
 * that it does not block the next start and `prisma migrate status` ignores it, as Prisma does.
 */
async function recordRolledBack(client: MigrationClient, m: MigrationFile, error: string) {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, rolled_back_at)
     VALUES ($1, $2, $3, $4, now(), now())`,
    [randomUUID(), m.checksum, m.name, error],
  );
}

interface PgError {
  message?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
}

/** "relation "x" does not exist (SQLSTATE 42P01) at line 12: ALTER TABLE x ..." */
function describeSqlError(e: unknown, m: MigrationFile): string {
  const err = (e ?? {}) as PgError;
  let text = err.message ?? String(e);
  if (err.code) text += ` (SQLSTATE ${err.code})`;
  const pos = Number(err.position);
  if (pos > 0) {
    const before = m.sql.slice(0, pos - 1);
    const line = before.split('\n').length;
    const lineText = m.sql.split('\n')[line - 1]?.trim();
    text += `\n  at ${m.path}:${line}${lineText ? `: ${lineText}` : ''}`;
  }
  if (err.detail) text += `\n  detail: ${err.detail}`;
  if (err.hint) text += `\n  hint: ${err.hint}`;
  if (err.where) text += `\n  where: ${err.where}`;
  return text;
}

function iso(v: Date | string): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

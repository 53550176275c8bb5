// Creates the next Prisma migration offline:  npm run db:migration -- <name> [--check]
//
// `prisma migrate dev` needs a native schema-engine binary from Prisma's servers, which this
// environment cannot reach. This script does the same job with @prisma/schema-engine-wasm
// (scripts/schema-diff.ts): it replays prisma/migrations on an in-memory PGlite shadow
// database, diffs the result against prisma/schema.prisma, and writes the SQL to
// prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql plus migration_lock.toml, exactly where
// and how Prisma would. Nothing is written when the schema and the migrations already agree.
//
//   --check   write nothing; exit 1 (and print the SQL) if a migration is needed. For CI.
//
// Migrations are applied at start-up by server/src/db/migrate.ts (or `prisma migrate deploy`
// on a machine with the binary: both keep the same _prisma_migrations table).
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MIGRATION_LOCK_TOML, diffMigrationsToSchema } from './schema-diff.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const migrationsDir = path.join(root, 'prisma', 'migrations');

/** Prisma's directory-name timestamp: UTC, YYYYMMDDHHMMSS. */
export function migrationTimestamp(date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    p(date.getUTCFullYear(), 4) +
    p(date.getUTCMonth() + 1) +
    p(date.getUTCDate()) +
    p(date.getUTCHours()) +
    p(date.getUTCMinutes()) +
    p(date.getUTCSeconds())
  );
}

/** "Add music tags!" → "add_music_tags" (only [a-z0-9_], like the names Prisma generates). */
export function slugifyMigrationName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

/**
 * The directory name for a new migration: the current timestamp, bumped past the newest existing
 * migration so the new one always sorts (and therefore applies) last.
 */
async function nextDirectoryName(slug: string): Promise<string> {
  const existing = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  let ts = migrationTimestamp();
  const newest = existing.at(-1)?.slice(0, 14);
  if (newest && /^\d{14}$/.test(newest) && ts <= newest) {
    // Clock behind the last migration (or two migrations in one second): take the next second.
    const n = newest;
    const d = new Date(
      Date.UTC(+n.slice(0, 4), +n.slice(4, 6) - 1, +n.slice(6, 8), +n.slice(8, 10), +n.slice(10, 12), +n.slice(12, 14)),
    );
    ts = migrationTimestamp(new Date(d.getTime() + 1000));
  }
  return `${ts}_${slug}`;
}

async function ensureLockfile() {
  const file = path.join(migrationsDir, 'migration_lock.toml');
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === MIGRATION_LOCK_TOML) return;
  if (current !== null && !/^\s*provider\s*=\s*"postgresql"\s*$/m.test(current)) {
    throw new Error(`${file} names another provider than postgresql:\n${current}`);
  }
  await writeFile(file, MIGRATION_LOCK_TOML, 'utf8');
}

async function main(argv: string[]) {
  const check = argv.includes('--check');
  const args = argv.filter((a) => !a.startsWith('--'));
  const slug = slugifyMigrationName(args.join('_'));
  if (!check && !slug) {
    console.error('usage: npm run db:migration -- <name>        e.g. npm run db:migration -- add_music_tags');
    console.error('       npm run db:migration -- --check       (exit 1 if schema.prisma needs a migration)');
    process.exitCode = 2;
    return;
  }

  const started = Date.now();
  const { empty, script } = await diffMigrationsToSchema({ migrationsDir, schemaPath });
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;

  if (empty) {
    console.log(`No schema changes: prisma/migrations already matches prisma/schema.prisma (${took}).`);
    return;
  }
  if (check) {
    console.error(`prisma/schema.prisma differs from prisma/migrations (${took}). Missing migration:\n`);
    console.error(script);
    process.exitCode = 1;
    return;
  }

  await mkdir(migrationsDir, { recursive: true });
  const dirName = await nextDirectoryName(slug);
  const dir = path.join(migrationsDir, dirName);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'migration.sql'), script, 'utf8');
  await ensureLockfile();
  const rel = path.relative(root, path.join(dir, 'migration.sql'));
  console.log(`Created ${rel} (${took}). Review it, then commit it with prisma/schema.prisma.`);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}

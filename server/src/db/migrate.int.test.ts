// The migration runner (migrate.ts) and the offline diff (scripts/schema-diff.ts), on embedded PGlite and,
// with TEST_BACKEND=postgres, on a throwaway database of TEST_DATABASE_URL's server.
// Each test gets an empty schema of its own (search_path), so one database serves the file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MigrationError, applyMigrations, listMigrations, migrationChecksum } from './migrate.js';
import { diffMigrationsToSchema, startShadowPglite } from '../../../scripts/schema-diff.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MIGRATIONS = path.join(root, 'prisma', 'migrations');
const SCHEMA = path.join(root, 'prisma', 'schema.prisma');
const backend = process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';

const TABLES = [
  '_prisma_migrations',
  'auto_vlog_runs',
  'diary',
  'events',
  'inference_jobs',
  'login_attempts',
  'music',
  'recordings',
  'sessions',
  'share_links',
  'users',
  'vlog_segments',
  'vlogs',
];

interface Backend {
  config: pg.ClientConfig;
  close(): Promise<void>;
}

let server: Backend;
const clients: pg.Client[] = [];
const tmpDirs: string[] = [];
let schemaSeq = 0;

async function startPglite(): Promise<Backend> {
  const shadow = await startShadowPglite(16);
  return { config: shadow.config, close: () => shadow.stop() };
}

async function startPostgres(): Promise<Backend> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_BACKEND=postgres needs TEST_DATABASE_URL');
  const created: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const createDatabase = async () => {
    const name = `dayreel_test_${crypto.randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = await createDatabase();
  return {
    config: { connectionString: url },
    async close() {
      await admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

function urlOf(config: pg.ClientConfig): string {
  if (config.connectionString) return config.connectionString;
  return `postgresql://${config.user}@${config.host}:${config.port}/${config.database}`;
}

/** A connection whose search_path is `schema` (created if needed). */
async function connect(schema: string): Promise<pg.Client> {
  const client = new pg.Client(server.config);
  await client.connect();
  clients.push(client);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  return client;
}

/** A new empty schema and a connection using it. */
async function freshSchema() {
  const schema = `m${++schemaSeq}_${crypto.randomBytes(3).toString('hex')}`;
  return { schema, client: await connect(schema) };
}

async function tablesOf(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return rows.map((r) => r.table_name as string);
}

async function migrationRows(client: pg.Client) {
  const { rows } = await client.query(
    `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** A copy of prisma/migrations plus extra migrations { name: sql }, in a temp dir. */
function migrationsCopy(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-migrations-'));
  tmpDirs.push(dir);
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

beforeAll(async () => {
  server = backend === 'postgres' ? await startPostgres() : await startPglite();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  await server?.close();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`applyMigrations (${backend})`, () => {
  const migrations = listMigrations(MIGRATIONS);

  it('lists prisma/migrations in order, with sha256 checksums', () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations[0]!.name).toMatch(/^\d{14}_init$/);
    expect(migrations.map((m) => m.name)).toEqual(migrations.map((m) => m.name).sort());
    for (const m of migrations) {
      expect(m.checksum).toBe(crypto.createHash('sha256').update(fs.readFileSync(m.path)).digest('hex'));
    }
  });

  it('creates every table on an empty database and records each migration; re-applying is a no-op', async () => {
    const { schema, client } = await freshSchema();
    const logs: string[] = [];
    const first = await applyMigrations(client, MIGRATIONS, (msg) => logs.push(msg));
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    expect(logs.some((l) => l.includes(migrations[0]!.name))).toBe(true);
    expect(await tablesOf(client, schema)).toEqual(TABLES);

    const rows = await migrationRows(client);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrationChecksum(fs.readFileSync(migrations[i]!.path)));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const second = await applyMigrations(client, MIGRATIONS);
    expect(second.applied).toEqual([]);
    expect(await migrationRows(client)).toHaveLength(rows.length);
  });

  it("keeps Prisma's own _prisma_migrations columns", async () => {
    const { schema, client } = await freshSchema();
    await applyMigrations(client, MIGRATIONS);
    const { rows } = await client.query(
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
      [schema],
    );
    expect(rows).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
  });

  it('gives the init migration the specified column types, enum, indexes and foreign-key actions', async () => {
    const { schema, client } = await freshSchema();
    await applyMigrations(client, MIGRATIONS);
    const col = async (table: string, column: string) =>
      (
        await client.query(
          `SELECT data_type, datetime_precision, udt_name FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`,
          [schema, table, column],
        )
      ).rows[0];
    expect(await col('events', 'id')).toMatchObject({ data_type: 'uuid' });
    expect(await col('vlogs', 'settings')).toMatchObject({ data_type: 'jsonb' });
    expect(await col('vlogs', 'created_at')).toMatchObject({ data_type: 'timestamp with time zone', datetime_precision: 3 });
    expect(await col('inference_jobs', 'status')).toMatchObject({ data_type: 'USER-DEFINED', udt_name: 'inference_job_status' });
    expect(await col('recordings', 'interest_scores')).toMatchObject({ data_type: 'ARRAY', udt_name: '_float4' });

    const { rows: labels } = await client.query(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
         JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typname = 'inference_job_status' AND n.nspname = $1 ORDER BY e.enumsortorder`,
      [schema],
    );
    expect(labels.map((r) => r.enumlabel)).toEqual(['pending', 'running', 'succeeded', 'failed', 'canceled']);

    const { rows: fks } = await client.query(
      `SELECT tc.table_name, kcu.column_name, rc.delete_rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.table_constraints tc
           ON tc.constraint_name = rc.constraint_name AND tc.constraint_schema = rc.constraint_schema
         JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
        WHERE rc.constraint_schema = $1`,
      [schema],
    );
    const rule = (t: string, c: string) => fks.find((f) => f.table_name === t && f.column_name === c)?.delete_rule;
    expect(fks).toHaveLength(14);
    // Share links end with their vlog; a removed default track leaves the user with no music.
    expect(rule('share_links', 'vlog_id')).toBe('CASCADE');
    expect(rule('auto_vlog_runs', 'user_id')).toBe('CASCADE');
    expect(rule('users', 'default_music_id')).toBe('SET NULL');
    expect(rule('events', 'user_id')).toBe('CASCADE');
    expect(rule('vlog_segments', 'vlog_id')).toBe('CASCADE');
    expect(rule('vlog_segments', 'event_id')).toBe('SET NULL');
    expect(rule('vlog_segments', 'recording_id')).toBe('CASCADE');

    const { rows: idx } = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1`, [schema]);
    const def = (name: string) => idx.find((i) => i.indexname === name)?.indexdef as string | undefined;
    expect(def('events_user_id_start_time_idx')).toMatch(/\(user_id, start_time\)/);
    expect(def('vlogs_user_id_target_date_created_at_idx')).toMatch(/created_at DESC/);
    expect(def('music_user_id_content_hash_key')).toMatch(/UNIQUE.*\(user_id, content_hash\)/);
  });

  it('refuses to go on when an applied migration no longer matches its recorded checksum', async () => {
    const { client } = await freshSchema();
    await applyMigrations(client, MIGRATIONS);
    const name = migrations[0]!.name;
    await client.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ['0'.repeat(64), name]);
    const err = await applyMigrations(client, MIGRATIONS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe(name);
    expect((err as Error).message).toContain(`Migration ${name} was modified after it was applied`);
  });

  it('notices an edited migration file, but not a change of line endings (as Prisma)', async () => {
    const { client } = await freshSchema();
    const dir = migrationsCopy();
    await applyMigrations(client, dir);
    const file = path.join(dir, migrations[0]!.name, 'migration.sql');
    const original = fs.readFileSync(file, 'utf8');

    fs.writeFileSync(file, original.replace(/\n/g, '\r\n'));
    await expect(applyMigrations(client, dir)).resolves.toEqual({ applied: [] });

    fs.writeFileSync(file, `${original}\n-- an afterthought\n`);
    await expect(applyMigrations(client, dir)).rejects.toThrow(/was modified after it was applied/);
  });

  it('refuses to go on after a migration recorded as failed (e.g. by prisma migrate deploy)', async () => {
    const { client } = await freshSchema();
    await applyMigrations(client, MIGRATIONS);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at)
       VALUES ($1, $2, '20990101000000_half_done', 'ERROR: column "x" already exists', now())`,
      [crypto.randomUUID(), '1'.repeat(64)],
    );
    const dir = migrationsCopy({ '20990101000000_half_done': 'SELECT 1;', '20990101000001_next': 'SELECT 2;' });
    const err = await applyMigrations(client, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe('20990101000000_half_done');
    expect((err as Error).message).toMatch(/20990101000000_half_done is recorded as failed/);
    expect((err as Error).message).toContain('column "x" already exists');
    expect((await migrationRows(client)).map((r) => r.migration_name)).not.toContain('20990101000001_next');

    // Once resolved (marked rolled back), it is applied again.
    await client.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE finished_at IS NULL`);
    await expect(applyMigrations(client, dir)).resolves.toEqual({
      applied: ['20990101000000_half_done', '20990101000001_next'],
    });
  });

  it('rolls a failing migration back whole, names it with the SQL error, and retries it once fixed', async () => {
    const { schema, client } = await freshSchema();
    const bad = '20990101000000_bad';
    const dir = migrationsCopy({
      [bad]: 'CREATE TABLE half_made (x int);\nALTER TABLE users ADD COLUMN nickname TEXT;\nSELECT missing_column FROM users;\n',
    });
    const err = await applyMigrations(client, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe(bad);
    const message = (err as Error).message;
    expect(message).toContain(`Migration ${bad} failed and was rolled back`);
    expect(message).toContain('column "missing_column" does not exist');
    expect(message).toContain('42703');
    expect(message).toMatch(/migration\.sql:3: SELECT missing_column FROM users;/);

    // The earlier migrations stay applied; nothing of the failed one remains but an audit row.
    expect(await tablesOf(client, schema)).toEqual(TABLES);
    const rows = await migrationRows(client);
    const attempt = rows.find((r) => r.migration_name === bad);
    expect(attempt).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(attempt?.rolled_back_at).toBeInstanceOf(Date);
    expect(attempt?.logs).toContain('missing_column');

    fs.writeFileSync(
      path.join(dir, bad, 'migration.sql'),
      // `$$` bodies with semicolons in them are sent whole, never split.
      `CREATE TABLE half_made (x int);
CREATE FUNCTION half_made_touch() RETURNS trigger AS $$
BEGIN
  NEW.x := coalesce(NEW.x, 0) + 1; -- a ; inside
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER half_made_touch BEFORE INSERT ON half_made FOR EACH ROW EXECUTE FUNCTION half_made_touch();
`,
    );
    await expect(applyMigrations(client, dir)).resolves.toEqual({ applied: [bad] });
    await client.query('INSERT INTO half_made VALUES (41)');
    expect((await client.query('SELECT x FROM half_made')).rows).toEqual([{ x: 42 }]);
  });

  it('takes a pg.Pool too, on one session', async () => {
    const { schema, client } = await freshSchema();
    // (On PGlite, whose connections share one session, freshSchema's SET already applies.)
    const pool = new pg.Pool({ ...server.config, max: 2, options: `-c search_path=${schema}` });
    try {
      const { applied } = await applyMigrations(pool, MIGRATIONS);
      expect(applied).toEqual(migrations.map((m) => m.name));
    } finally {
      await pool.end();
    }
    expect(await tablesOf(client, schema)).toEqual(TABLES);
  });

  it('applies once when two processes start at the same time', async () => {
    const { schema, client: a } = await freshSchema();
    const b = await connect(schema);
    const results = await Promise.all([applyMigrations(a, MIGRATIONS), applyMigrations(b, MIGRATIONS)]);
    const applied = results.map((r) => r.applied).sort((x, y) => y.length - x.length);
    expect(applied).toEqual([migrations.map((m) => m.name), []]);
    expect(await migrationRows(a)).toHaveLength(migrations.length);
    if (backend === 'postgres') {
      // The advisory lock is released: another session can take it at once.
      const { rows } = await b.query('SELECT pg_try_advisory_lock(72707369) AS ok');
      expect(rows[0].ok).toBe(true);
      await b.query('SELECT pg_advisory_unlock(72707369)');
    }
  });
});

describe(`schema.prisma and prisma/migrations (${backend})`, () => {
  /** The file's database, in a new schema, as the shadow database (saves a PGlite start). */
  const shadow = () => ({
    shadowDatabaseUrl: urlOf(server.config),
    shadowSchema: `shadow${++schemaSeq}_${crypto.randomBytes(3).toString('hex')}`,
  });

  it('agree: the diff from the migrations to the schema is empty', async () => {
    const diff = await diffMigrationsToSchema({ migrationsDir: MIGRATIONS, schemaPath: SCHEMA, ...shadow() });
    expect(diff.script, 'schema.prisma changed without a migration: run npm run db:migration -- <name>').toBe(
      '-- This is an empty migration.\n',
    );
    expect(diff.empty).toBe(true);
  });

  it('sees a change that has no migration yet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-schema-'));
    tmpDirs.push(dir);
    const schema = fs
      .readFileSync(SCHEMA, 'utf8')
      .replace(/^(\s*locale\s+String.*)$/m, '$1\n  nickname String? @db.VarChar(32)');
    fs.writeFileSync(path.join(dir, 'schema.prisma'), schema);
    const diff = await diffMigrationsToSchema({
      migrationsDir: MIGRATIONS,
      schemaPath: path.join(dir, 'schema.prisma'),
      ...shadow(),
    });
    expect(diff.empty).toBe(false);
    expect(diff.script).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nickname" VARCHAR\(32\);/);
  });
});

// A fresh, migrated database per test file: embedded PGlite (copied from a migrated template,
// since a cold PGlite start costs seconds) or, with TEST_BACKEND=postgres, a throwaway
// database on TEST_DATABASE_URL's server that is dropped afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, MIGRATIONS_DIR, type Database } from '../db/database.js';

export type TestBackend = 'pglite' | 'postgres';

export function testBackend(): TestBackend {
  return process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';
}

function migrationsFingerprint(): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    const file = path.join(MIGRATIONS_DIR, name, 'migration.sql');
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

/** A migrated PGlite data dir made once per migrations version and shared by all test files. */
async function pgliteTemplate(): Promise<string> {
  const dir = path.join(os.tmpdir(), `dayreel-pglite-template-${migrationsFingerprint()}`);
  const ready = path.join(dir, 'READY');
  const claim = `${dir}.creating`;
  for (;;) {
    if (fs.existsSync(ready)) return dir;
    try {
      fs.mkdirSync(claim);
    } catch {
      // Another worker is creating it; a claim older than 2 minutes belongs to a dead worker.
      const age = Date.now() - (fs.statSync(claim, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(claim, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      const db = await openDatabase({ dataDir: dir });
      await db.close();
      fs.writeFileSync(ready, '');
      return dir;
    } finally {
      fs.rmSync(claim, { recursive: true, force: true });
    }
  }
}

export interface TestDatabase extends Database {
  /** DATA_DIR for a server process using this database (PGlite lives in <dataDir>/pglite). */
  dataDir: string;
  /** DATABASE_URL for a server process (postgres backend only). */
  databaseUrl?: string;
}

/** A fresh temporary data directory holding a migrated PGlite (not opened). */
export async function createPgliteDataDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-test-'));
  fs.cpSync(path.join(template, 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

/** A throwaway database on TEST_DATABASE_URL's server; drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_BACKEND=postgres needs TEST_DATABASE_URL');
  const name = `dayreel_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a fresh migrated database for one test file; close() also deletes it. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testBackend() === 'postgres') {
    const pgdb = await createPostgresDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-test-'));
    const db = await openDatabase({ databaseUrl: pgdb.url, dataDir });
    return {
      ...db,
      dataDir,
      databaseUrl: pgdb.url,
      async close() {
        await db.close();
        await pgdb.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = await createPgliteDataDir();
  const db = await openDatabase({ dataDir });
  return {
    ...db,
    dataDir,
    async close() {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Backup and restore end to end: `npm run backup` against a running server holding vlogs, then
// `npm run restore` into a new DATA_DIR (and, on PostgreSQL, a new empty database), a server
// started on it, and the same users, days, vlogs and media (checksums) served. A damaged backup
// and a non-empty target are refused before anything is written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser, seedDay, seedMusic, PASSWORD, type SeededDay } from '../testing/fixtures.js';
import { createPostgresDatabase, testBackend } from '../testing/db.js';
import { startDayreel, type Dayreel } from '../app.js';
import { AutoBackup } from './auto-backup.js';
import { MANIFEST, type Manifest } from './backup.js';

const execFileAsync = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

let t: TestServer;
let day: SeededDay;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-backup-test-'));
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await startTestServer({ minEvents: 2, autoBackup: false });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const alice = await createUser(deps.prisma, 'alice');
  const bob = await createUser(deps.prisma, 'bob');
  day = await seedDay(deps, alice.id, { date: '2026-11-20', recordings: 2 });
  await seedDay(deps, bob.id, { date: '2026-11-21', recordings: 1 });
  await seedMusic(deps);
  const token = await t.login('alice');
  const created = await t.gql(`mutation($input: CreateVlogInput!) { createVlog(input: $input) { id } }`, {
    input: { date: '2026-11-20', eventIds: [day.eventIds[0], day.eventIds[3]], resolution: 'P480', maxDuration: 30 },
  }, token);
  const watch = collect(t.ws(token), `subscription($id: ID!) { vlogProgress(vlogId: $id) { status } }`, { id: created.data.createVlog.id });
  expect((await watch.done).at(-1)?.data?.vlogProgress.status).toBe('COMPLETED');
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await t?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs one of the npm scripts' files as `npm run …` does (tsx), with the server's settings. */
async function script(name: 'backup' | 'restore', arg: string, env: Record<string, string | undefined>) {
  try {
    const { stdout, stderr } = await execFileAsync(TSX, [`scripts/${name}.ts`, arg], { cwd: REPO, env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const serverEnv = (dataDir: string, databaseUrl?: string) => ({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', STORAGE: 'local', MEDIA_DIR: '' });

async function sha256Url(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return crypto.createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
}

/** What a user sees, media replaced by the checksums of what the server sends. */
async function snapshot(url: string) {
  const gql = async (query: string, token?: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return ((await res.json()) as { data: any }).data;
  };
  const out: Record<string, unknown> = {};
  for (const username of ['alice', 'bob']) {
    const { login } = await gql(`mutation { login(username: "${username}", password: "${PASSWORD}") { token user { id username timezone } } }`);
    const { days } = await gql(`{ days { date } }`, login.token);
    const events = [];
    for (const d of days) {
      const { eventsByDate } = await gql(`{ eventsByDate(date: "${d.date}") { id summary recording { id url } } }`, login.token);
      for (const e of eventsByDate) events.push({ id: e.id, summary: e.summary, recording: e.recording.id, media: await sha256Url(e.recording.url) });
    }
    const { vlogs } = await gql(`{ vlogs { nodes { id status title date duration url thumbnailUrl } } }`, login.token);
    const vlogList = [];
    for (const v of vlogs.nodes) vlogList.push({ ...v, url: await sha256Url(v.url), thumbnailUrl: await sha256Url(v.thumbnailUrl) });
    const { music } = await gql(`{ music { id name url } }`, login.token);
    out[username] = {
      user: login.user,
      days,
      events,
      vlogs: vlogList,
      music: await Promise.all(music.map(async (m: { id: string; name: string; url: string }) => ({ id: m.id, name: m.name, media: await sha256Url(m.url) }))),
    };
  }
  return out;
}

async function newTarget(): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = path.join(fs.mkdtempSync(path.join(tmp, 'target-')), 'data');
  if (testBackend() !== 'postgres') return { dataDir };
  const pg = await createPostgresDatabase();
  cleanups.push(pg.drop);
  return { dataDir, databaseUrl: pg.url };
}

describe('npm run backup / npm run restore', () => {
  const backupDir = path.join(tmp, 'backup');

  it('backs up a running server and restores a new DATA_DIR that serves the same users, days, vlogs and media', async () => {
    const before = await snapshot(t.url);
    const alice = before.alice as { vlogs: { status: string }[]; events: unknown[]; music: unknown[] };
    expect(alice.vlogs.map((v) => v.status)).toEqual(['COMPLETED']);
    expect(alice.events).toHaveLength(6);
    expect(alice.music).toHaveLength(1);
    const backup = await script('backup', backupDir, serverEnv(t.config.dataDir, t.config.databaseUrl));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    // The embedded database is held open by the server: the server itself took the backup.
    if (testBackend() === 'pglite') expect(backup.stdout).toContain('taken by the running server');
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, MANIFEST), 'utf8')) as Manifest;
    const media = manifest.files.filter((f) => f.path.startsWith('media/'));
    expect(media.length).toBe((await t.app.storage.list('')).length);
    expect(media.some((f) => f.path.includes('/vlogs/'))).toBe(true);
    expect(fs.statSync(backupDir).mode & 0o777).toBe(0o700);

    const target = await newTarget();
    const restore = await script('restore', backupDir, serverEnv(target.dataDir, target.databaseUrl));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const restored: Dayreel = await startDayreel({ ...t.config, ...target, port: 0 });
    cleanups.push(() => restored.stop());
    expect(await snapshot(restored.url)).toEqual(before);
    expect((await fetch(`${restored.url}/readyz`)).status).toBe(200);
  });

  it('refuses a damaged backup naming the first bad file, before writing anything', async () => {
    const damaged = path.join(tmp, 'damaged');
    fs.cpSync(backupDir, damaged, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(damaged, MANIFEST), 'utf8')) as Manifest;
    const media = manifest.files.filter((f) => f.path.startsWith('media/'));
    // Two bad files: a flipped byte (same size), and a truncated one further down the list.
    const first = media[1]!;
    const bytes = fs.readFileSync(path.join(damaged, first.path));
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    fs.writeFileSync(path.join(damaged, first.path), bytes);
    fs.truncateSync(path.join(damaged, media.at(-1)!.path), 10);

    const target = await newTarget();
    const restore = await script('restore', damaged, serverEnv(target.dataDir, target.databaseUrl));
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim()).toBe(`restore failed: the backup is damaged: ${first.path} does not match its SHA-256 checksum`);
    expect(fs.existsSync(target.dataDir)).toBe(false);

    fs.rmSync(path.join(damaged, first.path));
    const missing = await script('restore', damaged, serverEnv(target.dataDir, target.databaseUrl));
    expect(missing.stderr).toContain(`the backup is damaged: ${first.path} is missing`);
  });

  it('refuses to restore into a non-empty DATA_DIR', async () => {
    const target = await newTarget();
    fs.mkdirSync(target.dataDir, { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, 'something'), 'x');
    const restore = await script('restore', backupDir, serverEnv(target.dataDir, target.databaseUrl));
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`${target.dataDir} is not empty`);
    expect(fs.readdirSync(target.dataDir)).toEqual(['something']);
  });

  it('refuses to back up into a folder that is not empty', async () => {
    const res = await script('backup', backupDir, serverEnv(t.config.dataDir, t.config.databaseUrl));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is not empty');
  });
});

describe('automatic backups', () => {
  it('takes one when the newest is a day old, keeps the last N, and logs the result', async () => {
    const dir = path.join(tmp, 'auto');
    const log: [string, string | undefined][] = [];
    const auto = new AutoBackup({ dir, keep: 2, backup: t.app.backup, log: (msg, level) => void log.push([msg, level]) });
    const start = Date.parse('2026-11-30T03:00:00Z');
    await auto.runIfDue(new Date(start));
    await auto.runIfDue(new Date(start + 3600_000)); // not due yet
    expect(fs.readdirSync(dir)).toEqual(['dayreel-20261130T030000Z']);
    await auto.runIfDue(new Date(start + 24 * 3600_000));
    await auto.runIfDue(new Date(start + 48 * 3600_000));
    expect(fs.readdirSync(dir).sort()).toEqual(['dayreel-20261201T030000Z', 'dayreel-20261202T030000Z']);
    expect(fs.existsSync(path.join(dir, 'dayreel-20261202T030000Z', MANIFEST))).toBe(true);
    expect(log.filter(([m]) => m.startsWith('automatic backup written')).length).toBe(3);
    expect(log.some(([m]) => m.includes('removed dayreel-20261130T030000Z'))).toBe(true);

    // A failure is logged as an error, and leaves no partial folder.
    const failing = new AutoBackup({ dir, keep: 2, backup: () => Promise.reject(new Error('disk full')), log: (msg, level) => void log.push([msg, level]) });
    await failing.runIfDue(new Date(start + 72 * 3600_000));
    expect(log.at(-1)).toEqual(['automatic backup failed: disk full', 'error']);
    expect(fs.readdirSync(dir).sort()).toEqual(['dayreel-20261201T030000Z', 'dayreel-20261202T030000Z']);
  });
});

// Revocation across API processes: two real Dayreel processes (server/src/main.ts) on one
// PostgreSQL and one media folder. A link made through the first streams through the second;
// revoked through the first, the second refuses its very next Range request and page view —
// nothing caches a link. Needs TEST_DATABASE_URL (PostgreSQL only: see vitest.config.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { LocalStorage } from '../media/storage/local.js';
import { MediaTool } from '../media/ffmpeg.js';
import { createPostgresDatabase } from '../testing/db.js';
import { createUser, PASSWORD } from '../testing/fixtures.js';
import { seedCompletedVlog } from '../testing/vlogs.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Dayreel is running')) resolve({ child, url: `http://127.0.0.1:${env.PORT}` });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API process exited (${code}) before it was ready:\n${output}`)));
  });
}

describe('a share link on two API processes (PostgreSQL)', () => {
  const dirs: string[] = [];
  const apis: { child: ChildProcess; url: string }[] = [];
  let db: Database;
  let drop: () => Promise<void>;
  let vlogId: string;

  beforeAll(async () => {
    const pg = await createPostgresDatabase();
    drop = pg.drop;
    const tmp = (name: string) => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-share2-${name}-`));
      dirs.push(d);
      return d;
    };
    const mediaDir = tmp('media');
    db = await openDatabase({ databaseUrl: pg.url, dataDir: tmp('seed') });
    const user = await createUser(db.prisma, 'alice');
    const tool = await MediaTool.create();
    vlogId = (await seedCompletedVlog({ prisma: db.prisma, storage: new LocalStorage(mediaDir), tool }, user.id, { date: '2026-11-20', title: 'A day' })).id;
    const common = { DATABASE_URL: pg.url, MEDIA_DIR: mediaDir, DAYREEL_SECRET: 'two-process-secret', DEMO: '0', RUNNER: 'off', SERVE_WEB: '0', AUTO_VLOG_CHECK_SECONDS: '0', LOG_LEVEL: 'info', HOST: '127.0.0.1' };
    for (const name of ['api1', 'api2']) apis.push(await startApi({ ...common, PORT: String(await freePort()), DATA_DIR: tmp(name) }));
  });

  afterAll(async () => {
    for (const api of apis) {
      api.child.kill('SIGTERM');
      await new Promise((r) => (api.child.exitCode === null ? api.child.once('exit', r) : r(null)));
    }
    await db?.close();
    await drop?.();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function gql(base: string, query: string, variables: Record<string, unknown>, token?: string) {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  it('is refused by the other process at its next request once revoked', async () => {
    const [api1, api2] = apis as [(typeof apis)[0], (typeof apis)[0]];
    const { login } = await gql(api1.url, `mutation($p: String!) { login(username: "alice", password: $p) { token } }`, { p: PASSWORD });
    const { createShareLink: link } = await gql(api1.url, `mutation($v: ID!) { createShareLink(vlogId: $v) { id url } }`, { v: vlogId }, login.token);
    const token = new URL(link.url).pathname.split('/')[2];
    const onApi2 = `${api2.url}/s/${token}`;

    expect((await fetch(onApi2)).status).toBe(200);
    const first = await fetch(`${onApi2}/video.mp4`, { headers: { range: 'bytes=0-4095' } });
    expect(first.status).toBe(206);
    expect((await first.arrayBuffer()).byteLength).toBe(4096);

    expect((await gql(api1.url, `mutation($id: ID!) { revokeShareLink(id: $id) }`, { id: link.id }, login.token)).revokeShareLink).toBe(true);
    // No waiting: the next range of the video being watched, and the page, fail on api2 at once.
    expect((await fetch(`${onApi2}/video.mp4`, { headers: { range: 'bytes=4096-8191' } })).status).toBe(404);
    expect((await fetch(onApi2)).status).toBe(404);
    expect((await fetch(`${api1.url}/s/${token}`)).status).toBe(404);
  });
});

// The deciding parts of the operations endpoints, and the control socket on a real Unix socket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsAllowed } from '../http/ops.js';
import { Metrics, renderErrorCode } from './metrics.js';
import { cached, checkReadiness } from './readiness.js';
import { controlSocketOf, sendControlRequest, startControlServer } from './control.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-ops-unit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const req = (remoteAddress: string, authorization?: string) =>
  ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as http.IncomingMessage;

describe('metricsAllowed', () => {
  it('lets only loopback clients in without a token', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(metricsAllowed(req(a), undefined)).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '']) expect(metricsAllowed(req(a), undefined)).toBe(false);
  });
  it('with a token, wants exactly that bearer token from anyone, loopback included', () => {
    expect(metricsAllowed(req('10.0.0.5', 'Bearer s3cret-token'), 's3cret-token')).toBe(true);
    expect(metricsAllowed(req('127.0.0.1'), 's3cret-token')).toBe(false);
    expect(metricsAllowed(req('10.0.0.5', 'Bearer s3cret-tokem'), 's3cret-token')).toBe(false);
    expect(metricsAllowed(req('10.0.0.5', 'Bearer s3cret'), 's3cret-token')).toBe(false);
  });
});

describe('metric labels stay bounded', () => {
  it('takes operation names as labels up to a limit, anything odd as anonymous', () => {
    const m = new Metrics({ process: 'test' });
    expect(m.operationLabel('CreateVlog')).toBe('CreateVlog');
    expect(m.operationLabel(undefined)).toBe('anonymous');
    expect(m.operationLabel('drop table; --')).toBe('anonymous');
    for (let i = 0; i < 300; i++) m.operationLabel(`Op${i}`);
    expect(m.operationLabel('OneMore')).toBe('other');
    expect(m.operationLabel('CreateVlog')).toBe('CreateVlog');
  });
  it("uses a render error's own code, else RENDER_FAILED", () => {
    expect(renderErrorCode(Object.assign(new Error('no room'), { code: 'DISK_FULL' }))).toBe('DISK_FULL');
    expect(renderErrorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(renderErrorCode(Object.assign(new Error('x'), { code: 'weird code' }))).toBe('RENDER_FAILED');
    expect(renderErrorCode(new Error('ffmpeg failed'))).toBe('RENDER_FAILED');
  });
});

describe('checkReadiness', () => {
  it('names every failing part and its reason, times out hung checks, caches successes only', async () => {
    let storageRuns = 0;
    let ffmpegOk = false;
    const checks = [
      { name: 'database', run: async () => {} },
      {
        name: 'ffmpeg',
        run: async () => {
          if (!ffmpegOk) throw new Error('not found');
        },
      },
      { name: 'queue', run: () => new Promise<void>(() => {}) },
      cached({ name: 'storage', run: async () => void storageRuns++ }, 60_000),
    ];
    const report = await checkReadiness(checks, 50);
    expect(report).toEqual({
      ready: false,
      checks: { database: 'ok', ffmpeg: 'failed', queue: 'failed', storage: 'ok' },
      failing: ['ffmpeg', 'queue'],
      reasons: { ffmpeg: 'not found', queue: 'queue did not answer within 50 ms' },
    });
    ffmpegOk = true;
    checks[2] = { name: 'queue', run: async () => {} };
    expect((await checkReadiness(checks, 50)).ready).toBe(true);
    expect(storageRuns).toBe(1);
  });
});

describe('control socket', () => {
  it('serves backups to this user only: a 0700 folder, a 0600 socket', async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, 'd-'));
    const asked: string[] = [];
    const server = await startControlServer(dataDir, { backup: async (dir) => (asked.push(dir), { dir, files: 1, bytes: 2, linked: 0, ms: 3 }) }, () => {});
    try {
      const socket = controlSocketOf(dataDir);
      expect(fs.statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
      expect(await sendControlRequest(dataDir, { command: 'backup', dir: '/srv/backups/today' })).toEqual({
        ok: true,
        summary: { dir: '/srv/backups/today', files: 1, bytes: 2, linked: 0, ms: 3 },
      });
      expect(await sendControlRequest(dataDir, { command: 'backup', dir: 'relative/dir' })).toMatchObject({ ok: false });
      const raw = await new Promise<string>((resolve) => {
        const c = net.createConnection(socket, () => c.write('{"command":"shell","dir":"/"}\n'));
        let text = '';
        c.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
      });
      expect(JSON.parse(raw)).toMatchObject({ ok: false, error: expect.stringContaining('unknown request') });
      expect(asked).toEqual(['/srv/backups/today']);
    } finally {
      await server!.close();
    }
    expect(await sendControlRequest(dataDir, { command: 'backup', dir: '/x' })).toBeNull();
  });
});

describe('operations settings', () => {
  it('backs up daily by default only with the embedded database, and reads the other settings', async () => {
    const { loadConfig, backupDirOf } = await import('../config.js');
    const embedded = loadConfig({ DATA_DIR: '/srv/dayreel' });
    expect(embedded).toMatchObject({ autoBackup: true, backupKeep: 7, logFormat: 'pretty', metricsToken: undefined, workerHealthPort: undefined });
    expect(backupDirOf(embedded)).toBe('/srv/dayreel/backups');
    expect(loadConfig({ DATABASE_URL: 'postgresql://x@y/z' }).autoBackup).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://x@y/z', AUTO_BACKUP: 'on', BACKUP_DIR: '/b', BACKUP_KEEP: '3' })).toMatchObject({ autoBackup: true, backupDir: '/b', backupKeep: 3 });
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty', METRICS_TOKEN: 't', WORKER_HEALTH_PORT: '4100' })).toMatchObject({
      logFormat: 'pretty',
      metricsToken: 't',
      workerHealthPort: 4100,
    });
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow('BACKUP_KEEP must be at least 1');
    expect(() => loadConfig({ WORKER_HEALTH_PORT: '70000' })).toThrow('WORKER_HEALTH_PORT must be a port number');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be json or pretty');
  });
});

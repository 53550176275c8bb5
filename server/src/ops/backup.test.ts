// The backup folder format on real files: manifest, hard links, verification naming the first
// bad file, and the pure parts (manifest parsing, which automatic backups are due or kept).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupError, listFiles, MANIFEST, parseManifest, restoreBackup, verifyBackup, writeBackup, type BackupSource } from './backup.js';
import { backupName, planBackups } from './auto-backup.js';
import { pgToolConnection } from './backup-db.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-backup-unit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function source(): BackupSource & { media: string } {
  const media = fs.mkdtempSync(path.join(tmp, 'media-'));
  fs.mkdirSync(path.join(media, 'users/1/vlogs'), { recursive: true });
  fs.writeFileSync(path.join(media, 'users/1/vlogs/a.mp4'), 'video bytes');
  fs.writeFileSync(path.join(media, 'users/1/b.jpg'), 'poster');
  fs.writeFileSync(path.join(media, 'users/1/c.mp4.1234.partial'), 'unfinished write');
  fs.mkdirSync(path.join(media, '.readyz'));
  fs.writeFileSync(path.join(media, '.readyz/1'), 'probe');
  const secretFile = path.join(tmp, 'secret');
  fs.writeFileSync(secretFile, 'the secret');
  return { kind: 'pglite', media, mediaDir: media, secretFile, dumpDatabase: async (file) => fs.writeFileSync(file, 'database dump') };
}

describe('writeBackup / verifyBackup / restoreBackup', () => {
  it('writes every finished media file hard-linked, with sizes and SHA-256 in the manifest', async () => {
    const src = source();
    const dir = path.join(tmp, 'b1');
    const summary = await writeBackup(src, dir);
    expect(summary).toMatchObject({ files: 4, linked: 2 });
    const manifest = await verifyBackup(dir);
    expect(manifest.files.map((f) => f.path)).toEqual(['database/pglite.tar.gz', 'secret', 'media/users/1/b.jpg', 'media/users/1/vlogs/a.mp4']);
    const sha = crypto.createHash('sha256').update('video bytes').digest('hex');
    expect(manifest.files[3]).toEqual({ path: 'media/users/1/vlogs/a.mp4', size: 11, sha256: sha });
    expect(fs.statSync(path.join(dir, 'media/users/1/vlogs/a.mp4')).ino).toBe(fs.statSync(path.join(src.media, 'users/1/vlogs/a.mp4')).ino);
    // The server replacing a file (a new inode renamed over the key) leaves the backup's intact.
    fs.writeFileSync(path.join(src.media, 'x.tmp'), 'new video');
    fs.renameSync(path.join(src.media, 'x.tmp'), path.join(src.media, 'users/1/vlogs/a.mp4'));
    await expect(verifyBackup(dir)).resolves.toBeTruthy();
  });

  it('refuses a damaged backup naming the first bad file', async () => {
    const dir = path.join(tmp, 'b2');
    await writeBackup(source(), dir);
    fs.writeFileSync(path.join(dir, 'media/users/1/vlogs/a.mp4'), 'video byteZ'); // same size
    fs.rmSync(path.join(dir, 'secret'));
    await expect(verifyBackup(dir)).rejects.toThrow('the backup is damaged: secret is missing');
    fs.writeFileSync(path.join(dir, 'secret'), 'the secret');
    await expect(verifyBackup(dir)).rejects.toThrow('the backup is damaged: media/users/1/vlogs/a.mp4 does not match its SHA-256 checksum');
    fs.writeFileSync(path.join(dir, 'media/users/1/vlogs/a.mp4'), 'short');
    await expect(verifyBackup(dir)).rejects.toThrow('media/users/1/vlogs/a.mp4 has 5 bytes, the manifest says 11');
    fs.rmSync(path.join(dir, MANIFEST));
    await expect(verifyBackup(dir)).rejects.toThrow(`has no ${MANIFEST}`);
  });

  it('restores only into an empty DATA_DIR, media and secret in place', async () => {
    const dir = path.join(tmp, 'b3');
    await writeBackup(source(), dir);
    const dataDir = path.join(tmp, 'r3');
    const loaded: string[] = [];
    const target = { dataDir, mediaDir: path.join(dataDir, 'media'), restoreDatabase: async (kind: string, file: string) => void loaded.push(`${kind}:${fs.readFileSync(file, 'utf8')}`) };
    await restoreBackup(dir, target);
    expect(loaded).toEqual(['pglite:database dump']);
    expect(fs.readFileSync(path.join(dataDir, 'media/users/1/vlogs/a.mp4'), 'utf8')).toBe('video bytes');
    expect(fs.statSync(path.join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
    await expect(restoreBackup(dir, target)).rejects.toThrow(BackupError);
    await expect(writeBackup(source(), dir)).rejects.toThrow('is not empty');
  });

  it('lists files without unfinished writes or readiness probes', async () => {
    expect(await listFiles(source().media)).toEqual(['users/1/b.jpg', 'users/1/vlogs/a.mp4']);
  });
});

describe('parseManifest', () => {
  const valid = { format: 'dayreel-backup', version: 1, createdAt: '', database: { kind: 'pglite', path: 'database/pglite.tar.gz' }, media: true, files: [{ path: 'database/pglite.tar.gz', size: 1, sha256: 'x' }] };
  it('accepts a manifest and refuses unsafe paths, other formats and a missing dump', () => {
    expect(parseManifest(JSON.stringify(valid)).files).toHaveLength(1);
    for (const bad of ['../etc/passwd', '/abs', 'a//b', 'a\\b', '']) {
      expect(() => parseManifest(JSON.stringify({ ...valid, files: [...valid.files, { path: bad, size: 1, sha256: 'x' }] }))).toThrow('unsafe path');
    }
    expect(() => parseManifest('{')).toThrow('not valid JSON');
    expect(() => parseManifest(JSON.stringify({ ...valid, version: 2 }))).toThrow('not a Dayreel backup manifest');
    expect(() => parseManifest(JSON.stringify({ ...valid, files: [] }))).toThrow('does not list the database dump');
  });
});

describe('automatic backup plan', () => {
  const at = (iso: string) => new Date(iso);
  it('is due with no backup or a day after the newest, and keeps the newest N', () => {
    expect(backupName(at('2026-11-30T23:59:01.250Z'))).toBe('dayreel-20261130T235901Z');
    expect(planBackups([], at('2026-11-30T00:00:00Z'), 3).due).toBe(true);
    const existing = ['dayreel-20261128T030000Z', 'dayreel-20261129T030000Z', 'dayreel-20261130T030000Z', 'notes.txt', 'dayreel-20261201T030000Z.partial'];
    expect(planBackups(existing, at('2026-11-30T20:00:00Z'), 3).due).toBe(false);
    const plan = planBackups(existing, at('2026-12-01T03:00:00Z'), 3);
    expect(plan.due).toBe(true);
    expect(plan.remove('dayreel-20261201T030000Z')).toEqual(['dayreel-20261128T030000Z']);
    expect(planBackups(existing, at('2026-12-01T03:00:00Z'), 1).remove('dayreel-20261201T030000Z')).toEqual(existing.slice(0, 3));
  });
});

describe('pgToolConnection', () => {
  it('keeps the password out of the command line', () => {
    const { dbname, env } = pgToolConnection('postgresql://dayreel:s%3Acret@db.internal:5432/dayreel?sslmode=require');
    expect(dbname).toBe('postgresql://dayreel@db.internal:5432/dayreel?sslmode=require');
    expect(env.PGPASSWORD).toBe('s:cret');
  });
});

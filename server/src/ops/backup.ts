// Backups: a folder holding the database dump, the media files (hard-linked where the file
// system allows, else copied), the signing secret, and manifest.json listing every file with its
// size and SHA-256. The manifest is written last: a folder without one is not a backup.
//
// Media files are never modified in place (storage writes a new file and renames it over the
// key), so a hard link keeps the backup's copy intact whatever the server does later.
// The database is dumped first, then the media listed: a render finishing meanwhile stores its
// files before committing its row, so every file a dumped row names is already there.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';

export const MANIFEST = 'manifest.json';
const FORMAT = 'dayreel-backup';

export type DatabaseKind = 'pglite' | 'postgres';

export interface ManifestFile {
  /** Relative to the backup folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  database: { kind: DatabaseKind; path: string };
  /** Whether media/ holds the local media (false with STORAGE=s3: the bucket is backed up on its own). */
  media: boolean;
  files: ManifestFile[];
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What a backup is taken from. */
export interface BackupSource {
  kind: DatabaseKind;
  /** Writes a dump of the database to `file`. */
  dumpDatabase(file: string): Promise<void>;
  /** The local media folder; unset with S3 storage. */
  mediaDir?: string;
  /** DATA_DIR/secret, when it exists. */
  secretFile?: string;
}

export interface BackupSummary {
  dir: string;
  files: number;
  bytes: number;
  /** Media files hard-linked rather than copied. */
  linked: number;
  ms: number;
}

export const DATABASE_FILES: Record<DatabaseKind, string> = {
  pglite: 'database/pglite.tar.gz',
  postgres: 'database/postgres.dump',
};

export async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every file under `root` as `/`-separated relative paths, skipping storage's unfinished writes and probes. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (e.name.endsWith('.partial') || (rel === '' && e.name === '.readyz')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), childRel);
      else if (e.isFile()) out.push(childRel);
    }
  }
  await walk(root, '');
  return out.sort();
}

/** True when `dir` does not exist or holds nothing. */
export function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Hard-links `src` to `dst`, or copies it when links are impossible (another file system…); true when linked. */
async function linkOrCopy(src: string, dst: string): Promise<boolean> {
  await fsp.mkdir(path.dirname(dst), { recursive: true });
  try {
    await fsp.link(src, dst);
    return true;
  } catch {
    await fsp.copyFile(src, dst, fs.constants.COPYFILE_FICLONE);
    return false;
  }
}

async function entry(dir: string, rel: string): Promise<ManifestFile> {
  const file = path.join(dir, ...rel.split('/'));
  return { path: rel, size: (await fsp.stat(file)).size, sha256: await sha256Of(file) };
}

/** Writes a backup of `source` into `dir`, which must not exist or be empty. */
export async function writeBackup(source: BackupSource, dir: string): Promise<BackupSummary> {
  const started = Date.now();
  if (!isEmptyDir(dir)) throw new BackupError(`${dir} is not empty; give a new folder for the backup`);
  // The dump holds password hashes and session tokens: only this user may read it.
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  await fsp.chmod(dir, 0o700);
  const files: ManifestFile[] = [];
  const dbPath = DATABASE_FILES[source.kind];
  await fsp.mkdir(path.join(dir, path.dirname(dbPath)), { mode: 0o700 });
  await source.dumpDatabase(path.join(dir, dbPath));
  files.push(await entry(dir, dbPath));
  if (source.secretFile && fs.existsSync(source.secretFile)) {
    await fsp.copyFile(source.secretFile, path.join(dir, 'secret'));
    await fsp.chmod(path.join(dir, 'secret'), 0o600);
    files.push(await entry(dir, 'secret'));
  }
  let linked = 0;
  if (source.mediaDir) {
    for (const key of await listFiles(source.mediaDir)) {
      const rel = `media/${key}`;
      try {
        if (await linkOrCopy(path.join(source.mediaDir, ...key.split('/')), path.join(dir, ...rel.split('/')))) linked++;
      } catch (err) {
        // Deleted since it was listed (a vlog deleted meanwhile): not part of this backup.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      files.push(await entry(dir, rel));
    }
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    database: { kind: source.kind, path: dbPath },
    media: !!source.mediaDir,
    files,
  };
  const tmp = path.join(dir, `${MANIFEST}.partial`);
  await fsp.writeFile(tmp, JSON.stringify(manifest, null, 1), { mode: 0o600 });
  await fsp.rename(tmp, path.join(dir, MANIFEST));
  return { dir, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), linked, ms: Date.now() - started };
}

/** Parses a manifest, refusing anything that is not one (pure). */
export function parseManifest(text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new BackupError(`${MANIFEST} is not valid JSON: the backup is damaged`);
  }
  if (m?.format !== FORMAT || m.version !== 1 || !Array.isArray(m.files) || !m.database || !(m.database.kind in DATABASE_FILES)) {
    throw new BackupError(`${MANIFEST} is not a Dayreel backup manifest (format ${FORMAT}, version 1)`);
  }
  for (const f of m.files) {
    const parts = typeof f.path === 'string' ? f.path.split('/') : [];
    if (!parts.length || parts.some((p) => p === '' || p === '.' || p === '..') || f.path.includes('\\')) {
      throw new BackupError(`${MANIFEST} names an unsafe path: ${JSON.stringify(f.path)}`);
    }
  }
  if (!m.files.some((f) => f.path === m.database.path)) throw new BackupError(`${MANIFEST} does not list the database dump ${m.database.path}`);
  return m;
}

/** Checks every file against the manifest; throws naming the first missing or damaged one. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, MANIFEST), 'utf8');
  } catch {
    throw new BackupError(`${dir} has no ${MANIFEST}: not a backup, or one that did not finish`);
  }
  const manifest = parseManifest(text);
  for (const f of manifest.files) {
    const file = path.join(dir, ...f.path.split('/'));
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new BackupError(`the backup is damaged: ${f.path} is missing`);
    if (stat.size !== f.size) throw new BackupError(`the backup is damaged: ${f.path} has ${stat.size} bytes, the manifest says ${f.size}`);
    if ((await sha256Of(file)) !== f.sha256) throw new BackupError(`the backup is damaged: ${f.path} does not match its SHA-256 checksum`);
  }
  return manifest;
}

export interface RestoreTarget {
  dataDir: string;
  /** Where local media goes. */
  mediaDir: string;
  /** Loads the dump into the target database (a fresh PGlite in dataDir, or an empty PostgreSQL). */
  restoreDatabase(kind: DatabaseKind, file: string): Promise<void>;
}

/** Verifies the backup, then rebuilds DATA_DIR (which must be empty) and its database from it. */
export async function restoreBackup(dir: string, target: RestoreTarget): Promise<{ files: number; bytes: number }> {
  const manifest = await verifyBackup(dir);
  for (const d of new Set([target.dataDir, target.mediaDir])) {
    if (!isEmptyDir(d)) throw new BackupError(`${d} is not empty; restore only into a new, empty DATA_DIR (and MEDIA_DIR)`);
  }
  await fsp.mkdir(target.dataDir, { recursive: true, mode: 0o700 });
  await target.restoreDatabase(manifest.database.kind, path.join(dir, ...manifest.database.path.split('/')));
  let bytes = 0;
  for (const f of manifest.files) {
    const src = path.join(dir, ...f.path.split('/'));
    let dst: string | undefined;
    if (f.path === 'secret') dst = path.join(target.dataDir, 'secret');
    else if (f.path.startsWith('media/')) dst = path.join(target.mediaDir, ...f.path.slice('media/'.length).split('/'));
    if (!dst) continue;
    await fsp.mkdir(path.dirname(dst), { recursive: true });
    await fsp.copyFile(src, dst, fs.constants.COPYFILE_FICLONE);
    if (f.path === 'secret') await fsp.chmod(dst, 0o600);
    bytes += f.size;
  }
  return { files: manifest.files.length, bytes };
}

// What `npm run backup` and `npm run restore` do (scripts/ holds only their command lines).
//
// Backup, embedded database: a running server holds the database open (and its lock), so the
// backup is asked of it over the control socket; with no server running, this process opens the
// database itself. PostgreSQL: pg_dump, with or without servers running.
import path from 'node:path';
import { mediaDirOf, type Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DataDirLockedError } from '../db/lock.js';
import { BackupError, restoreBackup, writeBackup, type BackupSummary } from './backup.js';
import { backupSource, databaseRestorer, postgresSource } from './backup-db.js';
import { sendControlRequest } from './control.js';

export async function backupCommand(config: Config, dir: string): Promise<BackupSummary & { via: 'server' | 'direct' }> {
  const target = path.resolve(dir);
  const mediaDir = config.storage === 'local' ? mediaDirOf(config) : undefined;
  const secretFile = path.join(config.dataDir, 'secret');
  if (config.databaseUrl) return { ...(await writeBackup(postgresSource(config.databaseUrl, { mediaDir, secretFile }), target)), via: 'direct' };
  const answer = await sendControlRequest(config.dataDir, { command: 'backup', dir: target });
  if (answer) {
    if (!answer.ok) throw new BackupError(`the running server could not back up: ${answer.error}`);
    return { ...answer.summary, via: 'server' };
  }
  let db;
  try {
    db = await openDatabase({ dataDir: config.dataDir, migrate: false });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new BackupError(`the database is in use by process ${err.pid}, which does not answer on its control socket; stop it, then back up`);
    }
    throw err;
  }
  try {
    return { ...(await writeBackup(backupSource(db, { dataDir: config.dataDir, mediaDir }), target)), via: 'direct' };
  } finally {
    await db.close();
  }
}

export async function restoreCommand(config: Config, dir: string): Promise<{ files: number; bytes: number; dataDir: string }> {
  const restored = await restoreBackup(path.resolve(dir), {
    dataDir: config.dataDir,
    mediaDir: mediaDirOf(config),
    restoreDatabase: databaseRestorer({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }),
  });
  return { ...restored, dataDir: config.dataDir };
}

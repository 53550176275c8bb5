// `npm run backup -- <dir>`: a consistent backup of the database, the local media (with a
// SHA-256 manifest) and the signing secret into <dir> (new or empty), while the server runs or
// not. Same DATA_DIR / DATABASE_URL / STORAGE settings as the server. See docs/OPERATIONS.md.
import { loadConfig } from '../server/src/config.js';
import { backupCommand } from '../server/src/ops/backup-commands.js';

const dir = process.argv[2];
if (!dir || dir.startsWith('-')) {
  console.error('usage: npm run backup -- <dir>   (dir: a new or empty folder)');
  process.exit(2);
}
try {
  const config = loadConfig();
  const s = await backupCommand(config, dir);
  console.log(
    `backup written to ${s.dir}: ${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB (${s.linked} media files hard-linked), ${s.ms} ms` +
      (s.via === 'server' ? ', taken by the running server' : ''),
  );
  if (config.storage === 's3') console.log('media in the S3 bucket is not part of this backup: back up the bucket with its own tools');
} catch (err) {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

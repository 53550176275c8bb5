// `npm run restore -- <dir>`: checks a backup against its manifest (size and SHA-256 of every
// file), then rebuilds an empty DATA_DIR (and, with DATABASE_URL, an empty database) from it.
// Refuses a non-empty target and a damaged backup, naming the first bad file.
import { loadConfig } from '../server/src/config.js';
import { restoreCommand } from '../server/src/ops/backup-commands.js';

const dir = process.argv[2];
if (!dir || dir.startsWith('-')) {
  console.error('usage: DATA_DIR=<new folder> npm run restore -- <backup dir>');
  process.exit(2);
}
try {
  const r = await restoreCommand(loadConfig(), dir);
  console.log(`restored ${r.files} files (${(r.bytes / 1e6).toFixed(1)} MB) into ${r.dataDir}; start the server on it`);
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

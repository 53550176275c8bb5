// `npm run import -- <manifest.json>`: imports a day of footage (see server/src/imports/
// manifest.ts for the format) into the database and storage the server uses (DATA_DIR,
// DATABASE_URL, FFMPEG_PATH… as for `npm start`). Progress on stderr, summary on stdout.
import path from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/database.js';
import { PgNotifyEventBus } from '../server/src/bus/pg-notify.js';
import { announceEventsChanged } from '../server/src/graphql/day-answers.js';
import { DataDirLockedError } from '../server/src/db/lock.js';
import { hashPassword } from '../server/src/auth/password.js';
import { MediaTool, CanceledError } from '../server/src/media/ffmpeg.js';
import { createStorage } from '../server/src/app.js';
import { importManifest, type ImportProgress, type ImportResult } from '../server/src/imports/import.js';

const USAGE = `usage: npm run import -- <manifest.json>

Imports recordings, events, diary entries and music described by a JSON manifest.
Uses the same DATA_DIR / DATABASE_URL / FFMPEG_PATH settings as the server; stop a server
that uses the embedded database first.`;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** A one-line progress bar redrawn in place on a terminal; plain lines every 10 % otherwise. */
function progressBar(stream: NodeJS.WriteStream) {
  const started = Date.now();
  const tty = stream.isTTY;
  let lastLine = -1;
  let lastDraw = 0;
  return {
    update(p: ImportProgress) {
      const elapsed = (Date.now() - started) / 1000;
      const eta = p.percent > 2 && p.percent < 100 ? (elapsed * (100 - p.percent)) / p.percent : p.percent >= 100 ? 0 : NaN;
      const status = `${p.percent.toFixed(1).padStart(5)} %  ${p.step} ${p.done}/${p.total}  ETA ${formatDuration(eta)}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && p.percent < 100) return;
        lastDraw = now;
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - status.length - 4));
        const filled = Math.round((p.percent / 100) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${status}\x1b[K`);
      } else {
        const tenth = Math.floor(p.percent / 10);
        if (tenth !== lastLine) {
          lastLine = tenth;
          stream.write(`${status}\n`);
        }
      }
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}

function summary(r: ImportResult, seconds: number): string {
  const c = (x: { created: number; updated: number; skipped: number }) =>
    `${x.created} new${x.updated ? `, ${x.updated} updated` : ''}${x.skipped ? `, ${x.skipped} already there` : ''}`;
  const lines = [
    `Imported in ${seconds.toFixed(1)} s${r.userId !== null ? ` for user #${r.userId}${r.userCreated ? ' (created)' : ''}` : ''}:`,
    `  recordings  ${c(r.recordings)}`,
    `  events      ${c(r.events)}`,
    `  diary       ${c(r.diary)}`,
    `  music       ${c(r.music)}`,
    `  ${r.storedObjects} files stored`,
    ...r.warnings.map((w) => `  warning: ${w}`),
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || args[0] === '-h' || args[0] === '--help') {
    console.error(USAGE);
    return args[0] === '-h' || args[0] === '--help' ? 0 : 2;
  }
  const manifestPath = path.resolve(args[0]!);
  const config = loadConfig();
  const tool = await MediaTool.create({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The same storage the server reads (a local folder, or S3 with STORAGE=s3).
  const storage = await createStorage(config);
  const abort = new AbortController();
  const onSignal = () => {
    process.stderr.write('\ninterrupted: undoing…\n');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = progressBar(process.stderr);
  const started = Date.now();
  try {
    const result = await importManifest({
      prisma: db.prisma,
      storage,
      tool,
      manifestPath,
      hashPassword,
      onProgress: (p) => bar.update(p),
      signal: abort.signal,
    });
    bar.done();
    // A server on the same PostgreSQL keeps recent answers to a day's events: tell it (and every
    // other process) that this user's changed. With PGlite no server can run meanwhile (the data dir is locked).
    if (db.kind === 'postgres' && result.userId !== null) {
      await announceEventsChanged(new PgNotifyEventBus({ connectionString: db.url, pool: db.pool }), result.userId);
    }
    console.log(summary(result, (Date.now() - started) / 1000));
    return 0;
  } catch (err) {
    bar.done();
    if (err instanceof CanceledError) {
      console.error('import canceled; nothing was written');
      return 130;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    storage.close();
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof DataDirLockedError ? `the data folder is in use (stop the server first): ${err.message}` : (err as Error)?.message ?? String(err);
    console.error(`import failed: ${message}`);
    process.exit(1);
  },
);

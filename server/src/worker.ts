// `npm run worker`: a render worker — no HTTP server; it claims render jobs from the shared
// PostgreSQL (QUEUE=pgboss, or the database queue), writes to the shared storage, and publishes
// progress on the shared bus. SIGTERM/SIGINT hand running jobs back to the queue (without
// counting the attempt) so another worker resumes them, then exit.
import { ConfigError, loadConfig, type Config } from './config.js';
import { startupFailure } from './startup-error.js';
import { startWorker } from './app.js';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    console.error(`Dayreel worker cannot start: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const levels = ['debug', 'info', 'warn', 'error', 'silent'];
const quiet = levels.indexOf(config.logLevel) > 1;
const log = (msg: string) => {
  if (!quiet) console.log(`[dayreel-worker] ${msg}`);
};

try {
  const worker = await startWorker(config, log);
  console.log(`Dayreel render worker is running (pid ${process.pid}, ${config.renderConcurrency} at a time, queue ${config.queue})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: handing running jobs back and shutting down`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (err) {
  // One sentence a person can act on; the stack only when asked for.
  console.error(`Dayreel worker cannot start: ${startupFailure(err, config)}.`);
  if (config.logLevel === 'debug') console.error(err);
  process.exit(1);
}

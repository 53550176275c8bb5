// The one process runner behind `npm start` (main.ts) and `npm run worker` (worker.ts): load the
// config, make the logger, start, and on SIGTERM/SIGINT stop gracefully within STOP_DEADLINE_MS
// (container runtimes kill at 10 s). A setting that cannot work is one line on stderr, exit 1.
import { ConfigError, loadConfig, type Config } from './config.js';
import { startupFailure } from './startup-error.js';
import { createLogger, logFunction, type LogFn, type Logger } from './lib/logger.js';

/** Past this, a stop that hangs is cut short (exit 1) so the process is gone before a 10 s SIGKILL. */
export const STOP_DEADLINE_MS = 9_000;

export interface Started {
  stop(): Promise<void>;
}

export interface ProcessSpec<T extends Started> {
  /** 'api' or 'worker': the `name` of every log line. */
  name: string;
  /** How messages name the process: 'Dayreel', 'Dayreel worker'. */
  title: string;
  start(config: Config, log: LogFn, logger: Logger): Promise<T>;
  /** Says where it runs, once started. */
  announce(started: T, config: Config, logger: Logger): void;
}

function loadConfigOrExit(title: string): Config {
  try {
    return loadConfig();
  } catch (err) {
    console.error(`${title} cannot start: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}

export async function runProcess<T extends Started>(spec: ProcessSpec<T>): Promise<void> {
  const config = loadConfigOrExit(spec.title);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, name: spec.name });
  process.on('unhandledRejection', (err) => {
    logger.error({ err }, 'unhandled promise rejection');
    process.exit(1);
  });
  let started: T;
  try {
    started = await spec.start(config, logFunction(logger), logger);
  } catch (err) {
    // One sentence a person can act on, on stderr whatever the log format; the stack only when asked for.
    const sentence = `${spec.title} cannot start: ${startupFailure(err, config)}.`;
    console.error(sentence);
    // Log collectors read JSON lines; a terminal (pretty) already has the sentence above.
    if (config.logFormat === 'json') logger.error(sentence);
    logger.debug({ err }, 'start-up failure');
    process.exit(1);
  }
  spec.announce(started, config, logger);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const begun = Date.now();
    logger.info({ signal }, `${signal}: stopping`);
    const deadline = setTimeout(() => {
      logger.error(`did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    try {
      await started.stop();
      logger.info({ ms: Date.now() - begun }, 'stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'stopping failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

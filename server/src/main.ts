// `npm start`: Dayreel on its embedded defaults (or whatever the environment configures).
import { ConfigError, loadConfig, type Config } from './config.js';
import { startupFailure } from './startup-error.js';
import { startDayreel } from './app.js';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    console.error(`Dayreel cannot start: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const levels = ['debug', 'info', 'warn', 'error', 'silent'];
const log = (msg: string) => {
  if (levels.indexOf(config.logLevel) <= 1) console.log(`[dayreel] ${msg}`);
};

try {
  const app = await startDayreel(config, log);
  console.log(`\nDayreel is running at ${app.url}  (GraphQL IDE: ${app.url}/graphql)`);
  if (config.demo) console.log('Demo account: demo / demo1234\n');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (err) {
  // One sentence a person can act on; the stack only when asked for.
  console.error(`Dayreel cannot start: ${startupFailure(err, config)}.`);
  if (config.logLevel === 'debug') console.error(err);
  process.exit(1);
}

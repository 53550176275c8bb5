// Starts the real server (server/src/main.ts, as `npm start` does) for one test file: a free
// port, a fresh DATA_DIR, the demo user and day. The demo's generated media is copied from a
// machine-wide cache when there is one (the database is always new), which saves ~40 s a file.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUTPUT = path.join(REPO, 'test-output/e2e');
const SHARED_DEMO_CACHE = path.join(os.tmpdir(), 'dayreel-e2e-demo-cache');

export interface E2EServer {
  url: string;
  port: number;
  dataDir: string;
  logs: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startServer(name: string, env: Record<string, string> = {}): Promise<E2EServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-e2e-${name}-`));
  if (fs.existsSync(SHARED_DEMO_CACHE)) fs.cpSync(SHARED_DEMO_CACHE, path.join(dataDir, 'demo-cache'), { recursive: true });
  const port = await freePort();
  fs.mkdirSync(OUTPUT, { recursive: true });
  const logFile = path.join(OUTPUT, `${name}-server.log`);
  const log = fs.createWriteStream(logFile);
  let text = '';
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'], {
    cwd: REPO,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, DEMO: 'on', SERVE_WEB: 'on', LOG_LEVEL: 'info', AUTO_BACKUP: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    log.write(chunk);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (text.includes('Dayreel is running at')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the server exited (${child.exitCode}) before it was ready:\n${text.slice(-3000)}`));
      } else if (Date.now() - started > 280_000) {
        clearInterval(timer);
        reject(new Error(`the server was not ready after 280 s:\n${text.slice(-3000)}`));
      }
    }, 200);
  });

  // Keep the generated demo media for the next file (copied aside, then renamed into place).
  const ownCache = path.join(dataDir, 'demo-cache');
  if (!fs.existsSync(SHARED_DEMO_CACHE) && fs.existsSync(ownCache)) {
    const tmp = `${SHARED_DEMO_CACHE}.${process.pid}.tmp`;
    try {
      fs.cpSync(ownCache, tmp, { recursive: true });
      fs.renameSync(tmp, SHARED_DEMO_CACHE);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  return {
    url,
    port,
    dataDir,
    logs: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await exited(child, 20_000))) {
          child.kill('SIGKILL');
          await exited(child, 5_000);
        }
      }
      log.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Closes the browsers, then stops the server — even when closing reports errors in the page. */
export async function tearDown(server: E2EServer | undefined, ...browsers: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  try {
    for (const browser of browsers) await browser?.close();
  } finally {
    await server?.stop();
  }
}

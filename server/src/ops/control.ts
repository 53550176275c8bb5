// The local control socket: how `npm run backup` asks a running server to back up the embedded
// database it holds open (no other process may open it). A Unix socket in DATA_DIR/run, a folder
// only this user may enter (0700), the socket itself 0600 — no TCP listener, nothing another
// local user can reach. One JSON request line, one JSON answer line.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { BackupSummary } from './backup.js';

export type ControlRequest = { command: 'backup'; dir: string };
export type ControlAnswer = { ok: true; summary: BackupSummary } | { ok: false; error: string };

/** Unix socket paths are limited to about 107 bytes. */
const MAX_SOCKET_PATH = 100;

export function controlSocketOf(dataDir: string): string {
  return path.join(dataDir, 'run', 'control.sock');
}

export interface ControlServer {
  close(): Promise<void>;
}

/** Serves backups on DATA_DIR/run/control.sock; null (and a log line) when the path is too long. */
export async function startControlServer(
  dataDir: string,
  handlers: { backup(dir: string): Promise<BackupSummary> },
  log: (msg: string, level?: 'warn') => void,
): Promise<ControlServer | null> {
  const socketPath = controlSocketOf(dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    log(`control socket disabled: ${socketPath} is longer than ${MAX_SOCKET_PATH} bytes; \`npm run backup\` needs the server stopped`, 'warn');
    return null;
  }
  fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(socketPath), 0o700);
  fs.rmSync(socketPath, { force: true }); // a crashed process's socket (the data dir's lock is ours)
  let busy = false;
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.on('data', async (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 8192) return void socket.destroy();
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      socket.pause();
      const answer = await handle(buffer.slice(0, newline));
      socket.end(JSON.stringify(answer) + '\n');
    });
  });
  async function handle(line: string): Promise<ControlAnswer> {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
    } catch {
      return { ok: false, error: 'not a JSON request' };
    }
    if (request?.command !== 'backup' || typeof request.dir !== 'string' || !path.isAbsolute(request.dir)) {
      return { ok: false, error: 'unknown request (expected {"command":"backup","dir":"/absolute/path"})' };
    }
    if (busy) return { ok: false, error: 'a backup is already running' };
    busy = true;
    try {
      return { ok: true, summary: await handlers.backup(request.dir) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      busy = false;
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socketPath, { force: true });
      }),
  };
}

/** Sends one request to a running server; null when none listens on the socket. */
export async function sendControlRequest(dataDir: string, request: ControlRequest): Promise<ControlAnswer | null> {
  const socketPath = controlSocketOf(dataDir);
  if (!fs.existsSync(socketPath)) return null;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer) as ControlAnswer);
      } catch {
        reject(new Error('the server gave no answer'));
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(null);
      else reject(err);
    });
  });
}

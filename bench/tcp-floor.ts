// The floor under the subscription fan-out: what it costs a server process to write one frame of
// a given size to each of N loopback TCP connections with node:net — no WebSocket library, no
// GraphQL, no database. On loopback the writer's system CPU includes the kernel's delivery to
// the receiving socket, so this is the part of "server CPU per publish" no server code can
// remove. The writer runs in a child process (its CPU is its own); the N readers are plain
// sockets in the bench process; each round waits until every reader has its bytes.
//
//   (child) node --import tsx bench/tcp-floor.ts serve
import net from 'node:net';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processCpu } from './lib/proc.ts';

export interface TcpFloor {
  connections: number;
  frameBytes: number;
  rounds: number;
  /** The writer's CPU (user + system) per round of one write to every connection. */
  cpuMsPerRound: number;
}

type Command = { cmd: 'write'; bytes: number };

/** Child: accept connections, write a fresh buffer of `bytes` to each on every command. */
async function serve(): Promise<void> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.setNoDelay(true); // as ws does
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (c: Command) => {
    const body = Buffer.alloc(c.bytes, 0x78);
    // One buffer built per connection, as the fan-out builds each subscriber's frame.
    for (const socket of sockets) {
      const frame = Buffer.allocUnsafe(body.length);
      body.copy(frame);
      socket.write(frame);
    }
    process.send!({ type: 'written' });
  });
  process.send!({ type: 'listening', port: (server.address() as net.AddressInfo).port });
}

export async function measureTcpFloor(connections: number, frameBytes: number, rounds: number): Promise<TcpFloor> {
  const require = createRequire(import.meta.url);
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) => new Promise<{ type: string; port?: number }>((resolve) => {
    const on = (m: { type: string; port?: number }) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
  });
  const clients: net.Socket[] = [];
  try {
    const { port } = await next('listening');
    let received = 0;
    let wanted = 0;
    let arrived: (() => void) | undefined;
    for (let i = 0; i < connections; i++) {
      const socket = net.connect(port!, '127.0.0.1');
      socket.on('data', (d) => {
        received += d.length;
        if (received >= wanted) arrived?.();
      });
      clients.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // every connection accepted
    const cpu0 = processCpu(child.pid!);
    for (let r = 0; r < rounds; r++) {
      wanted += connections * frameBytes;
      const all = new Promise<void>((resolve) => (arrived = resolve));
      child.send({ cmd: 'write', bytes: frameBytes } satisfies Command);
      await Promise.all([next('written'), all]);
      await new Promise((resolve) => setTimeout(resolve, 30)); // as the fan-out bench spaces its publishes
    }
    return { connections, frameBytes, rounds, cpuMsPerRound: ((processCpu(child.pid!) - cpu0) * 1000) / rounds };
  } finally {
    for (const socket of clients) socket.destroy();
    child.kill();
  }
}

if (process.argv[2] === 'serve') void serve();

// Starting bench/server-child.ts in its own Node process (through tsx, with --expose-gc) and
// talking to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildMode, ParentCommand, ReadyMessage } from '../server-child.ts';

const require = createRequire(import.meta.url);
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server-child.ts');

export class ServerChild {
  private readonly waiters: { type: string; resolve: (m: any) => void; reject: (e: Error) => void }[] = [];
  private exited = false;
  ready!: ReadyMessage;

  private constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'error') {
        const err = new Error(`server child: ${m.message}`);
        for (const w of this.waiters.splice(0)) w.reject(err);
        return;
      }
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      const err = new Error(`server child exited (${signal ?? code})`);
      for (const w of this.waiters.splice(0)) w.reject(err);
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  static async start(
    mode: ChildMode,
    opts: { events?: number; backend: 'pglite' | 'postgres'; databaseUrl?: string; timeoutMs?: number; env?: Record<string, string> },
  ): Promise<ServerChild> {
    const env: NodeJS.ProcessEnv = { ...process.env, TEST_BACKEND: opts.backend, ...opts.env };
    if (opts.backend === 'postgres') env.TEST_DATABASE_URL = opts.databaseUrl;
    delete env.NODE_OPTIONS;
    // BENCH_CHILD_CPU_PROF=<dir>: a V8 CPU profile of the server child, written there when it stops.
    const profile = process.env.BENCH_CHILD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_CPU_PROF}`] : [];
    const proc = fork(CHILD, [mode, String(opts.events ?? 200)], {
      execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href, '--expose-gc', ...profile],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = new ServerChild(proc);
    child.ready = await child.wait<ReadyMessage>('ready', opts.timeoutMs ?? 180_000);
    return child;
  }

  wait<T>(type: string, timeoutMs = 60_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error('server child has exited'));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server child: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  send(cmd: ParentCommand): void {
    this.proc.send(cmd);
  }

  async request<T>(cmd: ParentCommand, reply: string, timeoutMs?: number): Promise<T> {
    const p = this.wait<T>(reply, timeoutMs);
    this.send(cmd);
    return p;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      await this.request({ cmd: 'stop' }, 'stopped', 30_000);
    } catch {
      // fall through to the kill
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

// The open-loop generator in its own Node process (bench/open-loop-child.ts, through tsx): start it
// first (its start-up is not part of a run), then run one schedule and get its summary.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OpenLoopOptions, OpenLoopResult } from './open-loop.ts';
import type { OpenLoopMessage } from '../open-loop-child.ts';

const require = createRequire(import.meta.url);
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'open-loop-child.ts');

export class OpenLoopChild {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly next: () => Promise<OpenLoopMessage>,
  ) {}

  get pid(): number {
    return this.proc.pid!;
  }

  /** Resolves once the generator process is listening for its options. */
  static async start(): Promise<OpenLoopChild> {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const proc = fork(CHILD, [], { execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const messages: OpenLoopMessage[] = [];
    let waiter: { resolve: (m: OpenLoopMessage) => void; reject: (e: Error) => void } | undefined;
    let exited: Error | undefined;
    proc.on('message', (m: OpenLoopMessage) => (waiter ? (waiter.resolve(m), (waiter = undefined)) : messages.push(m)));
    const fail = (e: Error) => {
      exited = e;
      waiter?.reject(e);
      waiter = undefined;
    };
    proc.once('exit', (code, signal) => fail(new Error(`open-loop generator exited (${signal ?? code}) without a result`)));
    proc.once('error', fail);
    const next = () =>
      messages.length ? Promise.resolve(messages.shift()!) : exited ? Promise.reject(exited) : new Promise<OpenLoopMessage>((resolve, reject) => (waiter = { resolve, reject }));
    const child = new OpenLoopChild(proc, next);
    const ready = await next();
    if (ready.type !== 'ready') throw new Error(`open-loop generator: expected "ready", got ${ready.type}`);
    return child;
  }

  /** Runs one schedule; the process exits after it. */
  async run(opts: OpenLoopOptions): Promise<OpenLoopResult> {
    this.proc.send(opts);
    const m = await this.next();
    if (m.type === 'result') return m.result;
    throw new Error(`open-loop generator: ${m.type === 'error' ? m.message : m.type}`);
  }

  /** Ends the process if it is still there (a run that failed half-way). */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill();
  }
}

/** Starts a generator process, runs one schedule in it, and returns the summary. */
export async function runOpenLoopInChild(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const child = await OpenLoopChild.start();
  try {
    return await child.run(opts);
  } finally {
    child.kill();
  }
}

// Runs `npm start` / `npm run worker` as an operator does (npm → sh → tsx → node), for tests of
// what only a real process shows: its JSON log lines, its signals, its exit.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface NpmProcess {
  child: ChildProcess;
  lines: LogLine[];
  /** Resolves with the first log line matching `test` (already seen or to come). */
  waitForLine(test: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Pids of every process below npm (sh, tsx, node…), now. */
  descendants(): number[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr(): string;
  /** SIGKILLs npm and everything below it (a test that failed early must not leave its server running). */
  killTree(): void;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const c of text.split(/\s+/)) if (c) out.push(Number(c));
    }
  } catch {
    // Gone.
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    const state = /^State:\s*(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return state !== 'Z';
  } catch {
    return false;
  }
}

/** `npm <args> --ignore-scripts` (no prestart web build; the script itself runs as it always does). */
export function spawnNpm(args: string[], env: Record<string, string>): NpmProcess {
  const child = spawn('npm', [...args, '--ignore-scripts'], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let pending = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const text of parts) {
      if (!text.startsWith('{')) continue; // npm's own banner
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const w of [...waiters]) if (w.test(line)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(line);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const descendants = () => {
    const out: number[] = [];
    const queue = [child.pid!];
    while (queue.length) {
      const kids = childrenOf(queue.shift()!);
      out.push(...kids);
      queue.push(...kids);
    }
    return out;
  };
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine(test, timeoutMs = 90_000) {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(() => reject(new Error(`the process exited; stderr: ${stderr.slice(-2000)}`)));
      });
    },
    descendants,
    killTree() {
      for (const pid of [...descendants(), child.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    },
  };
}

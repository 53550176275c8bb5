// What the benchmark measures about processes, from Linux's /proc (no native addons, no
// /usr/bin/time): CPU time of reaped children, peak memory of a process tree by sampling, the
// machine's load from other work, and a description of the machine.
//
// CPU of children: /proc/self/stat fields cutime + cstime are the user + system time of every
// child this process has waited for (libuv reaps each child as it exits), exact to the clock tick
// (10 ms). Taken before and after a step, the difference is the CPU of every ffmpeg/ffprobe the
// step ran, however short.
//
// Memory: a sampler walks the process tree every `intervalMs` (via /proc/<pid>/task/<tid>/children)
// and reads VmRSS and VmHWM (the kernel's own per-process peak) from /proc/<pid>/status. It keeps
// the highest VmHWM seen per process and the highest sum of VmRSS over the processes alive at one
// moment. VmHWM is exact up to the last sample, so a process can only be under-reported by what it
// grew in its last `intervalMs`; a process that lives shorter than one interval can be missed
// (none of the render's processes do).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

let clkTck: number | undefined;
/** Clock ticks per second for /proc's times (getconf CLK_TCK; 100 on every usual Linux). */
export function clockTicks(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

export const hasProcfs = (): boolean => fs.existsSync('/proc/self/stat');

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

export interface CpuTimes {
  /** Seconds of CPU of this process (user + system). */
  self: number;
  /** Seconds of CPU of reaped children (user + system). */
  children: number;
}

/** This process's own CPU and its reaped children's, in seconds. */
export function cpuTimes(): CpuTimes {
  const f = statFields('self');
  if (!f) {
    const u = process.cpuUsage();
    return { self: (u.user + u.system) / 1e6, children: NaN };
  }
  // After "pid (comm) ", field 3 (state) is index 0, so utime(14) is index 11.
  const tick = clockTicks();
  return {
    self: (Number(f[11]) + Number(f[12])) / tick,
    children: (Number(f[13]) + Number(f[14])) / tick,
  };
}

/** CPU seconds (user + system) a live process has used so far, or NaN. */
export function processCpu(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / clockTicks() : NaN;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
export function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest is inside user.
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Memory of one process in bytes: resident now and its peak so far. */
export function processMemory(pid: number | 'self'): { rss: number; hwm: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Direct children of a process (all of its threads' children). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** Every descendant of a process, depth first. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const stack = childrenOf(pid);
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...childrenOf(p));
  }
  return out;
}

export interface TreeMemory {
  /** Highest VmHWM of any one descendant (bytes). */
  maxProcessPeak: number;
  /** Command name of that descendant. */
  maxProcessName: string;
  /** Highest sum of VmRSS of the descendants alive at one sample (bytes). */
  concurrentPeak: number;
  /** Highest VmRSS of the root process itself while sampling (bytes). */
  rootPeak: number;
  /** VmRSS of the root when sampling started (bytes). */
  rootStart: number;
  /** Distinct descendants seen. */
  processesSeen: number;
  samples: number;
}

/** Samples the memory of a process tree (default: this process and its children) until stop(). */
export class TreeSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly peaks = new Map<number, { hwm: number; name: string }>();
  private result: TreeMemory;

  constructor(
    private readonly root: number = process.pid,
    private readonly intervalMs = 20,
    /** Only count descendants whose command name matches (e.g. /ffmpeg|ffprobe/). */
    private readonly filter?: RegExp,
  ) {
    const start = processMemory(root)?.rss ?? NaN;
    this.result = { maxProcessPeak: 0, maxProcessName: '', concurrentPeak: 0, rootPeak: start, rootStart: start, processesSeen: 0, samples: 0 };
  }

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const r = this.result;
    r.samples++;
    const own = processMemory(this.root);
    if (own && own.rss > r.rootPeak) r.rootPeak = own.rss;
    let sum = 0;
    for (const pid of descendantsOf(this.root)) {
      let seen = this.peaks.get(pid);
      if (!seen) {
        const name = commandOf(pid);
        if (this.filter && !this.filter.test(name)) continue;
        seen = { hwm: 0, name };
        this.peaks.set(pid, seen);
      }
      const m = processMemory(pid);
      if (!m || !Number.isFinite(m.rss)) continue;
      sum += m.rss;
      if (m.hwm > seen.hwm) seen.hwm = m.hwm;
      if (seen.hwm > r.maxProcessPeak) {
        r.maxProcessPeak = seen.hwm;
        r.maxProcessName = seen.name;
      }
    }
    if (sum > r.concurrentPeak) r.concurrentPeak = sum;
  }

  stop(): TreeMemory {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    this.result.processesSeen = this.peaks.size;
    return { ...this.result };
  }
}

export interface Measured<T> {
  value: T;
  wallSeconds: number;
  /** CPU of the ffmpeg/ffprobe children (reaped during the step). */
  childCpuSeconds: number;
  /** CPU of this Node process during the step. */
  nodeCpuSeconds: number;
  memory: TreeMemory;
  /**
   * Share of the machine's CPU capacity used by other work during the step (0–1): busy time of
   * the whole machine minus this process and its children, over wall × cores. Noise indicator.
   */
  foreignLoad: number;
}

/** Runs `fn` measuring wall time, CPU of this process and its children, and tree memory. */
export async function measure<T>(fn: () => Promise<T>, opts: { intervalMs?: number; filter?: RegExp } = {}): Promise<Measured<T>> {
  const sampler = new TreeSampler(process.pid, opts.intervalMs ?? 20, opts.filter).start();
  const cpu0 = cpuTimes();
  const m0 = machineJiffies();
  const t0 = performance.now();
  const value = await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuTimes();
  const m1 = machineJiffies();
  const memory = sampler.stop();
  const childCpuSeconds = cpu1.children - cpu0.children;
  const nodeCpuSeconds = cpu1.self - cpu0.self;
  let foreignLoad = NaN;
  if (m0 && m1 && m1.total > m0.total) {
    const busy = (m1.busy - m0.busy) / clockTicks();
    const capacity = (m1.total - m0.total) / clockTicks();
    foreignLoad = Math.max(0, Math.min(1, (busy - childCpuSeconds - nodeCpuSeconds) / capacity));
  }
  return { value, wallSeconds, childCpuSeconds, nodeCpuSeconds, memory, foreignLoad };
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramBytes: number;
  node: string;
  platform: string;
  kernel: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    ramBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

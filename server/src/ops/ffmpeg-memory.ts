// The peak memory of the ffmpeg processes this process runs, for the render metrics: a sampler
// walks this process's children (/proc/self/task/<tid>/children) and keeps the highest VmHWM —
// the kernel's own per-process peak — of any ffmpeg among them. Linux only; elsewhere 0.
import fs from 'node:fs';

function childrenOf(pid: number | 'self'): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
    } catch {
      // The task ended.
    }
  }
  return out;
}

/** VmHWM in bytes of `pid` when it is an ffmpeg process, else 0. */
function ffmpegPeakOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const name = /^Name:\s*(\S+)/m.exec(status)?.[1] ?? '';
    if (!name.startsWith('ffmpeg')) return 0;
    return Number(/^VmHWM:\s*(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples every `intervalMs` until stop(), which returns the highest VmHWM of one ffmpeg seen. */
export function sampleFfmpegPeak(intervalMs = 250): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const pending = childrenOf('self');
    // Descendants too: a shell or wrapper between us and ffmpeg (not used today) would hide it.
    for (let i = 0; i < pending.length && i < 256; i++) {
      peak = Math.max(peak, ffmpegPeakOf(pending[i]!));
      pending.push(...childrenOf(pending[i]!));
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      sample();
      clearInterval(timer);
      return peak;
    },
  };
}

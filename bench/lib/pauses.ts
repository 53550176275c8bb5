// Where a server's latency tail can come from inside its own process: how late its event loop ran
// (perf_hooks.monitorEventLoopDelay — a busy or blocked loop delays every request waiting on it)
// and its garbage-collection pauses (PerformanceObserver 'gc' entries). Runs in the server child;
// the bench resets it before a run and reads it after.
import { monitorEventLoopDelay, PerformanceObserver, constants, type IntervalHistogram } from 'node:perf_hooks';

export interface PauseStats {
  /** Event-loop delay over the window: how late a 5 ms timer fired (ms). */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** GC pauses in the window: all kinds, and the major (mark-compact) ones. */
  gc: { count: number; totalMs: number; maxMs: number; major: number; majorMaxMs: number };
}

export class PauseWatch {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private gcs: { ms: number; major: boolean }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      this.gcs.push({ ms: e.duration, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
    }
  });

  start(): void {
    this.loop.enable();
    this.observer.observe({ entryTypes: ['gc'] });
  }

  reset(): void {
    this.loop.reset();
    this.gcs = [];
  }

  read(): PauseStats {
    const ms = (ns: number) => ns / 1e6;
    const major = this.gcs.filter((g) => g.major);
    return {
      loopDelayMs: { p50: ms(this.loop.percentile(50)), p99: ms(this.loop.percentile(99)), max: ms(this.loop.max) },
      gc: {
        count: this.gcs.length,
        totalMs: this.gcs.reduce((a, g) => a + g.ms, 0),
        maxMs: this.gcs.reduce((a, g) => Math.max(a, g.ms), 0),
        major: major.length,
        majorMaxMs: major.reduce((a, g) => Math.max(a, g.ms), 0),
      },
    };
  }
}

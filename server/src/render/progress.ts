// Turns the encoder's own clock from several ffmpeg passes into one monotone percentage with an
// ETA, throttled for the wire. Pure apart from the clock, which is injected for tests.

export interface RenderProgress {
  phase: 'PREPARING' | 'RENDERING' | 'FINALIZING';
  /** 0–100, never decreasing. */
  percent: number;
  step?: number;
  totalSteps?: number;
  message: string;
  etaSeconds?: number;
}

/** The share of the bar each phase owns; rendering the clips is nearly all the work. */
const SPAN: Record<RenderProgress['phase'], [number, number]> = {
  PREPARING: [0, 2],
  RENDERING: [2, 90],
  FINALIZING: [90, 100],
};

export interface Pass {
  id: string;
  phase: RenderProgress['phase'];
  /** Relative cost, e.g. frames decoded + encoded. */
  weight: number;
  /** Output seconds the pass writes: its -progress clock runs from 0 to this. */
  outSeconds: number;
}

export class ProgressTracker {
  private readonly done = new Map<string, number>();
  private last = -1;
  private lastEmit = -Infinity;
  private startedAt: number | undefined;
  private readonly totals: Record<RenderProgress['phase'], number> = { PREPARING: 0, RENDERING: 0, FINALIZING: 0 };

  constructor(
    private readonly passes: Pass[],
    private readonly emit: ((p: RenderProgress) => void) | undefined,
    private readonly now: () => number = () => Date.now(),
    /** Minimum milliseconds between two emitted updates (phase changes and 100 % always go out). */
    private readonly intervalMs = 250,
  ) {
    for (const p of passes) this.totals[p.phase] += p.weight;
  }

  /** Fraction 0–1 of a pass done, from its output clock. */
  clock(id: string, outSeconds: number): void {
    const pass = this.passes.find((p) => p.id === id);
    if (!pass) return;
    const f = pass.outSeconds > 0 ? Math.min(1, Math.max(0, outSeconds / pass.outSeconds)) : 0;
    this.done.set(id, Math.max(this.done.get(id) ?? 0, f));
  }

  finish(id: string): void {
    this.done.set(id, 1);
  }

  percentOf(phase: RenderProgress['phase']): number {
    const [lo, hi] = SPAN[phase];
    const total = this.totals[phase];
    if (total <= 0) return lo;
    let sum = 0;
    for (const p of this.passes) if (p.phase === phase) sum += p.weight * (this.done.get(p.id) ?? 0);
    return lo + ((hi - lo) * sum) / total;
  }

  /** Sends an update (at most one per interval unless forced); percent never goes back. */
  report(phase: RenderProgress['phase'], message: string, extra: { step?: number; totalSteps?: number; percent?: number; force?: boolean } = {}): void {
    const t = this.now();
    if (this.startedAt === undefined && phase === 'RENDERING') this.startedAt = t;
    const raw = extra.percent ?? this.percentOf(phase);
    const percent = Math.max(this.last, Math.min(100, Math.round(raw * 10) / 10));
    const force = extra.force || percent >= 100;
    if (!force && t - this.lastEmit < this.intervalMs) return;
    this.last = percent;
    this.lastEmit = t;
    let etaSeconds: number | undefined;
    const start = SPAN.RENDERING[0];
    if (this.startedAt !== undefined && percent > start + 3 && percent < 100) {
      const elapsed = (t - this.startedAt) / 1000;
      etaSeconds = Math.max(0, Math.round((elapsed * (100 - percent)) / (percent - start)));
    }
    this.emit?.({ phase, percent, message, ...(extra.step !== undefined ? { step: extra.step, totalSteps: extra.totalSteps } : {}), ...(etaSeconds !== undefined ? { etaSeconds } : {}) });
  }
}

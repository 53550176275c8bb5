// Progress of a multi-step job whose steps are weighed in estimated seconds of work: one
// percentage that never goes back, plus the current step's own count. Used by the importer
// (and its CLI bar); render progress (render/progress.ts) follows ffmpeg's clock instead.

/** One progress update of a stepwise job. */
export interface StepProgress {
  /** The step under way, e.g. probe | hash | analyse | database | done. */
  step: string;
  /** Items done / total within the step. */
  done: number;
  total: number;
  /** Overall 0–100, never decreasing; 100 only for the step 'done'. */
  percent: number;
}

export class WorkProgress {
  private doneWork = 0;
  private totalWork = 1;
  private last = -1;

  constructor(private readonly emit?: (p: StepProgress) => void) {}

  /** The estimated total; may be revised as more is known (never below the work done). */
  setTotal(work: number): void {
    this.totalWork = Math.max(work, this.doneWork, 1e-6);
  }

  advance(work: number): void {
    this.doneWork += work;
  }

  report(step: string, done: number, total: number): void {
    if (!this.emit) return;
    const raw = step === 'done' ? 100 : Math.min(99.9, (this.doneWork / this.totalWork) * 100);
    const percent = Math.max(this.last, Math.round(raw * 10) / 10);
    this.last = percent;
    this.emit({ step, done, total, percent });
  }
}

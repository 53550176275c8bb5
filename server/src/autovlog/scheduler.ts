// The thin loop around AutoVlogService.tick: every process may run it (API and render workers);
// the database claim, not this timer, makes each day's automatic vlog happen once.
import type { AutoVlogService } from './service.js';

export class AutoVlogScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly service: Pick<AutoVlogService, 'tick'>,
    private readonly intervalMs: number,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    const run = () => {
      if (this.running) return; // a slow pass is never overlapped by the next
      this.running = this.service
        .tick()
        .then((outcomes) => {
          for (const o of outcomes) this.log(`automatic vlog for user ${o.userId}, ${o.date}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`);
        })
        .catch((err) => this.log(`automatic vlog pass failed: ${(err as Error).message}`))
        .finally(() => {
          this.running = null;
        });
    };
    // A random first delay spreads processes started together over the interval.
    const loop = () => {
      if (!this.timer) return;
      run();
      this.timer = setTimeout(loop, this.intervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(loop, Math.floor(Math.random() * Math.min(this.intervalMs, 10_000)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

// Progress on stderr: "[bench +02:13] render 3/24 (+00:41) 720p crossfade, 8 clips — npm ffmpeg".
// stdout stays free for whoever pipes the bench.

const started = performance.now();

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

let quiet = false;
export function setQuiet(value: boolean): void {
  quiet = value;
}

export function log(message: string): void {
  if (!quiet) process.stderr.write(`[bench +${clock(performance.now() - started)}] ${message}\n`);
}

/** Steps of one section: step(label) prints "section x/y (+section elapsed) label". */
export class Steps {
  private done = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly section: string,
    private total: number,
  ) {
    log(`${section}: ${total} steps`);
  }

  /** Adds steps that were not known at the start. */
  grow(by: number): void {
    this.total += by;
  }

  step(label: string): void {
    this.done++;
    log(`${this.section} ${this.done}/${this.total} (+${clock(performance.now() - this.t0)}) ${label}`);
  }

  note(label: string): void {
    log(`${this.section} (+${clock(performance.now() - this.t0)}) ${label}`);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

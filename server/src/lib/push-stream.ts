// A stream of values that can be read two ways: pulled as an async iterator (what graphql-js
// expects a subscription's source to be, and what tests read), or pushed — every value handed to
// one listener as it is made, synchronously. The subscription fan-out (graphql/fan-out.ts) takes
// the pushed way: a thousand subscribers each pulling through their own chain of awaits cost more
// than the messages themselves.

/** Makes the values: calls `emit` for each, resolves when there are no more, stops when `signal` aborts. */
export type Producer<T> = (emit: (value: T) => void, signal: AbortSignal) => Promise<void>;

export class PushStream<T> implements AsyncIterableIterator<T> {
  private readonly controller = new AbortController();
  private running?: Promise<void>;
  // Pull mode: values not yet read, and how the stream ended.
  private readonly queue: T[] = [];
  private wake?: () => void;
  private ended = false;
  private failure?: { error: unknown };
  private stopped = false;

  constructor(private readonly produce: Producer<T>) {}

  /**
   * Push mode: each value goes to `onValue` as it is made. Resolves when the stream ends (or is
   * returned), rejects with the producer's error. Once per stream, and not after next().
   */
  listen(onValue: (value: T) => void): Promise<void> {
    return this.start(onValue);
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    if (!this.running && !this.ended) {
      const settle = () => this.wake?.();
      this.start((value) => {
        this.queue.push(value);
        settle();
      }).then(
        () => ((this.ended = true), settle()),
        (error: unknown) => ((this.failure = { error }), settle()),
      );
    }
    for (;;) {
      if (this.queue.length > 0) return { done: false, value: this.queue.shift()! };
      if (this.failure) {
        const { error } = this.failure;
        this.failure = undefined;
        this.ended = true;
        throw error;
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** Stops the producer at once (not after its next value) and waits for it to let go. */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.stopped = true;
    this.controller.abort();
    this.ended = true;
    this.queue.length = 0;
    this.wake?.();
    await this.running?.catch(() => {});
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private start(onValue: (value: T) => void): Promise<void> {
    if (this.running) throw new Error('PushStream: already being read');
    // A plain flag, not signal.aborted: this runs once per value and subscriber.
    this.running = this.produce((value) => {
      if (!this.stopped) onValue(value);
    }, this.controller.signal);
    return this.running;
  }
}

/** The same values, with `onStart` run when it is first read and `onEnd` once it has ended or was returned. */
export function observed<T>(stream: PushStream<T>, onStart: () => void, onEnd: () => void): PushStream<T> {
  return new PushStream(async (emit, signal) => {
    onStart();
    const stop = () => void stream.return();
    signal.addEventListener('abort', stop);
    try {
      await stream.listen(emit);
    } finally {
      signal.removeEventListener('abort', stop);
      onEnd();
    }
  });
}

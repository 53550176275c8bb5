import { describe, expect, it } from 'vitest';
import { observed, PushStream } from './push-stream.js';

/** Emits 1, 2, 3 (the last two a tick later), then ends — or fails with `error`. */
function counting(log: string[], error?: Error): PushStream<number> {
  return new PushStream(async (emit, signal) => {
    log.push('start');
    emit(1);
    await new Promise((r) => setTimeout(r, 1));
    if (signal.aborted) return void log.push('stopped');
    emit(2);
    emit(3);
    if (error) throw error;
    log.push('end');
  });
}

describe('PushStream', () => {
  it('is read as an async iterator, to its end', async () => {
    const log: string[] = [];
    const values: number[] = [];
    for await (const v of counting(log)) values.push(v);
    expect(values).toEqual([1, 2, 3]);
    expect(log).toEqual(['start', 'end']);
  });

  it('pushes every value as it is made, and resolves when the producer ends', async () => {
    const log: string[] = [];
    const values: number[] = [];
    await counting(log).listen((v) => values.push(v));
    expect(values).toEqual([1, 2, 3]);
  });

  it("passes the producer's error to either reader, after the values before it", async () => {
    const values: number[] = [];
    await expect(counting([], new Error('boom')).listen((v) => values.push(v))).rejects.toThrow('boom');
    expect(values).toEqual([1, 2, 3]);
    const pulled: number[] = [];
    await expect(
      (async () => {
        for await (const v of counting([], new Error('bang'))) pulled.push(v);
      })(),
    ).rejects.toThrow('bang');
    expect(pulled).toEqual([1, 2, 3]);
  });

  it('stops the producer on return(), pushes nothing after it, and never starts one returned unread', async () => {
    const log: string[] = [];
    const values: number[] = [];
    const stream = counting(log);
    const ended = stream.listen((v) => values.push(v));
    await stream.return();
    await ended;
    expect(values).toEqual([1]);
    expect(log).toEqual(['start', 'stopped']);
    const unread: string[] = [];
    const idle = counting(unread);
    await idle.return();
    expect(await idle.next()).toEqual({ done: true, value: undefined });
    expect(unread).toEqual([]);
  });

  it('is read one way only', async () => {
    const stream = counting([]);
    void stream.listen(() => {});
    expect(() => stream.listen(() => {})).toThrow(/already/);
    await stream.return();
  });

  it('observed: the same values, start and end reported once, and return() reaches the source', async () => {
    const log: string[] = [];
    const events: string[] = [];
    const values: number[] = [];
    await observed(counting(log), () => events.push('open'), () => events.push('close')).listen((v) => values.push(v));
    expect(values).toEqual([1, 2, 3]);
    expect(events).toEqual(['open', 'close']);

    const stopping: string[] = [];
    const wrapped = observed(counting(stopping), () => {}, () => stopping.push('close'));
    const ended = wrapped.listen(() => {});
    await wrapped.return();
    await ended;
    expect(stopping).toEqual(['start', 'stopped', 'close']);
  });
});

// Subscription messages written to all their subscribers from one place. graphql-ws runs every
// subscription as its own for-await loop: per message and subscriber a chain of awaits, an onNext
// hook, a JSON.stringify and a send — most of a publish's CPU with a thousand watchers of one
// render. Here a subscription whose source can push (lib/push-stream.ts; ProgressService.watch)
// hands its values over as the bus delivers them; one microtask later — after that delivery has
// reached every subscriber — the selection is executed once per distinct operation (query text,
// operation name, variables), its JSON made once, and each subscriber's frame — its own id around
// that JSON — is built in one buffer and written straight to its TCP socket (http/ws-frame.ts).
// graphql-ws still owns the subscription: its iterator yields nothing and ends when the source
// ends, after every frame of it was sent, so `complete` (or the error of a failing source,
// formatted by graphql-ws's onError as before) comes last.
//
// Only sound while the result depends on the message alone, not on the caller: true of
// VlogProgress (plain fields of the published state; see graphql/resolvers.ts). Each subscriber's
// own `subscribe` resolver still runs with its own context, so access is checked per subscriber;
// a socket whose session ends is closed (http/websocket.ts) and gets nothing more.
//
// Back-pressure: a socket that has more than `maxBufferedBytes` unsent (a client that stopped
// reading) is closed with 1013 "Try Again Later" instead of being written to; its memory stays
// bounded, and a reconnecting client starts again from the current state.
import type { Duplex } from 'node:stream';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { textFrame } from '../http/ws-frame.js';
import { PushStream } from '../lib/push-stream.js';
import { errorCode, formatErrors } from './errors.js';
import { graphqlRuntime } from './runtime.js';

const { createSourceEventStream, execute } = graphqlRuntime;

/** 1 MiB: thousands of progress frames behind, on top of what the kernel already holds for the socket. */
export const MAX_BUFFERED_BYTES = 1 << 20;
export const SLOW_CLIENT = { code: 1013, reason: 'Try again later: messages not read' } as const;

interface Subscriber {
  socket: WebSocket;
  /** The connection under `socket`, written to directly. */
  tcp: Duplex;
  /** The part of its frames that is its own: `{"id":…,"type":"next","payload":`. */
  head: Buffer;
  /** Which operation it runs; subscribers with the same key share an execution. */
  operation: string;
  active: boolean;
}

interface Pending {
  subscriber: Subscriber;
  args: ExecutionArgs;
  message: unknown;
}

export class SubscriptionFanOut {
  /** Selections executed for subscription messages so far (tests and the bench read it). */
  executions = 0;
  /** Sockets closed so far because their client stopped reading (see the top). */
  slowClosed = 0;
  private readonly subscribers = new WeakMap<ExecutionArgs, Subscriber>();
  private readonly connections = new WeakMap<WebSocket, Duplex>();
  private pending: Pending[] = [];
  private scheduled = false;
  /** The latest flush; each waits for the one before, so frames leave in the order they were made. */
  private flushed: Promise<void> = Promise.resolve();
  private log: (msg: string, level?: 'error') => void = () => {};
  /** Called once a message's frames were handed to their sockets, with how many (the bench times the fan-out so). */
  sent?: (message: unknown, frames: number) => void;
  /** Called with the code of each error an execution sends (metrics count them as over HTTP). */
  errorSent?: (code: string) => void;
  /** Called when a socket is closed for not reading (metrics). */
  slowClientClosed?: () => void;

  constructor(private readonly maxBufferedBytes = MAX_BUFFERED_BYTES) {}

  /** Where internal errors of executions are reported (formatted for the client as over HTTP). */
  logTo(log: (msg: string, level?: 'error') => void): void {
    this.log = log;
  }

  /** Call where the WebSocket is made (handleUpgrade): the connection its frames are written to. */
  connect(socket: WebSocket, tcp: Duplex): void {
    this.connections.set(socket, tcp);
  }

  /** Call in onSubscribe with the arguments it returns: that subscription's frames go to `socket` under `id`. */
  target(args: ExecutionArgs, socket: WebSocket, id: string, request: { query: string; operationName?: string | null; variables?: unknown }): void {
    const tcp = this.connections.get(socket);
    if (!tcp) return; // not connected here: graphql-js's way (executedEach)
    this.subscribers.set(args, {
      socket,
      tcp,
      head: Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`),
      operation: JSON.stringify([request.query, request.operationName ?? null, request.variables ?? null]),
      active: true,
    });
  }

  /** graphql-ws's `subscribe`: the source stream per subscriber, its messages fanned out from here. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const subscriber = this.subscribers.get(args);
    if (!(source instanceof PushStream) || !subscriber) return executedEach(source as AsyncIterableIterator<unknown>, args, this);
    const ended = source.listen((message) => this.enqueue({ subscriber, args, message }));
    const stop = async () => {
      subscriber.active = false;
      await source.return();
    };
    // Ended only once its frames are out; settled even if graphql-ws never asks (an early unsubscribe).
    const done = ended.finally(() => this.flushed);
    done.catch(() => {});
    return endOnly(done, stop);
  };

  /** Executes the selection for one message (counted). */
  run(args: ExecutionArgs, message: unknown): ExecutionResult | Promise<ExecutionResult> {
    this.executions++;
    return execute({ ...args, rootValue: message });
  }

  private enqueue(item: Pending): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.flushed = this.flushed.then(() => {
      this.scheduled = false;
      return this.flush(this.pending.splice(0)).catch((err: unknown) => this.log(`subscription fan-out: ${(err as Error).stack ?? String(err)}`, 'error'));
    });
  }

  private async flush(batch: Pending[]): Promise<void> {
    const payloads = new Map<unknown, Map<string, Buffer | Promise<Buffer>>>();
    const frames: (Buffer | Promise<Buffer>)[] = [];
    for (const { subscriber, args, message } of batch) {
      let byOperation = payloads.get(message);
      if (!byOperation) payloads.set(message, (byOperation = new Map()));
      let payload = byOperation.get(subscriber.operation);
      if (payload === undefined) {
        const result = this.run(args, message);
        payload = result instanceof Promise ? result.then((r) => this.json(r)) : this.json(result);
        byOperation.set(subscriber.operation, payload);
      }
      frames.push(payload);
    }
    let message: unknown;
    let count = 0;
    for (let i = 0; i < batch.length; i++) {
      const payload = frames[i]!;
      if (this.sent && batch[i]!.message !== message) {
        if (count) this.sent(message, count);
        message = batch[i]!.message;
        count = 0;
      }
      if (this.send(batch[i]!.subscriber, payload instanceof Promise ? await payload : payload)) count++;
    }
    if (this.sent && count) this.sent(message, count);
  }

  /** The rest of a frame after a subscriber's head: the result's JSON (errors shaped as over HTTP: codes, fields, no internals) and `}`. */
  private json(result: ExecutionResult): Buffer {
    const shaped = result.errors ? { ...result, errors: formatErrors(result.errors, this.log) } : result;
    for (const e of shaped.errors ?? []) this.errorSent?.(errorCode(e));
    return Buffer.from(`${JSON.stringify(shaped)}}`);
  }

  /** Writes one subscriber's frame; false when it is gone or was too far behind (then closed). */
  private send(subscriber: Subscriber, tail: Buffer): boolean {
    const { socket, tcp } = subscriber;
    if (!subscriber.active || socket.readyState !== socket.OPEN) return false;
    // What the connection holds unsent (ws's own bufferedAmount adds its queue, always empty without compression).
    if (tcp.writableLength > this.maxBufferedBytes) {
      subscriber.active = false;
      this.slowClosed++;
      this.slowClientClosed?.();
      socket.close(SLOW_CLIENT.code, SLOW_CLIENT.reason);
      return false;
    }
    tcp.write(textFrame([subscriber.head, tail]));
    return true;
  }
}

/** What graphql-ws iterates for a fanned-out subscription: no values, done when `ended` settles (its error thrown). */
function endOnly(ended: Promise<void>, stop: () => Promise<void>): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      await ended;
      return { done: true, value: undefined };
    },
    // At once, not after the next message: the source leaves the bus.
    async return() {
      await stop();
      return { done: true, value: undefined };
    },
    async throw(err?: unknown) {
      await stop();
      throw err;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** A source that cannot push: graphql-js's own way, one execution per message and subscriber. */
function executedEach(source: AsyncIterableIterator<unknown>, args: ExecutionArgs, fanOut: SubscriptionFanOut): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await source.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await fanOut.run(args, step.value) };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(err?: unknown) {
      await source.return?.();
      throw err;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

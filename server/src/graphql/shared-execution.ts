// Subscriptions executed once per published message, not once per subscriber. graphql-js's own
// subscribe() runs the whole selection for every subscriber on every event; with a thousand
// watchers of one render that is most of the server's CPU. Here each subscriber still gets its
// own source stream — the field's `subscribe` resolver runs with its own context, so ownership
// is checked per subscriber exactly as before — but when several streams yield the same message
// object (ProgressService hands every subscriber of a vlog the same one), the selection is
// executed once per distinct operation (query text, operation name, variables) and its JSON is
// made once; each socket's frame differs only in its operation id.
//
// Only sound while the subscription's result depends on the message alone, not on the caller:
// true of VlogProgress (plain fields of the published state; see graphql/resolvers.ts).
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { graphqlRuntime } from './runtime.js';

const { createSourceEventStream, execute } = graphqlRuntime;

type Result = ExecutionResult | Promise<ExecutionResult>;

/** What graphql-ws's JSON replacer leaves where a shared payload goes; the socket puts the payload back. */
const PLACEHOLDER = '\u0000dayreel:shared-payload';
const SHARED_SUFFIX = `"payload":${JSON.stringify(PLACEHOLDER)}}`;

export class SharedExecution {
  /** Selections executed for subscription messages so far (tests and the bench read it). */
  executions = 0;
  private readonly keys = new WeakMap<DocumentNode, string>();
  private readonly results = new WeakMap<object, Map<string, Result>>();
  private readonly payloads = new WeakMap<ExecutionResult, string>();
  /** Results that came out of resultFor (others are never shared). */
  private readonly shared = new WeakSet<ExecutionResult>();
  /** The payload JSON of the frame being serialised right now (replacer → send, same tick). */
  private pending: string | undefined;

  /** Remembers which operation a parsed document is; call it where the document is parsed (onSubscribe). */
  register(document: DocumentNode, query: string, operationName: string | null | undefined, variables: unknown): void {
    this.keys.set(document, JSON.stringify([query, operationName ?? null, variables ?? null]));
  }

  /** graphql-ws's `subscribe`: graphql-js's source stream per subscriber, results shared per message. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const stream = source as AsyncIterableIterator<unknown> & AsyncGenerator<unknown>;
    const key = this.keys.get(args.document);
    const resultOf = async (message: unknown) => {
      const result = await this.resultFor(message, key, args);
      this.shared.add(result);
      return result;
    };
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const step = await stream.next();
        return step.done ? { done: true, value: undefined } : { done: false, value: await resultOf(step.value) };
      },
      // At once, not after the next message: the source ends its bus subscription.
      async return() {
        await stream.return?.(undefined);
        return { done: true, value: undefined };
      },
      async throw(err?: unknown) {
        await stream.throw?.(err);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return results;
      },
    };
    return results;
  };

  private resultFor(message: unknown, key: string | undefined, args: ExecutionArgs): Result {
    const run = (): Result => {
      this.executions++;
      return execute({ ...args, rootValue: message });
    };
    if (key === undefined || typeof message !== 'object' || message === null) return run();
    let byOperation = this.results.get(message);
    if (!byOperation) this.results.set(message, (byOperation = new Map()));
    let result = byOperation.get(key);
    if (!result) byOperation.set(key, (result = run()));
    return result;
  }

  /**
   * graphql-ws's `jsonMessageReplacer`: a shared result's payload is serialised once and left
   * out of each message's JSON (a placeholder), for `shareFrames` to put back.
   */
  replacer = (key: string, value: unknown): unknown => {
    if (key !== 'payload' || typeof value !== 'object' || value === null) return value;
    const json = this.payloads.get(value as ExecutionResult);
    if (json === undefined) return value;
    this.pending = json;
    return PLACEHOLDER;
  };

  /** Whether graphql-ws may send this result as it is (no per-subscriber error formatting needed). */
  shareable(result: ExecutionResult): boolean {
    if (result.errors || !this.shared.has(result)) return false;
    if (!this.payloads.has(result)) this.payloads.set(result, JSON.stringify(result));
    return true;
  }

  /** Wraps a socket's send so a frame with the placeholder carries the shared payload. */
  shareFrames(socket: WebSocket): void {
    const send = socket.send.bind(socket) as (data: unknown, cb?: (err?: Error) => void) => void;
    socket.send = ((data: unknown, cb?: (err?: Error) => void) => {
      const json = this.pending;
      this.pending = undefined;
      if (json !== undefined && typeof data === 'string' && data.endsWith(SHARED_SUFFIX)) {
        data = `${data.slice(0, -SHARED_SUFFIX.length)}"payload":${json}}`;
      }
      send(data, cb);
    }) as WebSocket['send'];
  }
}

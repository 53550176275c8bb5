// The open-loop load generator in a process of its own (bench/lib/open-loop.ts), so its CPU and
// event loop are neither the server's nor the bench's: it receives its options over IPC, sends
// the schedule, and answers with the summary.
//
//   forked by bench/lib/open-loop-process.ts (node --import tsx bench/open-loop-child.ts)
import { runOpenLoop, type OpenLoopOptions, type OpenLoopResult } from './lib/open-loop.ts';

export type OpenLoopMessage = { type: 'ready' } | { type: 'result'; result: OpenLoopResult } | { type: 'error'; message: string };

process.once('message', (opts: OpenLoopOptions) => {
  runOpenLoop(opts)
    .then((result) => ({ type: 'result', result }) satisfies OpenLoopMessage)
    .catch((err: Error) => ({ type: 'error', message: err.stack ?? String(err) }) satisfies OpenLoopMessage)
    .then((m) => process.send!(m, () => process.exit(0)));
});
// Listening now: the options may be sent.
process.send!({ type: 'ready' } satisfies OpenLoopMessage);

// The process's logger (pino): JSON lines in production, readable lines in development. Every
// line carries the context of the request or job it was written for (requestId, jobId, vlogId)
// from an AsyncLocalStorage, so one createVlog can be followed into its render — in this process
// or, through the job row, in a worker.
//
// Most of the code takes a `(msg) => void` log function; logFunction() makes one from a logger.
// Such a function logs at info, or at the level given as its optional second argument.
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from '../config.js';

export type Logger = pino.Logger;
export type Level = Exclude<LogLevel, 'silent'>;
/** The log function the code passes around; levelled when the caller says so. */
export type LogFn = (msg: string, level?: Level) => void;

export interface LogContext {
  requestId?: string;
  jobId?: string;
  vlogId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `ctx` added to the current context (for its log lines and the jobs it creates). */
export function withLogContext<T>(ctx: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, work);
}

/** Runs `work` outside any context: for timers a request starts but that outlive it (the job runner's polling). */
export function outsideLogContext<T>(work: () => T): T {
  return context.exit(work);
}

export function currentLogContext(): LogContext {
  return context.getStore() ?? {};
}

/** A client's X-Request-Id when it is a short token, else a new one (never trusted for more than logs). */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && /^[\w.:-]{1,64}$/.test(header) ? header : crypto.randomUUID();
}

/**
 * The threshold pino uses: the configured level, except that errors always pass — `warn` keeps
 * warnings and errors, `silent` keeps errors only.
 */
export function effectiveLevel(level: LogLevel): Level {
  return level === 'silent' ? 'error' : level;
}

export interface LoggerOptions {
  level: LogLevel;
  format: 'json' | 'pretty';
  /** Which process wrote the line: 'api', 'worker', 'backup'… */
  name: string;
  /** Where lines go; defaults to stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  const stream =
    opts.format === 'pretty'
      ? pretty({
          sync: true,
          colorize: !opts.destination && process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          ...(opts.destination ? { destination: opts.destination as NodeJS.WritableStream } : {}),
        })
      : (opts.destination ?? pino.destination({ sync: true }));
  return pino(
    {
      name: opts.name,
      level: effectiveLevel(opts.level),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...context.getStore() }),
    },
    stream,
  );
}

/** A `(msg, level?) => void` function writing to `logger` (info unless a level is given). */
export function logFunction(logger: Logger): LogFn {
  return (msg, level = 'info') => logger[level](msg);
}

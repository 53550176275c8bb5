// The event bus across processes, on PostgreSQL LISTEN/NOTIFY: any process publishes with
// `SELECT pg_notify(channel, payload)` through its pool; each process listens on one dedicated
// connection, LISTENing only to the topics it has subscribers for. Delivery is best effort —
// a message sent while the listener is reconnecting is lost — so consumers that must not miss a
// state re-read it from the database (ProgressService replays the stored state first and resyncs).
import crypto from 'node:crypto';
import pg from 'pg';
import type { EventBus } from './event-bus.js';
import type { LogFn } from '../lib/logger.js';

/** NOTIFY refuses payloads of 8000 bytes or more (the server's default build). */
export const MAX_PAYLOAD_BYTES = 7999;
/** PostgreSQL truncates identifiers (channel names) to 63 bytes. */
const MAX_CHANNEL_BYTES = 63;
const PREFIX = 'dayreel:';

export interface PgNotifyOptions {
  /** Connection string for the dedicated listening connection. */
  connectionString: string;
  /** Publishing goes through this pool (one short query per message). */
  pool: pg.Pool;
  log?: LogFn;
  /** First reconnect delay; doubles up to maxBackoffMs, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A query on the listening connection this often, so a silently dead TCP connection is noticed. */
  pingMs?: number;
  /** Shown in pg_stat_activity for the listening connection. */
  applicationName?: string;
}

/** The channel of a topic: readable when it fits, a hash when it would be truncated. */
export function channelOf(topic: string): string {
  const plain = PREFIX + topic;
  if (Buffer.byteLength(plain) <= MAX_CHANNEL_BYTES) return plain;
  return `${PREFIX}#${crypto.createHash('sha256').update(topic).digest('hex').slice(0, 40)}`;
}

export class PgNotifyEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<(message: unknown) => void>>();
  /** The LISTEN of each channel, so a second subscriber also waits until the server listens. */
  private readonly listening = new Map<string, Promise<void>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  /** Reconnects made since start (for tests and logs). */
  reconnects = 0;
  /** Publishes go out one after another, so one process's messages arrive in the order it sent them. */
  private publishTail: Promise<unknown> = Promise.resolve();
  /** LISTEN/UNLISTEN/ping one at a time on the listening connection, in the order they were asked for. */
  private commandTail: Promise<void> = Promise.resolve();
  private readonly opts: Required<Omit<PgNotifyOptions, 'pool' | 'connectionString'>>;

  constructor(private readonly options: PgNotifyOptions) {
    this.opts = { log: () => {}, minBackoffMs: 250, maxBackoffMs: 10_000, pingMs: 15_000, applicationName: 'dayreel-bus', ...options };
  }

  /** Opens the listening connection; fails if the database can't be reached at start. */
  async start(): Promise<void> {
    await this.connect();
  }

  async publish<T>(topic: string, message: T): Promise<void> {
    const payload = JSON.stringify(message);
    const bytes = Buffer.byteLength(payload);
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new Error(`event bus: a message on "${topic}" is ${bytes} bytes; LISTEN/NOTIFY carries at most ${MAX_PAYLOAD_BYTES} (send an id and read the rest from the database)`);
    }
    const sent = this.publishTail.catch(() => {}).then(() => this.options.pool.query('SELECT pg_notify($1, $2)', [channelOf(topic), payload]));
    this.publishTail = sent;
    await sent;
  }

  async subscribe<T>(topic: string, onMessage: (message: T) => void): Promise<() => void> {
    const channel = channelOf(topic);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      // While disconnected there is nothing to do: the reconnect LISTENs to every channel.
      this.listening.set(channel, this.command(`LISTEN ${pg.escapeIdentifier(channel)}`));
    }
    const listener = onMessage as (message: unknown) => void;
    set.add(listener);
    // Resolve only once the server is listening, so a caller that subscribes and then reads
    // the current state misses nothing published in between.
    await this.listening.get(channel);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      this.listening.delete(channel);
      void this.command(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.listeners.clear();
    this.listening.clear();
    await this.publishTail.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** Runs a statement on the listening connection; a failure there means the connection is gone. */
  private command(sql: string): Promise<void> {
    const run = async () => {
      const client = this.client;
      if (!client) return; // the reconnect LISTENs to every channel that has subscribers
      try {
        await client.query(sql);
      } catch (err) {
        this.lost(client, err);
      }
    };
    this.commandTail = this.commandTail.then(run, run);
    return this.commandTail;
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true, application_name: this.opts.applicationName });
      client.on('notification', (msg) => this.deliver(msg.channel, msg.payload));
      client.on('error', (err) => this.lost(client, err));
      client.on('end', () => this.lost(client, new Error('connection ended')));
      try {
        await client.connect();
        // Everything subscribed so far, including while we were disconnected.
        for (const channel of this.listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        client.removeAllListeners('end');
        await client.end().catch(() => {});
        throw err;
      }
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.failures = 0;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => void this.command('SELECT 1'), this.opts.pingMs);
      this.pingTimer.unref();
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** The listening connection failed: drop it and reconnect with backoff. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return; // an old connection's late event
    this.client = null;
    clearInterval(this.pingTimer);
    client.removeAllListeners('end');
    client.on('error', () => {}); // it may still emit while being torn down
    void client.end().catch(() => {});
    if (this.closed) return;
    this.opts.log(`event bus: the listening connection was lost (${(err as Error)?.message ?? err}); reconnecting`, 'warn');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const base = Math.min(this.opts.maxBackoffMs, this.opts.minBackoffMs * 2 ** this.failures);
    const delay = base / 2 + Math.random() * (base / 2);
    this.failures++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.closed) {
            this.reconnects++;
            this.opts.log('event bus: listening again');
          }
        },
        (err) => {
          this.opts.log(`event bus: reconnect failed (${(err as Error).message}); retrying`, 'warn');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private deliver(channel: string, payload: string | undefined): void {
    const set = this.listeners.get(channel);
    if (!set || payload === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      this.opts.log(`event bus: ignored a message on ${channel} that is not JSON`, 'warn');
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(message);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }
}

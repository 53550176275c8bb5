// The LISTEN/NOTIFY event bus on a real PostgreSQL server: two buses (as two processes would
// have) see each other's messages in order, and a listener whose connection is killed
// reconnects and receives again. LISTEN/NOTIFY does not cross PGlite's socket connections,
// so this needs TEST_DATABASE_URL (the postgres project).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testBackend } from '../testing/db.js';
import { channelOf, PgNotifyEventBus, MAX_PAYLOAD_BYTES } from './pg-notify.js';

const onPostgres = testBackend() === 'postgres';
if (!onPostgres) console.log('pg-notify: skipped here; LISTEN/NOTIFY needs a PostgreSQL server (runs in the postgres project, TEST_DATABASE_URL)');

describe.skipIf(!onPostgres)('PgNotifyEventBus', () => {
  let url: string;
  let drop: () => Promise<void>;
  let pool: pg.Pool;
  const buses: PgNotifyEventBus[] = [];

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    pool = new pg.Pool({ connectionString: url, max: 4 });
  });
  afterAll(async () => {
    for (const b of buses) await b.close();
    await pool?.end();
    await drop?.();
  });

  async function bus(name: string): Promise<PgNotifyEventBus> {
    const b = new PgNotifyEventBus({ connectionString: url, pool, applicationName: name, minBackoffMs: 50, maxBackoffMs: 500 });
    await b.start();
    buses.push(b);
    return b;
  }

  function inbox<T>() {
    const got: T[] = [];
    return { got, add: (m: T) => void got.push(m) };
  }

  it('delivers messages between two buses, in the order each one sent them', async () => {
    const a = await bus('bus-a');
    const b = await bus('bus-b');
    const onA = inbox<{ n: number }>();
    const onB = inbox<{ n: number }>();
    await a.subscribe('vlog-progress:one', onA.add);
    const unsubscribe = await b.subscribe('vlog-progress:one', onB.add);
    const other = inbox<unknown>();
    await b.subscribe('vlog-progress:two', other.add);
    // Not awaited one by one: the bus itself must keep them in order.
    await Promise.all(Array.from({ length: 50 }, (_, n) => a.publish('vlog-progress:one', { n })));
    await expect.poll(() => onB.got.length, { timeout: 5_000 }).toBe(50);
    expect(onB.got.map((m) => m.n)).toEqual([...Array(50).keys()]);
    await expect.poll(() => onA.got.length, { timeout: 5_000 }).toBe(50); // the publisher's own subscribers too
    expect(other.got).toEqual([]);

    unsubscribe();
    await b.publish('vlog-progress:one', { n: 50 });
    await expect.poll(() => onA.got.length, { timeout: 5_000 }).toBe(51);
    expect(onB.got).toHaveLength(50);
  });

  it('refuses a message too big for NOTIFY, and hashes topics too long for a channel name', async () => {
    const a = await bus('bus-c');
    await expect(a.publish('big', { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) })).rejects.toThrow(/at most 7999/);
    const long = `vlog-progress:${'x'.repeat(80)}`;
    expect(Buffer.byteLength(channelOf(long))).toBeLessThanOrEqual(63);
    const got = inbox<string>();
    await a.subscribe(long, got.add);
    await a.publish(long, 'hello');
    await expect.poll(() => got.got, { timeout: 5_000 }).toEqual(['hello']);
  });

  it('reconnects a killed listener connection and listens again to every topic', async () => {
    const publisher = await bus('bus-pub');
    const victim = await bus('bus-victim');
    const before = inbox<string>();
    await victim.subscribe('topic-before', before.add);
    const { rowCount } = await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bus-victim' AND datname = current_database()`,
    );
    expect(rowCount).toBe(1);
    // Subscribed while the connection may be down: the reconnect must LISTEN to it as well.
    const during = inbox<string>();
    await victim.subscribe('topic-during', during.add);
    await expect.poll(() => victim.reconnects, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await publisher.publish('topic-before', 'after the drop');
    await publisher.publish('topic-during', 'also');
    await expect.poll(() => before.got, { timeout: 5_000 }).toEqual(['after the drop']);
    await expect.poll(() => during.got, { timeout: 5_000 }).toEqual(['also']);
  });
});

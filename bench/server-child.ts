// A server in its own process, driven by the bench over IPC (so its CPU and memory are its own
// and the load generator does not share its event loop). Modes:
//   dayreel  the whole product (startTestServer: Apollo + graphql-ws on Express, Prisma) with the
//            API day seeded;
//   raw      the ceiling: node:http + pg on the same kind of database with the same day seeded —
//            no GraphQL, no ORM — answering the same requests with the same JSON;
//   subs     the whole product with one user and one rendering vlog; publishes progress through
//            the app's ProgressService.report (the path a render takes) on request.
// The database is PGlite (a fresh copy of the migrated template) or, with TEST_BACKEND=postgres
// and TEST_DATABASE_URL, a throwaway database on that server; each child has its own.
//
//   node --import tsx --expose-gc bench/server-child.ts <mode> [events]
import http from 'node:http';
import crypto from 'node:crypto';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../server/src/testing/server.ts';
import { openTestDatabase } from '../server/src/testing/db.ts';
import type { Database } from '../server/src/db/database.ts';
import { MediaUrlSigner } from '../server/src/media/urls.ts';
import { localDayRange, dateStringToColumn } from '../server/src/lib/dates.ts';
import { recommendEvents } from '../server/src/recommend/recommend.ts';
import { createUser, PASSWORD } from '../server/src/testing/fixtures.ts';
import { AuthService } from '../server/src/auth/service.ts';
import { throttleLimits } from '../server/src/services.ts';
import { loadConfig } from '../server/src/config.ts';
import { VLOG_JOB_TYPE } from '../server/src/vlogs/service.ts';
import { seedApiDay, BENCH_DATE } from './api-seed.ts';
import { SubscriptionFanOut } from '../server/src/graphql/fan-out.ts';
import { DayAnswers } from '../server/src/graphql/day-answers.ts';
import { PauseWatch, type PauseStats } from './lib/pauses.ts';

export type ChildMode = 'dayreel' | 'raw' | 'subs';

export interface ReadyMessage {
  type: 'ready';
  url: string;
  token: string;
  date: string;
  events: number;
  backend: 'pglite' | 'postgres';
  vlogId?: string;
}

export interface MemoryMessage {
  type: 'memory';
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface PublishedMessage {
  type: 'published';
  i: number;
  /** performance.timeOrigin + performance.now() when report() was called (ms since the epoch). */
  at: number;
  /** ms report() took (publish + the throttled persist). */
  reportMs: number;
}

export interface SendsMessage {
  type: 'sends';
  i: number;
  /** Frames carrying publish i handed to their sockets, and when the fan-out's first and last batch of them was out (epoch ms). */
  count: number;
  first: number;
  last: number;
  /** Subscription selections executed so far (all publishes): one per publish when fan-out is shared. */
  executions: number;
}

/** The server's event-loop delay and GC pauses since the last 'pauses-reset' (bench/lib/pauses.ts). */
export interface PausesMessage extends PauseStats {
  type: 'pauses';
}

export type ParentCommand =
  | { cmd: 'memory' }
  | { cmd: 'publish'; i: number }
  | { cmd: 'sends'; i: number }
  | { cmd: 'pauses-reset' }
  | { cmd: 'pauses' }
  | { cmd: 'stop' };

const send = (msg: unknown) =>
  new Promise<void>((resolve, reject) => process.send!(msg, undefined, undefined, (err) => (err ? reject(err) : resolve())));

function memory(): MemoryMessage {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { type: 'memory', heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** `Authorization: Bearer …` (the cookie path is not used by the bench). */
function bearer(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The ceiling: the same answers as Dayreel's two queries, by hand. */
export function rawHandler(pool: pg.Pool, signer: MediaUrlSigner) {
  const userOf = async (token: string | undefined) => {
    if (!token) return null;
    const { rows } = await pool.query<{ id: number; timezone: string }>(
      'SELECT u.id, u.timezone FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now()',
      [sha256(token)],
    );
    return rows[0] ?? null;
  };
  // Prisma's own four round trips (session, user, events, recordings) written out, to separate the
  // cost of the round trips from the cost of the layers.
  const userOf2 = async (token: string | undefined) => {
    if (!token) return null;
    const s = await pool.query<{ user_id: number; expires_at: Date }>('SELECT token_hash, user_id, expires_at, created_at FROM sessions WHERE token_hash = $1 LIMIT 1', [sha256(token)]);
    const session = s.rows[0];
    if (!session || session.expires_at.getTime() <= Date.now()) return null;
    const u = await pool.query<{ id: number; timezone: string }>('SELECT id, username, password_hash, timezone, locale, created_at, updated_at FROM users WHERE id = $1', [session.user_id]);
    return u.rows[0] ?? null;
  };

  type Row = { id: string; start_time: Date | null; duration: number | null; action: string | null; scene: string | null; summary: string | null; thumbnail_key: string | null; recording_id: string; r_thumb: string | null };
  const eventJson = (origin: string, e: Row) => ({
    id: e.id,
    startTime: e.start_time?.toISOString() ?? null,
    duration: e.duration,
    action: e.action,
    scene: e.scene,
    summary: e.summary,
    thumbnailUrl: e.thumbnail_key ? signer.sign(e.thumbnail_key, origin) : null,
    recording: { id: e.recording_id, thumbnailUrl: e.r_thumb ? signer.sign(e.r_thumb, origin) : null },
  });

  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { variables?: { date?: string; limit?: number } };
      const date = body.variables?.date ?? BENCH_DATE;
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      const route = (req.url ?? '/').split('?')[0];
      const user = route === '/events-prisma-trips' ? await userOf2(bearer(req)) : await userOf(bearer(req));
      if (!user) return reply(401, { errors: [{ message: 'not signed in' }] });
      const { start, end } = localDayRange(date, user.timezone);
      if (route === '/events') {
        const { rows } = await pool.query<Row>(
          `SELECT e.id, e.start_time, e.duration, e.action, e.scene, e.summary, e.thumbnail_key, e.recording_id, r.thumbnail_key AS r_thumb
           FROM events e JOIN recordings r ON r.id = e.recording_id
           WHERE e.user_id = $1 AND e.start_time >= $2 AND e.start_time < $3 ORDER BY e.start_time, e.id`,
          [user.id, start, end],
        );
        return reply(200, { data: { eventsByDate: rows.map((e) => eventJson(origin, e)) } });
      }
      if (route === '/events-prisma-trips') {
        const { rows } = await pool.query<Omit<Row, 'r_thumb'>>(
          `SELECT id, user_id, recording_id, start_time, duration, action, scene, summary, thumbnail_key, created_at FROM events
           WHERE user_id = $1 AND start_time >= $2 AND start_time < $3 ORDER BY start_time, id`,
          [user.id, start, end],
        );
        const ids = [...new Set(rows.map((r) => r.recording_id))];
        const recs = await pool.query<{ id: string; thumbnail_key: string | null }>('SELECT * FROM recordings WHERE id = ANY($1::uuid[])', [ids]);
        const thumb = new Map(recs.rows.map((r) => [r.id, r.thumbnail_key]));
        return reply(200, { data: { eventsByDate: rows.map((e) => eventJson(origin, { ...e, r_thumb: thumb.get(e.recording_id) ?? null })) } });
      }
      if (route === '/recommend') {
        const [events, diary] = await Promise.all([
          pool.query<{ id: string; start_time: Date | null; duration: number | null; action: string | null; scene: string | null; summary: string | null }>(
            `SELECT id, start_time, duration, action, scene, summary FROM events
             WHERE user_id = $1 AND start_time >= $2 AND start_time < $3 ORDER BY start_time, id`,
            [user.id, start, end],
          ),
          pool.query<{ content: string }>('SELECT content FROM diary WHERE user_id = $1 AND date = $2', [user.id, date]),
        ]);
        const picks = recommendEvents(
          events.rows.map((e) => ({ id: e.id, startTime: e.start_time, duration: e.duration, summary: e.summary, action: e.action, scene: e.scene })),
          { diary: diary.rows[0]?.content ?? null, limit: body.variables?.limit ?? undefined, timeZone: user.timezone },
        );
        return reply(200, { data: { recommendEvents: picks.map((p) => ({ score: p.score, reasons: p.reasons, event: { id: p.eventId } })) } });
      }
      return reply(404, { errors: [{ message: 'no such route' }] });
    } catch (err) {
      return reply(500, { errors: [{ message: (err as Error).message }] });
    }
  };
}

/** A fresh migrated database of the kind TEST_BACKEND names (the same helper the tests use). */
async function openBenchDatabase(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  const db = await openTestDatabase();
  return { db, cleanup: () => db.close() };
}

/** DayAnswers' options from BENCH_REFRESH_AHEAD_MS (unset: the product's default). */
function refreshAhead(): { refreshAheadMs?: number } {
  const v = process.env.BENCH_REFRESH_AHEAD_MS;
  return v === undefined || v === '' ? {} : { refreshAheadMs: Number(v) };
}

async function main() {
  const pauses = new PauseWatch();
  pauses.start();
  const mode = process.argv[2] as ChildMode;
  const events = Number(process.argv[3] ?? 200);
  let stop: () => Promise<void>;
  let onCommand: (c: ParentCommand) => Promise<void> = async () => {};

  if (mode === 'dayreel') {
    // As the product runs: recent day answers kept; BENCH_DAY_ANSWERS=off executes every request
    // (the bench's "without kept answers" diagnostic); BENCH_REFRESH_AHEAD_MS=0 keeps answers
    // without refreshing them ahead of their end (bench/api-tail.ts --refresh-ahead-ms 0).
    const server: TestServer = await startTestServer({ runner: false }, { dayAnswers: process.env.BENCH_DAY_ANSWERS === 'off' ? false : new DayAnswers(refreshAhead()) });
    const seeded = await seedApiDay(server.app.db.prisma, { events });
    stop = () => server.stop();
    await send({ type: 'ready', url: server.url, token: seeded.token, date: seeded.date, events: seeded.events, backend: server.app.db.kind } satisfies ReadyMessage);
  } else if (mode === 'raw') {
    const { db, cleanup } = await openBenchDatabase();
    const seeded = await seedApiDay(db.prisma, { events });
    const handler = rawHandler(db.pool, new MediaUrlSigner(crypto.randomBytes(32).toString('base64url')));
    const server = http.createServer((req, res) => void handler(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    stop = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await cleanup();
    };
    await send({ type: 'ready', url: `http://127.0.0.1:${port}`, token: seeded.token, date: seeded.date, events: seeded.events, backend: db.kind } satisfies ReadyMessage);
  } else if (mode === 'subs') {
    // When did the server hand each publish's frames to their sockets? The fan-out says so once
    // per message (after writing all of its frames), so the fan-out can be split into server and
    // client time without a hook on every send.
    const sends = new Map<number, { count: number; first: number; last: number }>();
    const shared = new SubscriptionFanOut();
    shared.sent = (message, frames) => {
      const m = /^bench (\d+) /.exec((message as { message?: string }).message ?? '');
      if (!m) return;
      const t = performance.timeOrigin + performance.now();
      const i = Number(m[1]);
      const r = sends.get(i) ?? { count: 0, first: t, last: t };
      r.count += frames;
      r.last = t;
      sends.set(i, r);
    };
    const server = await startTestServer({ runner: false }, { fanOut: shared });
    const prisma = server.app.db.prisma;
    const user = await createUser(prisma, 'bench');
    const { token } = await new AuthService(prisma, 30, throttleLimits(loadConfig({}))).login('bench', PASSWORD);
    const job = await prisma.renderJob.create({ data: { type: VLOG_JOB_TYPE, status: 'running', params: {}, startedAt: new Date() } });
    const vlog = await prisma.vlog.create({
      data: {
        userId: user.id,
        title: 'Bench vlog',
        targetDate: dateStringToColumn(BENCH_DATE),
        status: 'processing',
        progress: 0,
        settings: { max_duration: 60, resolution: 'P720', aspect: 'LANDSCAPE', transition: 'CROSSFADE', music: null, job_id: job.id },
      },
    });
    const progress = server.app.services.progress;
    stop = () => server.stop();
    onCommand = async (c) => {
      if (c.cmd === 'sends') {
        const r = sends.get(c.i) ?? { count: 0, first: NaN, last: NaN };
        sends.delete(c.i);
        return send({ type: 'sends', i: c.i, ...r, executions: shared.executions } satisfies SendsMessage);
      }
      if (c.cmd !== 'publish') return;
      const at = performance.timeOrigin + performance.now();
      await progress.report(vlog.id, job.id, { phase: 'RENDERING', percent: Math.min(99, c.i), message: `bench ${c.i} ${at.toFixed(3)}`, step: c.i, totalSteps: 1000 });
      await send({ type: 'published', i: c.i, at, reportMs: performance.timeOrigin + performance.now() - at } satisfies PublishedMessage);
    };
    await send({ type: 'ready', url: server.url, token, date: BENCH_DATE, events: 0, backend: server.app.db.kind, vlogId: vlog.id } satisfies ReadyMessage);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }

  process.on('message', (c: ParentCommand) => {
    void (async () => {
      try {
        if (c.cmd === 'memory') await send(memory());
        else if (c.cmd === 'pauses-reset') {
          pauses.reset();
          await send({ type: 'pauses-reset' });
        } else if (c.cmd === 'pauses') await send({ type: 'pauses', ...pauses.read() } satisfies PausesMessage);
        else if (c.cmd === 'stop') {
          await stop();
          await send({ type: 'stopped' });
          process.exit(0);
        } else await onCommand(c);
      } catch (err) {
        await send({ type: 'error', message: (err as Error).stack ?? String(err) }).catch(() => {});
      }
    })();
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}

main().catch(async (err) => {
  await send({ type: 'error', message: (err as Error).stack ?? String(err) }).catch(() => {});
  process.exit(1);
});

// The vlog's transitions on a real database, run the way their callers run them: inside a
// Prisma transaction (services) and inside a pg transaction (the job ledger's hooks).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { createUser } from '../testing/fixtures.js';
import { isUniqueViolation, pgTransaction, prismaSql, type Sql } from '../db/sql.js';
import { uuidv7 } from '../lib/uuid.js';
import { parseSettings } from './settings.js';
import * as vlogState from './vlog-state.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** Runs work in a pg transaction, as the ledger does. */
const inPg = <T>(work: (tx: Sql) => Promise<T>): Promise<T> => pgTransaction(db.pool, work);

const files = (n: number) => ({
  video_key: `v${n}.mp4`,
  thumbnail_key: `v${n}.jpg`,
  captions_key: n === 1 ? 'v1.vtt' : null,
  piece_keys: [`p${n}`],
  duration: 30 + n,
  size_bytes: 1000 * n,
});

it('queues with segments in order, then renders, progresses, completes and hands back the files a second render replaced', async () => {
  const user = await createUser(db.prisma, 'vera');
  const start = new Date('2026-11-20T01:00:00Z');
  const recording = await db.prisma.recording.create({
    data: {
      userId: user.id,
      storageKey: 'r.mp4',
      contentHash: 'a'.repeat(64),
      startTime: start,
      endTime: new Date(start.getTime() + 60_000),
      duration: 60,
      width: 640,
      height: 360,
      fps: 30,
      hasAudio: false,
      sizeBytes: 1n,
    },
  });
  const id = uuidv7();
  const settings = { ...parseSettings({}), job_id: uuidv7() };
  await db.prisma.$transaction(async (tx) =>
    vlogState.queued(
      prismaSql(tx),
      {
        id,
        userId: user.id,
        title: 'A day',
        date: '2026-11-20',
        settings,
        idempotencyKey: null,
        origin: 'manual',
      },
      [0, 1].map((i) => ({
        eventId: null,
        recordingId: recording.id,
        startOffset: i,
        endOffset: i + 5,
        outputStart: i ? null : 0,
      })),
    ),
  );
  const vlog = await db.prisma.vlog.findUniqueOrThrow({
    where: { id },
    include: { segments: { orderBy: { sequenceOrder: 'asc' } } },
  });
  expect(vlog).toMatchObject({
    status: 'pending',
    progress: 0,
    title: 'A day',
    origin: 'manual',
  });
  expect(parseSettings(vlog.settings).job_id).toBe(settings.job_id);
  expect(vlog.segments.map((s) => [s.sequenceOrder, s.startOffset, s.outputStart])).toEqual([
    [0, 0, 0],
    [1, 1, null],
  ]);

  await inPg((tx) => vlogState.rendering(tx, id));
  await db.prisma.$transaction(async (tx) => vlogState.progressed(prismaSql(tx), id, 40, 'Rendering'));
  await db.prisma.$transaction(async (tx) => vlogState.progressed(prismaSql(tx), id, 20, 'Late report'));
  expect(await db.prisma.vlog.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'processing',
    progress: 40,
    statusMessage: 'Late report',
  });

  expect(await inPg((tx) => vlogState.completed(tx, id, files(1)))).toEqual([]);
  const done = await db.prisma.vlog.findUniqueOrThrow({ where: { id } });
  expect(done).toMatchObject({
    status: 'completed',
    progress: 100,
    storageKey: 'v1.mp4',
    thumbnailKey: 'v1.jpg',
    duration: 31,
    sizeBytes: 1000n,
  });
  expect(parseSettings(done.settings)).toMatchObject({
    captions_key: 'v1.vtt',
    piece_keys: ['p1'],
    job_id: settings.job_id,
  });
  // A second render of the same vlog: the first one's files are returned for deletion, its captions key dropped.
  expect((await inPg((tx) => vlogState.completed(tx, id, files(2)))).sort()).toEqual(['v1.jpg', 'v1.mp4', 'v1.vtt']);
  expect(parseSettings((await db.prisma.vlog.findUniqueOrThrow({ where: { id } })).settings).captions_key).toBeUndefined();
});

it('keeps a cancel: neither a late claim, a late progress report nor a requeue revives a canceled vlog; retry queues it again', async () => {
  const user = await createUser(db.prisma, 'walt');
  const id = uuidv7();
  const settings = { ...parseSettings({}), job_id: uuidv7() };
  await inPg((tx) =>
    vlogState.queued(
      tx,
      {
        id,
        userId: user.id,
        title: 't',
        date: '2026-11-20',
        settings,
        idempotencyKey: null,
        origin: 'auto',
      },
      [],
    ),
  );
  await inPg((tx) => vlogState.canceled(tx, id));
  await inPg((tx) => vlogState.rendering(tx, id));
  await inPg((tx) => vlogState.progressed(tx, id, 50, 'x'));
  await inPg((tx) => vlogState.requeued(tx, id));
  expect(await db.prisma.vlog.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'canceled',
    progress: 0,
    statusMessage: 'Canceled',
    origin: 'auto',
  });
  await inPg((tx) => vlogState.failed(tx, id, 'the footage could not be read', 'SOURCE_UNREADABLE'));
  const next = { ...settings, job_id: uuidv7() };
  await inPg((tx) => vlogState.retried(tx, id, next));
  const retried = await db.prisma.vlog.findUniqueOrThrow({ where: { id } });
  expect(retried).toMatchObject({
    status: 'pending',
    error: null,
    errorCode: null,
    statusMessage: null,
  });
  expect(parseSettings(retried.settings).job_id).toBe(next.job_id);
  await inPg((tx) => vlogState.deleted(tx, id));
  expect(await db.prisma.vlog.count({ where: { id } })).toBe(0);
});

it('lets the caller tell a second vlog with the same idempotency key, in either kind of transaction', async () => {
  const user = await createUser(db.prisma, 'xena');
  const vlog = () => ({ id: uuidv7(), userId: user.id, title: 't', date: '2026-11-20', settings: { ...parseSettings({}), job_id: uuidv7() }, idempotencyKey: 'k1', origin: 'manual' as const });
  await inPg((tx) => vlogState.queued(tx, vlog(), []));
  const viaPrisma = await db.prisma.$transaction(async (tx) => vlogState.queued(prismaSql(tx), vlog(), [])).catch((err: unknown) => err);
  expect(isUniqueViolation(viaPrisma)).toBe(true);
  const viaPg = await inPg((tx) => vlogState.queued(tx, vlog(), [])).catch((err: unknown) => err);
  expect(isUniqueViolation(viaPg)).toBe(true);
  expect(isUniqueViolation(new Error('connection lost'))).toBe(false);
});

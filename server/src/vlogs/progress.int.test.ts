// A subscriber stays right even when a bus message is lost: the shared re-read catches up.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { createUser } from '../testing/fixtures.js';
import { InProcessEventBus } from '../bus/event-bus.js';
import { JobQueue } from '../jobs/jobs.js';
import { prismaSql } from '../db/sql.js';
import { ProgressService, type ProgressState } from './progress.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

function collectAll(gen: AsyncIterable<ProgressState>): { states: ProgressState[]; done: Promise<ProgressState[]> } {
  const states: ProgressState[] = [];
  const done = (async () => {
    for await (const s of gen) states.push(s);
    return states;
  })();
  return { states, done };
}

it('catches up from the database without any bus message, and ends when the vlog is deleted', async () => {
  const user = await createUser(db.prisma, 'erin');
  const make = () => db.prisma.vlog.create({ data: { userId: user.id, title: 't', targetDate: new Date('2026-11-20'), settings: {} } });
  const done = await make();
  const gone = await make();
  const progress = new ProgressService(db.prisma, new InProcessEventBus(), new JobQueue({ enqueued: () => {}, abort: () => {} }, prismaSql(db.prisma)));
  const owns = async () => true;
  const watchers = [collectAll(progress.watch(done.id, owns)), collectAll(progress.watch(done.id, owns)), collectAll(progress.watch(gone.id, owns))];
  await expect.poll(() => watchers.every((w) => w.states.length > 0)).toBe(true);
  // Changed behind the bus's back (as by a process that died before publishing).
  await db.prisma.vlog.update({ where: { id: done.id }, data: { status: 'completed', progress: 100 } });
  await db.prisma.vlog.delete({ where: { id: gone.id } });
  const [a, b, c] = await Promise.all(watchers.map((w) => w.done));
  for (const states of [a!, b!]) {
    expect(states[0]).toMatchObject({ status: 'PENDING', phase: 'QUEUED' });
    expect(states.at(-1)).toMatchObject({ status: 'COMPLETED', phase: 'DONE', percent: 100 });
  }
  expect(c).toHaveLength(1);
}, 30_000);

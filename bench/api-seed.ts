// The API bench's data: one user with a day of `events` events (summaries, actions and scenes
// taken from the labelled recommender days, so the recommender does real work) on 25 recordings,
// thumbnails on everything (so URLs get signed), and the day's diary. Seeded with Prisma in bulk;
// no media files are needed for these queries.
import type { Prisma } from '../server/src/db/database.ts';
import { AuthService } from '../server/src/auth/service.ts';
import { throttleLimits } from '../server/src/services.ts';
import { loadConfig } from '../server/src/config.ts';
import { createUser, PASSWORD } from '../server/src/testing/fixtures.ts';
import { uuidv7 } from '../server/src/lib/uuid.ts';
import { recordingKey, thumbnailKey } from '../server/src/media/storage/keys.ts';
import { dateStringToColumn, startOfLocalDay } from '../server/src/lib/dates.ts';
import { loadLabelledDays, type LabelledEvent } from './recommend-days.ts';

export const BENCH_DATE = '2024-05-01';
export const BENCH_TZ = 'Asia/Taipei';

export interface SeededApiDay {
  userId: number;
  token: string;
  date: string;
  events: number;
}

export async function seedApiDay(prisma: Prisma, opts: { events: number; username?: string }): Promise<SeededApiDay> {
  const user = await createUser(prisma, opts.username ?? 'bench', { timezone: BENCH_TZ, locale: 'zh-TW' });
  // Tuning days only: the held-out ones stay out of everything but their one scoring.
  const days = loadLabelledDays([1]).filter((d) => d.split === 'tune');
  const pool = days.flatMap((d) => d.events);
  const diary = days.find((d) => d.lang === 'zh-Hant' && d.diary)!.diary;
  const dayStart = startOfLocalDay(BENCH_DATE, BENCH_TZ).getTime();
  const recordings = 25;
  const perRecording = Math.ceil(opts.events / recordings);
  // The day from 07:00 to 22:00 local, one recording after another.
  const span = 15 * 3600_000;
  const recLen = Math.floor(span / recordings);
  const recRows = [];
  const eventRows = [];
  for (let r = 0; r < recordings; r++) {
    const id = uuidv7(dayStart + r);
    const start = new Date(dayStart + 7 * 3600_000 + r * recLen);
    recRows.push({
      id,
      userId: user.id,
      storageKey: recordingKey(user.id, id, '.mp4'),
      thumbnailKey: thumbnailKey(user.id, id),
      contentType: 'video/mp4',
      contentHash: `${id.replace(/-/g, '')}${'0'.repeat(32)}`,
      startTime: start,
      endTime: new Date(start.getTime() + recLen),
      duration: recLen / 1000,
      width: 1920,
      height: 1080,
      fps: 30,
      hasAudio: true,
      sizeBytes: BigInt(50_000_000),
      interestScores: [],
    });
    for (let i = 0; i < perRecording && eventRows.length < opts.events; i++) {
      const src: LabelledEvent = pool[eventRows.length % pool.length]!;
      const eid = uuidv7(dayStart + 1000 + eventRows.length);
      eventRows.push({
        id: eid,
        userId: user.id,
        recordingId: id,
        startTime: new Date(start.getTime() + Math.floor((i * recLen) / perRecording)),
        duration: src.duration ?? 60,
        action: src.action,
        scene: src.scene,
        summary: src.summary,
        thumbnailKey: thumbnailKey(user.id, eid),
      });
    }
  }
  await prisma.recording.createMany({ data: recRows });
  await prisma.event.createMany({ data: eventRows });
  await prisma.diary.create({ data: { userId: user.id, date: dateStringToColumn(BENCH_DATE), content: diary } });
  const { token } = await new AuthService(prisma, 30, throttleLimits(loadConfig({}))).login(user.username, PASSWORD);
  return { userId: user.id, token, date: BENCH_DATE, events: eventRows.length };
}

/** The selection dialog's query (the web app's EventRow fragment). */
export const EVENTS_QUERY = `query Events($date: Date!) {
  eventsByDate(date: $date) { id startTime duration action scene summary thumbnailUrl recording { id thumbnailUrl } }
}`;

/** The web app's AI-recommend query. */
export const RECOMMEND_QUERY = `query Recommend($date: Date!, $limit: Int) {
  recommendEvents(date: $date, limit: $limit) { score reasons basis event { id } }
}`;

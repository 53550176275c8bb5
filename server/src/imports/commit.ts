// Step 4 of an import: every row in ONE transaction — the user, recordings, events, diary and
// music — from the plan and what staging stored. Nothing here touches Storage: when this
// throws, the caller rolls the staged objects back.
import type { PrismaClient } from '../generated/prisma/client.js';
import { dateStringToColumn } from '../lib/dates.js';
import type { ImportPlan } from './plan.js';
import type { StagedMedia } from './stage.js';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface CommitOptions {
  /** The existing user's id, or the one reserved for the new user (null: music only). */
  userId: number | null;
  /** The new user's password hash (only with plan.newUser). */
  passwordHash?: string;
  timeoutMs: number;
}

export async function commitImport(prisma: PrismaClient, plan: ImportPlan, staged: StagedMedia, opts: CommitOptions): Promise<void> {
  const userId = opts.userId!;
  await prisma.$transaction(
    async (tx) => {
      if (plan.newUser) {
        const { username, timezone, locale } = plan.newUser;
        await tx.user.create({ data: { id: userId, username, passwordHash: opts.passwordHash!, timezone, ...(locale ? { locale } : {}) } });
      }
      await writeRecordings(tx, plan, staged, userId);
      await writeEvents(tx, plan, staged, userId);
      for (const d of plan.diary.filter((x) => x.kind !== 'skip')) {
        const date = dateStringToColumn(d.source.date);
        await tx.diary.upsert({
          where: { userId_date: { userId, date } },
          create: { userId, date, content: d.source.content },
          update: { content: d.source.content },
        });
      }
      await writeMusic(tx, plan, staged, opts.userId);
    },
    { timeout: opts.timeoutMs, maxWait: 30_000 },
  );
}

async function writeRecordings(tx: Tx, plan: ImportPlan, staged: StagedMedia, userId: number): Promise<void> {
  const created = plan.recordings.filter((r) => r.kind === 'create');
  if (!created.length) return;
  await tx.recording.createMany({
    data: created.map((r) => {
      const { key, thumbnailKey, interestScores } = staged.recordings.get(r.id)!;
      return {
        id: r.id,
        userId,
        storageKey: key,
        contentType: r.contentType,
        contentHash: r.hash,
        startTime: r.startTime,
        endTime: new Date(r.startTime.getTime() + Math.round(r.probe.duration * 1000)),
        duration: r.probe.duration,
        width: r.probe.width,
        height: r.probe.height,
        fps: r.probe.fps,
        hasAudio: r.probe.hasAudio,
        rotation: r.probe.rotation,
        sizeBytes: BigInt(r.probe.sizeBytes),
        thumbnailKey,
        interestScores,
      };
    }),
  });
}

async function writeEvents(tx: Tx, plan: ImportPlan, staged: StagedMedia, userId: number): Promise<void> {
  const text = (e: ImportPlan['events'][number]) => ({
    duration: e.source.duration,
    action: e.source.action ?? null,
    scene: e.source.scene ?? null,
    summary: e.source.summary ?? null,
  });
  const created = plan.events.filter((e) => e.kind === 'create');
  if (created.length) {
    await tx.event.createMany({
      data: created.map((e) => ({
        id: e.id,
        userId,
        recordingId: e.recording.id,
        startTime: e.startTime,
        ...text(e),
        thumbnailKey: staged.eventThumbnails.get(e.id) ?? null,
      })),
    });
  }
  for (const e of plan.events.filter((x) => x.kind === 'update')) await tx.event.update({ where: { id: e.id }, data: text(e) });
}

async function writeMusic(tx: Tx, plan: ImportPlan, staged: StagedMedia, userId: number | null): Promise<void> {
  const created = plan.music.filter((m) => m.kind === 'create');
  if (!created.length) return;
  await tx.music.createMany({
    data: created.map((m) => {
      const { key, peaks, beats } = staged.music.get(m.id)!;
      return {
        id: m.id,
        userId: m.source.shared ? null : userId,
        storageKey: key,
        name: m.source.name,
        composer: m.source.composer ?? null,
        duration: m.probe.duration,
        contentType: m.contentType,
        contentHash: m.hash,
        peaks,
        beats,
      };
    }),
  });
}

// Vlogs: create (validate everything, then one transaction), cancel, retry, delete, and reads.
// Validation lives here, not in resolvers or the UI; every failure names its input field and
// writes nothing.
import type { Prisma } from '../db/database.js';
import type { InferenceJob, Music, Prisma as PrismaTypes, User, Vlog, VlogSegment } from '../generated/prisma/client.js';
import type { Storage } from '../media/storage/storage.js';
import type { JobRunner } from '../jobs/runner.js';
import { AppError, badInput, notFound } from '../lib/errors.js';
import { dateColumnToString, dateStringToColumn, localDate, localDayRange } from '../lib/dates.js';
import { isUuid, uuidv7 } from '../lib/uuid.js';
import { currentLogContext } from '../lib/logger.js';
import { assertDate } from '../events/service.js';
import { planText } from '../render/captions.js';
import type { PieceCache } from '../render/piece-cache.js';
import { planVlog, type PlanEvent, type RenderPlan } from '../render/plan.js';
import {
  ACTIVE_STATUSES,
  ASPECTS,
  CAPTION_MODES,
  FITS,
  LIMITS,
  parseSettings,
  RESOLUTIONS,
  TRANSITIONS,
  type Aspect,
  type CaptionMode,
  type Fit,
  type MusicSettings,
  type Resolution,
  type Transition,
  type VlogSettings,
  type VlogStatus,
} from './settings.js';
import type { ProgressService } from './progress.js';

export const VLOG_JOB_TYPE = 'vlog_generation';

export interface CreateVlogInput {
  date: string;
  eventIds: string[];
  title?: string | null;
  musicId?: string | null;
  musicStart?: number | null;
  musicEnd?: number | null;
  musicFade?: boolean | null;
  musicVolume?: number | null;
  resolution?: string | null;
  aspect?: string | null;
  maxDuration?: number | null;
  transition?: string | null;
  fit?: string | null;
  titleCard?: boolean | null;
  captions?: string | null;
  beatSync?: boolean | null;
  idempotencyKey?: string | null;
}

/** What a vlog_generation job carries: the seed's params plus the frozen render plan. */
export interface VlogJobParams {
  vlog_id: string;
  user_id: number;
  event_ids: string[];
  progress: number;
  plan: RenderPlan;
  /** The request that created the job: its render's log lines carry it, in whichever process. */
  request_id?: string;
}

export interface VlogServiceOptions {
  minEvents: number;
  maxEvents: number;
  jobMaxAttempts: number;
  /** Pending + processing vlogs one user may have at once. */
  maxActivePerUser: number;
  /** This machine's kept pieces (render/piece-cache.ts): a deleted vlog's go with it. */
  pieceCache?: PieceCache;
}

/** The refusal when a user already has their share of the render queue. */
export function tooManyActive(limit: number): AppError {
  return new AppError(
    'RATE_LIMITED',
    `you already have ${limit} vlog${limit === 1 ? '' : 's'} queued or rendering; wait for one to finish (or cancel one) before starting another`,
    undefined,
    { limit },
    { status: 429 },
  );
}

export function defaultTitle(date: string, locale: string): string {
  return locale.startsWith('zh') ? `${date} 的 Vlog` : `Vlog of ${date}`;
}

/**
 * Storage keys of a vlog's files. The users/<id>/ prefix is what media access checks; one
 * folder per vlog and one name per job attempt, so a render that lost its lease can remove
 * its own output without touching the attempt that took over.
 */
export function vlogFolder(userId: number, vlogId: string): string {
  return `users/${userId}/vlogs/${vlogId}/`;
}

export function vlogKeys(userId: number, vlogId: string, jobId: string, attempt: number): { video: string; poster: string; captions: string } {
  const base = `${vlogFolder(userId, vlogId)}${jobId}-${attempt}`;
  return { video: `${base}.mp4`, poster: `${base}.jpg`, captions: `${base}.vtt` };
}

function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], fallback: T, field: string): T {
  if (value == null) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw badInput(field, `${field} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function finite(value: number | null | undefined, field: string): number | undefined {
  if (value == null) return undefined;
  if (!Number.isFinite(value)) throw badInput(field, `${field} must be a number`);
  return value;
}

/** A file written this long after its row was still part of its import (clocks of a store and the database may differ). */
const IMPORT_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Why a recording's stored file is no longer what was imported, or null: missing, another size,
 * or written after the import. Cheap (one stat), so createVlog refuses before anything is queued.
 */
export function footageProblem(
  recording: { sizeBytes: bigint; createdAt: Date },
  stored: { size: number; modifiedAt?: Date } | null,
): string | null {
  if (!stored) return 'is missing';
  if (BigInt(stored.size) !== recording.sizeBytes) return 'has changed since it was imported (its size differs)';
  if (stored.modifiedAt && stored.modifiedAt.getTime() > recording.createdAt.getTime() + IMPORT_CLOCK_SLACK_MS) {
    return 'has changed since it was imported (it was rewritten)';
  }
  return null;
}

export class VlogService {
  constructor(
    private readonly prisma: Prisma,
    private readonly storage: Storage,
    private readonly runner: Pick<JobRunner, 'enqueued' | 'abort'>,
    private readonly progress: ProgressService,
    private readonly opts: VlogServiceOptions,
  ) {}

  /** The caller's vlog, or NOT_FOUND — for another user's id too. */
  async get(user: User, id: string): Promise<Vlog> {
    const vlog = isUuid(id) ? await this.prisma.vlog.findFirst({ where: { id, userId: user.id } }) : null;
    if (!vlog) throw notFound('vlog', id);
    return vlog;
  }

  async find(user: User, id: string): Promise<Vlog | null> {
    return isUuid(id) ? this.prisma.vlog.findFirst({ where: { id, userId: user.id } }) : null;
  }

  async owns(userId: number, id: string): Promise<boolean> {
    return isUuid(id) && (await this.prisma.vlog.count({ where: { id, userId } })) > 0;
  }

  /** The segments of each vlog, in order, grouped in the order of `vlogIds` (one query for a page of vlogs). */
  async segmentsOf(vlogIds: readonly string[]): Promise<VlogSegment[][]> {
    const rows = await this.prisma.vlogSegment.findMany({ where: { vlogId: { in: [...vlogIds] } }, orderBy: [{ vlogId: 'asc' }, { sequenceOrder: 'asc' }] });
    const byVlog = new Map<string, VlogSegment[]>(vlogIds.map((id) => [id, []]));
    for (const s of rows) byVlog.get(s.vlogId)?.push(s);
    return vlogIds.map((id) => byVlog.get(id)!);
  }

  /** Render jobs by id (ids from the caller's own vlogs' settings). */
  jobsByIds(ids: readonly string[]): Promise<InferenceJob[]> {
    return this.prisma.inferenceJob.findMany({ where: { id: { in: ids.filter(isUuid) } } });
  }

  /** The day's vlog: its newest completed one, else its newest. */
  async byDate(user: User, date: string): Promise<Vlog | null> {
    assertDate(date);
    const where = { userId: user.id, targetDate: dateStringToColumn(date) };
    return (
      (await this.prisma.vlog.findFirst({ where: { ...where, status: 'completed' }, orderBy: { createdAt: 'desc' } })) ??
      (await this.prisma.vlog.findFirst({ where, orderBy: { createdAt: 'desc' } }))
    );
  }

  /** Newest first, keyset-paged by (created_at, id) through an opaque cursor. */
  async list(user: User, args: { first?: number | null; after?: string | null; status?: string | null; date?: string | null }) {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'first must be between 1 and 100');
    const where: Record<string, unknown> = { userId: user.id };
    if (args.status) where.status = oneOf(args.status.toLowerCase(), ['pending', 'processing', 'completed', 'failed', 'canceled'], 'pending', 'status');
    if (args.date) {
      assertDate(args.date);
      where.targetDate = dateStringToColumn(args.date);
    }
    const totalCount = await this.prisma.vlog.count({ where });
    let cursorWhere = {};
    if (args.after) {
      const id = Buffer.from(args.after, 'base64url').toString('utf8');
      const anchor = isUuid(id) ? await this.prisma.vlog.findFirst({ where: { id, userId: user.id } }) : null;
      if (!anchor) throw badInput('after', 'after is not a cursor from this list');
      cursorWhere = {
        OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }],
      };
    }
    const rows = await this.prisma.vlog.findMany({
      where: { ...where, ...cursorWhere },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return {
      nodes,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(last.id).toString('base64url') : null },
    };
  }

  /** `origin` "auto" marks a vlog the automatic daily vlog asked for (same checks, same job path). */
  async create(user: User, input: CreateVlogInput, opts: { origin?: 'manual' | 'auto' } = {}): Promise<Vlog> {
    const key = input.idempotencyKey?.trim() || null;
    if (key && key.length > 128) throw badInput('idempotencyKey', 'idempotencyKey must be at most 128 characters');
    if (key) {
      const existing = await this.prisma.vlog.findFirst({ where: { userId: user.id, idempotencyKey: key } });
      if (existing) return existing;
    }
    const { settings, plan, eventIds, title, date } = await this.validate(user, input);
    const vlogId = uuidv7();
    const jobId = uuidv7();
    const params: VlogJobParams = { vlog_id: vlogId, user_id: user.id, event_ids: eventIds, progress: 0, plan, request_id: currentLogContext().requestId };
    const planned = new Map(plan.segments.map((s) => [s.eventId, s]));
    let created: Vlog;
    try {
      created = await this.prisma.$transaction(async (tx) => {
        await this.claimActiveSlot(tx, user.id);
        const vlog = await tx.vlog.create({
          data: {
            id: vlogId,
            userId: user.id,
            title,
            targetDate: dateStringToColumn(date),
            status: 'pending',
            progress: 0,
            statusMessage: null,
            settings: { ...settings, job_id: jobId } satisfies VlogSettings as object,
            idempotencyKey: key,
            origin: opts.origin ?? 'manual',
          },
        });
        await tx.inferenceJob.create({
          data: { id: jobId, type: VLOG_JOB_TYPE, status: 'pending', params: params as object, maxAttempts: this.opts.jobMaxAttempts },
        });
        // One row per selected event in start-time order; an event the plan had no room for
        // keeps a zero-length row (offsets equal, no output_start) so the selection is recorded.
        await tx.vlogSegment.createMany({
          data: eventIds.map((eventId, i) => {
            const seg = planned.get(eventId);
            return {
              vlogId,
              eventId,
              recordingId: plan.recordingOf[eventId]!,
              sequenceOrder: i,
              startOffset: seg?.sourceStart ?? plan.offsetOf[eventId] ?? 0,
              endOffset: seg?.sourceEnd ?? plan.offsetOf[eventId] ?? 0,
              outputStart: seg?.outputStart ?? null,
            };
          }),
        });
        return vlog;
      });
    } catch (err) {
      // Two requests with one idempotency key raced: the other one won; return its vlog.
      if (key && (err as { code?: string }).code === 'P2002') {
        const existing = await this.prisma.vlog.findFirst({ where: { userId: user.id, idempotencyKey: key } });
        if (existing) return existing;
      }
      throw err;
    }
    const state = await this.progress.stored(vlogId);
    if (state) await this.progress.publish(state);
    this.runner.enqueued(jobId);
    // The row as the transaction wrote it (PENDING), not what a polling runner has made of it since.
    return created;
  }

  /**
   * Inside a transaction: locks the user's row (so one user's parallel creates and retries take
   * turns, across processes) and refuses when they already have their share of the queue.
   */
  private async claimActiveSlot(tx: PrismaTypes.TransactionClient, userId: number): Promise<void> {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const active = await tx.vlog.count({ where: { userId, status: { in: [...ACTIVE_STATUSES] } } });
    if (active >= this.opts.maxActivePerUser) throw tooManyActive(this.opts.maxActivePerUser);
  }

  /** Every check of PRODUCT.md's "Validation on create", in order; throws the first failure. */
  private async validate(user: User, input: CreateVlogInput) {
    const date = input.date;
    assertDate(date);
    if (!Array.isArray(input.eventIds) || input.eventIds.length === 0) throw badInput('eventIds', 'pick at least one event');
    const ids = input.eventIds;
    if (new Set(ids).size !== ids.length) throw badInput('eventIds', 'eventIds lists an event more than once');
    if (ids.length > this.opts.maxEvents) {
      throw badInput('eventIds', `a vlog can hold at most ${this.opts.maxEvents} events; ${ids.length} were picked`);
    }
    const title = (input.title ?? '').trim() || defaultTitle(date, user.locale);
    if (title.length > LIMITS.maxTitleLength) throw badInput('title', `title must be at most ${LIMITS.maxTitleLength} characters`);
    const resolution = oneOf<Resolution>(input.resolution, RESOLUTIONS, 'P1080', 'resolution');
    const aspect = oneOf<Aspect>(input.aspect, ASPECTS, 'LANDSCAPE', 'aspect');
    const transition = oneOf<Transition>(input.transition, TRANSITIONS, 'CROSSFADE', 'transition');
    const fit = oneOf<Fit>(input.fit, FITS, 'BLUR', 'fit');
    const captions = oneOf<CaptionMode>(input.captions, CAPTION_MODES, 'SOFT', 'captions');
    const titleCard = input.titleCard ?? true;

    const music = await this.validateMusic(user, input);
    const requested = finite(input.maxDuration, 'maxDuration');
    let maxDuration: number;
    if (requested !== undefined) {
      if (!Number.isInteger(requested) || requested < LIMITS.minDuration || requested > LIMITS.maxDuration) {
        throw badInput('maxDuration', `maxDuration must be a whole number of seconds from ${LIMITS.minDuration} to ${LIMITS.maxDuration}, got ${requested}`);
      }
      maxDuration = requested;
    } else if (music) {
      maxDuration = Math.min(LIMITS.maxDuration, Math.max(LIMITS.minDuration, Math.ceil(music.end - music.start - 1e-6)));
    } else maxDuration = LIMITS.defaultDuration;

    // Ownership: a foreign id and a missing id give the same single error.
    const events = ids.every(isUuid)
      ? await this.prisma.event.findMany({ where: { id: { in: ids }, userId: user.id }, include: { recording: true } })
      : [];
    if (events.length !== ids.length) throw badInput('eventIds', 'some of the picked events do not exist');
    for (const e of events) {
      if (!e.startTime) throw badInput('eventIds', `event ${e.id} has no start time and cannot be placed on a day`);
      const day = localDate(e.startTime, user.timezone);
      if (day !== date) throw badInput('eventIds', `event ${e.id} is on ${day}, not ${date}; a vlog holds events of one day`);
    }
    const { start, end } = localDayRange(date, user.timezone);
    const dayCount = await this.prisma.event.count({ where: { userId: user.id, startTime: { gte: start, lt: end } } });
    const minimum = Math.min(this.opts.minEvents, dayCount);
    if (ids.length < minimum) throw badInput('eventIds', `pick at least ${minimum} events (${ids.length} picked)`);
    for (const recording of new Map(events.map((e) => [e.recordingId, e.recording])).values()) {
      const problem = footageProblem(recording, await this.storage.stat(recording.s3Key));
      if (problem) throw badInput('eventIds', `the footage of recording ${recording.id} ${problem}, so its events cannot be used; import it again`);
    }

    events.sort((a, b) => a.startTime!.getTime() - b.startTime!.getTime() || a.id.localeCompare(b.id));
    const planEvents: PlanEvent[] = events.map((e) => ({
      eventId: e.id,
      recordingId: e.recordingId,
      eventStart: e.startTime!,
      eventDuration: e.duration,
      recordingStart: e.recording.startTime,
      recordingDuration: e.recording.duration,
      interestScores: e.recording.interestScores,
    }));
    // Cuts on the beat: on by default with music; the beats were tracked at import.
    const beatSync = !!music && (input.beatSync ?? true);
    const beats = beatSync && music ? ((await this.prisma.music.findUnique({ where: { id: music.id }, select: { beats: true } }))?.beats ?? []) : [];
    const settings = { max_duration: maxDuration, resolution, aspect, transition, fit, title_card: titleCard, captions, beat_sync: beatSync, music };
    let plan: RenderPlan;
    try {
      plan = planVlog(planEvents, {
        maxDuration,
        resolution,
        aspect,
        transition,
        music: music && { start: music.start, end: music.end, fade: music.fade, volume: music.volume, beats },
        beatSync,
      });
    } catch (err) {
      throw badInput('eventIds', `these events cannot make a vlog: ${(err as Error).message}`);
    }
    if (plan.segments.length === 0) throw badInput('eventIds', 'none of the picked events has footage to show');
    const recordingOf = Object.fromEntries(events.map((e) => [e.id, e.recordingId]));
    const offsetOf = Object.fromEntries(
      planEvents.map((p) => [p.eventId, Math.min(p.recordingDuration, Math.max(0, (p.eventStart.getTime() - p.recordingStart.getTime()) / 1000))]),
    );
    const text = planText({ title, date, timezone: user.timezone, locale: user.locale, titleCard, captions, events: events.map((e) => ({ ...e, startTime: e.startTime! })) });
    return { date, title, settings, eventIds: events.map((e) => e.id), plan: Object.assign(plan, { recordingOf, offsetOf, text }) };
  }

  private async validateMusic(user: User, input: CreateVlogInput): Promise<MusicSettings | null> {
    if (!input.musicId) return null;
    const track: Music | null = isUuid(input.musicId)
      ? await this.prisma.music.findFirst({ where: { id: input.musicId, OR: [{ userId: null }, { userId: user.id }] } })
      : null;
    if (!track) throw badInput('musicId', 'the chosen music track does not exist');
    const start = finite(input.musicStart, 'musicStart') ?? 0;
    if (start < 0) throw badInput('musicStart', 'musicStart must be 0 or more');
    if (start >= track.duration) throw badInput('musicStart', `musicStart must be before the track ends (${track.duration.toFixed(1)} s)`);
    const end = finite(input.musicEnd, 'musicEnd') ?? Math.min(track.duration, start + LIMITS.defaultMusicWindow);
    if (end <= start) throw badInput('musicEnd', 'musicEnd must be after musicStart');
    if (end > track.duration + 1e-3) throw badInput('musicEnd', `musicEnd must be at most the track's length (${track.duration.toFixed(1)} s)`);
    if (end - start < LIMITS.minMusicWindow - 1e-9) throw badInput('musicEnd', `the music window must be at least ${LIMITS.minMusicWindow} s`);
    const volume = finite(input.musicVolume, 'musicVolume') ?? 0.6;
    if (volume < 0 || volume > 1) throw badInput('musicVolume', 'musicVolume must be between 0 and 1');
    return { id: track.id, start, end: Math.min(end, track.duration), fade: input.musicFade ?? true, volume };
  }

  async cancel(user: User, id: string): Promise<Vlog> {
    const vlog = await this.get(user, id);
    const status = vlog.status as VlogStatus;
    if (status === 'canceled') return vlog;
    if (!ACTIVE_STATUSES.includes(status)) throw badInput('id', `only a queued or rendering vlog can be canceled; this one is ${status}`);
    const jobId = parseSettings(vlog.settings).job_id;
    const [, updated] = await this.prisma.$transaction([
      this.prisma.inferenceJob.updateMany({
        where: { id: jobId, status: { in: ['pending', 'running'] } },
        data: { status: 'canceled', finishedAt: new Date(), lockedBy: null },
      }),
      this.prisma.vlog.update({ where: { id: vlog.id }, data: { status: 'canceled', statusMessage: 'Canceled' } }),
    ]);
    this.runner.abort(jobId);
    await this.publishStored(vlog.id);
    return updated;
  }

  /**
   * Queues a failed or canceled vlog again. The status is re-read under the row locks, so of two
   * retries at once exactly one starts a job; the other is told the vlog is already queued.
   */
  async retry(user: User, id: string): Promise<Vlog> {
    await this.get(user, id);
    const jobId = uuidv7();
    const updated = await this.prisma.$transaction(async (tx) => {
      await this.claimActiveSlot(tx, user.id);
      await tx.$queryRaw`SELECT id FROM vlogs WHERE id = ${id}::uuid FOR UPDATE`;
      const vlog = await tx.vlog.findFirst({ where: { id, userId: user.id } });
      if (!vlog) throw notFound('vlog', id);
      const status = vlog.status as VlogStatus;
      if (status !== 'failed' && status !== 'canceled') {
        throw badInput('id', `only a failed or canceled vlog can be retried; this one is ${status}`);
      }
      const settings = parseSettings(vlog.settings);
      const old = isUuid(settings.job_id) ? await tx.inferenceJob.findUnique({ where: { id: settings.job_id } }) : null;
      if (!old) throw new AppError('NOT_FOUND', `the render job of vlog ${vlog.id} is gone; create the vlog again`);
      // The retry's render is logged under the retry's request.
      const params = { ...(old.params as object), progress: 0, request_id: currentLogContext().requestId } as Record<string, unknown>;
      delete params.phase;
      await tx.inferenceJob.create({
        data: { id: jobId, type: VLOG_JOB_TYPE, params: params as object, maxAttempts: this.opts.jobMaxAttempts },
      });
      return tx.vlog.update({
        where: { id: vlog.id },
        data: { status: 'pending', progress: 0, error: null, errorCode: null, statusMessage: null, settings: { ...settings, job_id: jobId } as object },
      });
    });
    this.progress.forget(updated.id);
    this.runner.enqueued(jobId);
    await this.publishStored(updated.id);
    return updated;
  }

  /** Deletes the vlog, its segments and its files; a render in progress is stopped first. */
  async delete(user: User, id: string): Promise<string> {
    const vlog = await this.get(user, id);
    const jobId = parseSettings(vlog.settings).job_id;
    await this.prisma.$transaction([
      this.prisma.inferenceJob.updateMany({
        where: { id: jobId, status: { in: ['pending', 'running'] } },
        data: { status: 'canceled', finishedAt: new Date(), lockedBy: null, error: 'vlog deleted' },
      }),
      this.prisma.vlog.delete({ where: { id: vlog.id } }),
    ]);
    this.runner.abort(jobId);
    const files = new Set([...(await this.storage.list(vlogFolder(user.id, vlog.id))), vlog.s3Key, vlog.thumbnailKey]);
    await Promise.all([...files].filter((k): k is string => !!k).map((k) => this.storage.delete(k)));
    await this.releasePieces(user.id, vlog);
    await this.progress.publish({
      vlogId: vlog.id,
      status: 'CANCELED',
      phase: 'CANCELED',
      percent: vlog.progress,
      message: 'Deleted',
      step: null,
      totalSteps: null,
      etaSeconds: null,
      error: null,
      errorCode: null,
      updatedAt: new Date().toISOString(),
    });
    return vlog.id;
  }

  /** The deleted vlog's kept pieces, except those another vlog of the user still uses. */
  private async releasePieces(userId: number, vlog: Vlog): Promise<void> {
    const keys = parseSettings(vlog.settings).piece_keys ?? [];
    if (!this.opts.pieceCache || keys.length === 0) return;
    const others = await this.prisma.vlog.findMany({ where: { userId }, select: { settings: true } });
    await this.opts.pieceCache.release(keys, new Set(others.flatMap((o) => parseSettings(o.settings).piece_keys ?? [])));
  }

  private async publishStored(vlogId: string): Promise<void> {
    const state = await this.progress.stored(vlogId);
    if (state) await this.progress.publish(state);
  }

  /** For the calendar: is a vlog of this day rendering? */
  static isActive(vlog: Pick<Vlog, 'status'>): boolean {
    return ACTIVE_STATUSES.includes(vlog.status as VlogStatus);
  }

  static dateOf(vlog: Pick<Vlog, 'targetDate'>): string {
    return dateColumnToString(vlog.targetDate);
  }
}

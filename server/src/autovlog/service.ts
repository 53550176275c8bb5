// The automatic daily vlog: for every user who turned it on, once their time of day has passed,
// claim (user, date) in auto_vlog_runs — its primary key lets exactly one process through,
// whichever API or worker process ticks first — then skip the day with a reason or make its
// vlog from the recommender's picks through VlogService.create, the path createVlog takes.
import type { Prisma } from '../db/database.js';
import type { AutoVlogRun, Music, User } from '../generated/prisma/client.js';
import { assertDate } from '../lib/dates.js';
import type { RecommendService } from '../recommend/service.js';
import type { VlogService } from '../vlogs/service.js';
import { AppError, badInput } from '../lib/errors.js';
import { dateStringToColumn, localDayRange } from '../lib/dates.js';
import { isUuid } from '../lib/uuid.js';
import { LIMITS, RESOLUTIONS, type Resolution } from '../vlogs/settings.js';
import type { AutoVlogSettingsInput } from '../graphql/generated/resolvers-types.js';
import { decideDay, dueDate, isTimeOfDay, nextRunAt, pickCount, type AutoVlogSchedule, type DayDecision } from './decide.js';
import { newProcessId } from '../lib/process-id.js';

/** A running claim older than this belongs to a process that died mid-way; another takes over. */
const STALE_CLAIM_MS = 10 * 60_000;

export type { AutoVlogSettingsInput };

/** The users-row columns the setting writes (merged into updateMe's single update). */
export interface AutoVlogSettingsData {
  autoVlog?: boolean;
  autoVlogTime?: string;
  autoVlogSince?: Date | null;
  defaultMusicId?: string | null;
  defaultMaxDuration?: number;
  defaultResolution?: Resolution;
}

export type RunOutcome = { userId: number; date: string; status: 'made' | 'skipped' | 'failed'; vlogId?: string; reason?: string };

function scheduleOf(u: User): AutoVlogSchedule {
  return { enabled: u.autoVlog, time: u.autoVlogTime, timezone: u.timezone, since: u.autoVlogSince };
}

export class AutoVlogService {
  private readonly processId = newProcessId();

  constructor(
    private readonly prisma: Prisma,
    private readonly deps: { recommend: RecommendService; vlogs: VlogService },
    private readonly opts: { minEvents: number; maxEvents: number; log?: (msg: string) => void },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates the setting part of updateMe; nothing is written here. */
  async settingsUpdate(user: User, input: AutoVlogSettingsInput | null | undefined): Promise<AutoVlogSettingsData> {
    if (!input) return {};
    const data: AutoVlogSettingsData = {};
    if (input.time != null) {
      if (!isTimeOfDay(input.time)) throw badInput('autoVlog.time', `time must be HH:MM (24 h), e.g. 21:00, got "${input.time}"`);
      data.autoVlogTime = input.time;
    }
    if (input.maxDuration != null) {
      const d = input.maxDuration;
      if (!Number.isInteger(d) || d < LIMITS.minDuration || d > LIMITS.maxDuration) {
        throw badInput('autoVlog.maxDuration', `maxDuration must be a whole number of seconds from ${LIMITS.minDuration} to ${LIMITS.maxDuration}, got ${d}`);
      }
      data.defaultMaxDuration = d;
    }
    if (input.resolution != null) {
      if (!(RESOLUTIONS as readonly string[]).includes(input.resolution)) {
        throw badInput('autoVlog.resolution', `resolution must be one of ${RESOLUTIONS.join(', ')}, got "${input.resolution}"`);
      }
      data.defaultResolution = input.resolution as Resolution;
    }
    if (input.musicId === null) data.defaultMusicId = null;
    else if (input.musicId !== undefined) {
      const ok = isUuid(input.musicId) && (await this.prisma.music.count({ where: { id: input.musicId, OR: [{ userId: null }, { userId: user.id }] } })) > 0;
      if (!ok) throw badInput('autoVlog.musicId', 'the chosen music track does not exist');
      data.defaultMusicId = input.musicId;
    }
    if (input.enabled != null) {
      data.autoVlog = input.enabled;
      // Turning it on starts from the next occurrence; turning it off forgets when.
      if (input.enabled && !user.autoVlog) data.autoVlogSince = this.now();
      if (!input.enabled) data.autoVlogSince = null;
    }
    return data;
  }

  /** The track vlogs made for the user use (null = none; a removed track clears itself). */
  defaultMusic(user: User): Promise<Music | null> | null {
    return user.defaultMusicId ? this.prisma.music.findUnique({ where: { id: user.defaultMusicId } }) : null;
  }

  /** When the user's next automatic vlog will be made (null when off). */
  nextRunAt(user: User): Date | null {
    return nextRunAt(scheduleOf(user), this.now());
  }

  /** What the automatic vlog did on a date, for the day's page. */
  async runOf(user: User, date: string): Promise<AutoVlogRun | null> {
    assertDate(date);
    return this.prisma.autoVlogRun.findUnique({ where: { userId_date: { userId: user.id, date: dateStringToColumn(date) } } });
  }

  /** One pass: every user whose automatic vlog is due and not yet claimed gets it. */
  async tick(): Promise<RunOutcome[]> {
    const now = this.now();
    const users = await this.prisma.user.findMany({ where: { autoVlog: true } });
    const due = users.flatMap((u) => {
      const date = dueDate(scheduleOf(u), now);
      return date ? [{ user: u, date }] : [];
    });
    if (due.length === 0) return [];
    const runs = await this.prisma.autoVlogRun.findMany({
      where: { userId: { in: due.map((d) => d.user.id) }, date: { in: [...new Set(due.map((d) => d.date))].map(dateStringToColumn) } },
      select: { userId: true, date: true, status: true, claimedAt: true },
    });
    const settled = new Set(
      runs
        .filter((r) => r.status !== 'running' || now.getTime() - r.claimedAt.getTime() < STALE_CLAIM_MS)
        .map((r) => `${r.userId}:${r.date.toISOString().slice(0, 10)}`),
    );
    const outcomes: RunOutcome[] = [];
    for (const { user, date } of due) {
      if (settled.has(`${user.id}:${date}`)) continue;
      try {
        const outcome = await this.runDay(user, date);
        if (outcome) outcomes.push(outcome);
      } catch (err) {
        this.opts.log?.(`automatic vlog of user ${user.id} for ${date}: ${(err as Error).message}; retried once the claim is stale`);
      }
    }
    return outcomes;
  }

  /** Claims (user, date); only the process whose claim lands does the day. */
  private async claim(userId: number, date: string, now: Date): Promise<boolean> {
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
    const rows = await this.prisma.$queryRaw<{ user_id: number }[]>`
      INSERT INTO auto_vlog_runs (user_id, date, status, claimed_by, claimed_at, updated_at)
      VALUES (${userId}, ${date}::date, 'running', ${this.processId}, ${now}, ${now})
      ON CONFLICT (user_id, date) DO UPDATE
        SET claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at, updated_at = EXCLUDED.updated_at
        WHERE auto_vlog_runs.status = 'running' AND auto_vlog_runs.claimed_at < ${staleBefore}
      RETURNING user_id`;
    return rows.length === 1;
  }

  private async runDay(user: User, date: string): Promise<RunOutcome | null> {
    const now = this.now();
    if (!(await this.claim(user.id, date, now))) return null;
    const finish = (status: RunOutcome['status'], extra: { reason?: string; message?: string; vlogId?: string } = {}) =>
      this.prisma.autoVlogRun.update({
        where: { userId_date: { userId: user.id, date: dateStringToColumn(date) } },
        data: { status, reason: extra.reason ?? null, message: extra.message ?? null, vlogId: extra.vlogId ?? null, claimedBy: null, updatedAt: this.now() },
      });
    const decision = await this.decide(user, date);
    if (!decision.make) {
      await finish('skipped', decision);
      return { userId: user.id, date, status: 'skipped', reason: decision.reason };
    }
    try {
      const picks = await this.deps.recommend.recommend(user, date, pickCount(user.defaultMaxDuration, this.opts));
      const vlog = await this.deps.vlogs.create(
        user,
        {
          date,
          eventIds: picks.map((p) => p.event.id),
          musicId: user.defaultMusicId,
          maxDuration: user.defaultMaxDuration,
          resolution: user.defaultResolution as Resolution,
          // A second attempt after a crash finds the vlog the first one made instead of making another.
          idempotencyKey: `auto:${date}`,
        },
        { origin: 'auto' },
      );
      await finish('made', { vlogId: vlog.id });
      return { userId: user.id, date, status: 'made', vlogId: vlog.id };
    } catch (err) {
      // Refused by createVlog's checks: recorded with its reason. Anything else (the database
      // went away) leaves the claim running, and it is taken over once stale.
      if (!(err instanceof AppError)) throw err;
      await finish('failed', { reason: 'CREATE_FAILED', message: err.message });
      return { userId: user.id, date, status: 'failed', reason: 'CREATE_FAILED' };
    }
  }

  private async decide(user: User, date: string): Promise<DayDecision> {
    const { start, end } = localDayRange(date, user.timezone);
    const eventCount = await this.prisma.event.count({ where: { userId: user.id, startTime: { gte: start, lt: end } } });
    const manualVlogs = await this.prisma.vlog.count({
      where: { userId: user.id, targetDate: dateStringToColumn(date), origin: 'manual', status: { in: ['pending', 'processing', 'completed'] } },
    });
    return decideDay({ eventCount, minEvents: this.opts.minEvents, manualVlogs });
  }
}

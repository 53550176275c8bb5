// Thin resolvers: check the caller, call a service, map rows to the schema's shapes.
import type { Resolvers, VlogErrorCode } from './generated/resolvers-types.js';
import { requireUser, type GraphQLContext } from './context.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { notFound } from '../lib/errors.js';
import { dateColumnToString } from '../lib/dates.js';
import { isUuid } from '../lib/uuid.js';
import { parseSettings } from '../vlogs/settings.js';

const upper = <T extends string>(s: T) => s.toUpperCase() as Uppercase<T>;
/** A media key as a URL the client can fetch without a cookie (signed /media, or presigned S3). */
const signed = (ctx: GraphQLContext, key: string | null | undefined) => (key ? ctx.services.urls.url(key, ctx.origin) : null);

/** A recording a row points at; always the caller's own (rows reach here only through their owner). */
async function loadRecording(ctx: GraphQLContext, id: string) {
  const recording = await ctx.loaders.recording.load(id);
  if (!recording) throw new Error(`recording ${id} of a listed row is missing`);
  return recording;
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,

  Query: {
    me: (_p, _a, ctx) => ctx.user,
    days: (_p, _a, ctx) => ctx.services.events.days(requireUser(ctx)) as never,
    eventsByDate: (_p, { date }, ctx) => ctx.services.events.eventsByDate(requireUser(ctx), date),
    diary: (_p, { date }, ctx) => ctx.services.events.diary(requireUser(ctx), date),
    music: (_p, _a, ctx) => ctx.services.music.list(requireUser(ctx)),
    recommendEvents: (_p, { date, limit, query }, ctx) => ctx.services.recommend.recommend(requireUser(ctx), date, limit, query),
    vlogs: (_p, args, ctx) => ctx.services.vlogs.list(requireUser(ctx), args),
    vlog: (_p, { id }, ctx) => ctx.services.vlogs.find(requireUser(ctx), id),
    vlogByDate: (_p, { date }, ctx) => ctx.services.vlogs.byDate(requireUser(ctx), date),
    limits: (_p, _a, ctx) => {
      requireUser(ctx);
      return ctx.services.limits;
    },
    autoVlogRun: (_p, { date }, ctx) => ctx.services.autoVlog.runOf(requireUser(ctx), date),
  },

  Mutation: {
    login: async (_p, { username, password }, ctx) => {
      const session = await ctx.services.auth.login(username, password, ctx.client);
      ctx.setSessionCookie?.(session.token, session.expiresAt);
      return session;
    },
    logout: async (_p, _a, ctx) => {
      await ctx.services.auth.logout(ctx.token);
      ctx.clearSessionCookie?.();
      return true;
    },
    updateMe: async (_p, { input }, ctx) => {
      const user = requireUser(ctx);
      const autoVlog = await ctx.services.autoVlog.settingsUpdate(user, input.autoVlog);
      return ctx.services.auth.updateMe(user.id, input, autoVlog);
    },
    createVlog: (_p, { input }, ctx) => ctx.services.vlogs.create(requireUser(ctx), input),
    cancelVlog: (_p, { id }, ctx) => ctx.services.vlogs.cancel(requireUser(ctx), id),
    retryVlog: (_p, { id }, ctx) => ctx.services.vlogs.retry(requireUser(ctx), id),
    deleteVlog: (_p, { id }, ctx) => ctx.services.vlogs.delete(requireUser(ctx), id),
    createShareLink: (_p, { vlogId, expiresInDays, note }, ctx) => ctx.services.sharing.create(requireUser(ctx), vlogId, expiresInDays, note),
    revokeShareLink: (_p, { id }, ctx) => ctx.services.sharing.revoke(requireUser(ctx), id),
  },

  Subscription: {
    vlogProgress: {
      // Ownership is checked before the stream exists: a stranger gets an error and no data.
      subscribe: async (_p, { vlogId }, ctx) => {
        const user = requireUser(ctx);
        const { vlogs, progress } = ctx.services;
        if (!(await vlogs.owns(user.id, vlogId))) throw notFound('vlog', vlogId);
        return progress.watch(vlogId, async () => true) as never;
      },
      resolve: (state: unknown) => state as never,
    },
  },

  User: {
    id: (u) => String(u.id),
    autoVlog: (u) => u,
  },

  AutoVlogSettings: {
    enabled: (u) => u.autoVlog,
    time: (u) => u.autoVlogTime,
    music: (u, _a, ctx) => ctx.services.autoVlog.defaultMusic(u),
    maxDuration: (u) => u.defaultMaxDuration,
    resolution: (u) => u.defaultResolution as 'P720',
    nextRunAt: (u, _a, ctx) => ctx.services.autoVlog.nextRunAt(u),
  },

  AutoVlogRun: {
    date: (r) => dateColumnToString(r.date),
    status: (r) => upper(r.status as 'made'),
    reason: (r) => r.reason as 'TOO_FEW_EVENTS' | null,
    vlog: (r, _a, ctx) => (r.vlogId ? ctx.services.vlogs.find(requireUser(ctx), r.vlogId) : null),
  },

  ShareLink: {
    url: (l, _a, ctx) => ctx.services.sharing.urlOf(l, ctx.origin),
  },

  AuthPayload: {
    expiresAt: (p) => p.expiresAt,
  },

  Event: {
    thumbnailUrl: (e, _a, ctx) => signed(ctx, e.thumbnailKey),
    // Usually read with the event (a day's listing: no promise per event); else batched.
    recording: (e, _a, ctx) => e.recording ?? loadRecording(ctx, e.recordingId),
  },

  Recording: {
    url: (r, _a, ctx) => signed(ctx, r.storageKey)!,
    thumbnailUrl: (r, _a, ctx) => signed(ctx, r.thumbnailKey),
  },

  Music: {
    url: (m, _a, ctx) => signed(ctx, m.storageKey)!,
    peaks: (m) => m.peaks,
  },

  Vlog: {
    date: (v) => dateColumnToString(v.targetDate),
    status: (v) => upper(v.status as 'pending'),
    settings: (v) => parseSettings(v.settings),
    size: (v) => (v.sizeBytes == null ? null : Number(v.sizeBytes)),
    errorCode: (v) => (v.status === 'failed' ? ((v.errorCode ?? 'INTERNAL') as VlogErrorCode) : null),
    url: (v, _a, ctx) => (v.status === 'completed' ? signed(ctx, v.storageKey) : null),
    thumbnailUrl: (v, _a, ctx) => signed(ctx, v.thumbnailKey),
    captionsUrl: (v, _a, ctx) => (v.status === 'completed' ? signed(ctx, parseSettings(v.settings).captions_key ?? null) : null),
    segments: (v, _a, ctx) => ctx.loaders.segments.load(v.id),
    job: (v, _a, ctx) => {
      const jobId = parseSettings(v.settings).job_id;
      return isUuid(jobId) ? ctx.loaders.job.load(jobId) : null;
    },
    automatic: (v) => v.origin === 'auto',
    shareLinks: (v, _a, ctx) => {
      requireUser(ctx);
      return ctx.loaders.shareLinks.load(v.id);
    },
  },

  VlogSettings: {
    maxDuration: (s) => s.max_duration,
    titleCard: (s) => s.title_card,
    beatSync: (s) => s.beat_sync,
  },

  MusicWindow: {
    music: (m, _a, ctx) => ctx.loaders.music.load(m.id),
  },

  VlogSegment: {
    event: (s, _a, ctx) => (s.eventId ? ctx.loaders.event.load(s.eventId) : null),
    recording: (s, _a, ctx) => loadRecording(ctx, s.recordingId),
  },

  Job: {
    status: (j) => upper(j.status),
    progress: (j) => Number((j.params as { progress?: number } | null)?.progress ?? 0),
  },
};

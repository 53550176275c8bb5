// The domain services one process runs, wired once by the composition root (app.ts).
import type { Config } from './config.js';
import type { Prisma } from './db/database.js';
import type { EventBus } from './bus/event-bus.js';
import type { Storage } from './media/storage/storage.js';
import type { JobRunner } from './jobs/runner.js';
import { AuthService } from './auth/service.js';
import type { ThrottleLimits } from './auth/throttle.js';
import { EventService } from './events/service.js';
import { MusicService } from './music/service.js';
import { RecommendService } from './recommend/service.js';
import { MediaUrlSigner } from './media/urls.js';
import { ProgressService } from './vlogs/progress.js';
import type { PieceCache } from './render/piece-cache.js';
import { VlogService } from './vlogs/service.js';
import { JobQueue } from './jobs/jobs.js';
import { prismaSql } from './db/sql.js';
import { LIMITS } from './vlogs/settings.js';
import type { Limits } from './graphql/generated/resolvers-types.js';
import { SharingService } from './sharing/service.js';
import { AutoVlogService } from './autovlog/service.js';

/** What resolvers reach: services only (the Prisma client stays inside them). */
export interface Services {
  auth: AuthService;
  events: EventService;
  recommend: RecommendService;
  music: MusicService;
  vlogs: VlogService;
  /** The jobs API's read for the API (Vlog.job): a user's jobs by id. */
  jobs: Pick<JobQueue, 'ofUser'>;
  progress: ProgressService;
  urls: MediaUrlSigner;
  sharing: SharingService;
  autoVlog: AutoVlogService;
  /** What the `limits` query answers (limitsOf). */
  limits: Limits;
}

/** What the `limits` query answers: the config's event counts and the vlog rules' LIMITS. */
export function limitsOf(config: Pick<Config, 'minEvents' | 'maxEvents' | 'maxActiveVlogsPerUser'>, drawsWords = false): Limits {
  return {
    minEvents: config.minEvents,
    maxEvents: config.maxEvents,
    minDuration: LIMITS.minDuration,
    maxDuration: LIMITS.maxDuration,
    minMusicWindow: LIMITS.minMusicWindow,
    maxTitleLength: LIMITS.maxTitleLength,
    maxActiveVlogs: config.maxActiveVlogsPerUser,
    burnedCaptions: drawsWords,
  };
}

/** The sign-in throttle's limits from the configuration. */
export function throttleLimits(config: Config): ThrottleLimits {
  return { freePerUser: config.loginFreeAttempts, freePerClient: config.loginFreeAttemptsPerClient, maxDelaySeconds: config.loginMaxDelaySeconds };
}

export function createServices(deps: {
  config: Config;
  prisma: Prisma;
  bus: EventBus;
  storage: Storage;
  runner: Pick<JobRunner, 'enqueued' | 'abort'>;
  /** The process's kept render pieces: the render job fills it, deleting a vlog releases its pieces. */
  pieceCache: PieceCache;
  secret: string;
  /** This process's ffmpeg can draw words into the picture (render/captions.ts canDraw); default false. */
  drawsWords?: boolean;
  /** The time as sharing and the automatic vlog see it (tests inject one to move through days). */
  clock?: () => Date;
  log?: (msg: string) => void;
}): Services {
  const { config, prisma, bus, storage, runner } = deps;
  const events = new EventService(prisma);
  const jobs = new JobQueue(runner, prismaSql(prisma));
  const progress = new ProgressService(prisma, bus, jobs);
  const services: Omit<Services, 'sharing' | 'autoVlog'> = {
    auth: new AuthService(prisma, config.sessionDays, throttleLimits(config), bus),
    events,
    recommend: new RecommendService(events),
    music: new MusicService(prisma),
    jobs,
    progress,
    vlogs: new VlogService(prisma, storage, jobs, progress, {
      minEvents: config.minEvents,
      maxEvents: config.maxEvents,
      jobMaxAttempts: config.jobMaxAttempts,
      maxActivePerUser: config.maxActiveVlogsPerUser,
      pieceCache: deps.pieceCache,
    }),
    urls: new MediaUrlSigner(deps.secret, undefined, storage.directUrls() ?? undefined),
    limits: limitsOf(config, deps.drawsWords),
  };
  return {
    ...services,
    sharing: new SharingService(prisma, deps.secret, deps.clock),
    // The automatic vlog uses the recommender's and createVlog's own service functions.
    autoVlog: new AutoVlogService(prisma, services, { minEvents: config.minEvents, maxEvents: config.maxEvents, log: deps.log }, deps.clock),
  };
}

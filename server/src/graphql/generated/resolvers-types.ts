import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { User as UserModel, Music as MusicModel, Vlog as VlogModel, VlogSegment as VlogSegmentModel, AutoVlogRun as AutoVlogRunModel } from '../../generated/prisma/client.js';
import type { ListedEvent as EventModel, ListedRecording as RecordingModel } from '../../events/service.js';
import type { JobRecord as JobModel } from '../../jobs/jobs.js';
import type { VlogSettings as VlogSettingsModel, MusicSettings as MusicSettingsModel } from '../../vlogs/settings.js';
import type { ProgressState as ProgressStateModel } from '../../vlogs/progress.js';
import type { ShareLinkView as ShareLinkModel } from '../../sharing/service.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in the caller's time zone, YYYY-MM-DD. */
  Date: { input: string; output: string; }
  /** An instant, ISO 8601 with offset. */
  DateTime: { input: Date | string; output: Date | string; }
};

export const Aspect = {
  /** 16:9 */
  Landscape: 'LANDSCAPE',
  /** 9:16 */
  Portrait: 'PORTRAIT'
} as const;

export type Aspect = typeof Aspect[keyof typeof Aspect];
export type AuthPayload = {
  __typename?: 'AuthPayload';
  expiresAt: Scalars['DateTime']['output'];
  token: Scalars['String']['output'];
  user: User;
};

export const AutoVlogReason = {
  /** createVlog refused the automatic selection; `message` says why. */
  CreateFailed: 'CREATE_FAILED',
  /** A vlog of the day was already made by hand. */
  ManualVlogExists: 'MANUAL_VLOG_EXISTS',
  /** The day has fewer events than a vlog needs (Limits.minEvents). */
  TooFewEvents: 'TOO_FEW_EVENTS'
} as const;

export type AutoVlogReason = typeof AutoVlogReason[keyof typeof AutoVlogReason];
export type AutoVlogRun = {
  __typename?: 'AutoVlogRun';
  date: Scalars['Date']['output'];
  /** A sentence with the details, e.g. how many events the day had. */
  message?: Maybe<Scalars['String']['output']>;
  /** Set when SKIPPED or FAILED. */
  reason?: Maybe<AutoVlogReason>;
  status: AutoVlogRunStatus;
  updatedAt: Scalars['DateTime']['output'];
  /** The vlog made (null when skipped, or deleted since). */
  vlog?: Maybe<Vlog>;
};

export const AutoVlogRunStatus = {
  Failed: 'FAILED',
  Made: 'MADE',
  /** Being made right now by one of the servers. */
  Running: 'RUNNING',
  Skipped: 'SKIPPED'
} as const;

export type AutoVlogRunStatus = typeof AutoVlogRunStatus[keyof typeof AutoVlogRunStatus];
export type AutoVlogSettings = {
  __typename?: 'AutoVlogSettings';
  /** Off by default. When on, Dayreel makes each day's vlog at `time`, once. */
  enabled: Scalars['Boolean']['output'];
  /** Target length in seconds (30–180). */
  maxDuration: Scalars['Int']['output'];
  /** Music for vlogs made automatically; null = no music. */
  music?: Maybe<Music>;
  /** When the next automatic vlog will be made; null when off. */
  nextRunAt?: Maybe<Scalars['DateTime']['output']>;
  resolution: Resolution;
  /** Local time of day in the user's time zone, HH:MM (24 h); default 21:00. */
  time: Scalars['String']['output'];
};

export type AutoVlogSettingsInput = {
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  maxDuration?: InputMaybe<Scalars['Int']['input']>;
  /** A track of the music library; an explicit null clears it (no music). */
  musicId?: InputMaybe<Scalars['ID']['input']>;
  resolution?: InputMaybe<Resolution>;
  /** HH:MM, 24 h. */
  time?: InputMaybe<Scalars['String']['input']>;
};

/** Per-clip captions (the event's time and summary). */
export const Captions = {
  /** Drawn into the picture where the server has a font for the script; else as SOFT. */
  Burned: 'BURNED',
  None: 'NONE',
  /** A subtitle track in the MP4 and WebVTT for the web player (captionsUrl). */
  Soft: 'SOFT'
} as const;

export type Captions = typeof Captions[keyof typeof Captions];
/** The part of one picked event to use in a vlog, in seconds from the event's start. */
export type ClipWindowInput = {
  end: Scalars['Float']['input'];
  eventId: Scalars['ID']['input'];
  start: Scalars['Float']['input'];
};

export type CreateVlogInput = {
  aspect?: InputMaybe<Aspect>;
  /** Cut on the music's beats (boundaries move by at most 0.5 s). Default: on with music. */
  beatSync?: InputMaybe<Scalars['Boolean']['input']>;
  captions?: InputMaybe<Captions>;
  /**
   * Optional trims: for some of the picked events, the part of the event to use (seconds from
   * the event's start). The renderer takes footage only from inside that part. At most one per
   * event, each for an event in eventIds, 0 ≤ start, end ≤ the event's duration, end − start ≥
   * 1.5 s; otherwise BAD_USER_INPUT with field "clips".
   */
  clips?: InputMaybe<Array<ClipWindowInput>>;
  date: Scalars['Date']['input'];
  eventIds: Array<Scalars['ID']['input']>;
  fit?: InputMaybe<Fit>;
  /** A repeat with the same key returns the same vlog. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Seconds, 30–180. Defaults to the music window rounded up (clamped), else 60. */
  maxDuration?: InputMaybe<Scalars['Int']['input']>;
  /** Seconds into the track; default min(track, start + 180). */
  musicEnd?: InputMaybe<Scalars['Float']['input']>;
  musicFade?: InputMaybe<Scalars['Boolean']['input']>;
  /** Omit for no music. */
  musicId?: InputMaybe<Scalars['ID']['input']>;
  /** Seconds into the track; default 0. */
  musicStart?: InputMaybe<Scalars['Float']['input']>;
  /** 0–1. */
  musicVolume?: InputMaybe<Scalars['Float']['input']>;
  resolution?: InputMaybe<Resolution>;
  /** Defaults to a localised "{date} 的 Vlog". */
  title?: InputMaybe<Scalars['String']['input']>;
  /** An opening card with the title and the date (with its weekday). */
  titleCard?: InputMaybe<Scalars['Boolean']['input']>;
  transition?: InputMaybe<Transition>;
};

export type DaySummary = {
  __typename?: 'DaySummary';
  date: Scalars['Date']['output'];
  eventCount: Scalars['Int']['output'];
  /** Status of the day's vlog, if any. */
  vlogStatus?: Maybe<VlogStatus>;
};

export type Diary = {
  __typename?: 'Diary';
  content: Scalars['String']['output'];
  date: Scalars['Date']['output'];
};

export type Event = {
  __typename?: 'Event';
  action?: Maybe<Scalars['String']['output']>;
  duration?: Maybe<Scalars['Float']['output']>;
  id: Scalars['ID']['output'];
  recording: Recording;
  scene?: Maybe<Scalars['String']['output']>;
  startTime?: Maybe<Scalars['DateTime']['output']>;
  summary?: Maybe<Scalars['String']['output']>;
  thumbnailUrl?: Maybe<Scalars['String']['output']>;
};

export type EventRecommendation = {
  __typename?: 'EventRecommendation';
  /** What the pick rests on. When no pick is DIARY or QUERY, nothing in the diary or query matched. */
  basis: RecommendationBasis;
  event: Event;
  /**
   * Real connections between the event and the diary or query, best first: a shared word, or a
   * pair "diary word ≈ event word" for a synonym or translation (單車 ≈ 腳踏車, dog ≈ 狗).
   * Empty exactly when basis is HIGHLIGHTS.
   */
  reasons: Array<Scalars['String']['output']>;
  /** Relevance to the diary or query, 0–1 (0 for a highlight). */
  score: Scalars['Float']['output'];
};

/** How a clip of another shape than the vlog fills its frame. */
export const Fit = {
  /** Fitted whole on black bars. */
  Bars: 'BARS',
  /** Fitted whole over a blurred, darkened copy of itself. */
  Blur: 'BLUR',
  /** Cropped to fill the frame, the window placed where the motion is. */
  Crop: 'CROP'
} as const;

export type Fit = typeof Fit[keyof typeof Fit];
export type Job = {
  __typename?: 'Job';
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  progress: Scalars['Float']['output'];
  status: JobStatus;
  type: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export const JobStatus = {
  Canceled: 'CANCELED',
  Failed: 'FAILED',
  Pending: 'PENDING',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED'
} as const;

export type JobStatus = typeof JobStatus[keyof typeof JobStatus];
export type Limits = {
  __typename?: 'Limits';
  /** Whether this server draws words into the picture (ffmpeg's drawtext and a font covering Traditional Chinese: CAPTION_FONT or fonts-wqy-microhei). Without it, BURNED captions and the title card come as a subtitle track instead. */
  burnedCaptions: Scalars['Boolean']['output'];
  /** Vlogs one user may have queued or rendering at once; createVlog and retryVlog refuse more (RATE_LIMITED). */
  maxActiveVlogs: Scalars['Int']['output'];
  maxDuration: Scalars['Int']['output'];
  maxEvents: Scalars['Int']['output'];
  /** Longest vlog title createVlog accepts, in characters (after trimming). */
  maxTitleLength: Scalars['Int']['output'];
  minDuration: Scalars['Int']['output'];
  /** Minimum events per vlog (the server uses min(this, events that day)). */
  minEvents: Scalars['Int']['output'];
  /** Shortest music window in seconds. */
  minMusicWindow: Scalars['Float']['output'];
};

export type Music = {
  __typename?: 'Music';
  composer?: Maybe<Scalars['String']['output']>;
  /** Seconds. */
  duration: Scalars['Float']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Normalised 0–1 peak amplitudes for drawing a waveform, evenly spaced over the track. */
  peaks: Array<Scalars['Float']['output']>;
  /** A short-lived signed URL (Range requests supported). */
  url: Scalars['String']['output'];
};

export type MusicWindow = {
  __typename?: 'MusicWindow';
  end: Scalars['Float']['output'];
  fade: Scalars['Boolean']['output'];
  /** Null when the track has since been removed. */
  music?: Maybe<Music>;
  start: Scalars['Float']['output'];
  volume: Scalars['Float']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Stops a pending or processing vlog at once. */
  cancelVlog: Vlog;
  /**
   * A public link to a finished vlog: anyone with the URL can watch it (title and date only)
   * until it expires or is revoked. `expiresInDays` is one of 1, 7 (the default) or 30; `note`
   * (at most 200 characters) is for the owner, e.g. "for 小雯".
   */
  createShareLink: ShareLink;
  /**
   * Validates the selection and queues a render; nothing is written if any check fails.
   * One day may have several renders queued or running at once (started from two tabs, or by
   * two apps): none is refused, each is its own vlog with its own `vlogProgress` and
   * `cancelVlog`, and clients show every active vlog of the day (`vlogs(date:)` with status
   * PENDING or PROCESSING), each with its progress and cancel. `vlogByDate` stays the day's
   * newest completed vlog. (Refusing a second render was rejected: renders are independent,
   * idempotencyKey already stops a double-click, and other apps would have to handle one more
   * error for a state that is harmless.)
   */
  createVlog: Vlog;
  /** Deletes a vlog and its files; a running render is stopped first. Returns the id. */
  deleteVlog: Scalars['ID']['output'];
  /** Signs in. The token is also set as an HttpOnly cookie for browsers. */
  login: AuthPayload;
  /** Ends the caller's session (and clears the cookie). */
  logout: Scalars['Boolean']['output'];
  /** Queues a failed or canceled vlog again with the same settings. */
  retryVlog: Vlog;
  /** Turns a share link off at once, on every server. Another user's id is NOT_FOUND. */
  revokeShareLink: Scalars['Boolean']['output'];
  updateMe: User;
};


export type MutationCancelVlogArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateShareLinkArgs = {
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
  vlogId: Scalars['ID']['input'];
};


export type MutationCreateVlogArgs = {
  input: CreateVlogInput;
};


export type MutationDeleteVlogArgs = {
  id: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


export type MutationRetryVlogArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeShareLinkArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateMeArgs = {
  input: UpdateMeInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export const ProgressPhase = {
  Canceled: 'CANCELED',
  Done: 'DONE',
  Failed: 'FAILED',
  Finalizing: 'FINALIZING',
  Preparing: 'PREPARING',
  Queued: 'QUEUED',
  Rendering: 'RENDERING'
} as const;

export type ProgressPhase = typeof ProgressPhase[keyof typeof ProgressPhase];
export type Query = {
  __typename?: 'Query';
  /** What the automatic daily vlog did on this date (made, or skipped and why); null when it has not run. */
  autoVlogRun?: Maybe<AutoVlogRun>;
  /** Dates that have events, newest first (for a calendar). */
  days: Array<DaySummary>;
  /** The day's diary text, if any. */
  diary?: Maybe<Diary>;
  /** The caller's events that start on this local date, ordered by start time. */
  eventsByDate: Array<Event>;
  /** Limits the server enforces, so clients can mirror them. */
  limits: Limits;
  /** The signed-in user, or null without a valid token. */
  me?: Maybe<User>;
  /** The music library: shared tracks and the caller's own. */
  music: Array<Music>;
  /**
   * Events to put in the day's vlog, best first: those that match `query` (default: the day's
   * diary) by words or meaning — across Chinese and English, synonyms and paraphrases — then the
   * day's highlights (rare, non-routine moments). Never two near-duplicates (the same activity in
   * the same place minutes apart) unless the day has nothing else. `limit` defaults to 20 and is
   * clamped to the number of events that day; `query` is at most 2,000 characters.
   */
  recommendEvents: Array<EventRecommendation>;
  vlog?: Maybe<Vlog>;
  /** The day's vlog: its newest completed one, else its newest. */
  vlogByDate?: Maybe<Vlog>;
  /** The caller's vlogs, newest first. */
  vlogs: VlogConnection;
};


export type QueryAutoVlogRunArgs = {
  date: Scalars['Date']['input'];
};


export type QueryDiaryArgs = {
  date: Scalars['Date']['input'];
};


export type QueryEventsByDateArgs = {
  date: Scalars['Date']['input'];
};


export type QueryRecommendEventsArgs = {
  date: Scalars['Date']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
};


export type QueryVlogArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVlogByDateArgs = {
  date: Scalars['Date']['input'];
};


export type QueryVlogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  date?: InputMaybe<Scalars['Date']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<VlogStatus>;
};

export const RecommendationBasis = {
  /** Matched the day's diary. */
  Diary: 'DIARY',
  /** One of the day's highlights (rare, non-routine moments), not a match. */
  Highlights: 'HIGHLIGHTS',
  /** Matched the explicit query. */
  Query: 'QUERY'
} as const;

export type RecommendationBasis = typeof RecommendationBasis[keyof typeof RecommendationBasis];
export type Recording = {
  __typename?: 'Recording';
  duration: Scalars['Float']['output'];
  endTime: Scalars['DateTime']['output'];
  fps: Scalars['Float']['output'];
  hasAudio: Scalars['Boolean']['output'];
  height: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  rotation: Scalars['Int']['output'];
  startTime: Scalars['DateTime']['output'];
  thumbnailUrl?: Maybe<Scalars['String']['output']>;
  /** A short-lived signed URL (Range requests supported). */
  url: Scalars['String']['output'];
  width: Scalars['Int']['output'];
};

export const Resolution = {
  P480: 'P480',
  P720: 'P720',
  P1080: 'P1080'
} as const;

export type Resolution = typeof Resolution[keyof typeof Resolution];
/** A public link to one vlog. Opening `url` needs no account. */
export type ShareLink = {
  __typename?: 'ShareLink';
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  url: Scalars['String']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The current state first, then every change; completes after a terminal state. */
  vlogProgress: VlogProgress;
};


export type SubscriptionVlogProgressArgs = {
  vlogId: Scalars['ID']['input'];
};

export const Transition = {
  Crossfade: 'CROSSFADE',
  Cut: 'CUT'
} as const;

export type Transition = typeof Transition[keyof typeof Transition];
export type UpdateMeInput = {
  /** Only the fields given change. */
  autoVlog?: InputMaybe<AutoVlogSettingsInput>;
  locale?: InputMaybe<Scalars['String']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type User = {
  __typename?: 'User';
  /** The automatic daily vlog and the defaults it uses. */
  autoVlog: AutoVlogSettings;
  id: Scalars['ID']['output'];
  /** UI language: zh-TW or en. */
  locale: Scalars['String']['output'];
  /** IANA time zone, e.g. Asia/Taipei. */
  timezone: Scalars['String']['output'];
  username: Scalars['String']['output'];
};

export type Vlog = {
  __typename?: 'Vlog';
  /** Made by the automatic daily vlog, not by hand. */
  automatic: Scalars['Boolean']['output'];
  /** A short-lived signed URL of the soft captions as WebVTT (title card and per-clip captions), when the vlog has any. */
  captionsUrl?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  date: Scalars['Date']['output'];
  /** Seconds, probed from the rendered file. */
  duration?: Maybe<Scalars['Float']['output']>;
  /** Set when FAILED: one sentence for people (no paths or encoder output). */
  error?: Maybe<Scalars['String']['output']>;
  /** Set when FAILED: what kind of failure, for clients to explain or act on. */
  errorCode?: Maybe<VlogErrorCode>;
  id: Scalars['ID']['output'];
  job?: Maybe<Job>;
  /** 0–100. */
  progress: Scalars['Float']['output'];
  segments: Array<VlogSegment>;
  settings: VlogSettings;
  /** The vlog's share links that still work, newest first. */
  shareLinks: Array<ShareLink>;
  /** Bytes of the rendered file. */
  size?: Maybe<Scalars['Float']['output']>;
  status: VlogStatus;
  statusMessage?: Maybe<Scalars['String']['output']>;
  /** The poster JPEG. */
  thumbnailUrl?: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** A short-lived signed URL of the MP4 (Range requests supported). */
  url?: Maybe<Scalars['String']['output']>;
};

export type VlogConnection = {
  __typename?: 'VlogConnection';
  nodes: Array<Vlog>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** Why a render failed. */
export const VlogErrorCode = {
  /** The server's disk is full (or too full for this render). */
  DiskFull: 'DISK_FULL',
  /** The video encoder failed on this footage. */
  EncoderFailed: 'ENCODER_FAILED',
  /** Something else went wrong on the server. */
  Internal: 'INTERNAL',
  /** A recording or the music could not be read: missing, changed since import, or damaged. */
  SourceUnreadable: 'SOURCE_UNREADABLE',
  /** The render took longer than the server allows. */
  TimedOut: 'TIMED_OUT'
} as const;

export type VlogErrorCode = typeof VlogErrorCode[keyof typeof VlogErrorCode];
export type VlogProgress = {
  __typename?: 'VlogProgress';
  /** Set when phase is FAILED: one sentence for people (no paths or encoder output). */
  error?: Maybe<Scalars['String']['output']>;
  /** Set when phase is FAILED. */
  errorCode?: Maybe<VlogErrorCode>;
  etaSeconds?: Maybe<Scalars['Float']['output']>;
  /** A sentence, e.g. "Rendering clip 5 of 12". */
  message?: Maybe<Scalars['String']['output']>;
  /** 0–100, never decreasing. */
  percent: Scalars['Float']['output'];
  phase: ProgressPhase;
  status: VlogStatus;
  /** Which clip is being rendered (1-based) and of how many, while rendering. */
  step?: Maybe<Scalars['Int']['output']>;
  totalSteps?: Maybe<Scalars['Int']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  vlogId: Scalars['ID']['output'];
};

/** One rendered piece: which seconds of which recording, and where it lands in the output. */
export type VlogSegment = {
  __typename?: 'VlogSegment';
  endOffset: Scalars['Float']['output'];
  /** Null when the event has since been deleted. */
  event?: Maybe<Event>;
  /** Seconds into the vlog where this piece starts. */
  outputStart?: Maybe<Scalars['Float']['output']>;
  recording: Recording;
  sequenceOrder: Scalars['Int']['output'];
  startOffset: Scalars['Float']['output'];
};

export type VlogSettings = {
  __typename?: 'VlogSettings';
  aspect: Aspect;
  beatSync: Scalars['Boolean']['output'];
  captions: Captions;
  fit: Fit;
  maxDuration: Scalars['Int']['output'];
  music?: Maybe<MusicWindow>;
  resolution: Resolution;
  titleCard: Scalars['Boolean']['output'];
  transition: Transition;
};

export const VlogStatus = {
  Canceled: 'CANCELED',
  Completed: 'COMPLETED',
  Failed: 'FAILED',
  Pending: 'PENDING',
  Processing: 'PROCESSING'
} as const;

export type VlogStatus = typeof VlogStatus[keyof typeof VlogStatus];


export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Aspect: Aspect;
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  AutoVlogReason: AutoVlogReason;
  AutoVlogRun: ResolverTypeWrapper<AutoVlogRunModel>;
  AutoVlogRunStatus: AutoVlogRunStatus;
  AutoVlogSettings: ResolverTypeWrapper<UserModel>;
  AutoVlogSettingsInput: AutoVlogSettingsInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Captions: Captions;
  ClipWindowInput: ClipWindowInput;
  CreateVlogInput: CreateVlogInput;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DaySummary: ResolverTypeWrapper<DaySummary>;
  Diary: ResolverTypeWrapper<Diary>;
  Event: ResolverTypeWrapper<EventModel>;
  EventRecommendation: ResolverTypeWrapper<Omit<EventRecommendation, 'event'> & { event: ResolversTypes['Event'] }>;
  Fit: Fit;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Job: ResolverTypeWrapper<JobModel>;
  JobStatus: JobStatus;
  Limits: ResolverTypeWrapper<Limits>;
  Music: ResolverTypeWrapper<MusicModel>;
  MusicWindow: ResolverTypeWrapper<MusicSettingsModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ProgressPhase: ProgressPhase;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecommendationBasis: RecommendationBasis;
  Recording: ResolverTypeWrapper<RecordingModel>;
  Resolution: Resolution;
  ShareLink: ResolverTypeWrapper<ShareLinkModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Transition: Transition;
  UpdateMeInput: UpdateMeInput;
  User: ResolverTypeWrapper<UserModel>;
  Vlog: ResolverTypeWrapper<VlogModel>;
  VlogConnection: ResolverTypeWrapper<Omit<VlogConnection, 'nodes'> & { nodes: Array<ResolversTypes['Vlog']> }>;
  VlogErrorCode: VlogErrorCode;
  VlogProgress: ResolverTypeWrapper<ProgressStateModel>;
  VlogSegment: ResolverTypeWrapper<VlogSegmentModel>;
  VlogSettings: ResolverTypeWrapper<VlogSettingsModel>;
  VlogStatus: VlogStatus;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  AutoVlogRun: AutoVlogRunModel;
  AutoVlogSettings: UserModel;
  AutoVlogSettingsInput: AutoVlogSettingsInput;
  Boolean: Scalars['Boolean']['output'];
  ClipWindowInput: ClipWindowInput;
  CreateVlogInput: CreateVlogInput;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  DaySummary: DaySummary;
  Diary: Diary;
  Event: EventModel;
  EventRecommendation: Omit<EventRecommendation, 'event'> & { event: ResolversParentTypes['Event'] };
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Job: JobModel;
  Limits: Limits;
  Music: MusicModel;
  MusicWindow: MusicSettingsModel;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Recording: RecordingModel;
  ShareLink: ShareLinkModel;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  UpdateMeInput: UpdateMeInput;
  User: UserModel;
  Vlog: VlogModel;
  VlogConnection: Omit<VlogConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Vlog']> };
  VlogProgress: ProgressStateModel;
  VlogSegment: VlogSegmentModel;
  VlogSettings: VlogSettingsModel;
};

export type AuthPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type AutoVlogRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AutoVlogRun'] = ResolversParentTypes['AutoVlogRun']> = {
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['AutoVlogReason']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AutoVlogRunStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  vlog?: Resolver<Maybe<ResolversTypes['Vlog']>, ParentType, ContextType>;
};

export type AutoVlogSettingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AutoVlogSettings'] = ResolversParentTypes['AutoVlogSettings']> = {
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maxDuration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  music?: Resolver<Maybe<ResolversTypes['Music']>, ParentType, ContextType>;
  nextRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resolution?: Resolver<ResolversTypes['Resolution'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DaySummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DaySummary'] = ResolversParentTypes['DaySummary']> = {
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  eventCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  vlogStatus?: Resolver<Maybe<ResolversTypes['VlogStatus']>, ParentType, ContextType>;
};

export type DiaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Diary'] = ResolversParentTypes['Diary']> = {
  content?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
};

export type EventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event']> = {
  action?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  duration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recording?: Resolver<ResolversTypes['Recording'], ParentType, ContextType>;
  scene?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  thumbnailUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type EventRecommendationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EventRecommendation'] = ResolversParentTypes['EventRecommendation']> = {
  basis?: Resolver<ResolversTypes['RecommendationBasis'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LimitsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Limits'] = ResolversParentTypes['Limits']> = {
  burnedCaptions?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maxActiveVlogs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxDuration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxTitleLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minDuration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minMusicWindow?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MusicResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Music'] = ResolversParentTypes['Music']> = {
  composer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  duration?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  peaks?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MusicWindowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MusicWindow'] = ResolversParentTypes['MusicWindow']> = {
  end?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fade?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  music?: Resolver<Maybe<ResolversTypes['Music']>, ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  volume?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  cancelVlog?: Resolver<ResolversTypes['Vlog'], ParentType, ContextType, RequireFields<MutationCancelVlogArgs, 'id'>>;
  createShareLink?: Resolver<ResolversTypes['ShareLink'], ParentType, ContextType, RequireFields<MutationCreateShareLinkArgs, 'vlogId'>>;
  createVlog?: Resolver<ResolversTypes['Vlog'], ParentType, ContextType, RequireFields<MutationCreateVlogArgs, 'input'>>;
  deleteVlog?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteVlogArgs, 'id'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'password' | 'username'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  retryVlog?: Resolver<ResolversTypes['Vlog'], ParentType, ContextType, RequireFields<MutationRetryVlogArgs, 'id'>>;
  revokeShareLink?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeShareLinkArgs, 'id'>>;
  updateMe?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateMeArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  autoVlogRun?: Resolver<Maybe<ResolversTypes['AutoVlogRun']>, ParentType, ContextType, RequireFields<QueryAutoVlogRunArgs, 'date'>>;
  days?: Resolver<Array<ResolversTypes['DaySummary']>, ParentType, ContextType>;
  diary?: Resolver<Maybe<ResolversTypes['Diary']>, ParentType, ContextType, RequireFields<QueryDiaryArgs, 'date'>>;
  eventsByDate?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType, RequireFields<QueryEventsByDateArgs, 'date'>>;
  limits?: Resolver<ResolversTypes['Limits'], ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  music?: Resolver<Array<ResolversTypes['Music']>, ParentType, ContextType>;
  recommendEvents?: Resolver<Array<ResolversTypes['EventRecommendation']>, ParentType, ContextType, RequireFields<QueryRecommendEventsArgs, 'date'>>;
  vlog?: Resolver<Maybe<ResolversTypes['Vlog']>, ParentType, ContextType, RequireFields<QueryVlogArgs, 'id'>>;
  vlogByDate?: Resolver<Maybe<ResolversTypes['Vlog']>, ParentType, ContextType, RequireFields<QueryVlogByDateArgs, 'date'>>;
  vlogs?: Resolver<ResolversTypes['VlogConnection'], ParentType, ContextType, RequireFields<QueryVlogsArgs, 'first'>>;
};

export type RecordingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Recording'] = ResolversParentTypes['Recording']> = {
  duration?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  endTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fps?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  hasAudio?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rotation?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  thumbnailUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ShareLinkResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShareLink'] = ResolversParentTypes['ShareLink']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  vlogProgress?: SubscriptionResolver<ResolversTypes['VlogProgress'], "vlogProgress", ParentType, ContextType, RequireFields<SubscriptionVlogProgressArgs, 'vlogId'>>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  autoVlog?: Resolver<ResolversTypes['AutoVlogSettings'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  locale?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VlogResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Vlog'] = ResolversParentTypes['Vlog']> = {
  automatic?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  captionsUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  duration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['VlogErrorCode']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  segments?: Resolver<Array<ResolversTypes['VlogSegment']>, ParentType, ContextType>;
  settings?: Resolver<ResolversTypes['VlogSettings'], ParentType, ContextType>;
  shareLinks?: Resolver<Array<ResolversTypes['ShareLink']>, ParentType, ContextType>;
  size?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['VlogStatus'], ParentType, ContextType>;
  statusMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  thumbnailUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type VlogConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VlogConnection'] = ResolversParentTypes['VlogConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Vlog']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type VlogProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VlogProgress'] = ResolversParentTypes['VlogProgress']> = {
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['VlogErrorCode']>, ParentType, ContextType>;
  etaSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  percent?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['ProgressPhase'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['VlogStatus'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalSteps?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  vlogId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type VlogSegmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VlogSegment'] = ResolversParentTypes['VlogSegment']> = {
  endOffset?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  event?: Resolver<Maybe<ResolversTypes['Event']>, ParentType, ContextType>;
  outputStart?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  recording?: Resolver<ResolversTypes['Recording'], ParentType, ContextType>;
  sequenceOrder?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startOffset?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type VlogSettingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VlogSettings'] = ResolversParentTypes['VlogSettings']> = {
  aspect?: Resolver<ResolversTypes['Aspect'], ParentType, ContextType>;
  beatSync?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  captions?: Resolver<ResolversTypes['Captions'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['Fit'], ParentType, ContextType>;
  maxDuration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  music?: Resolver<Maybe<ResolversTypes['MusicWindow']>, ParentType, ContextType>;
  resolution?: Resolver<ResolversTypes['Resolution'], ParentType, ContextType>;
  titleCard?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  transition?: Resolver<ResolversTypes['Transition'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  AutoVlogRun?: AutoVlogRunResolvers<ContextType>;
  AutoVlogSettings?: AutoVlogSettingsResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  DaySummary?: DaySummaryResolvers<ContextType>;
  Diary?: DiaryResolvers<ContextType>;
  Event?: EventResolvers<ContextType>;
  EventRecommendation?: EventRecommendationResolvers<ContextType>;
  Job?: JobResolvers<ContextType>;
  Limits?: LimitsResolvers<ContextType>;
  Music?: MusicResolvers<ContextType>;
  MusicWindow?: MusicWindowResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Recording?: RecordingResolvers<ContextType>;
  ShareLink?: ShareLinkResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Vlog?: VlogResolvers<ContextType>;
  VlogConnection?: VlogConnectionResolvers<ContextType>;
  VlogProgress?: VlogProgressResolvers<ContextType>;
  VlogSegment?: VlogSegmentResolvers<ContextType>;
  VlogSettings?: VlogSettingsResolvers<ContextType>;
};


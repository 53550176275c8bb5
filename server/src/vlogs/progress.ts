// Live progress of vlog renders. Reports go out on the event bus at once and are persisted
// (throttled) on the vlog and its job, so a late, reloaded or second subscriber — possibly on
// another API process — starts from the current state and then follows every change.
import type { Prisma } from '../db/database.js';
import type { EventBus } from '../bus/event-bus.js';
import { notFound } from '../lib/errors.js';
import { PushStream } from '../lib/push-stream.js';
import { isUuid } from '../lib/uuid.js';
import { prismaSql } from '../db/sql.js';
import type { JobQueue } from '../jobs/jobs.js';
import * as vlogState from './vlog-state.js';
import type { VlogErrorCode } from './render-failure.js';
import { parseSettings, TERMINAL_STATUSES, type VlogStatus } from './settings.js';
import type { RenderProgress } from '../render/progress.js';
import type { ProgressPhase } from '../graphql/generated/resolvers-types.js';

export type { ProgressPhase };

/** One progress message, shaped as the GraphQL VlogProgress type. */
export interface ProgressState {
  vlogId: string;
  status: Uppercase<VlogStatus>;
  phase: ProgressPhase;
  percent: number;
  message: string | null;
  step: number | null;
  totalSteps: number | null;
  etaSeconds: number | null;
  error: string | null;
  errorCode: VlogErrorCode | null;
  updatedAt: string;
}

/** What the renderer reports while it works (one shape, defined where it is made). */
export type ProgressReport = RenderProgress;

const topic = (vlogId: string) => `vlog-progress:${vlogId}`;
const PERSIST_EVERY_MS = 1000;
/** Subscribers re-read the database this often, in case a bus message was lost. */
const RESYNC_MS = 5000;

/** As published (upper case): asked several times per subscriber and message, so no lower-casing each time. */
const TERMINAL = new Set<string>(TERMINAL_STATUSES.map((s) => s.toUpperCase()));

export function isTerminal(state: Pick<ProgressState, 'status'>): boolean {
  return TERMINAL.has(state.status);
}

function phaseOf(status: string, stored: unknown): ProgressPhase {
  switch (status) {
    case 'completed':
      return 'DONE';
    case 'failed':
      return 'FAILED';
    case 'canceled':
      return 'CANCELED';
    case 'pending':
      return 'QUEUED';
    default:
      return stored === 'RENDERING' || stored === 'FINALIZING' || stored === 'PREPARING' ? stored : 'PREPARING';
  }
}

export class ProgressService {
  /** Latest report per running vlog in this process, ahead of the throttled database copy. */
  private readonly latest = new Map<string, ProgressState>();
  private readonly lastPersist = new Map<string, { at: number; phase: string }>();
  private readonly started = new Map<string, { at: number; percent: number }>();

  constructor(
    private readonly prisma: Prisma,
    private readonly bus: EventBus,
    private readonly jobs: JobQueue,
  ) {}

  /** The state as stored; null when the vlog doesn't exist. */
  async stored(vlogId: string): Promise<ProgressState | null> {
    const vlog = await this.prisma.vlog.findUnique({ where: { id: vlogId } });
    if (!vlog) return null;
    const jobId = parseSettings(vlog.settings).job_id;
    const job = isUuid(jobId) ? await this.jobs.get(prismaSql(this.prisma), jobId) : null;
    const params = (job?.params ?? {}) as { phase?: string; step?: number; total_steps?: number };
    const status = vlog.status as VlogStatus;
    return {
      vlogId,
      status: status.toUpperCase() as ProgressState['status'],
      phase: phaseOf(status, params.phase),
      percent: status === 'completed' ? 100 : vlog.progress,
      message: vlog.statusMessage,
      step: status === 'processing' ? (params.step ?? null) : null,
      totalSteps: status === 'processing' ? (params.total_steps ?? null) : null,
      etaSeconds: null,
      error: vlog.error,
      errorCode: (vlog.errorCode as VlogErrorCode | null) ?? null,
      updatedAt: vlog.updatedAt.toISOString(),
    };
  }

  /** The freshest state this process knows: its live copy while rendering here, else the database's. */
  async current(vlogId: string): Promise<ProgressState | null> {
    const stored = await this.stored(vlogId);
    const live = this.latest.get(vlogId);
    if (stored && live && !isTerminal(stored) && stored.status === live.status && live.percent >= stored.percent) return live;
    return stored;
  }

  /** Publishes a state change decided elsewhere (queued, canceled, done, failed). */
  async publish(state: ProgressState): Promise<void> {
    if (isTerminal(state)) this.forget(state.vlogId);
    else this.latest.set(state.vlogId, state);
    await this.bus.publish(topic(state.vlogId), state);
  }

  /** Called by the renderer: publishes at once, persists at most once a second (and on phase change). */
  async report(vlogId: string, jobId: string, report: ProgressReport): Promise<void> {
    const prev = this.latest.get(vlogId);
    const percent = Math.min(100, Math.max(prev?.percent ?? 0, Math.round(report.percent * 10) / 10));
    const now = Date.now();
    const start = this.started.get(vlogId) ?? { at: now, percent };
    this.started.set(vlogId, start);
    const state: ProgressState = {
      vlogId,
      status: 'PROCESSING',
      phase: report.phase,
      percent,
      message: report.message,
      step: report.step ?? null,
      totalSteps: report.totalSteps ?? null,
      etaSeconds: report.etaSeconds ?? estimateEta(start, now, percent),
      error: null,
      errorCode: null,
      updatedAt: new Date(now).toISOString(),
    };
    await this.publish(state);
    const persisted = this.lastPersist.get(vlogId);
    if (!persisted || now - persisted.at >= PERSIST_EVERY_MS || persisted.phase !== report.phase) {
      this.lastPersist.set(vlogId, { at: now, phase: report.phase });
      await this.persist(vlogId, jobId, state);
    }
  }

  private async persist(vlogId: string, jobId: string, state: ProgressState): Promise<void> {
    const progress = { progress: state.percent, phase: state.phase, step: state.step, total_steps: state.totalSteps };
    // Only while still running: a cancel or failure that landed meanwhile must not be overwritten.
    await this.prisma.$transaction(async (tx) => {
      const sql = prismaSql(tx);
      await vlogState.progressed(sql, vlogId, state.percent, state.message);
      await this.jobs.recordProgress(sql, jobId, progress);
    });
  }

  forget(vlogId: string): void {
    this.latest.delete(vlogId);
    this.lastPersist.delete(vlogId);
    this.started.delete(vlogId);
  }

  /**
   * The current state, then every change, ending after a terminal state or the vlog's deletion.
   * `owns` is checked before anything is emitted, so another user's id fails exactly like a
   * missing one. Read it as an async iterator, or — as the subscription fan-out does — have each
   * state pushed as the bus delivers it (PushStream.listen).
   */
  watch(vlogId: string, owns: () => Promise<boolean>): PushStream<ProgressState> {
    return new PushStream((emit, signal) => this.follow(vlogId, owns, emit, signal));
  }

  /** watch()'s producer: emits synchronously inside the hub's delivery, so all subscribers of a message see it in one turn. */
  private async follow(vlogId: string, owns: () => Promise<boolean>, emit: (state: ProgressState) => void, signal: AbortSignal): Promise<void> {
    if (!(await owns())) throw notFound('vlog', vlogId);
    let current: ProgressState | undefined;
    const early: HubMessage[] = [];
    let over = false;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = () => ((over = true), resolve())));
    const receive = (msg: HubMessage) => {
      if (over) return;
      if (!current) return void early.push(msg);
      if (msg === 'deleted') return finish();
      const merged = advance(current, msg);
      if (!merged) return;
      current = merged;
      emit(current);
      if (isTerminal(current)) finish();
    };
    if (signal.aborted) return;
    const leave = await this.join(vlogId, receive);
    signal.addEventListener('abort', finish);
    try {
      // Subscribed first, then read: nothing published in between is lost.
      const first = await this.current(vlogId);
      if (!first) throw notFound('vlog', vlogId);
      if (over) return;
      current = first;
      emit(current);
      if (isTerminal(current)) return;
      for (const msg of early.splice(0)) receive(msg);
      await finished;
    } finally {
      signal.removeEventListener('abort', finish);
      leave();
    }
  }

  /** Subscribers of a vlog's progress in this process (tests check that leaving frees them). */
  watchers(vlogId: string): number {
    return this.hubs.get(vlogId)?.listeners.size ?? 0;
  }

  /**
   * One bus subscription and one database re-read per watched vlog and process, shared by all its
   * subscribers here: every message reaches each of them as the same object, in one synchronous
   * loop (so GraphQL executes it once and builds its frame once, graphql/fan-out.ts), and a thousand subscribers of one vlog cost one query
   * every RESYNC_MS, not a thousand. The re-read is in case a bus message was lost (a listener
   * reconnecting, a process that died mid-render).
   */
  private readonly hubs = new Map<string, VlogHub>();

  private async join(vlogId: string, listener: HubListener): Promise<() => void> {
    let hub = this.hubs.get(vlogId);
    if (!hub) {
      const listeners = new Set<HubListener>();
      const deliver = (state: ProgressState | 'deleted') => listeners.forEach((l) => l(state));
      const timer = setInterval(() => {
        void this.current(vlogId).then(
          (state) => deliver(state ?? 'deleted'),
          () => {}, // the database is away for a moment: the next round will tell
        );
      }, RESYNC_MS);
      timer.unref();
      const created: VlogHub = { listeners, timer, subscribed: this.bus.subscribe<ProgressState>(topic(vlogId), deliver) };
      // A failed subscription is not kept for the next subscriber to inherit.
      created.subscribed.catch(() => this.close(vlogId, created));
      this.hubs.set(vlogId, (hub = created));
    }
    const joined = hub;
    joined.listeners.add(listener);
    try {
      await joined.subscribed;
    } catch (err) {
      joined.listeners.delete(listener);
      throw err;
    }
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0) this.close(vlogId, joined);
    };
  }

  private close(vlogId: string, hub: VlogHub): void {
    clearInterval(hub.timer);
    if (this.hubs.get(vlogId) === hub) this.hubs.delete(vlogId);
    hub.subscribed.then((unsubscribe) => unsubscribe(), () => {});
  }
}

type HubMessage = ProgressState | 'deleted';
type HubListener = (msg: HubMessage) => void;
interface VlogHub {
  listeners: Set<HubListener>;
  timer: NodeJS.Timeout;
  /** The bus subscription's unsubscribe, once it is listening. */
  subscribed: Promise<() => void>;
}

/** The next state to emit, or null when `next` is stale or says nothing new. Percent never goes back. */
export function advance(current: ProgressState, next: ProgressState): ProgressState | null {
  if (isTerminal(current)) return null;
  if (isTerminal(next)) return next;
  if (next.status === 'PENDING' && current.status !== 'PENDING') return null;
  const percent = Math.max(current.percent, next.percent);
  const changed =
    next.percent > current.percent ||
    next.phase !== current.phase ||
    next.status !== current.status ||
    next.message !== current.message ||
    next.step !== current.step;
  if (!changed) return null;
  if (next.updatedAt < current.updatedAt && next.percent < current.percent) return null;
  // The message itself when nothing is merged in: every subscriber then emits the same object.
  return percent === next.percent ? next : { ...next, percent };
}

function estimateEta(start: { at: number; percent: number }, now: number, percent: number): number | null {
  const done = percent - start.percent;
  const elapsed = (now - start.at) / 1000;
  if (done < 2 || elapsed < 1) return null;
  return Math.max(0, Math.round(((100 - percent) * elapsed) / done));
}

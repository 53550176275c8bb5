// Recent answers to a day's events. A day's events and their recordings change only when footage
// is imported, so the same caller asking for the same day again (a page reload, an app polling,
// several tabs) gets the answer made a moment ago instead of a database read and an execution.
//
// Correct because: only operations whose every field is a plain column of Event or Recording (or
// a URL signed from one) are kept (dayScoped); the key holds the caller, their time zone, the
// origin URLs are made for, the document and its variables; an import announces the user whose
// events changed on the event bus (EVENTS_CHANGED_TOPIC: every process, PostgreSQL LISTEN/NOTIFY
// when there are several), which drops that user's answers; and no answer outlives TTL_MS, so a
// lost bus message or a hand-edited row is seen within seconds and signed URLs stay fresh.
// Bounded by the number of events held, least recently used first out. Requests that arrive while
// an answer is being made wait for it instead of making their own. An answer asked for in the last
// REFRESH_AHEAD_MS of its life is served as kept while a fresh one is made behind it, so a day
// that is read steadily never makes its readers wait for the expiry's re-execution (which, at
// 1,000 events, is tens of ms for every request that arrives meanwhile).
import type { DocumentNode, ExecutionResult, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import type { EventBus } from '../bus/event-bus.js';
import { graphqlRuntime } from './runtime.js';

const { Kind, getNamedType, isLeafType, isObjectType } = graphqlRuntime;

/** Event-bus topic: a user's events or recordings changed (an import); message { userId }. */
export const EVENTS_CHANGED_TOPIC = 'events:changed';
/** The root fields an answer may hold, and the object types below them. */
const DAY_FIELDS = new Set(['eventsByDate']);
const DAY_TYPES = new Set(['Event', 'Recording']);
/** How long an answer is served at most. */
export const TTL_MS = 30_000;
/** From this long before its end, serving an answer also starts making its successor. */
export const REFRESH_AHEAD_MS = 5_000;
/** Events held across all answers (≈ 0.6 KB each as JSON). */
export const MAX_EVENTS = 20_000;

/** Whether every field of the operation is a day's event or recording column (pure). */
export function dayScoped(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const seen = new Set<string>();
  const within = (set: SelectionSetNode, typeName: string, root: boolean): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (!fragment || seen.has(s.name.value)) return false;
        seen.add(s.name.value);
        return fragment.typeCondition.name.value === typeName && within(fragment.selectionSet, typeName, root);
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return (!s.typeCondition || s.typeCondition.name.value === typeName) && within(s.selectionSet, typeName, root);
      const name = s.name.value;
      if (name === '__typename') return !root;
      if (root && !DAY_FIELDS.has(name)) return false;
      const parent = schema.getType(typeName);
      const field = parent && isObjectType(parent) ? parent.getFields()[name] : undefined;
      if (!field) return false;
      const type = getNamedType(field.type);
      if (isLeafType(type)) return !s.selectionSet;
      return DAY_TYPES.has(type.name) && !!s.selectionSet && within(s.selectionSet, type.name, false);
    });
  return within(operation.selectionSet, schema.getQueryType()?.name ?? 'Query', true);
}

interface Entry {
  userId: number;
  data: unknown;
  events: number;
  until: number;
  /** From then on, a read also starts making the next answer. */
  refreshFrom: number;
}

/** Items in the answer's lists (the events it holds), for the bound. */
function eventsIn(data: unknown): number {
  if (!data || typeof data !== 'object') return 0;
  return Object.values(data).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
}

export class DayAnswers {
  private readonly entries = new Map<string, Entry>();
  /** Answers being made: requests for the same key meanwhile wait for that one (no stampede when one expires). */
  private readonly making = new Map<string, { userId: number; answer: Promise<ExecutionResult> }>();
  private events = 0;
  /** Answers served from here (tests and the bench read it). */
  hits = 0;

  constructor(private readonly opts: { ttlMs?: number; refreshAheadMs?: number; maxEvents?: number; now?: () => number } = {}) {}

  /** The key of one caller's answer to one operation. */
  static key(parts: { userId: number; timezone: string; origin: string; queryHash: string; operationName: string | null | undefined; variables: unknown }): string {
    return JSON.stringify([parts.userId, parts.timezone, parts.origin, parts.queryHash, parts.operationName ?? null, parts.variables ?? null]);
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.drop(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.data;
  }

  set(key: string, userId: number, data: unknown): void {
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const ttl = this.opts.ttlMs ?? TTL_MS;
    const now = this.now();
    const entry: Entry = { userId, data, events: eventsIn(data), until: now + ttl, refreshFrom: now + ttl - Math.min(ttl / 2, this.opts.refreshAheadMs ?? REFRESH_AHEAD_MS) };
    const max = this.opts.maxEvents ?? MAX_EVENTS;
    if (entry.events > max) return;
    this.entries.set(key, entry);
    this.events += entry.events;
    for (const [k, e] of this.entries) {
      if (this.events <= max) break;
      this.drop(k, e);
    }
  }

  /**
   * The kept answer for `key`, else the one being made for it, else a new one from `make` — kept
   * when it has no errors and the user's events did not change while it was made.
   */
  async through(key: string, userId: number, make: () => Promise<ExecutionResult> | ExecutionResult): Promise<ExecutionResult> {
    const kept = this.get(key);
    if (kept !== undefined) {
      // Near its end: make the successor now, behind this answer (its failure is nobody's answer).
      if (this.entries.get(key)!.refreshFrom <= this.now() && !this.making.has(key)) this.make(key, userId, make).catch(() => {});
      return { data: kept as ExecutionResult['data'] };
    }
    return this.making.get(key)?.answer ?? this.make(key, userId, make);
  }

  /** Makes the answer for `key`; requests meanwhile share it; kept if it holds. */
  private async make(key: string, userId: number, make: () => Promise<ExecutionResult> | ExecutionResult): Promise<ExecutionResult> {
    const entry = { userId, answer: Promise.resolve().then(make) };
    this.making.set(key, entry);
    try {
      const result = await entry.answer;
      // Still ours: forgetUser (a change announced meanwhile) removes it, and then it is not kept.
      if (this.making.get(key) === entry && !result.errors?.length) this.set(key, userId, result.data);
      return result;
    } finally {
      if (this.making.get(key) === entry) this.making.delete(key);
    }
  }

  /** Forgets every answer of a user, kept or being made (their events changed). */
  forgetUser(userId: number): void {
    for (const [k, e] of this.entries) if (e.userId === userId) this.drop(k, e);
    for (const [k, m] of this.making) if (m.userId === userId) this.making.delete(k);
  }

  /** Follows EVENTS_CHANGED_TOPIC; returns the unsubscribe. */
  listen(bus: EventBus): Promise<() => void> {
    return bus.subscribe<{ userId?: unknown }>(EVENTS_CHANGED_TOPIC, (msg) => {
      if (typeof msg?.userId === 'number') this.forgetUser(msg.userId);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.events -= entry.events;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

/** Tells every process that a user's events changed (after an import commits). */
export async function announceEventsChanged(bus: EventBus, userId: number): Promise<void> {
  await bus.publish(EVENTS_CHANGED_TOPIC, { userId });
}

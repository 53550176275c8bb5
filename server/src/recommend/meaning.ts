// The meaning channel: how well each event's units answer each query unit, through the
// dictionary and vector bridge (units.ts). A query unit scores an event by its best-matching
// unit there, counted only above a similarity threshold and weighted by how rare such a match is
// among the day's events (an IDF over "events this unit matches"), like BM25 does for words.
// An event unit answers one query unit (the one it meets best): two forms of one diary word
// (warmed, warm) do not count one event word twice.
import { Lru } from '../lib/lru.ts';
import { headOf, headSimilarity, isSingleHan, keysComparable, KEY_SIMILARITY, matchesOnlyItself, unitKey, unitSimilarity, vectorsComparable, type Unit } from './units.ts';

export interface QueryUnit {
  unit: Unit;
  /** Occurrences in the query. */
  count: number;
  /** Position of the first occurrence (deterministic tie-breaks). */
  first: number;
}

/** Distinct query units beyond this are ignored: bounds the work for a long diary. */
export const MAX_QUERY_UNITS = 400;

export function queryUnits(units: readonly Unit[]): QueryUnit[] {
  const byKey = new Map<string, QueryUnit>();
  units.forEach((unit, i) => {
    const key = unitKey(unit);
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else if (byKey.size < MAX_QUERY_UNITS) byKey.set(key, { unit, count: 1, first: i });
  });
  return [...byKey.values()];
}

export interface MeaningPart {
  value: number;
  /** The query unit and the event's unit that matched it; reasonOf() makes the text when shown. */
  query: Unit;
  event: Unit;
  first: number;
  /**
   * A match (similarity at or above the threshold): a connection worth showing. A related word
   * below it adds to the score but is never a reason — a loose vector neighbour is not a "why".
   */
  shown: boolean;
}

export interface MeaningScore {
  score: number;
  /** What matched, in query order. */
  parts: MeaningPart[];
}

/** The events a query unit reaches, each with its best unit there: [event, similarity, vocabulary index]. */
export type EventMatches = ReadonlyArray<readonly [number, number, number]>;

/** Query units whose similarities a day keeps (a diary asked again, words common to diaries). */
const SIMILARITY_CACHE = 4_000;

/**
 * The day's distinct units, indexed for the query side: by text, by key, and their vectors in one
 * block; and each event as the vocabulary indices of its units. Built once per day (day-index.ts)
 * and reused while its events do not change.
 */
export class DayVocabulary {
  readonly units: Unit[] = [];
  readonly byText = new Map<string, number[]>();
  readonly byKey = new Map<string, number[]>();
  readonly byHead = new Map<string, number[]>();
  vectors = new Float32Array(0);
  owners = new Int32Array(0);
  /** Norm of each row's dimensions after the first PRUNE_DIMS. */
  restNorms = new Float32Array(0);
  dims = 0;
  /** Each event's units as vocabulary indices. */
  readonly eventUnits: number[][];
  /** Each unit's events (the inverse of eventUnits). */
  readonly unitEvents: number[][] = [];
  private readonly index = new Map<string, number>();
  private readonly cached = new Lru<string, EventMatches>(SIMILARITY_CACHE);

  constructor(events: readonly (readonly Unit[])[]) {
    this.eventUnits = events.map((units) => units.map((u) => this.add(u)));
    this.eventUnits.forEach((vs, e) => {
      for (const v of vs) (this.unitEvents[v] ??= []).push(e);
    });
    this.seal();
  }

  get size(): number {
    return this.units.length;
  }

  private add(u: Unit): number {
    const key = unitKey(u);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.units.length;
      this.index.set(key, i);
      this.units.push(u);
      push(this.byText, u.text, i);
      for (const k of u.keys) push(this.byKey, k, i);
      const head = headOf(u);
      if (head !== undefined) push(this.byHead, head, i);
    }
    return i;
  }

  /** One contiguous block of every vector, for a tight dot-product loop. */
  private seal(): void {
    const count = this.units.reduce((n, u) => n + u.vectors.length, 0);
    this.dims = this.units.find((u) => u.vectors.length)?.vectors[0]!.length ?? 0;
    this.vectors = new Float32Array(count * this.dims);
    this.owners = new Int32Array(count);
    this.restNorms = new Float32Array(count);
    let row = 0;
    this.units.forEach((u, i) => {
      for (const v of u.vectors) {
        this.vectors.set(v, row * this.dims);
        this.restNorms[row] = restNorm(v);
        this.owners[row++] = i;
      }
    });
  }

  /**
   * The events a query unit reaches at `floor` or above, each with its best unit (ties to the
   * first unit of the day); remembered per query unit and floor, so a diary asked again costs
   * only the events it reaches.
   */
  eventMatches(q: Unit, floor: number): EventMatches {
    const key = `${floor}\u0001${unitKey(q)}`;
    let found = this.cached.get(key);
    if (!found) {
      const sims = new Float32Array(this.units.length);
      this.similarities(q, sims, floor);
      const best = new Map<number, [number, number, number]>();
      for (let v = 0; v < sims.length; v++) {
        const s = sims[v]!;
        if (s < floor || s <= 0) continue;
        for (const e of this.unitEvents[v] ?? []) {
          const b = best.get(e);
          if (!b) best.set(e, [e, s, v]);
          else if (s > b[1]) { b[1] = s; b[2] = v; }
        }
      }
      found = [...best.values()].sort((a, b) => a[0] - b[0]);
      this.cached.set(key, found);
    }
    return found;
  }

  /**
   * sims[v] = unitSimilarity(q, units[v]) for every v whose similarity reaches `floor` (the same
   * rules, without comparing every pair); below `floor` a value may be left at 0.
   */
  similarities(q: Unit, sims: Float32Array, floor: number): void {
    sims.fill(0);
    for (const v of this.byText.get(q.text) ?? []) sims[v] = q.weak && this.units[v]!.weak ? 0 : 1;
    if (matchesOnlyItself(q)) return;
    const headChar = headOf(q);
    if (headChar !== undefined) {
      for (const v of this.byHead.get(headChar) ?? []) {
        const u = this.units[v]!;
        if (u.text !== q.text) sims[v] = Math.max(sims[v]!, headSimilarity(q, u));
      }
    }
    for (const k of q.keys) {
      for (const v of this.byKey.get(k) ?? []) if (sims[v]! < KEY_SIMILARITY && keysComparable(q, this.units[v]!)) sims[v] = KEY_SIMILARITY;
    }
    if (isSingleHan(q) || !q.vectors.length) return;
    const { vectors, owners, dims, restNorms } = this;
    const head = Math.min(PRUNE_DIMS, dims);
    for (const qv of q.vectors) {
      const qRest = restNorm(qv);
      for (let row = 0, off = 0; row < owners.length; row++, off += dims) {
        let dot = 0;
        for (let d = 0; d < head; d++) dot += qv[d]! * vectors[off + d]!;
        // Cauchy–Schwarz: the other dimensions add at most qRest × rest; most pairs stop here.
        if (dot + qRest * restNorms[row]! < floor) continue;
        for (let d = head; d < dims; d++) dot += qv[d]! * vectors[off + d]!;
        const v = owners[row]!;
        if (dot > sims[v]! && dot > 0) {
          const u = this.units[v]!;
          if (u.text !== q.text && vectorsComparable(q, u)) sims[v] = Math.min(dot, KEY_SIMILARITY);
        }
      }
    }
  }
}

/** Dimensions compared before the bound decides whether the rest can matter. */
const PRUNE_DIMS = 32;

function restNorm(v: Float32Array): number {
  let s = 0;
  for (let d = PRUNE_DIMS; d < v.length; d++) s += v[d]! * v[d]!;
  return Math.sqrt(s);
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** How similarity becomes score. */
export interface MeaningTuning {
  /** Similarity from which a pair is a match (a synonym, a translation). */
  threshold: number;
  /** Similarity from which a pair is a related word (a kind of, a neighbour in the vectors); ≤ threshold. */
  softFloor: number;
  /** What a related word is worth at most, relative to a full match (0 disables them). */
  softWeight: number;
}

/**
 * A pair's value per unit of the query unit's weight: rising from 0 at the soft floor to
 * softWeight at the threshold, then to 1 at identity; continuous, so a better pair never scores less.
 */
export function pairValue(s: number, m: MeaningTuning): number {
  if (s >= m.threshold) {
    const strong = m.threshold < 1 ? (s - m.threshold) / (1 - m.threshold) : 1;
    // The small constant keeps a match at exactly the threshold a (weak) match.
    return m.softWeight + (1 - m.softWeight) * strong + 1e-3;
  }
  if (m.softWeight <= 0 || s < m.softFloor || m.threshold <= m.softFloor) return 0;
  return (m.softWeight * (s - m.softFloor)) / (m.threshold - m.softFloor);
}

/**
 * Meaning scores of the day's events against the query units: each query unit scores an event by
 * its best unit there, weighted by an IDF over the events it reaches.
 * Work: per query unit, its similarities (cached per day) and the events of the units it reaches.
 */
export function meaningScores(
  query: readonly QueryUnit[],
  vocabulary: DayVocabulary,
  m: MeaningTuning,
  /** A query unit's worth before the IDF (specificity in general language); 1 by default. */
  queryWeight: (u: Unit) => number = () => 1,
  /** How much a query unit's match in an event counts (1: fully; the diary's time of day lowers it). */
  eventFactor: (q: QueryUnit, event: number) => number = () => 1,
): MeaningScore[] {
  const n = vocabulary.eventUnits.length;
  const out: MeaningScore[] = vocabulary.eventUnits.map(() => ({ score: 0, parts: [] }));
  const floor = m.softWeight > 0 ? Math.min(m.softFloor, m.threshold) : m.threshold;
  // Per event, the part that claimed each of its units: one event word answers one query word
  // ("warmed" and "warm" both reach "warming"; it counts once, for the better of them).
  const claimed: Array<Map<number, MeaningPart>> = vocabulary.eventUnits.map(() => new Map());
  for (const q of query) {
    const matches = vocabulary.eventMatches(q.unit, floor);
    const df = matches.length;
    if (!df) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const weight = idf * (1 + Math.log(q.count)) * queryWeight(q.unit);
    for (const [e, s, v] of matches) {
      const value = weight * pairValue(s, m) * eventFactor(q, e);
      if (value <= 0) continue;
      const before = claimed[e]!.get(v);
      if (before && before.value >= value) continue;
      claimed[e]!.set(v, { value, query: q.unit, event: vocabulary.units[v]!, first: q.first, shown: s >= m.threshold });
    }
  }
  claimed.forEach((parts, e) => {
    const list = [...parts.values()].sort((a, b) => a.first - b.first);
    out[e] = { score: list.reduce((sum, p) => sum + p.value, 0), parts: list };
  });
  return out;
}

/**
 * How alike two texts' units are, 0..1: each unit's best match on the other side, averaged both
 * ways (weak characters are skipped; they stand for names). Used to spot near-duplicates.
 */
export function unitOverlap(a: readonly Unit[], b: readonly Unit[]): number {
  const one = (x: readonly Unit[], y: readonly Unit[]) => {
    let sum = 0;
    let n = 0;
    for (const u of x) {
      if (u.weak) continue;
      let best = 0;
      for (const w of y) if (!w.weak) best = Math.max(best, unitSimilarity(u, w));
      sum += best;
      n++;
    }
    return n ? sum / n : 0;
  };
  return (one(a, b) + one(b, a)) / 2;
}

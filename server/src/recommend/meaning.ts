// The meaning channel: how well each event's units answer each query unit, through the
// dictionary and vector bridge (units.ts). A query unit scores an event by its best-matching
// unit there, counted only above a similarity threshold and weighted by how rare such a match is
// among the day's events (an IDF over "events this unit matches"), like BM25 does for words.
import { unitKey, unitSimilarity, reasonOf, type Unit } from './units.ts';

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
  reason: string;
  first: number;
}

export interface MeaningScore {
  score: number;
  /** What matched, best first. */
  parts: MeaningPart[];
}

/**
 * Meaning scores of events (each given by its distinct units) against the query units.
 * `threshold`: similarity below which a pair does not count; above it, (sim − t) / (1 − t).
 */
export function meaningScores(query: readonly QueryUnit[], events: readonly (readonly Unit[])[], threshold: number): MeaningScore[] {
  // The day's distinct units once, so each query unit is compared with each word once.
  const index = new Map<string, number>();
  const vocabulary: Unit[] = [];
  const eventUnits = events.map((units) =>
    units.map((u) => {
      const key = unitKey(u);
      let i = index.get(key);
      if (i === undefined) {
        i = vocabulary.length;
        index.set(key, i);
        vocabulary.push(u);
      }
      return i;
    }),
  );
  const out: MeaningScore[] = events.map(() => ({ score: 0, parts: [] }));
  const sims = new Float32Array(vocabulary.length);
  const bestOf = new Float32Array(events.length);
  const bestUnit = new Int32Array(events.length);
  const n = events.length;
  for (const q of query) {
    for (let v = 0; v < vocabulary.length; v++) sims[v] = unitSimilarity(q.unit, vocabulary[v]!);
    let df = 0;
    for (let e = 0; e < n; e++) {
      let best = 0;
      let which = -1;
      for (const v of eventUnits[e]!) if (sims[v]! > best) { best = sims[v]!; which = v; }
      bestOf[e] = best;
      bestUnit[e] = which;
      if (best >= threshold) df++;
    }
    if (!df) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const weight = idf * (1 + Math.log(q.count));
    for (let e = 0; e < n; e++) {
      const s = bestOf[e]!;
      if (s < threshold) continue;
      const value = weight * (threshold < 1 ? (s - threshold) / (1 - threshold) : 1) + weight * 1e-3;
      out[e]!.score += value;
      out[e]!.parts.push({ value, reason: reasonOf(q.unit, vocabulary[bestUnit[e]!]!), first: q.first });
    }
  }
  for (const m of out) m.parts.sort((a, b) => b.value - a.value || a.first - b.first);
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

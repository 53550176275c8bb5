// The event recommender: tokenise → score (BM25F) → diversify (MMR) → explain → fill.
//
// Pure and deterministic: the same events and options always give the same list, in ranking
// order (best first). Every event is scored by its own index, so an empty summary can never
// shift a score onto a neighbour (the older system's misalignment bug); such events can still
// match on their action and scene.
//
// When fewer events match the query than were asked for, the rest of the list is filled with
// unmatched events spread over the day (score 0, reasons []): a person pressing "AI recommend"
// asked for N picks and needs at least the minimum selection to go on, and a spread of the day
// is the most useful neutral default. Matched events always come first, so a client that only
// wants real matches keeps the prefix with score > 0.

import { Bm25Index, type Bm25Document } from './bm25.ts';
import { documentFeatures, queryTerms, type QueryTerm } from './tokenize.ts';

export interface RecommendableEvent {
  id: string;
  startTime: Date | null;
  duration: number | null;
  summary: string | null;
  action: string | null;
  scene: string | null;
}

/**
 * Longest accepted query, in UTF-16 code units (what String.length counts): a long diary page,
 * far beyond any search box. Longer queries are refused with BAD_USER_INPUT (field "query").
 */
export const MAX_QUERY_LENGTH = 2000;

export const FALLBACK_QUERY = '今天發生的有趣、開心、有意義的事情';
export const DEFAULT_LIMIT = 20;

export interface Recommendation {
  eventId: string;
  score: number;
  /** The query words this event matched, best first; never empty when score > 0. */
  reasons: string[];
}

export interface RecommendOptions {
  /** An explicit query; wins over the diary when it has any non-blank text. */
  query?: string | null;
  /** The day's diary; the query when no explicit query is given. */
  diary?: string | null;
  /** How many events to return (default 20), clamped to [0, events.length]. */
  limit?: number;
  /** MMR lambda in [0, 1]: 1 = pure relevance, lower = more spread over the day. */
  diversity?: number;
}

/** Knobs of the algorithm, exposed for the quality bench and tests. */
export interface RecommendTuning {
  fieldWeights: { summary: number; action: number; scene: number };
  k1: number;
  b: number;
  /** Weight of the partial match through Han character bigrams (0 disables them). */
  bigramWeight: number;
  /** Weight of the partial match through single Han characters (0 disables them). */
  unigramWeight: number;
  /** Light English stemming. */
  stem: boolean;
  /** Default MMR lambda when the caller gives none. */
  diversity: number;
  /** Time scale (minutes) of the proximity term of the MMR similarity. */
  timeScaleMinutes: number;
  /**
   * Routine discount: an event whose words recur in many other events of the day (the desk, the
   * commute, the fifth "watches TV") is scored × 1 / (1 + routine × log2(1 + near-duplicates)).
   */
  routine: number;
}

export const DEFAULT_TUNING: RecommendTuning = {
  fieldWeights: { summary: 1, action: 0.5, scene: 0.3 },
  k1: 1.2,
  b: 0.75,
  bigramWeight: 0.8,
  unigramWeight: 0.5,
  stem: true,
  diversity: 0.7,
  timeScaleMinutes: 30,
  routine: 0.5,
};

/** Two events whose word sets overlap at least this much (Jaccard) count as repeats of each other. */
const NEAR_DUPLICATE = 0.5;

/** The text the recommender searches with: the query, else the diary, else FALLBACK_QUERY. */
export function resolveQuery(opts: Pick<RecommendOptions, 'query' | 'diary'>): string {
  if (opts.query && opts.query.trim()) return opts.query;
  if (opts.diary && opts.diary.trim()) return opts.diary;
  return FALLBACK_QUERY;
}

export function clampLimit(limit: number | undefined, count: number): number {
  const n = limit === undefined || !Number.isFinite(limit) ? DEFAULT_LIMIT : Math.floor(limit);
  return Math.max(0, Math.min(n, count));
}

interface Scored {
  index: number;
  score: number;
  reasons: string[];
}

/** BM25F relevance of every event to the query, with the query words each one matched. */
export function scoreEvents(events: readonly RecommendableEvent[], query: string, tuning: RecommendTuning = DEFAULT_TUNING): Scored[] {
  const featureOpts = { stem: tuning.stem, bigrams: tuning.bigramWeight > 0, unigrams: tuning.unigramWeight > 0 };
  const docs: Bm25Document[] = events.map((e) => ({
    summary: documentFeatures(e.summary, featureOpts),
    action: documentFeatures(e.action, featureOpts),
    scene: documentFeatures(e.scene, featureOpts),
  }));
  const index = new Bm25Index(docs, { fieldWeights: tuning.fieldWeights, k1: tuning.k1, b: tuning.b });
  const terms = queryTerms(query, featureOpts);
  return events.map((_, i) => {
    const parts: Array<{ term: QueryTerm; value: number }> = [];
    for (const term of terms) {
      const value = termScore(index, i, term, tuning) * (1 + Math.log(term.count));
      if (value > 0) parts.push({ term, value });
    }
    parts.sort((a, b) => b.value - a.value || a.term.first - b.term.first);
    return { index: i, score: parts.reduce((s, p) => s + p.value, 0), reasons: explain(parts.map((p) => p.term.word)) };
  });
}

/** At most this many reasons are shown per pick: enough to say why, few enough to read. */
export const MAX_REASONS = 5;

/** The words worth showing, best first, without repeats: a word inside a longer matched word ("邊" in "河邊") adds nothing. */
export function explain(words: string[]): string[] {
  const chosen: string[] = [];
  for (const w of words) {
    if (chosen.some((c) => c.includes(w))) continue;
    const inside = chosen.findIndex((c) => w.includes(c));
    if (inside >= 0) {
      chosen[inside] = w;
      for (let i = chosen.length - 1; i > inside; i--) if (w.includes(chosen[i]!)) chosen.splice(i, 1);
    } else chosen.push(w);
  }
  return chosen.slice(0, MAX_REASONS);
}

/**
 * One query word against one event: the best of an exact word match, the share of its character
 * bigrams found, and the share of its characters found (the partial matches discounted).
 */
function termScore(index: Bm25Index, doc: number, term: QueryTerm, tuning: RecommendTuning): number {
  let best = index.score(doc, term.wordFeature);
  if (tuning.bigramWeight > 0 && term.bigrams.length) {
    best = Math.max(best, (tuning.bigramWeight * index.scoreAll(doc, term.bigrams, true)) / term.bigrams.length);
  }
  if (tuning.unigramWeight > 0 && term.chars.length) {
    best = Math.max(best, (tuning.unigramWeight * index.scoreAll(doc, term.chars, true)) / term.chars.length);
  }
  return best;
}

export function recommendEvents(
  events: RecommendableEvent[],
  opts: RecommendOptions = {},
  tuning: RecommendTuning = DEFAULT_TUNING,
): Recommendation[] {
  // One entry per id (first wins), so a duplicated row cannot be recommended twice.
  const seenIds = new Set<string>();
  const unique = events.filter((e) => (seenIds.has(e.id) ? false : (seenIds.add(e.id), true)));
  const limit = clampLimit(opts.limit, unique.length);
  if (limit === 0) return [];

  const lambda = clamp01(opts.diversity ?? tuning.diversity);
  const scored = scoreEvents(unique, resolveQuery(opts), tuning);
  const words = unique.map((e) => new Set(documentFeatures(`${e.summary ?? ''} ${e.action ?? ''} ${e.scene ?? ''}`, { stem: tuning.stem, bigrams: false, unigrams: false })));
  const minutes = unique.map((e) => (e.startTime && !Number.isNaN(e.startTime.getTime()) ? e.startTime.getTime() / 60_000 : null));
  const similarity = (a: number, b: number): number => {
    const jaccard = jaccardOf(words[a]!, words[b]!);
    const ta = minutes[a];
    const tb = minutes[b];
    const near = ta == null || tb == null ? 0 : Math.exp(-Math.abs(ta - tb) / tuning.timeScaleMinutes);
    // Same words at the same time is a near-duplicate; same words hours apart (the morning and
    // the evening dog walk) or different things at the same time are only mildly similar.
    return jaccard * (0.5 + 0.5 * near) + 0.2 * near;
  };

  if (tuning.routine > 0) {
    for (const s of scored) {
      if (s.score <= 0) continue;
      let dups = 0;
      for (let j = 0; j < unique.length; j++) if (j !== s.index && jaccardOf(words[s.index]!, words[j]!) >= NEAR_DUPLICATE) dups++;
      s.score /= 1 + tuning.routine * Math.log2(1 + dups);
    }
  }

  const chosen: Scored[] = [];
  const chosenSet = new Set<number>();
  const maxScore = Math.max(0, ...scored.map((s) => s.score));
  let candidates = scored.filter((s) => s.score > 0);
  const maxSim = new Map<number, number>(candidates.map((c) => [c.index, 0]));
  while (chosen.length < limit && candidates.length) {
    let best: Scored | undefined;
    let bestValue = -Infinity;
    for (const c of candidates) {
      const value = lambda * (c.score / maxScore) - (1 - lambda) * maxSim.get(c.index)!;
      if (value > bestValue + 1e-12 || (Math.abs(value - bestValue) <= 1e-12 && best && (c.score > best.score || (c.score === best.score && c.index < best.index)))) {
        best = c;
        bestValue = value;
      }
    }
    if (!best) break;
    chosen.push(best);
    chosenSet.add(best.index);
    candidates = candidates.filter((c) => c.index !== best.index);
    for (const c of candidates) maxSim.set(c.index, Math.max(maxSim.get(c.index)!, similarity(c.index, best.index)));
  }

  // Fill: farthest-in-time unmatched events first (seeded by what was chosen; the middle of the
  // day when nothing was), preferring events with a summary, then longer ones, then earlier.
  const rest = unique.map((_, i) => i).filter((i) => !chosenSet.has(i));
  const anchors = [...chosenSet].map((i) => minutes[i]).filter((m): m is number => m != null);
  if (!anchors.length) {
    const timed = rest.map((i) => minutes[i]).filter((m): m is number => m != null);
    if (timed.length) anchors.push((Math.min(...timed) + Math.max(...timed)) / 2 + 1e-6);
  }
  const fillers: number[] = [];
  while (chosen.length + fillers.length < limit && rest.length) {
    let bestPos = 0;
    let bestKey: number[] | null = null;
    rest.forEach((i, pos) => {
      const m = minutes[i];
      const gap = m == null ? -1 : anchors.length ? Math.min(...anchors.map((a) => Math.abs(a - m))) : 0;
      const key = [Math.round(gap), unique[i]!.summary?.trim() ? 1 : 0, unique[i]!.duration ?? 0, -i];
      if (!bestKey || compareKeys(key, bestKey) > 0) {
        bestKey = key;
        bestPos = pos;
      }
    });
    const [i] = rest.splice(bestPos, 1);
    fillers.push(i!);
    const m = minutes[i!];
    if (m != null) anchors.push(m);
  }

  return [
    ...chosen.map((c) => ({ eventId: unique[c.index]!.id, score: round(c.score), reasons: c.reasons })),
    ...fillers.map((i) => ({ eventId: unique[i]!.id, score: 0, reasons: [] })),
  ];
}

function compareKeys(a: number[], b: number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

function jaccardOf(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : DEFAULT_TUNING.diversity;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

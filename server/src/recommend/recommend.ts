// The event recommender: features (cached per event) → two channels → fusion → selection
// without near-duplicates → reasons → highlights for the rest.
//
// - Lexical channel: BM25F over whole words and Han bigrams of summary, action and scene.
// - Meaning channel: dictionary and vector bridge (units.ts, meaning.ts) — 單車 meets 腳踏車,
//   "dog" meets 狗, "grabbed a bite" meets "eats a sandwich" when the vectors say so.
// - Time of day: a match counts less in an event outside the part of the day its diary clause
//   names (dayparts.ts: 晚上…, "in the morning…"), in the user's time zone.
// - Screens: a match counts less in an event that shows a TV programme or video about the thing
//   (screens.ts) — unless the diary word is about watching.
// - Fusion: each channel normalised by its best event of the day, then a weighted sum.
// - Selection: best first, never two near-duplicates (duplicates.ts), the better one kept; two
//   events that are one moment on looser evidence (isOneMoment: work resumed after lunch, a
//   picnic and the play on the same lawn) only when the diary tells of the second at least
//   `novelAnswers` words the first does not answer; more of an activity already picked (a
//   repeat) counts at a fraction of its score, and so does a diary word's match once an
//   earlier pick has answered that word (selectFresh): the next pick should tell of another
//   part of the day, not the same words again.
// - The rest of the list (and all of it when there is no diary or query, or nothing matched)
//   is the day's highlights (highlights.ts), with basis HIGHLIGHTS and no reasons.
//
// Pure and deterministic: the same events and options give the same list.
import type { RecommendationBasis } from '../graphql/generated/resolvers-types.ts';
import type { Bm25Index } from './bm25.ts';
import { dayIndex } from './day-index.ts';
import { gapMinutes, isNearDuplicate, isOneMoment, isRepeat, type DuplicateTuning, type TimedFeatures } from './duplicates.ts';
import { eventFeatures, type EventFeatures, type RecommendableEvent } from './features.ts';
import { highlightScores, type HighlightTuning } from './highlights.ts';
import { Lru } from '../lib/lru.ts';
import { meaningScores, queryUnits, type QueryUnit } from './meaning.ts';
import { lexicon, specificity } from './lexicon.ts';
import { isHan, queryTerms, unjoinedBigrams, type QueryTerm } from './tokenize.ts';
import { isFiller, reasonOf, textUnits, unitKey } from './units.ts';
import { clauses, inWindows, keyWindows, type DayWindow } from './dayparts.ts';
import { isScreenWord } from './screens.ts';
import { minuteOfDay } from '../lib/dates.ts';

export type { RecommendableEvent } from './features.ts';

/**
 * Longest accepted query, in UTF-16 code units (what String.length counts): a long diary page,
 * far beyond any search box. Longer queries are refused with BAD_USER_INPUT (field "query").
 */
export const MAX_QUERY_LENGTH = 2000;
export const DEFAULT_LIMIT = 20;
/** At most this many reasons are shown per pick: enough to say why, few enough to read. */
export const MAX_REASONS = 5;

/** What a pick rests on: the diary, an explicit query, or (nothing matched) the day's highlights. */
export type { RecommendationBasis };

export interface Recommendation {
  eventId: string;
  score: number;
  /** Real connections to the diary or query, best first; empty exactly when basis is HIGHLIGHTS. */
  reasons: string[];
  basis: RecommendationBasis;
}

export interface RecommendOptions {
  /** An explicit query; wins over the diary when it has any non-blank text. */
  query?: string | null;
  /** The day's diary; the query when no explicit query is given. */
  diary?: string | null;
  /** How many events to return (default 20), clamped to [0, events.length]. */
  limit?: number;
  /** The user's time zone, in which the diary's 早上 and "evening" are meant (default UTC). */
  timeZone?: string;
}

/** Knobs of the algorithm, exposed for the quality bench and tests. */
export interface RecommendTuning {
  fieldWeights: { summary: number; action: number; scene: number };
  k1: number;
  b: number;
  /** Weight of a query word's partial match through its Han bigrams (0 disables them). */
  bigramWeight: number;
  /** Share of the lexical channel in the fused score (the meaning channel has the rest). */
  lexicalWeight: number;
  /** Unit similarity from which the meaning channel sees a match (synonym, translation). */
  meaningThreshold: number;
  /** Unit similarity from which it sees a related word (a kind of thing, a vector neighbour). */
  softFloor: number;
  /** A related word's worth at most, relative to a match (0: only matches count). */
  softWeight: number;
  /** English query words more frequent than this rank weigh less (lexicon.ts specificity; 0: off). */
  commonRank: number;
  /** What a diary word's match in an event showing a screen counts (screens.ts; 1: off), unless the word is about watching. */
  screenFactor: number;
  /** What a diary word's match counts in a candidate once an earlier pick has answered that word (1: off). */
  answeredFactor: number;
  /** The diary's times of day (dayparts.ts): a match outside the clause's part of the day counts `factor` (1: off), `slack` minutes either side. */
  dayparts: { factor: number; slack: number };
  duplicates: DuplicateTuning;
  highlights: HighlightTuning;
}

// Chosen on the tuning days only (bench/recommend-tune.ts): fewest near-duplicate pairs, then P@k.
export const DEFAULT_TUNING: RecommendTuning = {
  fieldWeights: { summary: 1, action: 0.5, scene: 0.3 },
  k1: 1.2,
  b: 0.75,
  bigramWeight: 0.8,
  lexicalWeight: 0.5,
  meaningThreshold: 0.85,
  softFloor: 0.6,
  softWeight: 0.5,
  commonRank: 5000,
  screenFactor: 0.3,
  answeredFactor: 0.2,
  dayparts: { factor: 0.5, slack: 60 },
  duplicates: { maxGapMinutes: 20, sameLabelsGapMinutes: 5, resumedGapMinutes: 150, sameSceneGapMinutes: 60, sameSceneOverlap: 0, nextGapMinutes: 5, nextOverlap: 0.45, novelAnswers: 2, adjacentGapMinutes: 5, adjacentOverlap: 0.45, repeatedShotOverlap: 0.9, sameLabelsOverlap: 0.35, anyLabelsOverlap: 0.8, repeatGapMinutes: 30, repeatFactor: 0.5 },
  highlights: { rarity: 1, occasion: 2 },
};

/** An event's local start (minutes after midnight) and length in minutes. */
export interface EventTime {
  start: number;
  minutes: number;
}

function eventTime(e: RecommendableEvent, timeZone = 'UTC'): EventTime | null {
  if (!e.startTime) return null;
  return { start: minuteOfDay(e.startTime, timeZone), minutes: (e.duration ?? 0) / 60 };
}

export function clampLimit(limit: number | undefined, count: number): number {
  const n = limit === undefined || !Number.isFinite(limit) ? DEFAULT_LIMIT : Math.floor(limit);
  return Math.max(0, Math.min(n, count));
}

/** The text to match and what it is: the query, else the diary, else nothing (highlights only). */
export function resolveQuery(opts: Pick<RecommendOptions, 'query' | 'diary'>): { text: string; basis: RecommendationBasis } {
  if (opts.query && opts.query.trim()) return { text: opts.query, basis: 'QUERY' };
  if (opts.diary && opts.diary.trim()) return { text: opts.diary, basis: 'DIARY' };
  return { text: '', basis: 'HIGHLIGHTS' };
}

/**
 * Query words the lexical channel uses: no fillers, no lone Han characters (the meaning channel
 * handles 狗); and, where ICU left a dictionary word in single characters (外|送), that word,
 * matched as the bigram it is.
 */
export function lexicalTerms(text: string): QueryTerm[] {
  const terms = queryTerms(text, { unigrams: false }).filter((t) => !isFiller(t.word) && !(isHan(t.word) && [...t.word].length < 2));
  const known = new Set(terms.map((t) => t.word));
  const lex = lexicon();
  for (const b of unjoinedBigrams(text)) {
    if (known.has(b) || isFiller(b) || !lex.isWord(b)) continue;
    terms.push({ word: b, count: 1, first: terms.length, wordFeature: `b:${b}`, bigrams: [], chars: [] });
  }
  return terms;
}

interface LexicalPart {
  value: number;
  reason: string;
  first: number;
}

/**
 * One query word against the day's events: a whole-word match (reason: the word), else the share
 * of its bigrams found, discounted (reason: the bigrams that are really in the event, not the
 * word). Only the events that contain the word or one of its bigrams are visited.
 */
function lexicalParts(index: Bm25Index, term: QueryTerm, t: RecommendTuning, into: LexicalPart[][], factor: (doc: number) => number): void {
  // A bigram term (an unjoined word) is scored like the bigrams of a partial match: strictly.
  const whole = new Map<number, number>(index.postings(term.wordFeature, term.wordFeature.startsWith('b:')));
  const found = new Map<number, Array<{ b: string; s: number }>>();
  if (t.bigramWeight > 0) {
    for (const b of term.bigrams) {
      for (const [doc, s] of index.postings(b, true)) {
        const list = found.get(doc);
        if (list) list.push({ b: b.slice(2), s });
        else found.set(doc, [{ b: b.slice(2), s }]);
      }
    }
  }
  const weight = (1 + Math.log(term.count)) * specificity(term.word, t.commonRank);
  for (const doc of new Set([...whole.keys(), ...found.keys()])) {
    let value = whole.get(doc) ?? 0;
    let reason = term.word;
    const parts = found.get(doc);
    if (parts) {
      const partial = (t.bigramWeight * parts.reduce((s, x) => s + x.s, 0)) / term.bigrams.length;
      if (partial > value) {
        value = partial;
        reason = joinBigrams(parts.map((x) => x.b));
      }
    }
    if (value > 0) into[doc]!.push({ value: value * weight * factor(doc), reason, first: term.first });
  }
}

/** Overlapping bigrams of one word (麻辣, 辣鍋) shown as the stretch they cover (麻辣鍋). */
function joinBigrams(bigrams: string[]): string {
  const out: string[] = [];
  for (const b of bigrams) {
    const last = out.at(-1);
    if (last && last.at(-1) === b[0]) out[out.length - 1] = last + b.slice(1);
    else out.push(b);
  }
  return out.join(' ');
}

interface Scored {
  index: number;
  score: number;
  /** Some connection worth showing exists (reasons() is not empty). */
  hasReasons: boolean;
  /** The connections, best first; made only for the events that are picked. */
  reasons(): string[];
  /** Which words of the query its shown connections answer (their positions, per kind of match). */
  answers: ReadonlySet<string>;
  /** The score split by the query word each part answers (keys as in answers; they sum to score). */
  parts: ReadonlyArray<readonly [string, number]>;
}

const NOTHING: ReadonlySet<string> = new Set();

interface AnalysedQuery {
  terms: QueryTerm[];
  units: QueryUnit[];
  /** The parts of the day each word (by QueryTerm.word) and unit (by unitKey) was written under. */
  termWindows: Map<string, DayWindow[] | null>;
  unitWindows: Map<string, DayWindow[] | null>;
}

/** Analysed queries, by text: a diary asked again is not cut into words again. */
const queries = new Lru<string, AnalysedQuery>(256);

function analyseQuery(text: string): AnalysedQuery {
  let q = queries.get(text);
  if (!q) {
    const parts = clauses(text);
    q = {
      terms: lexicalTerms(text),
      units: queryUnits(textUnits(text)),
      termWindows: keyWindows(parts, (c) => lexicalTerms(c).map((t) => t.word)),
      unitWindows: keyWindows(parts, (c) => textUnits(c).map(unitKey)),
    };
    queries.set(text, q);
  }
  return q;
}

/** Fused relevance of every event to the query, with the connections that make it. */
export function scoreEvents(features: readonly EventFeatures[], text: string, t: RecommendTuning = DEFAULT_TUNING, times: ReadonlyArray<EventTime | null> = []): Scored[] {
  const { bm25: index, vocabulary } = dayIndex(features, t);
  const { terms, units, termWindows, unitWindows } = analyseQuery(text);
  const timeFactor = (windows: DayWindow[] | null | undefined, e: number) => {
    const time = times[e];
    if (t.dayparts.factor === 1 || !windows || !time) return 1;
    return inWindows(time.start, time.minutes, windows, t.dayparts.slack) ? 1 : t.dayparts.factor;
  };
  const screenFactor = (word: string, e: number) => (features[e]!.onScreen && !isScreenWord(word) ? t.screenFactor : 1);
  const lexical: LexicalPart[][] = features.map(() => []);
  for (const term of terms) lexicalParts(index, term, t, lexical, (e) => timeFactor(termWindows.get(term.word), e) * screenFactor(term.word, e));
  const meaning = meaningScores(
    units,
    vocabulary,
    { threshold: t.meaningThreshold, softFloor: t.softFloor, softWeight: t.softWeight },
    (u) => specificity(u.text, t.commonRank),
    (q, e) => timeFactor(unitWindows.get(unitKey(q.unit)), e) * screenFactor(q.unit.text, e),
  );
  const lexTotals = lexical.map((parts) => parts.reduce((s, p) => s + p.value, 0));
  const maxLex = Math.max(0, ...lexTotals);
  const maxMeaning = Math.max(0, ...meaning.map((m) => m.score));
  const lexScale = t.lexicalWeight / (maxLex || 1);
  const meaningScale = (1 - t.lexicalWeight) / (maxMeaning || 1);
  return features.map((_, i) => {
    const lex = maxLex > 0 ? lexTotals[i]! / maxLex : 0;
    const mean = maxMeaning > 0 ? meaning[i]!.score / maxMeaning : 0;
    const shownMeaning = meaning[i]!.parts.filter((p) => p.shown);
    const reasons = () =>
      explain(
        [
          ...shownMeaning.map((p) => ({ value: p.value * meaningScale, first: p.first, reason: reasonOf(p.query, p.event) })),
          ...lexical[i]!.map((p) => ({ value: p.value * lexScale, first: p.first, reason: p.reason })),
        ]
          .sort((a, b) => b.value - a.value || a.first - b.first)
          .map((p) => p.reason),
      );
    // One key per query word and kind of match; a related word (not shown) adds to the score but answers nothing.
    const keyed = [
      ...meaning[i]!.parts.map((p) => ({ key: `m${p.first}`, value: p.value * meaningScale, answers: p.shown })),
      ...lexical[i]!.map((p) => ({ key: `l${p.first}`, value: p.value * lexScale, answers: true })),
    ];
    const answers = new Set(keyed.filter((p) => p.answers).map((p) => p.key));
    const parts = keyed.map((p) => [p.key, p.value] as const);
    return { index: i, score: t.lexicalWeight * lex + (1 - t.lexicalWeight) * mean, hasReasons: answers.size > 0, reasons, answers, parts };
  });
}

/** The reasons worth showing, best first, without repeats: one inside another adds nothing. */
export function explain(reasons: string[]): string[] {
  const chosen: string[] = [];
  for (const r of reasons) {
    if (chosen.some((c) => c === r || c.split(' ≈ ').some((side) => side.includes(r)))) continue;
    const inside = chosen.findIndex((c) => !c.includes(' ≈ ') && r.includes(c));
    if (inside >= 0) chosen[inside] = r;
    else chosen.push(r);
  }
  return chosen.slice(0, MAX_REASONS);
}

export function recommendEvents(events: RecommendableEvent[], opts: RecommendOptions = {}, t: RecommendTuning = DEFAULT_TUNING): Recommendation[] {
  // One entry per id (first wins), so a duplicated row cannot be recommended twice.
  const seenIds = new Set<string>();
  const unique = events.filter((e) => (seenIds.has(e.id) ? false : (seenIds.add(e.id), true)));
  const limit = clampLimit(opts.limit, unique.length);
  if (limit === 0) return [];

  const features = unique.map((e) => eventFeatures(e));
  const timed: TimedFeatures[] = unique.map((event, i) => ({ event, features: features[i]! }));
  const highlight = highlightScores(features, t.highlights, (a, b) => gapMinutes(unique[a]!, unique[b]!) <= t.duplicates.maxGapMinutes);
  const { text, basis } = resolveQuery(opts);
  const scored = text ? scoreEvents(features, text, t, unique.map((e) => eventTime(e, opts.timeZone))) : [];

  const chosen: number[] = [];
  // One moment on looser evidence stays one unless the diary tells of this event something the pick did not answer.
  const answers = (i: number) => scored[i]?.answers ?? NOTHING;
  const tellsMore = (i: number, c: number) => {
    let novel = 0;
    for (const a of answers(i)) if (!answers(c).has(a)) novel++;
    return novel >= t.duplicates.novelAnswers;
  };
  const isDuplicate = (i: number) =>
    chosen.some((c) => isNearDuplicate(timed[i]!, timed[c]!, t.duplicates) || (isOneMoment(timed[i]!, timed[c]!, t.duplicates) && !tellsMore(i, c)));
  const isRepeated = (i: number) => chosen.some((c) => isRepeat(timed[i]!, timed[c]!, t.duplicates));
  const out: Recommendation[] = [];
  const matched = scored
    .filter((s) => s.score > 0 && s.hasReasons)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const answered = new Set<string>();
  const fresh = (s: Scored) => {
    let score = s.score;
    if (t.answeredFactor !== 1) for (const [key, value] of s.parts) if (answered.has(key)) score -= value * (1 - t.answeredFactor);
    return isRepeated(s.index) ? score * t.duplicates.repeatFactor : score;
  };
  for (const s of selectFresh(matched, limit, isDuplicate, fresh)) {
    chosen.push(s.index);
    for (const a of s.answers) answered.add(a);
    out.push({ eventId: unique[s.index]!.id, score: round(s.score), reasons: s.reasons(), basis });
  }

  // The rest: highlights, still without near-duplicates — unless the day has no other events left
  // to reach the limit. Events only related to the query (a soft match, no reason to show) come
  // first, by that score; then the day's highlights, best first.
  const related = new Float64Array(unique.length);
  for (const s of scored) related[s.index] = s.score;
  const rest = unique
    .map((_, i) => i)
    .filter((i) => !chosen.includes(i))
    .sort((a, b) => related[b]! - related[a]! || highlight[b]! - highlight[a]! || a - b);
  const skipped: number[] = [];
  for (const i of rest) {
    if (out.length >= limit) break;
    if (isDuplicate(i)) {
      skipped.push(i);
      continue;
    }
    chosen.push(i);
    out.push({ eventId: unique[i]!.id, score: 0, reasons: [], basis: 'HIGHLIGHTS' });
  }
  for (const i of skipped) {
    if (out.length >= limit) break;
    out.push({ eventId: unique[i]!.id, score: 0, reasons: [], basis: 'HIGHLIGHTS' });
  }
  return out;
}

/**
 * Greedy picks from candidates sorted best first: never a duplicate of an earlier pick, and a
 * repeat of one (more of the same activity) counts at `repeatFactor` of its score, so a fresh
 * moment scoring above that goes first. Yields each pick as it is made (the caller records it,
 * which the two predicates see).
 */
export function* selectFresh<T extends { index: number; score: number }>(
  sorted: readonly T[],
  limit: number,
  isDuplicate: (i: number) => boolean,
  /** The candidate's worth now, given the picks so far: never above its score. */
  fresh: (s: T) => number,
): Generator<T> {
  const pending = [...sorted];
  for (let taken = 0; taken < limit && pending.length > 0; taken++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let p = 0; p < pending.length; p++) {
      const s = pending[p]!;
      // Sorted by score and freshness only lowers it: nothing further down can win.
      if (s.score <= bestScore) break;
      const adjusted = fresh(s);
      if (adjusted <= bestScore) continue;
      // Checked only for a candidate that would win: the duplicate test is the costly one.
      if (isDuplicate(s.index)) {
        pending.splice(p--, 1);
        continue;
      }
      best = p;
      bestScore = adjusted;
    }
    if (best < 0) return;
    yield pending.splice(best, 1)[0]!;
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

// The per-day indexes the recommender scores a query against: BM25F statistics of the day's
// events and the day's meaning vocabulary (with its per-query-unit similarity cache). Built once
// per distinct day and reused until its events change: the key is the identity of each event's
// cached features (features.ts keys those by content), so editing, adding or removing an event
// gives a new key and a fresh index. Bounded like the feature cache.
import { Bm25Index } from './bm25.ts';
import type { EventFeatures } from './features.ts';
import { Lru } from '../lib/lru.ts';
import { DayVocabulary } from './meaning.ts';

export interface Bm25Params {
  fieldWeights: Record<string, number>;
  k1: number;
  b: number;
}

export interface DayIndex {
  bm25: Bm25Index;
  vocabulary: DayVocabulary;
}

/** Days kept: the active users' days of the last few minutes. */
export const DAY_INDEX_CACHE_SIZE = 256;
const days = new Lru<string, DayIndex>(DAY_INDEX_CACHE_SIZE);
const featureIds = new WeakMap<EventFeatures, number>();
let nextId = 0;

function idOf(f: EventFeatures): number {
  let id = featureIds.get(f);
  if (id === undefined) featureIds.set(f, (id = nextId++));
  return id;
}

/** The day's index for these events' features (in this order) and BM25 parameters. */
export function dayIndex(features: readonly EventFeatures[], p: Bm25Params): DayIndex {
  const key = `${features.map(idOf).join(',')}|${p.k1}|${p.b}|${JSON.stringify(p.fieldWeights)}`;
  let day = days.get(key);
  if (!day) {
    day = {
      bm25: new Bm25Index(features.map((f) => f.lexical), { fieldWeights: p.fieldWeights, k1: p.k1, b: p.b }),
      vocabulary: new DayVocabulary(features.map((f) => f.units)),
    };
    days.set(key, day);
  }
  return day;
}

/** For tests and the bench's cold measurements. */
export function clearDayIndexCache(): void {
  days.clear();
}

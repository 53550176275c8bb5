// Per-event features, computed once and cached by the event's content: the lexical features of
// each field (for BM25F) and the meaning units (for the bridge and the duplicate test). The key
// is the text itself, so an edited event gets new features and an unchanged one never costs
// tokenising again; the cache is bounded.
import type { Bm25Document } from './bm25.ts';
import { Lru } from '../lib/lru.ts';
import { documentFeatures, normalizeText } from './tokenize.ts';
import { textUnits, unitKey, type Unit } from './units.ts';
import { isScreenEvent } from './screens.ts';

export interface RecommendableEvent {
  id: string;
  startTime: Date | null;
  /** Seconds. */
  duration: number | null;
  summary: string | null;
  action: string | null;
  scene: string | null;
}

export interface EventFeatures {
  /** BM25F fields: whole words (w:) and Han bigrams (b:); no single characters. */
  lexical: Bm25Document;
  /** Distinct meaning units of summary, action and scene. */
  units: readonly Unit[];
  /** Distinct meaning units of the summary alone. */
  summaryUnits: readonly Unit[];
  /** Normalised action and scene labels ('' when missing). */
  action: string;
  scene: string;
  /** Someone watching a screen whose programme the summary describes (screens.ts). */
  onScreen: boolean;
}

/** Events whose features are kept (≈ 1 KB each): a few hundred days of a busy user. */
export const FEATURE_CACHE_SIZE = 20_000;
const cache = new Lru<string, EventFeatures>(FEATURE_CACHE_SIZE);
const LEXICAL = { unigrams: false } as const;

function distinct(units: readonly Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => {
    const key = unitKey(u);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function compute(e: Pick<RecommendableEvent, 'summary' | 'action' | 'scene'>): EventFeatures {
  const summaryUnits = distinct(textUnits(e.summary));
  return {
    lexical: {
      summary: documentFeatures(e.summary, LEXICAL),
      action: documentFeatures(e.action, LEXICAL),
      scene: documentFeatures(e.scene, LEXICAL),
    },
    units: distinct([...summaryUnits, ...textUnits(e.action), ...textUnits(e.scene)]),
    summaryUnits,
    action: normalizeText(e.action).trim(),
    scene: normalizeText(e.scene).trim(),
    onScreen: isScreenEvent(e.action, e.summary),
  };
}

export function eventFeatures(e: Pick<RecommendableEvent, 'summary' | 'action' | 'scene'>): EventFeatures {
  const key = `${e.summary ?? ''}\u0001${e.action ?? ''}\u0001${e.scene ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = compute(e);
    cache.set(key, f);
  }
  return f;
}

/** For tests and the bench's cold measurements. */
export function clearFeatureCache(): void {
  cache.clear();
}

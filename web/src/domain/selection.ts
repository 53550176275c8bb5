// The event selection dialog's rules, mirrored from the server: a vlog needs at least
// min(limits.minEvents, events that day) events and at most limits.maxEvents.

export interface SelectionLimits {
  minEvents: number;
  maxEvents: number;
}

/** How many events a vlog of this day needs at least. */
export function requiredCount(limits: SelectionLimits, eventsThatDay: number): number {
  return Math.max(0, Math.min(limits.minEvents, eventsThatDay));
}

export type SelectionBlock =
  | { kind: 'noEvents' }
  | { kind: 'tooFew'; required: number; missing: number }
  | { kind: 'tooMany'; max: number; extra: number };

/** Why Next is disabled, or null when the selection may go on. */
export function selectionBlock(
  limits: SelectionLimits,
  eventsThatDay: number,
  selected: number,
): SelectionBlock | null {
  if (eventsThatDay === 0) return { kind: 'noEvents' };
  const required = Math.max(1, requiredCount(limits, eventsThatDay));
  if (selected < required) return { kind: 'tooFew', required, missing: required - selected };
  if (selected > limits.maxEvents) return { kind: 'tooMany', max: limits.maxEvents, extra: selected - limits.maxEvents };
  return null;
}

/** The AI count's range: from the day's minimum selection (min(limits.minEvents, events), at least 1) to the events that day, at most maxEvents. */
export function recommendLimitRange(limits: SelectionLimits, eventsThatDay: number): { min: number; max: number } {
  const min = Math.max(1, requiredCount(limits, eventsThatDay));
  return { min, max: Math.max(min, Math.min(eventsThatDay, limits.maxEvents)) };
}

/**
 * How many events "AI recommend" picks: what the user typed, clamped to recommendLimitRange (so
 * the picks always allow Next); the minimum when nothing usable was typed.
 */
export function clampRecommendLimit(value: number | null | undefined, limits: SelectionLimits, eventsThatDay: number): number {
  const { min, max } = recommendLimitRange(limits, eventsThatDay);
  const n = value == null || Number.isNaN(value) ? min : Math.round(value);
  return Math.max(min, Math.min(n, max));
}

/** Keeps the ids that exist in the day, in the day's order (start time). */
export function orderedSelection(dayEventIds: readonly string[], selected: ReadonlySet<string>): string[] {
  return dayEventIds.filter((id) => selected.has(id));
}

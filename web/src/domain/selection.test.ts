import { describe, expect, it } from 'vitest';
import { clampRecommendLimit, orderedSelection, recommendLimitRange, requiredCount, selectionBlock } from './selection.ts';

const limits = { minEvents: 10, maxEvents: 200 };

describe('minimum selection', () => {
  it('is min(limits.minEvents, events that day)', () => {
    expect(requiredCount(limits, 12)).toBe(10);
    expect(requiredCount(limits, 4)).toBe(4);
    expect(requiredCount({ minEvents: 3, maxEvents: 200 }, 12)).toBe(3);
  });

  it('blocks below the minimum and says how many are missing', () => {
    expect(selectionBlock(limits, 12, 9)).toEqual({ kind: 'tooFew', required: 10, missing: 1 });
    expect(selectionBlock(limits, 12, 10)).toBeNull();
    expect(selectionBlock(limits, 4, 3)).toEqual({ kind: 'tooFew', required: 4, missing: 1 });
    expect(selectionBlock(limits, 4, 4)).toBeNull();
  });

  it('blocks an empty day and an empty selection even with minEvents 0', () => {
    expect(selectionBlock(limits, 0, 0)).toEqual({ kind: 'noEvents' });
    expect(selectionBlock({ minEvents: 0, maxEvents: 200 }, 5, 0)).toEqual({ kind: 'tooFew', required: 1, missing: 1 });
  });

  it('blocks above the maximum', () => {
    expect(selectionBlock({ minEvents: 2, maxEvents: 5 }, 8, 7)).toEqual({ kind: 'tooMany', max: 5, extra: 2 });
  });
});

describe('recommend limit', () => {
  it('defaults to the day\'s minimum selection and is clamped to [minimum, events]', () => {
    const limits = { minEvents: 10, maxEvents: 40 };
    // Default: the day's minimum selection, min(10, events).
    expect(clampRecommendLimit(null, limits, 50)).toBe(10);
    expect(clampRecommendLimit(null, limits, 6)).toBe(6);
    // Never below the minimum, never above the day or maxEvents.
    expect(clampRecommendLimit(0, limits, 12)).toBe(10);
    expect(clampRecommendLimit(-5, limits, 12)).toBe(10);
    expect(clampRecommendLimit(3, limits, 12)).toBe(10);
    expect(clampRecommendLimit(99, limits, 12)).toBe(12);
    expect(clampRecommendLimit(99, limits, 200)).toBe(40);
    expect(clampRecommendLimit(Number.NaN, limits, 12)).toBe(10);
    expect(clampRecommendLimit(11.6, limits, 12)).toBe(12);
    expect(clampRecommendLimit(5, limits, 3)).toBe(3);
    expect(clampRecommendLimit(Infinity, limits, 14)).toBe(14);
    expect(recommendLimitRange(limits, 14)).toEqual({ min: 10, max: 14 });
    expect(recommendLimitRange(limits, 4)).toEqual({ min: 4, max: 4 });
    expect(recommendLimitRange({ minEvents: 0, maxEvents: 40 }, 4)).toEqual({ min: 1, max: 4 });
  });
});

it('sends the selection in the day order', () => {
  expect(orderedSelection(['a', 'b', 'c', 'd'], new Set(['d', 'a', 'x']))).toEqual(['a', 'd']);
});

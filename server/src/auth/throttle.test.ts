import { describe, expect, it } from 'vitest';
import { attemptKeys, loginDelaySeconds } from './throttle.js';

describe('loginDelaySeconds', () => {
  it('is free within the allowance, then doubles from 2 s up to the cap', () => {
    expect([1, 5, 6, 7, 8, 14, 15, 10_000].map((n) => loginDelaySeconds(n, 5, 900))).toEqual([0, 0, 2, 4, 8, 512, 900, 900]);
  });
});

describe('attemptKeys', () => {
  it('folds case and spaces of usernames and bounds the key length', () => {
    expect(attemptKeys('  Alice ', '10.0.0.1')).toEqual({ user: 'user:alice', client: 'client:10.0.0.1' });
    expect(attemptKeys('x'.repeat(500), undefined).user.length).toBe(200);
    expect(attemptKeys('bob', undefined).client).toBeUndefined();
  });
});

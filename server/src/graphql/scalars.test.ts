import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar } from './scalars.js';

const str = (value: string): ValueNode => ({ kind: Kind.STRING, value });
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as GraphQLError;
  }
  throw new Error('did not throw');
};

describe('Date', () => {
  it('serializes database dates and valid strings, and refuses invalid ones with BAD_USER_INPUT', () => {
    expect(DateScalar.serialize(new Date('2026-11-20T00:00:00Z'))).toBe('2026-11-20');
    expect(DateScalar.serialize('2024-02-29')).toBe('2024-02-29');
    const err = thrown(() => DateScalar.serialize('2026-02-30'));
    expect(err).toBeInstanceOf(GraphQLError);
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.message).toMatch(/^Date must be a calendar date YYYY-MM-DD/);
  });

  it('takes any short string as an argument (input-guard.ts checks the date itself) and nothing long or not a string', () => {
    expect(DateScalar.parseValue('2026-13-99')).toBe('2026-13-99');
    expect(DateScalar.parseLiteral(str('2026-11-20'))).toBe('2026-11-20');
    expect(thrown(() => DateScalar.parseValue('x'.repeat(33))).extensions.code).toBe('BAD_USER_INPUT');
    expect(thrown(() => DateScalar.parseValue(20261120)).extensions.code).toBe('BAD_USER_INPUT');
    expect(thrown(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '1' })).message).toBe('Date must be a string YYYY-MM-DD');
  });
});

describe('DateTime', () => {
  it('needs an offset, and serializes to UTC ISO', () => {
    expect((DateTimeScalar.parseValue('2026-11-20T09:30:00+08:00') as Date).toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect((DateTimeScalar.parseLiteral(str('2026-11-20T01:30Z')) as Date).toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(DateTimeScalar.serialize(new Date('2026-11-20T01:30:00Z'))).toBe('2026-11-20T01:30:00.000Z');
    expect(DateTimeScalar.serialize('2026-11-20T09:30:00.5+08:00')).toBe('2026-11-20T01:30:00.500Z');
    for (const bad of ['2026-11-20T09:30:00', '2026-11-20', '2026-13-20T09:30:00Z', 'now']) {
      const err = thrown(() => DateTimeScalar.parseValue(bad));
      expect(err.extensions.code).toBe('BAD_USER_INPUT');
      expect(err.message).toMatch(/^DateTime must be ISO 8601 with an offset/);
    }
    expect(thrown(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).message).toBe('DateTime must be a string');
    expect(() => DateTimeScalar.serialize(12)).toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { dayreelSchema } from '../app.js';
import { introspects, parseWithinLimits } from './limits.js';

const LIMITS = { maxTokens: 5000, maxFields: 1000, maxRootFields: 20 };
const schema = dayreelSchema();
const codes = (query: string, limits = LIMITS) => (parseWithinLimits(schema, query, limits).errors ?? []).map((e) => e.extensions?.code);

describe('GraphQL document limits', () => {
  it('passes the operations Dayreel itself sends, and the IDE schema query', () => {
    expect(codes(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }))).toEqual([]);
    expect(codes('query Day { me { username timezone locale } days { date eventCount vlogStatus } limits { minEvents maxEvents } }')).toEqual([]);
  });

  it('stops the parser at maxTokens', () => {
    expect(codes(`{ ${'__typename '.repeat(5001)}}`)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(parseWithinLimits(schema, `{ ${'__typename '.repeat(5001)}}`, LIMITS).errors?.[0]?.message).toMatch(/longer than 5000 tokens/);
  });

  it('counts top-level fields, aliases and fragments included', () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: days { date }`).join(' ')} }`;
    expect(codes(aliased(20))).toEqual([]);
    expect(codes(aliased(21))).toEqual(['QUERY_TOO_COMPLEX']);
    const viaFragment = `{ ...F ...G } fragment F on Query { ${Array.from({ length: 15 }, (_, i) => `f${i}: me { id }`).join(' ')} } fragment G on Query { ...F }`;
    expect(codes(viaFragment)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('counts a fragment once per place it is used, so reuse cannot multiply work unseen', () => {
    // 10 fields × 2^12 spreads: tiny as text, 40,960 fields when run.
    let doc = 'fragment L0 on User { id username timezone locale id username timezone locale id username }\n';
    for (let i = 1; i <= 12; i++) doc += `fragment L${i} on User { ...L${i - 1} ...L${i - 1} }\n`;
    doc += '{ me { ...L12 } }';
    const [code] = codes(doc);
    expect(code).toBe('QUERY_TOO_COMPLEX');
    expect(parseWithinLimits(schema, doc, LIMITS).errors?.[0]?.message).toMatch(/selects 40961 fields; at most 1000/);
  });

  it('reports syntax and schema errors as errors of the operation (never thrown)', () => {
    expect(codes('{ me { ')).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes('{ nothing }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(42 as never)).toEqual(['BAD_USER_INPUT']);
    // A fragment cycle is refused by graphql's own rule, and counting it terminates.
    expect(codes('{ me { ...A } } fragment A on User { ...B } fragment B on User { ...A }')).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('finds introspection anywhere in a document, but not __typename', () => {
    const parsed = (q: string) => parseWithinLimits(schema, q, LIMITS).document!;
    expect(introspects(parsed('{ __schema { queryType { name } } }'))).toBe(true);
    expect(introspects(parsed('{ ... on Query { __type(name: "User") { name } } }'))).toBe(true);
    expect(introspects(parsed('{ ...F } fragment F on Query { __schema { queryType { name } } }'))).toBe(true);
    expect(introspects(parsed('{ __typename me { __typename } }'))).toBe(false);
  });
});

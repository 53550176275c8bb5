import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badInput, notFound, rateLimited } from '../lib/errors.js';
import { formatError } from './errors.js';
import { TOO_COMPLEX } from './limits.js';

/** What Apollo hands formatError: the formatted error and the thrown one, wrapped in a GraphQLError. */
function fromResolver(thrown: unknown): [GraphQLFormattedError, unknown] {
  const wrapped = new GraphQLError(thrown instanceof Error ? thrown.message : String(thrown), { path: ['createVlog'], originalError: thrown as Error });
  return [{ message: wrapped.message, path: ['createVlog'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, wrapped];
}

describe('formatError', () => {
  it('keeps an AppError’s code, field and details', () => {
    expect(formatError(...fromResolver(badInput('musicEnd', 'musicEnd must be after musicStart')))).toEqual({
      message: 'musicEnd must be after musicStart',
      path: ['createVlog'],
      extensions: { code: 'BAD_USER_INPUT', field: 'musicEnd' },
    });
    expect(formatError(...fromResolver(notFound('vlog', 'v1'))).extensions).toEqual({ code: 'NOT_FOUND' });
    expect(formatError(...fromResolver(rateLimited('too many attempts', 29.2))).extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: 30 });
  });

  it('hides an internal error behind one sentence and logs its stack', () => {
    const logged: string[] = [];
    const out = formatError(...fromResolver(new Error('ENOENT: /srv/data/secret/path')), (m) => logged.push(m));
    expect(out).toEqual({ message: 'Internal server error', path: ['createVlog'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(out)).not.toContain('/srv');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^internal error: Error: ENOENT: \/srv\/data\/secret\/path\n\s+at /);
  });

  it('passes GraphQL’s own errors through with a code and without stack traces', () => {
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(formatError({ message: validation.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] } }, validation)).toEqual({
      message: validation.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    // Over graphql-ws request errors come without a code: it is derived from the message.
    const syntax = new GraphQLError('Syntax Error: Unexpected Name "x".');
    expect(formatError({ message: syntax.message }, syntax).extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const variable = new GraphQLError('Variable "$id" of required type "ID!" was not provided.');
    expect(formatError({ message: variable.message }, variable).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(formatError({ message: 'Unknown argument "x".' }, new GraphQLError('Unknown argument "x".')).extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });

  it('keeps a validation rule’s own code and turns the token limit into QUERY_TOO_COMPLEX', () => {
    const own = new GraphQLError('too deep', { extensions: { code: TOO_COMPLEX } });
    expect(formatError({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, own).extensions).toEqual({ code: TOO_COMPLEX });
    const tokens = 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.'; // graphql 16's spelling
    expect(formatError({ message: tokens }, new GraphQLError(tokens))).toEqual({
      message: expect.stringContaining('2000'),
      extensions: { code: TOO_COMPLEX },
    });
  });
});

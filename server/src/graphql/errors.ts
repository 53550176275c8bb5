// The one mapping from thrown errors to GraphQL errors: AppError keeps its code and field;
// GraphQL's own errors (validation, coercion) pass through; anything else is an internal
// error whose details go to the log, not to the client.
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError } from '../lib/errors.js';
import { isTokenLimitError, tokenLimitMessage, TOO_COMPLEX } from './limits.js';

/** The error a resolver threw, under however many GraphQLError wrappers (duck-typed: graphql may be loaded twice). */
function unwrap(error: unknown): unknown {
  let e = error as { originalError?: unknown } | undefined;
  while (e && typeof e === 'object' && e.originalError) e = e.originalError as typeof e;
  return e;
}

function isGraphQLError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as Error).name === 'GraphQLError';
}

/**
 * The code Apollo gives a request-level error (no path: parsing, validation, variables) over
 * HTTP; graphql-ws hands us the same errors without one.
 */
function requestErrorCode(message: string): string {
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  return 'GRAPHQL_VALIDATION_FAILED';
}

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (msg: string, level?: 'error') => void = () => {},
): GraphQLFormattedError {
  const original = unwrap(error);
  if (original instanceof AppError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}), ...original.details },
    };
  }
  // Apollo re-codes validation errors GRAPHQL_VALIDATION_FAILED; a rule's own code (limits.ts) wins.
  const ownCode = isGraphQLError(original) ? (original as { extensions?: { code?: unknown } }).extensions?.code : undefined;
  if (isTokenLimitError(formatted.message)) {
    const max = /more tha[nt] (\d+) tokens/.exec(formatted.message)?.[1] ?? 'the allowed number of';
    return { message: tokenLimitMessage(max), extensions: { code: TOO_COMPLEX } };
  }
  const code = typeof ownCode === 'string' ? ownCode : formatted.extensions?.code;
  if (!original || isGraphQLError(original) || (code && code !== 'INTERNAL_SERVER_ERROR')) {
    // Drop stack traces Apollo adds in development.
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const fallback = formatted.path ? 'INTERNAL_SERVER_ERROR' : requestErrorCode(formatted.message);
    return { ...formatted, extensions: { ...extensions, code: code ?? fallback } };
  }
  log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`, 'error');
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** formatError for every error of a result, as sent to a client. */
export function formatErrors(errors: readonly GraphQLError[], log?: (msg: string, level?: 'error') => void): GraphQLFormattedError[] {
  return errors.map((e) => formatError(e.toJSON(), e, log));
}

/** The extensions.code an error is sent with (INTERNAL_SERVER_ERROR when it has none): what metrics count. */
export function errorCode(e: { extensions?: Record<string, unknown> }): string {
  return typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
}

// The one mapping from thrown errors to GraphQL errors: AppError keeps its code and field;
// GraphQL's own errors (validation, coercion) pass through; anything else is an internal
// error whose details go to the log, not to the client.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../lib/errors.js';

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (msg: string) => void = () => {}): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (!original || original instanceof GraphQLError || (code && code !== 'INTERNAL_SERVER_ERROR')) {
    // Drop stack traces Apollo adds in development.
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: { ...extensions, code: code ?? 'INTERNAL_SERVER_ERROR' } };
  }
  log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

// Reads the server's errors the way the schema documents them: extensions.code
// (BAD_USER_INPUT, UNAUTHENTICATED, NOT_FOUND, RATE_LIMITED) and, for bad input,
// extensions.field = the name of the input field that caused it.
import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface ReadError {
  /** Messages keyed by input field name (e.g. "musicEnd", "eventIds", "title"). */
  fields: Record<string, string>;
  /** Messages that belong to no particular field. */
  general: string[];
  codes: string[];
  /** Seconds to wait, when the server said RATE_LIMITED with a retry time. */
  retryAfter?: number;
  /** The cap that was reached, when the server said RATE_LIMITED for too many vlogs at once. */
  limit?: number;
  /** No answer from the server at all (network down, 5xx without a GraphQL body). */
  network: boolean;
}

function fieldName(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw) return null;
  // Accept "input.musicEnd" or "musicEnd".
  const last = raw.split('.').pop() ?? raw;
  return last.replace(/\[\d+\]$/, '');
}

export function readError(error: unknown): ReadError {
  const result: ReadError = { fields: {}, general: [], codes: [], network: false };
  if (!error) return result;
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const code = typeof e.extensions?.['code'] === 'string' ? (e.extensions['code'] as string) : '';
      if (code) result.codes.push(code);
      const retryAfter = e.extensions?.['retryAfter'];
      if (typeof retryAfter === 'number') result.retryAfter = Math.max(result.retryAfter ?? 0, retryAfter);
      const limit = e.extensions?.['limit'];
      if (typeof limit === 'number') result.limit = limit;
      const field = fieldName(e.extensions?.['field']);
      if (field && !result.fields[field]) result.fields[field] = e.message;
      else if (!field) result.general.push(e.message);
    }
    return result;
  }
  result.network = true;
  result.general.push(error instanceof Error ? error.message : String(error));
  return result;
}

export function hasCode(error: unknown, code: string): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.['code'] === code);
}
